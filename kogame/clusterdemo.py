"""`make run-cluster`: the distributed mode on one machine, to try it and to demo failover.

Redis (`KOGAME_REDIS_URL`, else one answering on 127.0.0.1:6379, else a private
`redis-server`), a database shared by every process (`DATABASE_URL`, else SQLite in
var/cluster/), two web processes and two engine workers. Each process's output appears here
prefixed by its name and is kept in var/cluster/logs/. A process that dies is reported and the
others keep running, so killing an engine worker shows another one taking its rooms over.
Ctrl-C (or SIGTERM, or closing the terminal) stops everything this started.

Environment: KOGAME_CLUSTER_PORTS (web ports, default "8001,8002"), KOGAME_CLUSTER_ENGINES
(engine workers, default 2).
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from types import FrameType
from typing import BinaryIO

from kogame.liveserver import http_ok, wait_for
from kogame.redisserver import REDIS_URL_ENV, RedisServer, ping
from kogame.serve import SHUTDOWN_FLUSH_SECONDS

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "var" / "cluster"
LOCAL_REDIS = "redis://127.0.0.1:6379/0"
HOST = "127.0.0.1"
# Long enough for a web process to write its queued results before it exits.
STOP_SECONDS = SHUTDOWN_FLUSH_SECONDS + 5
NAME_WIDTH = len("engine-10")
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)

_print_lock = threading.Lock()


def say(name: str, text: str) -> None:
    # The terminal may be gone (SIGHUP): stopping the cluster must go on all the same.
    with _print_lock, contextlib.suppress(OSError):
        print(f"{name:<{NAME_WIDTH}} | {text}", flush=True)


class Stop(Exception):
    """Raised by SIGINT, SIGTERM or SIGHUP (terminal closed), so that whatever the demo is
    doing, it unwinds and stops what it started."""


def _stop_requested(signum: int, frame: FrameType | None) -> None:
    raise Stop(signal.Signals(signum).name)


@dataclass
class Follower:
    """Copies what each process appends to its log file to the terminal, line by line, under
    its name. Log files rather than pipes: Redis, started by `RedisServer`, logs to a file."""

    sources: list[tuple[str, BinaryIO, bytearray]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    done: threading.Event = field(default_factory=threading.Event)

    def add(self, name: str, path: Path) -> None:
        """Follow `path` from its current end; call before the process starts writing."""
        path.touch()
        handle = path.open("rb")
        handle.seek(0, os.SEEK_END)
        with self.lock:
            self.sources.append((name, handle, bytearray()))

    def run(self) -> None:
        while not self.done.wait(0.1):
            self.copy()
        self.copy()
        with self.lock:
            for _, handle, _ in self.sources:
                handle.close()

    def copy(self) -> None:
        """Print the complete lines written since the last call (from any thread)."""
        with self.lock:
            for name, handle, pending in self.sources:
                pending += handle.read()
                *lines, rest = pending.split(b"\n")
                pending[:] = rest
                for line in lines:
                    say(name, line.decode(errors="replace").rstrip())


@dataclass
class Child:
    name: str
    process: subprocess.Popen[bytes]
    log: Path
    reported: bool = False


@dataclass
class Cluster:
    """Redis, a database, engine workers and web processes, each a child in a session of its
    own. The demo's defaults: its data in var/cluster/, every process's log lines shown, and a
    Redis already running used if there is one. The benchmark (bench/cluster.py) runs the
    same cluster in a temporary directory, quietly, on a private Redis."""

    ports: list[int]
    engines: int
    follower: Follower | None = None  # None: the logs stay in their files
    data_dir: Path = DATA_DIR
    settings: Mapping[str, str] = field(default_factory=dict)  # for every process
    shared_redis: bool = True  # KOGAME_REDIS_URL, or one on 6379 if it answers
    report: Callable[[str, str], None] = say
    children: list[Child] = field(default_factory=list)
    redis: RedisServer | None = None

    @property
    def log_dir(self) -> Path:
        return self.data_dir / "logs"

    def start(self) -> None:
        for port in self.ports:
            if port_in_use(port):
                raise RuntimeError(f"port {port} is in use (set KOGAME_CLUSTER_PORTS=...)")
        self.log_dir.mkdir(parents=True, exist_ok=True)
        env = os.environ | {
            **self.settings,
            REDIS_URL_ENV: self.start_redis(),
            "KOGAME_DATA_DIR": str(self.data_dir),
            "PYTHONUNBUFFERED": "1",
        }
        sqlite = f"SQLite in {shown(self.data_dir)}/"
        database = "the one in DATABASE_URL" if "DATABASE_URL" in env else sqlite
        self.report("cluster", f"database: {database}; migrating")
        # Migrating first also creates the secret key in the shared data directory, so every
        # process signs sessions with the same key (a player may land on either web process).
        manage = [sys.executable, "manage.py"]
        subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
        for n in range(1, self.engines + 1):
            self.spawn(f"engine-{n}", [*manage, "engine"], env)
        webs = [
            self.spawn(f"web-{n}", [sys.executable, "-m", "kogame.serve", *address(port)], env)
            for n, port in enumerate(self.ports, start=1)
        ]
        for web, port in zip(webs, self.ports, strict=True):
            wait_for(
                partial(http_ok, f"http://{HOST}:{port}/healthz"), web.process, web.name, web.log
            )

    def announce(self) -> None:
        """The demo's greeting once it is up: where to point a browser, which pids to kill."""
        if self.follower is not None:
            self.follower.copy()  # the processes' start-up lines first, then the addresses
        urls = "  ".join(f"http://{HOST}:{port}/" for port in self.ports)
        engines = [c for c in self.children if c.name.startswith("engine-")]
        pids = ", ".join(f"{c.name}={c.process.pid}" for c in engines)
        self.report("cluster", f"Kogame cluster is up: {urls}")
        self.report(
            "cluster", f"engine pids: {pids} (kill -9 one to see failover); Ctrl-C stops all"
        )

    def start_redis(self) -> str:
        if self.shared_redis and (url := os.environ.get(REDIS_URL_ENV)):
            if not ping(url):
                raise RuntimeError(f"nothing answers at {REDIS_URL_ENV}={url}")
            self.report("cluster", f"Redis: {url} (from {REDIS_URL_ENV})")
            return url
        if self.shared_redis and ping(LOCAL_REDIS):
            self.report("cluster", f"Redis: the one already running at {LOCAL_REDIS}")
            return LOCAL_REDIS
        self.redis = RedisServer(self.log_dir)
        if self.follower is not None:
            self.follower.add("redis", self.redis.log)
        self.redis.start()
        self.report("cluster", f"Redis: started redis-server at {self.redis.url}")
        return self.redis.url

    def spawn(self, name: str, command: list[str], env: Mapping[str, str]) -> Child:
        log = self.log_dir / f"{name}.log"
        log.write_bytes(b"")
        if self.follower is not None:
            self.follower.add(name, log)
        with log.open("ab") as out:
            # A session of its own: Ctrl-C reaches the demo alone, which then stops each
            # process once, in order (a second signal would cut a web's results flush short).
            process = subprocess.Popen(
                command,
                cwd=ROOT,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        child = Child(name, process, log)
        self.children.append(child)
        return child

    def watch(self) -> None:
        """Report processes that die; keep the others running. Returns only by `Stop`."""
        while True:
            for child in self.children:
                code = child.process.poll()
                if code is not None and not child.reported:
                    child.reported = True
                    self.report(
                        "cluster", f"{child.name} exited ({describe(code)}); the rest go on"
                    )
            time.sleep(0.5)

    def stop(self) -> None:
        """SIGTERM every process at once (workers hand rooms over, web processes flush their
        results), kill what outlives STOP_SECONDS, and stop Redis last: the others need it
        while they shut down."""
        running = [child for child in self.children if child.process.poll() is None]
        if running:
            self.report("cluster", f"stopping {', '.join(child.name for child in running)}")
        for child in running:
            child.process.terminate()
        deadline = time.monotonic() + STOP_SECONDS
        for child in running:
            try:
                child.process.wait(timeout=max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                self.report(
                    "cluster", f"{child.name} did not stop in {STOP_SECONDS:.0f} s; killing it"
                )
                child.process.kill()
                child.process.wait()
        if self.redis is not None:
            self.report("cluster", "stopping redis-server")
            self.redis.stop()


def address(port: int) -> list[str]:
    return ["--host", HOST, "--port", str(port)]


def shown(path: Path) -> str:
    """A path as the demo says it: relative to the project when it is inside it."""
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def port_in_use(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex((HOST, port)) == 0


def describe(code: int) -> str:
    if code < 0:
        return f"killed by {signal.Signals(-code).name}"
    return f"exit code {code}"


def main() -> int:
    ports = [int(p) for p in os.environ.get("KOGAME_CLUSTER_PORTS", "8001,8002").split(",")]
    engines = int(os.environ.get("KOGAME_CLUSTER_ENGINES", "2"))
    follower = Follower()
    copier = threading.Thread(target=follower.run, name="follower", daemon=True)
    copier.start()
    cluster = Cluster(ports, engines, follower)
    for sig in STOP_SIGNALS:
        signal.signal(sig, _stop_requested)
    status = 0
    try:
        cluster.start()
        cluster.announce()
        cluster.watch()
    except Stop as stop:
        say("cluster", f"{stop}: stopping")
    except (RuntimeError, subprocess.CalledProcessError) as error:
        say("cluster", f"could not start: {error}")
        status = 1
    finally:
        # Stopping is bounded (STOP_SECONDS, then kill); more signals must not interrupt it.
        for sig in STOP_SIGNALS:
            signal.signal(sig, signal.SIG_IGN)
        cluster.stop()
        follower.done.set()
        copier.join()
    return status


if __name__ == "__main__":
    sys.exit(main())
