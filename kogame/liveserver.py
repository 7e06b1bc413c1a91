"""A real Kogame server in a child process on a free loopback port.

For the browser tests and the benchmarks, which must exercise the production server
(`python -m kogame.serve`) rather than an in-process test double.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

STARTUP_SECONDS = 30


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def stop(process: subprocess.Popen[bytes]) -> None:
    """Terminate a child process, killing it if it does not exit promptly."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


def wait_for(
    check: Callable[[], bool], process: subprocess.Popen[bytes], what: str, log: Path
) -> None:
    """Poll `check` until it holds; fail with the log's tail if the process dies or stalls."""
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited early:\n{log.read_text()[-3000:]}")
        with contextlib.suppress(OSError):
            if check():
                return
        time.sleep(0.2)
    raise RuntimeError(f"{what} did not start:\n{log.read_text()[-3000:]}")


def http_ok(url: str) -> bool:
    with urllib.request.urlopen(url, timeout=2) as response:
        return bool(response.status == 200)


@contextlib.contextmanager
def serve(data_dir: Path, log: Path, settings: Mapping[str, str]) -> Iterator[tuple[int, int]]:
    """Migrate a database in `data_dir`, serve on a free port; yields (port, pid)."""
    env = os.environ | {"KOGAME_DATA_DIR": str(data_dir), **settings}
    # The site's own settings, even from a test run (whose settings add a test-only game).
    env["DJANGO_SETTINGS_MODULE"] = "kogame.settings"
    subprocess.run(
        [sys.executable, "-m", "django", "migrate", "--noinput", "-v", "0"], env=env, check=True
    )
    port = free_port()
    with log.open("ab") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "kogame.serve", "--port", str(port)],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_for(lambda: http_ok(f"http://127.0.0.1:{port}/healthz"), process, "kogame", log)
        yield port, process.pid
    finally:
        stop(process)
