"""System checks on the games a site offers: declarations the platform can use, and default
rooms the games accept.

A game's default room is defined by environment settings (`KOGAME_<GAME>_<SETTING>`; the
grace and idle times apply to every room), and the game checks them only when the room starts,
on the first connection. A bad value would then fail every connection; this check says so at
start-up instead (`manage.py check`, `migrate`, `manage.py engine`, `python -m kogame.serve`).
"""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Error, register

from kogame.engine.registry import GAMES
from kogame.engine.room import Room
from kogame.rooms.directory import CLOCK_SETTINGS, default_room, room_timing

# Fields of the lobby's form and of every room: a game's setting may not take these names.
RESERVED = frozenset({"game", "name", "public", *CLOCK_SETTINGS})


@register()
def games_offered(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if not GAMES:
        return [Error("No game is installed.", hint="Check KOGAME_GAMES.", id="kogame.E002")]
    return [
        Error(
            f"{name}: the setting {setting.name!r} takes the name of a room field.",
            hint=f"Rename it; {', '.join(sorted(RESERVED))} are the platform's.",
            id="kogame.E003",
        )
        for name, game in GAMES.items()
        for setting in game.settings
        if setting.name in RESERVED
    ]


@register()
def default_room_settings(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    problems: list[CheckMessage] = []
    for name, game in GAMES.items():
        try:
            Room(game, default_room(name), seed=0, timing=room_timing())
        except ValueError as exc:
            prefix = f"KOGAME_{name.upper()}_"
            own = [setting.name for setting in game.settings] + list(CLOCK_SETTINGS)
            problems.append(
                Error(
                    f"The default {name} room's settings are not valid: {exc}.",
                    hint=f"Check {', '.join(prefix + word.upper() for word in own)}, "
                    "KOGAME_GRACE_SECONDS and KOGAME_ROOM_IDLE_SECONDS (README, Configuration).",
                    id="kogame.E001",
                )
            )
    return problems
