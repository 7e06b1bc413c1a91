"""The games this platform can host, by the name used in URLs."""

from typing import Any

from kogame.engine.game import Game
from kogame.games.snek.game import SnekGame

GAMES: dict[str, Game[Any, Any, Any]] = {"snek": SnekGame()}
