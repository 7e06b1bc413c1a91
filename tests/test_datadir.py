"""The data directory and the SQLite database are their owner's alone."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings

from kogame.datadir import create_private_file, database_files, make_private_dir
from kogame.play import checks
from kogame.play.checks import data_paths, private_data

ROOT = Path(__file__).resolve().parents[1]


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def everyday_umask() -> Iterator[None]:
    """The usual umask (files 0644, directories 0755 unless asked otherwise)."""
    old = os.umask(0o022)
    yield
    os.umask(old)


@pytest.mark.usefixtures("everyday_umask")
def test_the_database_and_its_wal_files_are_the_owners_alone(tmp_path: Path) -> None:
    data = tmp_path / "nested" / "data"
    make_private_dir(data)
    assert _mode(data) == 0o700
    database = data / "db.sqlite3"
    create_private_file(database)
    connection = sqlite3.connect(database)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("CREATE TABLE t (x)")
    connection.execute("INSERT INTO t VALUES (1)")
    connection.commit()
    files = database_files(database)
    assert all(path.exists() for path in files), "SQLite keeps -wal and -shm while open"
    assert {path.name: _mode(path) for path in files} == {path.name: 0o600 for path in files}
    connection.close()


@pytest.mark.usefixtures("everyday_umask")
def test_an_existing_file_is_left_as_it_is(tmp_path: Path) -> None:
    database = tmp_path / "db.sqlite3"
    database.write_bytes(b"kept")
    create_private_file(database)
    assert database.read_bytes() == b"kept"


@pytest.mark.usefixtures("everyday_umask")
def test_a_fresh_install_makes_them_private(tmp_path: Path) -> None:
    data = tmp_path / "var"
    env = os.environ | {"KOGAME_DATA_DIR": str(data)}
    env.pop("DATABASE_URL", None)
    command = [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"]
    subprocess.run(command, cwd=ROOT, env=env, check=True)
    assert _mode(data) == 0o700
    assert _mode(data / "db.sqlite3") == 0o600
    assert _mode(data / "secret-key") == 0o600


def test_the_check_looks_at_the_data_directory_and_the_database() -> None:
    paths = data_paths()
    assert paths[0] == Path(settings.DATA_DIR)
    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        assert Path(settings.DATABASES["default"]["NAME"]) in paths


def test_a_check_names_what_others_can_read_and_the_fix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = tmp_path / "db.sqlite3"
    monkeypatch.setattr(checks, "data_paths", lambda: [tmp_path, *database_files(database)])
    tmp_path.chmod(0o700)
    create_private_file(database)
    assert private_data() == []
    tmp_path.chmod(0o755)
    database.chmod(0o644)
    found = {(w.id, w.hint) for w in private_data()}
    assert found == {
        ("kogame.W001", f"chmod 700 {tmp_path}"),
        ("kogame.W001", f"chmod 600 {database}"),
    }
    assert "can be read by other users" in private_data()[0].msg
