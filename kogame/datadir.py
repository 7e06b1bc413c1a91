"""The data directory and the SQLite database in it belong to their owner alone.

They hold the secret key, every session (a copied session row is a logged-in account) and the
players' records, so other users of the machine must not read them. The directory is created
0700 and the database file 0600 before SQLite first opens it: SQLite keeps an existing file's
mode and gives its `-wal` and `-shm` files the database file's mode. What already exists is
left alone; a system check (kogame/play/checks.py) names anything too open and the fix.

Imported by settings, so no Django here.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

DIR_MODE = 0o700
FILE_MODE = 0o600


def make_private_dir(path: Path) -> None:
    """Create `path` (and any missing parents) with mode 0700 unless it exists."""
    path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)


def sqlite_file(name: object) -> Path | None:
    """The file an SQLite database NAME refers to, or None (in memory, or a URI)."""
    text = str(name)
    if not text or text == ":memory:" or text.startswith("file:"):
        return None
    return Path(text)


def create_private_file(path: Path) -> None:
    """Create an empty file with mode 0600 unless it exists (SQLite takes an empty file as
    an empty database). A missing directory is left for SQLite to report."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except (FileExistsError, FileNotFoundError):
        return
    os.close(fd)


def database_files(database: Path) -> list[Path]:
    """The database file and its WAL-mode companions."""
    return [database] + [database.with_name(database.name + end) for end in ("-wal", "-shm")]


def open_to_others(path: Path) -> int | None:
    """The permission bits of `path` if group or others have any access to it, else None."""
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        return None
    return mode if mode & 0o077 else None
