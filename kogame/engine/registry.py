"""The games this site offers, by the name used in URLs.

Each game is a Django app that registers its `Game` when the app is ready (its AppConfig's
`ready`), so the platform finds games by name and never imports one; `KOGAME_GAMES` in the
settings says which game apps a site installs.
"""

from __future__ import annotations

from typing import Any

from kogame.engine.game import Game

GAMES: dict[str, Game[Any, Any, Any]] = {}


def register(game: Game[Any, Any, Any]) -> None:
    """Offer `game` under `game.name`; registering the same name twice is a mistake."""
    known = GAMES.get(game.name)
    if known is not None and known is not game:
        raise ValueError(f"two games are called {game.name!r}")
    GAMES[game.name] = game
