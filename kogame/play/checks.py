"""A Django system check on private data: the data directory and database are the owner's."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Tags, register
from django.core.checks import Warning as CheckWarning

from kogame.datadir import database_files, open_to_others, sqlite_file


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
