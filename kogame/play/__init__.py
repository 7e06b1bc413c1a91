"""Playing games in the browser: the game page and the WebSocket consumer."""
