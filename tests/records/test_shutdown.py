"""A real server stopped with SIGTERM writes the results it still holds before it exits."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

from kogame.liveserver import free_port, http_ok, stop, wait_for

LIVES = 50


def _scores(database: Path) -> int:
    with closing(sqlite3.connect(database)) as db:
        (count,) = db.execute("SELECT count(*) FROM records_score").fetchone()
    return int(count)


def test_a_sigtermed_server_writes_its_queued_results_before_exiting(tmp_path: Path) -> None:
    env = os.environ | {
        "KOGAME_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "kogame.settings",
    }
    env.pop("DATABASE_URL", None)  # the server's own SQLite file, which this test can lock
    migrate = [sys.executable, "-m", "django", "migrate", "--noinput", "-v", "0"]
    subprocess.run(migrate, env=env, check=True)
    database, log = tmp_path / "db.sqlite3", tmp_path / "server.log"
    # Until this lock is released the server cannot write anything, so at SIGTERM all its
    # results are certainly still pending.
    locker = sqlite3.connect(database, isolation_level=None)
    locker.execute("BEGIN EXCLUSIVE")
    port = free_port()
    command = [sys.executable, "-m", "tests.records.serve_with_results", str(LIVES)]
    with log.open("wb") as out:
        server = subprocess.Popen(
            [*command, "--port", str(port)], env=env, stdout=out, stderr=subprocess.STDOUT
        )
    try:
        wait_for(lambda: http_ok(f"http://127.0.0.1:{port}/healthz"), server, "kogame", log)
        assert locker.execute("SELECT count(*) FROM records_score").fetchone() == (0,)
        server.send_signal(signal.SIGTERM)
        locker.execute("ROLLBACK")
        assert server.wait(timeout=60) == 0, log.read_text()
    finally:
        locker.close()
        stop(server)
    assert _scores(database) == LIVES
    assert f"shutdown: all results written ({LIVES + 1} by this process)" in log.read_text()
