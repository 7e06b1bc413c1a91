"""A Redis for the tests, the demo cluster (`make run-cluster`) and the benchmarks.

There is no system service to rely on on a developer's machine or in CI, so when
`KOGAME_REDIS_URL` does not name one, a private `redis-server` runs as a child process on a
free loopback port, keeps nothing on disk, and is stopped by whoever started it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType

import redis

from kogame.liveserver import free_port, stop, wait_for

REDIS_URL_ENV = "KOGAME_REDIS_URL"


class RedisNotInstalled(RuntimeError):
    """`redis-server` is not on PATH."""


def redis_server_path() -> str:
    found = shutil.which("redis-server")
    if found is None:
        raise RedisNotInstalled(
            "redis-server is not installed (on Debian: apt-get install redis-server; "
            ".ci/run installs it)"
        )
    return found


def ping(url: str, timeout: float = 1.0) -> bool:
    """Whether a Redis answers at `url` (any failure to connect or answer is a no)."""
    client = redis.Redis.from_url(url, socket_timeout=timeout, socket_connect_timeout=timeout)
    try:
        return bool(client.ping())
    except redis.RedisError:
        return False
    finally:
        client.close()


class RedisServer:
    """A private `redis-server` on 127.0.0.1; `restart()` keeps the port (and so `url`), so
    tests can restart Redis under running clients and watch them reconnect."""

    def __init__(self, data_dir: Path, port: int | None = None) -> None:
        self.port = free_port() if port is None else port
        self.log = data_dir / f"redis-{self.port}.log"
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    @property
    def pid(self) -> int:
        if self._process is None:
            raise RuntimeError("redis-server is not running")
        return self._process.pid

    def start(self) -> None:
        """Start the server and return once it answers PING."""
        if self._process is not None:
            raise RuntimeError("redis-server is already running")
        command = [redis_server_path(), "--port", str(self.port), "--bind", "127.0.0.1"]
        command += ["--save", "", "--appendonly", "no", "--daemonize", "no"]
        self.log.parent.mkdir(parents=True, exist_ok=True)
        with self.log.open("ab") as out:
            # cwd: should Redis ever write a file, it lands beside the log, not in the project.
            self._process = subprocess.Popen(
                command,
                cwd=self.log.parent,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        try:
            wait_for(lambda: ping(self.url), self._process, "redis-server", self.log)
        except BaseException:
            self.stop()
            raise

    def stop(self) -> None:
        """Stop the server (SIGTERM, then SIGKILL if it lingers); everything in it is lost."""
        if self._process is not None:
            stop(self._process)
            self._process = None

    def restart(self) -> None:
        """Stop and start again on the same port, empty, as after a crash with no persistence."""
        self.stop()
        self.start()

    def __enter__(self) -> RedisServer:
        self.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()


@contextlib.contextmanager
def redis_url_or_start(data_dir: Path) -> Iterator[tuple[str, bool]]:
    """Yield (url, started): `KOGAME_REDIS_URL` if set, else a private server for the block."""
    if url := os.environ.get(REDIS_URL_ENV):
        yield url, False
        return
    with RedisServer(data_dir) as server:
        yield server.url, True
