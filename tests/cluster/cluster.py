"""A real cluster for tests: a private Redis, web processes and engine workers, all children
of the test on free loopback ports, stopped by the test; and a client that speaks the game's
protocol and rebuilds the state from snapshot and deltas, as the browser does."""

from __future__ import annotations

import asyncio
import contextlib
import http.cookiejar
import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import orjson
import psycopg
import websockets
from psycopg import sql

from kogame.liveserver import free_port, http_ok, stop, wait_for
from kogame.redisserver import RedisServer

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = {
    "KOGAME_SNEK_BOTS": "0",
    "KOGAME_SNEK_SIZE": "64",
    "KOGAME_SNEK_TICK_RATE": "10",
    "KOGAME_GRACE_SECONDS": "10",
}
# Documented in docs/architecture.md: a lapsed lease (3 s) plus a scan, a restore and the
# relays attaching their clients again.
WORST_PAUSE_SECONDS = 5.0


class Cluster:
    def __init__(self, data: Path, settings: dict[str, str]) -> None:
        self.data = data
        self.redis = RedisServer(data)
        self.settings = settings
        self.webs: list[tuple[int, subprocess.Popen[bytes]]] = []
        self.workers: dict[str, subprocess.Popen[bytes]] = {}
        self._database = ""

    @property
    def env(self) -> dict[str, str]:
        return os.environ | {
            "DJANGO_SETTINGS_MODULE": "kogame.settings",
            "KOGAME_DATA_DIR": str(self.data),
            "KOGAME_REDIS_URL": self.redis.url,
            **self.settings,
        }

    def start(self, webs: int, workers: int) -> None:
        self.redis.start()
        self._create_database()
        subprocess.run(
            [sys.executable, "-m", "django", "migrate", "--noinput", "-v", "0"],
            env=self.env,
            check=True,
        )
        for _ in range(webs):
            self.start_web()
        for n in range(workers):
            self.start_worker(f"w{n + 1}")

    def define_rooms(self, *slugs: str) -> None:
        """Rooms as the lobby's form would make them (no bots), in the cluster's database."""
        script = (
            "import sys, django; django.setup();"
            "from kogame.rooms.models import RoomDefinition as R;"
            "R.objects.bulk_create("
            "R(game='snek', slug=s, name=s, options={'bots': 0}) for s in sys.argv[1:])"
        )
        subprocess.run([sys.executable, "-c", script, *slugs], env=self.env, check=True, cwd=ROOT)

    def start_web(self) -> int:
        port = free_port()
        log = self.data / f"web-{port}.log"
        with log.open("ab") as out:
            process = subprocess.Popen(
                [sys.executable, "-m", "kogame.serve", "--port", str(port)],
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                cwd=ROOT,
            )
        self.webs.append((port, process))
        wait_for(lambda: http_ok(f"http://127.0.0.1:{port}/healthz"), process, "web", log)
        return port

    def start_worker(self, name: str, *options: str) -> None:
        log = self.data / f"engine-{name}.log"
        with log.open("ab") as out:
            self.workers[name] = subprocess.Popen(
                [sys.executable, "manage.py", "engine", "--name", name, *options],
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                cwd=ROOT,
            )

    def worker_ready(self, name: str) -> None:
        """Wait until the worker runs its loops (it logs so once it has started them)."""
        log = self.data / f"engine-{name}.log"
        process = self.workers[name]
        wait_for(lambda: f"engine worker {name} started" in log.read_text(), process, name, log)

    @contextlib.contextmanager
    def paused(self, name: str) -> Iterator[None]:
        """A worker stopped (SIGSTOP) for a moment: it takes no room meanwhile. Keep it well
        under a lease period (3 s), or its rooms go to others."""
        pid = self.workers[name].pid
        os.kill(pid, signal.SIGSTOP)
        try:
            yield
        finally:
            os.kill(pid, signal.SIGCONT)

    def kill_worker(self, name: str, signum: int = signal.SIGKILL) -> None:
        process = self.workers.pop(name)
        os.kill(process.pid, signum)
        process.wait(timeout=15)

    def kill_web(self, port: int) -> None:
        process = next(p for p_port, p in self.webs if p_port == port)
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=5)

    def stop(self) -> None:
        for process in [*self.workers.values(), *(p for _, p in self.webs)]:
            stop(process)
        self.redis.stop()
        self._drop_database()

    def _create_database(self) -> None:
        """With DATABASE_URL on PostgreSQL, the cluster gets a database of its own there (its
        processes are not inside the test's transaction, so they cannot share pytest's)."""
        base = os.environ.get("DATABASE_URL", "")
        if not base.startswith("postgres"):
            return
        self._database = f"kogame_cluster_{os.getpid()}_{self.redis.port}"
        with psycopg.connect(_on(base, "postgres"), autocommit=True) as admin:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(self._database)))
        self.settings = self.settings | {"DATABASE_URL": _on(base, self._database)}

    def _drop_database(self) -> None:
        if self._database:
            base = os.environ["DATABASE_URL"]
            drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
            with psycopg.connect(_on(base, "postgres"), autocommit=True) as admin:
                admin.execute(drop.format(sql.Identifier(self._database)))
            self._database = ""

    def logs(self) -> str:
        return "\n".join(f"--- {p.name}\n{p.read_text()[-4000:]}" for p in self.data.glob("*.log"))


def _on(url: str, database: str) -> str:
    """The same server's URL, naming another database."""
    return f"{url.rsplit('/', 1)[0]}/{database}"


class Player:
    """A browser-like client: a session from the room page, then the room's socket."""

    def __init__(self, port: int, room: str = "main", game: str = "snek") -> None:
        self.port = port
        self.room = room
        self.game = game
        self.ws: Any = None
        self.player = ""
        self.snakes: dict[int, dict[str, Any]] = {}
        self.tick = -1
        # Every tick this client reached, with the state it held then (id -> body, score).
        self.history: dict[int, dict[int, tuple[tuple[tuple[int, int], ...], int, bool]]] = {}
        self.snapshots: list[tuple[float, dict[str, Any]]] = []
        self.deltas: dict[int, bytes] = {}
        self.cookie = ""
        self.size = (0, 0)

    async def connect(self) -> None:
        """Load the room page and get a player id as its script does, then open the socket."""
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        site = f"http://127.0.0.1:{self.port}"

        def get_player() -> None:
            opener.open(f"{site}/play/{self.game}/{self.room}/").read()
            token = next(c.value or "" for c in jar if c.name == "csrftoken")
            headers = {"X-CSRFToken": token, "Origin": site}
            opener.open(urllib.request.Request(f"{site}/play/player", b"", headers)).read()

        await asyncio.to_thread(get_player)
        self.cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
        await self.reconnect(self.port)

    async def reconnect(self, port: int) -> None:
        """Open the room's socket on `port` with this browser's session (as after a drop)."""
        self.port = port
        cookie = self.cookie
        self.ws = await websockets.connect(
            f"ws://127.0.0.1:{self.port}/ws/play/{self.game}/{self.room}/",
            additional_headers={"Cookie": cookie, "Origin": f"http://127.0.0.1:{self.port}"},
            # A client that reads nothing for a while keeps everything, and still closes at
            # once: with a full buffer it could not read the server's answer to its close.
            max_queue=None,
        )

    async def send(self, message: dict[str, Any]) -> None:
        await self.ws.send(orjson.dumps(message).decode())

    async def close(self) -> None:
        await self.ws.close()

    async def until(self, predicate: Callable[[dict[str, Any]], bool], within: float) -> Any:
        """Read and apply messages until one satisfies `predicate`; return it."""
        deadline = time.monotonic() + within
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError("no matching message in time")
            text = await asyncio.wait_for(self.ws.recv(), remaining)
            message = orjson.loads(text)
            self._apply(message, text)
            if predicate(message):
                return message

    async def join(self, name: str, colour: str | None = None) -> None:
        """Join (or, after a death, join again) and wait for this player's snake to spawn."""
        await self.send(
            {"type": "join", "name": name} | ({} if colour is None else {"colour": colour})
        )
        await self.until(
            lambda m: any(s["player"] == self.player for s in m.get("spawned", ())), within=10
        )

    def own_snake(self) -> int:
        """The id of this player's snake."""
        return next(sid for sid, s in self.snakes.items() if s["player"] == self.player)

    def heading(self, sid: int) -> tuple[int, int] | None:
        """Which way a snake's head last moved; None while it is not alive on the board."""
        snake = self.snakes.get(sid)
        if snake is None or not snake["alive"] or len(snake["body"]) < 2:
            return None
        (x, y), (neck_x, neck_y) = snake["body"][0], snake["body"][1]
        return x - neck_x, y - neck_y

    def turn_inwards(self, sid: int) -> tuple[dict[str, Any], tuple[int, int]]:
        """A turn for a live snake towards the middle of the board (so no wall ends it at
        once), and the heading it gives."""
        (x, y), heading = self.snakes[sid]["body"][0], self.heading(sid)
        width, height = self.size
        if heading in ((1, 0), (-1, 0)):
            direction, step = ("up", (0, -1)) if y >= height // 2 else ("down", (0, 1))
        else:
            direction, step = ("left", (-1, 0)) if x >= width // 2 else ("right", (1, 0))
        return {"type": "turn", "direction": direction}, step

    def state(self) -> dict[int, tuple[tuple[tuple[int, int], ...], int, bool]]:
        return {
            sid: (tuple(map(tuple, s["body"])), s["score"], s["alive"])
            for sid, s in self.snakes.items()
        }

    def _apply(self, message: dict[str, Any], text: str | bytes) -> None:
        """Keep Snek's board as the browser would; of another game, only who this is."""
        kind = message["type"]
        if kind == "welcome":
            self.player = message["player"]
        if self.game != "snek":
            return
        if kind == "welcome":
            self.size = (message["width"], message["height"])
        elif kind == "snapshot":
            self.snapshots.append((time.monotonic(), message))
            self.snakes = {s["id"]: s for s in message["snakes"]}
            self.tick = message["tick"]
            self.history[self.tick] = self.state()
        elif kind == "delta":
            if message["tick"] <= self.tick:
                return
            if message["tick"] != self.tick + 1:
                self.tick = 10**9  # a gap: wait for the next snapshot, as the browser does
                asyncio.get_running_loop().create_task(self.send({"type": "sync"}))
                return
            self.deltas[message["tick"]] = text if isinstance(text, bytes) else text.encode()
            for sid in message.get("removed", ()):
                self.snakes.pop(sid, None)
            for snake in message.get("spawned", ()):
                self.snakes[snake["id"]] = snake
            for sid, x, y, trim in message.get("moved", ()):
                body = self.snakes[sid]["body"]
                body.insert(0, [x, y])
                if trim:
                    body.pop()
            for sid, _cause, _killer in message.get("died", ()):
                self.snakes[sid]["alive"] = False
                self.snakes[sid]["body"] = []
            for sid, score in message.get("scores", ()):
                self.snakes[sid]["score"] = score
            self.tick = message["tick"]
            self.history[self.tick] = self.state()


async def watching(port: int, room: str = "main") -> Player:
    """A client of `room` through the web process at `port`, with its first snapshot."""
    player = Player(port, room)
    await player.connect()
    await player.until(lambda m: m["type"] == "snapshot", within=10)
    return player


async def joined(port: int, name: str, colour: str | None = None) -> Player:
    """A player of the main room with a snake on the board (in `colour`, if one is given)."""
    player = await watching(port)
    await player.join(name, colour)
    return player


async def play(players: list[Player], seconds: float) -> None:
    """Keep reading (and applying) every player's messages for a while."""

    async def read(player: Player) -> None:
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            try:
                await player.until(lambda m: False, within=left)
            except (AssertionError, TimeoutError):
                return

    await asyncio.gather(*(read(player) for player in players))
