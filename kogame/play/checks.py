"""A Django system check: the default room's settings must make a room the game accepts.

The default room is defined by environment settings (`KOGAME_BOARD_SIZE`, `KOGAME_TICK_RATE`,
`KOGAME_MAX_PLAYERS`, `KOGAME_BOTS`; the grace and idle times apply to every room), and the
game checks them only when the room starts, on the first connection. A value out of range
would then fail every connection; this check says so at start-up instead (`manage.py
check`, `migrate`, `manage.py engine` and `python -m kogame.serve`).
"""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Error, register

from kogame.games import GAMES
from kogame.lobby.directory import default_room
from kogame.play.rooms import room_config


@register()
def default_room_settings(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    problems: list[CheckMessage] = []
    for name, game in GAMES.items():
        try:
            config = room_config(default_room(name))
            game.new_state(config.options, config.tick_rate, seed=0)
        except ValueError as exc:
            problems.append(
                Error(
                    f"The default {name} room's settings are not valid: {exc}.",
                    hint="Check KOGAME_BOARD_SIZE, KOGAME_TICK_RATE, KOGAME_MAX_PLAYERS, "
                    "KOGAME_BOTS, KOGAME_GRACE_SECONDS and KOGAME_ROOM_IDLE_SECONDS "
                    "(README, Configuration).",
                    id="kogame.E001",
                )
            )
    return problems
