"""`make bench-layers`: RedisChannelLayer against RedisPubSubChannelLayer for Kogame's traffic.

Frames: a room owner `group_send`s one frame per tick at 20 Hz (about 1 KB, then 9 KB) to a
group of W member channels, W being the web processes with clients in the room; each member
lives in a process of its own, as web processes do. Inputs: W sender processes send small
messages as fast as they can to one fixed channel name the owner receives on. Last, whether
messages sent before their receiver exists wait for it. Everything talks to a private
redis-server started here, so nothing else competes for it and its CPU can be measured too.

Environment: BENCH_LAYERS_REPEATS (default 3; medians are reported), BENCH_LAYERS_WINDOW
(seconds of frames per size, default 2), BENCH_LAYERS_INPUT_WINDOW (seconds of inputs,
default 1). Results: tables on stdout, JSON in bench/results/layers-<UTC timestamp>.json;
written up in docs/scaleout-notes.md.

The processes it starts run `python -m bench.layers member|publisher|owner|sender ...` and
talk to it in JSON lines: they print {"event": "ready"} once set up, wait for "go" (or
"stop") on stdin, and print their figures.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import os
import queue
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

import orjson
import redis

from bench.engine import percentile
from kogame.liveserver import stop
from kogame.redisserver import RedisServer

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
LAYERS = ("RedisChannelLayer", "RedisPubSubChannelLayer")
WIDTHS = (1, 2, 4)
FRAME_SIZES = (1_000, 9_000)
TICK_RATE = 20
WARMUP_TICKS = 10
# Lets the last frames of one size land before the next size starts.
SIZE_GAP_SECONDS = 0.3
# The owner stops counting inputs once none has arrived for this long after the senders end.
DRAIN_IDLE_SECONDS = 0.5
DRAIN_MAX_SECONDS = 15.0
# RedisChannelLayer refuses sends past 100 queued messages by default (ChannelFull); the
# input flood is to measure throughput, so its channel gets room for all of it.
INPUT_CAPACITY = 1_000_000
LATE_MESSAGES = 20
ROLE_TIMEOUT = 60.0


def make_layer(name: str, url: str, capacity: int | None = None) -> Any:
    """A channel layer on `url` with channels_redis's defaults (but `capacity`, if given)."""
    from channels_redis.core import RedisChannelLayer
    from channels_redis.pubsub import RedisPubSubChannelLayer

    if name == "RedisChannelLayer":
        extra = {} if capacity is None else {"capacity": capacity}
        return RedisChannelLayer(hosts=[url], **extra)
    if name == "RedisPubSubChannelLayer":
        return RedisPubSubChannelLayer(hosts=[url])
    raise ValueError(f"unknown layer {name}")


async def close_layer(layer: Any) -> None:
    """Close the layer's connections (pub/sub's `flush` only closes; the other's would delete)."""
    if hasattr(layer, "close_pools"):
        await layer.close_pools()
    else:
        await layer.flush()


def emit(event: str, **figures: Any) -> None:
    sys.stdout.buffer.write(orjson.dumps({"event": event, **figures}) + b"\n")
    sys.stdout.flush()


async def command() -> str:
    """The next line from the benchmark; end of input (it went away) means stop."""
    line = await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
    return line.strip() or "stop"


# Roles: each runs in a process of its own.


async def member(layer_name: str, url: str, group: str) -> None:
    """A web process's channel in the room's group: time and count each frame until "stop"."""
    layer = make_layer(layer_name, url)
    channel = await layer.new_channel()
    await layer.group_add(group, channel)
    ticks: dict[int, set[int]] = {size: set() for size in FRAME_SIZES}
    latency: dict[int, list[float]] = {size: [] for size in FRAME_SIZES}
    first_cpu: dict[int, float] = {}
    last_cpu: dict[int, float] = {}

    async def receive() -> None:
        while True:
            message = await layer.receive(channel)
            now = time.time()
            if message.get("warmup"):
                continue
            size = message["size"]
            ticks[size].add(message["tick"])
            latency[size].append((now - message["sent"]) * 1000)
            last_cpu[size] = time.process_time()
            first_cpu.setdefault(size, last_cpu[size])

    emit("ready")
    receiving = asyncio.create_task(receive())
    await command()
    receiving.cancel()
    await asyncio.gather(receiving, return_exceptions=True)
    await layer.group_discard(group, channel)
    await close_layer(layer)
    emit(
        "report",
        sizes={
            str(size): {
                "ticks": len(ticks[size]),
                "latency_ms": latency[size],
                "cpu_per_frame": (last_cpu.get(size, 0.0) - first_cpu.get(size, 0.0))
                / max(1, len(latency[size]) - 1),
            }
            for size in FRAME_SIZES
        },
    )


async def publisher(layer_name: str, url: str, group: str, seconds: float) -> None:
    """The room owner: one frame per tick on a fixed timestep, as the room loop sends them."""
    layer = make_layer(layer_name, url)
    emit("ready")
    if await command() != "go":
        return
    loop = asyncio.get_running_loop()
    interval = 1 / TICK_RATE
    # What the tick loop costs with nothing to send: part of every figure below, layer or not.
    cpu0 = time.process_time()
    for _ in range(WARMUP_TICKS):
        await asyncio.sleep(interval)
    emit("idle", cpu_per_tick=(time.process_time() - cpu0) / WARMUP_TICKS)
    warmup = {"type": "frame", "warmup": True, "data": b"x" * FRAME_SIZES[0]}
    for _ in range(WARMUP_TICKS):
        await layer.group_send(group, warmup)
        await asyncio.sleep(interval)
    for size in FRAME_SIZES:
        data = b"x" * size
        ticks = round(seconds * TICK_RATE)
        emit("start", size=size)
        cpu0, start = time.process_time(), loop.time()
        for tick in range(ticks):
            delay = start + tick * interval - loop.time()
            if delay > 0:
                await asyncio.sleep(delay)
            frame = {"type": "frame", "size": size, "tick": tick, "sent": time.time()}
            await layer.group_send(group, frame | {"data": data})
        emit("end", size=size, ticks=ticks, cpu_per_tick=(time.process_time() - cpu0) / ticks)
        await asyncio.sleep(SIZE_GAP_SECONDS)
    await close_layer(layer)


async def owner(layer_name: str, url: str, channel: str) -> None:
    """The room owner's input channel: count what arrives until "stop" and a quiet spell."""
    layer = make_layer(layer_name, url, INPUT_CAPACITY)
    probed = asyncio.Event()
    arrived = asyncio.Event()
    times: list[float] = []
    cpu: dict[str, float] = {}

    async def receive() -> None:
        while True:
            message = await layer.receive(channel)
            if message["type"] == "probe":
                probed.set()
                continue
            times.append(time.time())
            cpu["last"] = time.process_time()
            cpu.setdefault("first", cpu["last"])
            arrived.set()

    receiving = asyncio.create_task(receive())
    # Pub/sub subscribes on the first receive: ready once a message of our own comes back.
    while not probed.is_set():
        await layer.send(channel, {"type": "probe"})
        await asyncio.sleep(0.05)
    emit("ready")
    await command()
    deadline = time.monotonic() + DRAIN_MAX_SECONDS
    with contextlib.suppress(TimeoutError):
        while time.monotonic() < deadline:
            arrived.clear()
            await asyncio.wait_for(arrived.wait(), DRAIN_IDLE_SECONDS)
    receiving.cancel()
    await asyncio.gather(receiving, return_exceptions=True)
    await close_layer(layer)
    emit(
        "report",
        received=len(times),
        seconds=times[-1] - times[0] if times else 0.0,
        cpu_per_message=(cpu.get("last", 0.0) - cpu.get("first", 0.0)) / max(1, len(times) - 1),
    )


async def sender(layer_name: str, url: str, channel: str, seconds: float) -> None:
    """A web process forwarding inputs: one awaited send after another, for `seconds`."""
    layer = make_layer(layer_name, url, INPUT_CAPACITY)
    emit("ready")
    if await command() != "go":
        return
    sent = 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        await layer.send(channel, {"type": "input", "seq": sent, "turn": "up"})
        sent += 1
    await close_layer(layer)
    emit("report", sent=sent)


# The benchmark: starts the roles and gathers their figures.


class Role:
    """A role's process; its JSON lines are read by a thread so waits can time out."""

    def __init__(self, *args: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bench.layers", *args],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )
        self.lines: queue.Queue[bytes] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line)
        self.lines.put(b"")

    def next(self, event: str) -> dict[str, Any]:
        line = self.lines.get(timeout=ROLE_TIMEOUT)
        if not line:
            raise RuntimeError(f"{self.process.args!r} exited with {self.process.wait()}")
        message: dict[str, Any] = orjson.loads(line)
        if message["event"] != event:
            raise RuntimeError(f"expected {event}, got {message}")
        return message

    def tell(self, line: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(line.encode() + b"\n")
        self.process.stdin.flush()

    def close(self) -> None:
        stop(self.process)


def redis_cpu_seconds(pid: int) -> float:
    """CPU time of all of the server's threads, to the nanosecond (/proc/PID/stat: 10 ms)."""
    tasks = Path(f"/proc/{pid}/task")
    return sum(int((t / "schedstat").read_text().split()[0]) for t in tasks.iterdir()) / 1e9


def frames_run(server: RedisServer, layer: str, width: int, seconds: float) -> list[dict[str, Any]]:
    """One run of the frame traffic; a row per frame size."""
    group = f"room.{uuid.uuid4().hex}"
    roles = [Role("member", layer, server.url, group) for _ in range(width)]
    publisher_role = Role("publisher", layer, server.url, group, str(seconds))
    roles.append(publisher_role)
    try:
        for role in roles:
            role.next("ready")
        publisher_role.tell("go")
        idle_us = publisher_role.next("idle")["cpu_per_tick"] * 1e6
        sent: dict[int, dict[str, float]] = {}
        for size in FRAME_SIZES:
            publisher_role.next("start")
            cpu0 = redis_cpu_seconds(server.pid)
            end = publisher_role.next("end")
            ticks = end["ticks"]
            sent[size] = {
                "ticks": ticks,
                "publisher_cpu_us": end["cpu_per_tick"] * 1e6,
                "publisher_idle_us": idle_us,
                "redis_cpu_us": (redis_cpu_seconds(server.pid) - cpu0) * 1e6 / ticks,
            }
        publisher_role.process.wait(timeout=ROLE_TIMEOUT)
        members = roles[:-1]
        for role in members:
            role.tell("stop")
        reports = [role.next("report")["sizes"] for role in members]
    finally:
        for role in roles:
            role.close()
    rows = []
    for size in FRAME_SIZES:
        got = [report[str(size)] for report in reports]
        latency = [ms for report in got for ms in report["latency_ms"]]
        rows.append(
            {
                "layer": layer,
                "width": width,
                "size": size,
                **sent[size],
                "receiver_cpu_us": statistics.fmean(r["cpu_per_frame"] for r in got) * 1e6,
                "delivered": sum(r["ticks"] for r in got) / (width * sent[size]["ticks"]),
                "p50_ms": percentile(latency, 50),
                "p99_ms": percentile(latency, 99),
            }
        )
    return rows


def inputs_run(server: RedisServer, layer: str, width: int, seconds: float) -> dict[str, Any]:
    """One run of the input flood: W senders, one owner."""
    channel = f"inputs.{uuid.uuid4().hex}"
    owner_role = Role("owner", layer, server.url, channel)
    senders = [Role("sender", layer, server.url, channel, str(seconds)) for _ in range(width)]
    try:
        for role in [owner_role, *senders]:
            role.next("ready")
        for role in senders:
            role.tell("go")
        sent = [role.next("report") for role in senders]
        owner_role.tell("stop")
        got = owner_role.next("report")
    finally:
        for role in [owner_role, *senders]:
            role.close()
    total = sum(s["sent"] for s in sent)
    return {
        "layer": layer,
        "width": width,
        "offered_per_s": total / seconds,
        "received_per_s": got["received"] / got["seconds"] if got["seconds"] else 0.0,
        "delivered": got["received"] / total if total else 0.0,
        "owner_cpu_us": got["cpu_per_message"] * 1e6,
    }


async def late_receiver(layer_name: str, url: str) -> int:
    """Send before anyone receives, then receive from a fresh layer (a process that starts
    later): how many of the messages wait for it."""
    channel = f"late.{uuid.uuid4().hex}"
    early = make_layer(layer_name, url)
    for seq in range(LATE_MESSAGES):
        await early.send(channel, {"type": "input", "seq": seq})
    await close_layer(early)
    late = make_layer(layer_name, url)
    received = 0
    try:
        while True:
            await asyncio.wait_for(late.receive(channel), timeout=1.0)
            received += 1
    except TimeoutError:
        pass
    await close_layer(late)
    return received


def median_rows(runs: list[list[dict[str, Any]]], keys: tuple[str, ...]) -> list[dict[str, Any]]:
    """Per row position, the median of each figure across runs (labels from the first run)."""
    merged = []
    for rows in zip(*runs, strict=True):
        row = dict(rows[0])
        for key, value in rows[0].items():
            if key not in keys and isinstance(value, int | float):
                row[key] = statistics.median(r[key] for r in rows)
        merged.append(row)
    return merged


def frames_table(rows: list[dict[str, Any]]) -> str:
    lines = [
        "| layer | frame | W | publisher CPU/tick | Redis CPU/tick | receiver CPU/frame "
        "| delivered | latency p50 | latency p99 |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['layer']} | {r['size'] / 1000:.0f} KB | {r['width']} "
            f"| {r['publisher_cpu_us']:.0f} µs | {r['redis_cpu_us']:.0f} µs "
            f"| {r['receiver_cpu_us']:.0f} µs | {r['delivered']:.1%} "
            f"| {r['p50_ms']:.2f} ms | {r['p99_ms']:.2f} ms |"
        )
    return "\n".join(lines)


def inputs_table(rows: list[dict[str, Any]], late: dict[str, int]) -> str:
    lines = [
        "| layer | W senders | offered msg/s | owner received msg/s | delivered "
        "| owner CPU/msg | sent before the receiver existed: received |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['layer']} | {r['width']} | {r['offered_per_s']:,.0f} "
            f"| {r['received_per_s']:,.0f} | {r['delivered']:.1%} | {r['owner_cpu_us']:.0f} µs "
            f"| {late[r['layer']]} of {LATE_MESSAGES} |"
        )
    return "\n".join(lines)


def run_benchmark() -> None:
    repeats = int(os.environ.get("BENCH_LAYERS_REPEATS", "3"))
    window = float(os.environ.get("BENCH_LAYERS_WINDOW", "2"))
    input_window = float(os.environ.get("BENCH_LAYERS_INPUT_WINDOW", "1"))
    started = dt.datetime.now(dt.UTC)
    with tempfile.TemporaryDirectory() as work, RedisServer(Path(work)) as server:
        client = redis.Redis.from_url(server.url)
        frames: list[list[dict[str, Any]]] = []
        inputs: list[list[dict[str, Any]]] = []
        # Repeat the whole sweep (not each case back to back), so drift hits every case alike.
        for n in range(1, repeats + 1):
            print(f"run {n} of {repeats}", file=sys.stderr)
            frames.append([])
            inputs.append([])
            for width in WIDTHS:
                for layer in LAYERS:
                    client.flushall()
                    frames[-1] += frames_run(server, layer, width, window)
                    client.flushall()
                    inputs[-1].append(inputs_run(server, layer, width, input_window))
        late = {layer: asyncio.run(late_receiver(layer, server.url)) for layer in LAYERS}
        version = client.info("server")["redis_version"]
        client.close()
    frame_rows = median_rows(frames, ("width", "size", "ticks"))
    input_rows = median_rows(inputs, ("width",))
    idle = statistics.median(row["publisher_idle_us"] for row in frame_rows)
    header = (
        f"Frames: {TICK_RATE} Hz, {window:g} s per frame size, one member process per group "
        f"member (the publisher's tick loop alone: {idle:.0f} µs/tick); inputs: "
        f"{input_window:g} s flood. Medians of {repeats} runs, redis-server {version}."
    )
    print(header, frames_table(frame_rows), inputs_table(input_rows, late), sep="\n\n")
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"layers-{started.strftime('%Y%m%dT%H%M%SZ')}.json"
    result = {"frames": frame_rows, "inputs": input_rows, "late": late}
    path.write_bytes(orjson.dumps(result | {"runs": {"frames": frames, "inputs": inputs}}))
    print(f"\nJSON: {path.relative_to(ROOT)}")


ROLES: dict[str, Callable[..., Coroutine[Any, Any, None]]] = {
    "member": member,
    "publisher": publisher,
    "owner": owner,
    "sender": sender,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("role", nargs="?", choices=sorted(ROLES))
    parser.add_argument("args", nargs="*")
    options = parser.parse_args()
    if options.role is None:
        run_benchmark()
        return
    *names, last = options.args
    if options.role in ("publisher", "sender"):
        asyncio.run(ROLES[options.role](*names, float(last)))
    else:
        asyncio.run(ROLES[options.role](*names, last))


if __name__ == "__main__":
    main()
