"""Kogame's Django system checks: settings that would fail every game, and private data.

The default room's settings must make a room the game accepts.

The default room is defined by environment settings (`KOGAME_BOARD_SIZE`, `KOGAME_TICK_RATE`,
`KOGAME_MAX_PLAYERS`, `KOGAME_BOTS`; the grace and idle times apply to every room), and the
game checks them only when the room starts, on the first connection. A value out of range
would then fail every connection; this check says so at start-up instead (`manage.py
check`, `migrate`, `manage.py engine` and `python -m kogame.serve`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register
from django.core.checks import Warning as CheckWarning

from kogame.datadir import database_files, open_to_others, sqlite_file
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


@register(Tags.security)
def private_data(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """The data directory and an SQLite database must be the owner's alone (kogame/datadir.py).

    What Kogame creates is; this names what was made earlier, or by hand, too open."""
    paths = data_paths()
    return [too_open(path, mode) for path in paths if (mode := open_to_others(path)) is not None]


def data_paths() -> list[Path]:
    """The data directory, and the SQLite database's files if that is the database."""
    paths = [Path(settings.DATA_DIR)]
    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3" and (
        file := sqlite_file(database["NAME"])
    ):
        paths += database_files(file)
    return paths


def too_open(path: Path, mode: int) -> CheckMessage:
    private = "700" if path.is_dir() else "600"
    return CheckWarning(
        f"{path} can be read by other users of this machine (mode {mode:o}); it holds the "
        "secret key, the sessions or the players' records.",
        hint=f"chmod {private} {path}",
        id="kogame.W001",
    )
