"""Load generator: K WebSocket clients in one process, measuring what they receive.

Talks to the orchestrator (bench/run.py) over stdio: once every connection has received a
delta it prints `READY <connected> <failed>`; it then reads `GO <t0> <t1>` (time.time()
values) from stdin, measures frames arriving in [t0, t1], and after t1 writes its results as
JSON to `--out` and exits.

Watchers parse cheaply (a string scan for the tick); players (`--players`) decode every frame,
join, turn every ~0.5 s and measure input-to-effect latency: from sending a turn until the
first delta whose `moved` entry for their own snake goes in the new direction.

With `--game zombies` players join and then send one `act` for every delta they receive (seq
counting on from the `ack` of their first `you` part, a direction held for a while, half of
them firing, `seen` = the delta's tick), and input-to-effect is from sending an act (one every
~0.5 s is timed) until the first frame whose `you.ack` covers it. Watchers are the same for
every game: Zombies' frames are deltas with a `tick` too.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import http.client
import random
import resource
import sys
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import orjson
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed
from websockets.typing import Origin

from bench.floor import raise_nofile_limit

VECTORS: dict[str, tuple[int, int]] = {
    "up": (0, -1),
    "down": (0, 1),
    "left": (-1, 0),
    "right": (1, 0),
}
NAMES = {vector: name for name, vector in VECTORS.items()}
TURN_EVERY = 0.5
TURN_TIMEOUT = 2.0
DELTA_PREFIX = '{"type":"delta"'
CONNECT_CONCURRENCY = 16


@dataclass
class Window:
    t0: float = float("inf")
    t1: float = float("inf")

    def holds(self, now: float) -> bool:
        return self.t0 <= now <= self.t1


@dataclass
class Client:
    index: int
    player: bool
    frames: int = 0
    bytes: int = 0
    wire: int = 0  # bytes read off the socket in the window: frames as sent, compressed or not
    missed: int = 0
    last_tick: int | None = None
    last_arrival: float | None = None
    got_delta: asyncio.Event = field(default_factory=asyncio.Event)
    closed: str | None = None
    # players only
    me: str | None = None
    own: int | None = None
    alive: bool = False
    head: tuple[int, int] | None = None
    heading: tuple[int, int] | None = None
    died_at: float = 0.0
    respawn_after: float = 1.0
    pending: tuple[tuple[int, int], float] | None = None
    want_snapshot_size: bool = False
    ws: ClientConnection | None = None
    # Zombies players only
    seq: int | None = None  # the last act's number (None until the first `you`)
    move: int = 0
    aim: int = 0
    fire: bool = False
    timed: tuple[int, float] | None = None  # (seq, sent at) of the act being timed
    next_timed: float = 0.0


@dataclass
class Shared:
    window: Window
    interarrival_ms: list[float] = field(default_factory=list)
    ticks: dict[int, list[float]] = field(default_factory=dict)  # tick -> [first, last, count]
    latency_ms: list[float] = field(default_factory=list)
    turns_sent: int = 0
    turns_unresolved: int = 0
    delta_sizes: list[int] = field(default_factory=list)
    snapshot_initial: int = 0
    snapshot_sync: int = 0
    errors: list[str] = field(default_factory=list)


def session_cookie(page: str) -> str:
    """Get a player as the room page's script does; return the `Cookie` header to connect with.

    GET the page (for the CSRF cookie), then `POST /play/player` with the token: the page
    alone stores no session.
    """
    url = urllib.parse.urlsplit(page)
    conn = http.client.HTTPConnection(url.hostname or "127.0.0.1", url.port or 80, timeout=60)
    try:
        conn.request("GET", url.path or "/")
        cookies = _cookies(conn.getresponse())
        token = cookies.get("csrftoken", "")
        headers = {"X-CSRFToken": token, "Cookie": f"csrftoken={token}"}
        conn.request("POST", "/play/player", headers=headers)
        cookies |= _cookies(conn.getresponse())
        if "sessionid" not in cookies:
            raise RuntimeError(f"no session from /play/player after {page}")
        return "; ".join(f"{name}={value}" for name, value in cookies.items())
    finally:
        conn.close()


def _cookies(response: http.client.HTTPResponse) -> dict[str, str]:
    """The cookies a response sets, by name (the body is read so the connection can go on)."""
    response.read()
    pairs = (h.split(";", 1)[0].strip() for h in response.headers.get_all("Set-Cookie") or [])
    return dict(pair.split("=", 1) for pair in pairs if "=" in pair)


def on_frame(client: Client, shared: Shared, text: str, now: float) -> int | None:
    """Count a delta frame; returns its tick (None for other frames)."""
    if not text.startswith(DELTA_PREFIX):
        return None
    start = text.find('"tick":', 15) + 7
    end = text.find(",", start)
    if end < 0:
        end = text.find("}", start)
    tick = int(text[start:end])
    client.got_delta.set()
    if shared.window.holds(now):
        client.frames += 1
        client.bytes += len(text)
        if client.last_tick is not None and tick > client.last_tick + 1:
            client.missed += tick - client.last_tick - 1
        if client.last_arrival is not None and client.last_arrival >= shared.window.t0:
            shared.interarrival_ms.append(round((now - client.last_arrival) * 1000, 3))
        entry = shared.ticks.get(tick)
        if entry is None:
            shared.ticks[tick] = [now, now, 1]
        else:
            entry[0] = min(entry[0], now)
            entry[1] = max(entry[1], now)
            entry[2] += 1
        if client.index == 0:
            shared.delta_sizes.append(len(text))
    if client.last_tick is None or tick > client.last_tick:
        client.last_tick = tick
    client.last_arrival = now
    return tick


def on_player_message(client: Client, shared: Shared, text: str, now: float) -> None:
    message: dict[str, Any] = orjson.loads(text)
    kind = message.get("type")
    if kind == "welcome":
        client.me = message["player"]
        client.respawn_after = message["respawn_delay_ticks"] / message["tick_rate"] + 0.2
    elif kind == "snapshot":
        if client.want_snapshot_size:
            shared.snapshot_sync = len(text)
            client.want_snapshot_size = False
        for snake in message["snakes"]:
            if snake["player"] == client.me and snake["alive"]:
                _adopt(client, snake)
    elif kind == "delta":
        for snake in message.get("spawned", ()):
            if snake["player"] == client.me:
                _adopt(client, snake)
        for snake_id, x, y, _ in message.get("moved", ()):
            if snake_id == client.own and client.head is not None:
                heading = (x - client.head[0], y - client.head[1])
                client.head, client.heading = (x, y), heading
                if client.pending is not None and client.pending[0] == heading:
                    sent = client.pending[1]
                    if shared.window.holds(sent):
                        shared.latency_ms.append(round((now - sent) * 1000, 3))
                    client.pending = None
        for snake_id, *_ in message.get("died", ()):
            if snake_id == client.own:
                client.alive = False
                client.died_at = now
                client.pending = None


def _adopt(client: Client, snake: dict[str, Any]) -> None:
    body = snake["body"]
    client.own = snake["id"]
    client.alive = True
    client.head = (body[0][0], body[0][1])
    client.heading = (body[0][0] - body[1][0], body[0][1] - body[1][1])
    client.pending = None


async def play(client: Client, shared: Shared, ws: ClientConnection) -> None:
    """Join, then every ~0.5 s turn (perpendicular, so it always takes effect) or respawn."""
    await client.got_delta.wait()
    await ws.send('{"type":"join"}')
    while True:
        await asyncio.sleep(TURN_EVERY * random.uniform(0.8, 1.2))
        now = time.time()
        if client.pending is not None and now - client.pending[1] > TURN_TIMEOUT:
            if shared.window.holds(client.pending[1]):
                shared.turns_unresolved += 1
            client.pending = None
        if client.alive and client.heading is not None and client.pending is None:
            dx, dy = client.heading
            choices = [(dy, dx), (-dy, -dx)]  # the two perpendicular directions
            vector = random.choice(choices)
            name = NAMES.get(vector)
            if name is None:
                continue
            client.pending = (vector, time.time())
            if shared.window.holds(client.pending[1]):
                shared.turns_sent += 1
            await ws.send(orjson.dumps({"type": "turn", "direction": name}).decode())
        elif (
            not client.alive
            and client.own is not None
            and now - client.died_at > max(1.0, client.respawn_after)
        ):
            await ws.send('{"type":"respawn"}')
            client.died_at = now - client.respawn_after + 1.0  # retry in a second at most


def on_zombies_message(client: Client, shared: Shared, text: str, now: float) -> str | None:
    """A Zombies player's reading of a message; returns the `act` to send for a delta (once
    the player has a `you` part), else None."""
    message: dict[str, Any] = orjson.loads(text)
    kind = message.get("type")
    if kind == "welcome":
        client.me = message["player"]
        return None
    if kind == "snapshot" and client.want_snapshot_size:
        shared.snapshot_sync = len(text)
        client.want_snapshot_size = False
    if kind != "delta":
        return None
    you = message.get("you")
    if not isinstance(you, dict):
        return None
    ack = int(you["ack"])
    if client.seq is None:
        client.seq = ack
        client.move = random.randrange(9)
        client.aim = random.randrange(4096)
        client.fire = client.index % 2 == 0
    if client.timed is not None and ack >= client.timed[0]:
        if shared.window.holds(client.timed[1]):
            shared.latency_ms.append(round((now - client.timed[1]) * 1000, 3))
        client.timed = None
    if client.timed is not None and now - client.timed[1] > TURN_TIMEOUT:
        if shared.window.holds(client.timed[1]):
            shared.turns_unresolved += 1
        client.timed = None
    if random.random() < 1 / 12:
        client.move = random.randrange(9)
    client.aim = (client.aim + random.randint(-96, 96)) % 4096
    client.seq += 1
    if client.timed is None and now >= client.next_timed:
        client.timed = (client.seq, now)
        client.next_timed = now + TURN_EVERY * random.uniform(0.8, 1.2)
        if shared.window.holds(now):
            shared.turns_sent += 1
    act = {
        "type": "act",
        "seq": client.seq,
        "move": client.move,
        "aim": client.aim,
        "fire": client.fire,
        "seen": message["tick"],
    }
    return orjson.dumps(act).decode()


async def join_only(client: Client, ws: ClientConnection) -> None:
    """A Zombies player joins once it sees the room; its acts go from `receive`."""
    await client.got_delta.wait()
    await ws.send('{"type":"join"}')


async def receive(client: Client, shared: Shared, ws: ClientConnection, game: str = "snek") -> None:
    try:
        async for raw in ws:
            now = time.time()
            if not isinstance(raw, str):
                continue
            tick = on_frame(client, shared, raw, now)
            if client.player and game == "zombies":
                act = on_zombies_message(client, shared, raw, now)
                if act is not None:
                    await ws.send(act)
            elif client.player:
                on_player_message(client, shared, raw, now)
            if (
                tick is None
                and client.index == 0
                and not shared.snapshot_initial
                and raw.startswith('{"type":"snapshot"')
            ):
                shared.snapshot_initial = len(raw)
    except ConnectionClosed as exc:
        client.closed = f"{exc.rcvd.code if exc.rcvd else 'none'}"
    else:
        client.closed = f"{ws.close_code}"


def count_wire_bytes(client: Client, shared: Shared, ws: ClientConnection) -> None:
    """Count what the socket delivers in the window, before websockets inflates it."""
    receive_data = ws.protocol.receive_data

    def counted(data: bytes | bytearray) -> None:
        if shared.window.holds(time.time()):
            client.wire += len(data)
        receive_data(data)

    ws.protocol.receive_data = counted  # type: ignore[method-assign]


async def run_client(
    client: Client,
    shared: Shared,
    args: argparse.Namespace,
    gate: asyncio.Semaphore,
    sockets: list[ClientConnection],
) -> None:
    headers: dict[str, str] = {}
    try:
        async with gate:
            if args.page:
                headers["Cookie"] = await asyncio.to_thread(session_cookie, args.page)
            ws = await connect(
                args.ws,
                origin=cast(Origin, args.origin),
                additional_headers=headers,
                compression="deflate" if args.compression else None,
                max_size=2**24,
                ping_interval=None,
                open_timeout=60,
            )
    except Exception as exc:
        client.closed = f"connect failed: {exc!r}"
        shared.errors.append(client.closed)
        client.got_delta.set()
        return
    sockets.append(ws)
    client.ws = ws
    count_wire_bytes(client, shared, ws)
    tasks = [asyncio.create_task(receive(client, shared, ws, args.game))]
    if client.player and args.game == "zombies":
        tasks.append(asyncio.create_task(join_only(client, ws)))
    elif client.player:
        tasks.append(asyncio.create_task(play(client, shared, ws)))
    try:
        await tasks[0]
    finally:
        for task in tasks[1:]:
            task.cancel()


async def main_async(args: argparse.Namespace) -> None:
    shared = Shared(window=Window())
    clients = [Client(index=i, player=i < args.players) for i in range(args.conns)]
    gate = asyncio.Semaphore(CONNECT_CONCURRENCY)
    sockets: list[ClientConnection] = []
    tasks = [asyncio.create_task(run_client(c, shared, args, gate, sockets)) for c in clients]
    try:
        await asyncio.wait_for(
            asyncio.gather(*(c.got_delta.wait() for c in clients)), args.ready_timeout
        )
    except TimeoutError:
        shared.errors.append("ready timeout")
    connected = sum(1 for c in clients if c.closed is None and c.got_delta.is_set())
    print(f"READY {connected} {args.conns - connected}", flush=True)
    line = await asyncio.to_thread(sys.stdin.readline)
    _, t0, t1 = line.split()
    shared.window.t0, shared.window.t1 = float(t0), float(t1)
    await asyncio.sleep(max(0.0, shared.window.t0 - time.time()))
    usage0 = resource.getrusage(resource.RUSAGE_SELF)
    if args.sync_sample and args.players:
        await asyncio.sleep((shared.window.t1 - shared.window.t0) / 2)
        clients[0].want_snapshot_size = True
        if clients[0].ws is not None:
            with contextlib.suppress(ConnectionClosed):
                await clients[0].ws.send('{"type":"sync"}')
    await asyncio.sleep(max(0.0, shared.window.t1 - time.time()))
    usage1 = resource.getrusage(resource.RUSAGE_SELF)
    await asyncio.sleep(0.3)  # let frames in flight at t1 land (they are not counted)
    cpu = (usage1.ru_utime + usage1.ru_stime) - (usage0.ru_utime + usage0.ru_stime)
    result = {
        "conns": args.conns,
        "players": args.players,
        "connected": connected,
        "closed_in_run": [c.closed for c in clients if c.closed is not None],
        "frames": [c.frames for c in clients],
        "bytes": [c.bytes for c in clients],
        "wire": [c.wire for c in clients],
        "missed": [c.missed for c in clients],
        "interarrival_ms": shared.interarrival_ms,
        "ticks": {str(k): v for k, v in shared.ticks.items()},
        "latency_ms": shared.latency_ms,
        "turns_sent": shared.turns_sent,
        "turns_unresolved": shared.turns_unresolved,
        "delta_sizes": shared.delta_sizes,
        "snapshot_initial": shared.snapshot_initial,
        "snapshot_sync": shared.snapshot_sync,
        "cpu_s": cpu,
        "window_s": shared.window.t1 - shared.window.t0,
        "errors": shared.errors[:20],
    }
    await asyncio.to_thread(Path(args.out).write_bytes, orjson.dumps(result))
    for task in tasks:
        task.cancel()
    closing = [asyncio.create_task(ws.close()) for ws in sockets]
    if closing:
        await asyncio.wait(closing, timeout=3)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ws", required=True, help="WebSocket URL")
    parser.add_argument("--page", default="", help="room page to get a player from")
    parser.add_argument("--origin", required=True)
    parser.add_argument("--conns", type=int, required=True)
    parser.add_argument("--players", type=int, default=0)
    parser.add_argument("--game", choices=("snek", "zombies"), default="snek")
    parser.add_argument("--sync-sample", action="store_true")
    parser.add_argument(
        "--compression", action="store_true", help="offer permessage-deflate, as browsers do"
    )
    parser.add_argument("--ready-timeout", type=float, default=120.0)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    raise_nofile_limit()
    asyncio.run(main_async(args))


if __name__ == "__main__":
    main()
