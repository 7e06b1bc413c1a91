"""Playing games in the browser: the game page, the WebSocket consumer, and player identity."""
