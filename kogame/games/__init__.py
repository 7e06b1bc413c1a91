"""The games that come with Kogame, each a Django app (KOGAME_GAMES says which a site offers)."""
