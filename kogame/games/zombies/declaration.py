"""What Zombies declares to the platform: the settings a room may choose, its clock rates and
how many messages a second a player may send."""

from __future__ import annotations

from collections.abc import Iterable

from kogame.engine.options import Setting, TickRates
from kogame.games.zombies.state import Options

DEFAULT_MAP = "office"
TICK_RATES = TickRates(low=20, high=60, default=30)
# One `act` a tick at the fastest clock, with room for a burst after a stall.
INPUT_RATE = 75.0
DEFAULTS = Options()


def settings(maps: Iterable[str]) -> tuple[Setting, ...]:
    """The room settings, the map among `maps` (the names on offer when the site started)."""
    names = tuple(sorted(maps))
    default = DEFAULT_MAP if DEFAULT_MAP in names else names[0]
    return (
        Setting(
            "map", "Map", default, kind="choice", choices=names,
            help="Where the game is played.",
        ),
        Setting(
            "max_players", "Max players", DEFAULTS.max_players, low=1, high=Options.PLAYER_LIMIT,
            help=f"1 to {Options.PLAYER_LIMIT}. Watchers are always welcome.",
        ),
        Setting(
            "bots", "AI teammates", DEFAULTS.bots, low=0, high=Options.BOT_LIMIT,
            help=f"0 to {Options.BOT_LIMIT}. They top the team up while fewer people play.",
        ),
    )  # fmt: skip
