"""`python -m bench.redisclient`: a process's CPU per Redis call on distributed mode's hot paths.

In distributed mode every input is posted to a mailbox and every tick's frame is received by
each web process over pub/sub, so what redis-py costs per call is paid about a hundred times a
second in each process (docs/performance.md, "Cheaper Redis calls"). Measured here, in this
process, against a private redis-server, with redis-py's own parser and with hiredis:

- posting one message (an input) through `Poster`, as one script call (what it does) and as
  a pipeline of `RPUSH`, `LTRIM` and `PEXPIRE` (what it did before), one post per wake as
  inputs come;
- receiving one frame through `FrameSubscriber`, published by another process one at a time.

On the event loop Kogame's processes run. Each figure is this process's CPU (getrusage) per
operation, less that of the same loop doing nothing; medians of BENCH_REDISCLIENT_REPEATS
(default 3) runs of BENCH_REDISCLIENT_COUNT (default 2,000) operations.
"""

from __future__ import annotations

import asyncio
import os
import resource
import statistics
import sys
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from redis._parsers import _AsyncHiredisParser, _AsyncRESP3Parser
from redis.asyncio import Redis

from kogame.cluster import keys
from kogame.cluster.framebus import FrameSubscriber
from kogame.cluster.mailbox import CAPACITY, EXPIRY_MS, Poster
from kogame.cluster.messages import Act, Frame, to_json
from kogame.engine.frames import TickFrames
from kogame.eventloop import default_loop, runner
from kogame.redisserver import RedisServer

PARSERS: dict[str, type[Any]] = {"redis-py": _AsyncRESP3Parser, "hiredis": _AsyncHiredisParser}
# The gap between two posts or two frames: each is a wake of its own, as in a real process.
GAP_SECONDS = 0.002
ROOM = "snek/bench"
MAILBOX = keys.room_mailbox("snek", "bench")
FRAME_TEXT = '{"type":"delta","tick":1,"snakes":"' + "x" * 500 + '"}'


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


class PipelinePoster(Poster):
    """The poster as it was before the script: per mailbox a pipeline of three commands."""

    async def send_batch(self, batch: list[tuple[str, bytes]]) -> None:
        pipe = self.redis.pipeline(transaction=False)
        for mailbox, payload in batch:
            pipe.rpush(mailbox, payload)
            pipe.ltrim(mailbox, -CAPACITY, -1)
            pipe.pexpire(mailbox, EXPIRY_MS)
        await pipe.execute()


async def per_post(client: Redis, poster_class: type[Poster], count: int) -> float:
    """µs of CPU per message posted one at a time, less the idle loop's."""
    poster = poster_class(client)
    poster.start()
    message = Act("player-1", {"type": "turn", "direction": "up"})
    await idle_loop(10)
    busy = await timed(count, lambda: post_one(poster, message))
    idle = await timed(count, lambda: asyncio.sleep(GAP_SECONDS))
    await poster.stop()
    await client.delete(MAILBOX)  # each run starts empty, far from the mailbox's cap
    return (busy - idle) * 1e6 / count


async def post_one(poster: Poster, message: Act) -> None:
    poster.post(MAILBOX, message)
    await asyncio.sleep(GAP_SECONDS)


async def idle_loop(count: int) -> None:
    for _ in range(count):
        await asyncio.sleep(GAP_SECONDS)


async def timed(count: int, step: Callable[[], Awaitable[None]]) -> float:
    began = cpu_seconds()
    for _ in range(count):
        await step()
    return cpu_seconds() - began


async def per_frame(url: str, parser: type[Any], count: int) -> float:
    """µs of CPU per frame received, less the idle loop's over the same time."""
    received: list[Frame] = []
    subscriber = FrameSubscriber(Redis.from_url(url, parser_class=parser), received.append)
    channel = keys.frames_channel(ROOM)
    subscriber.start()
    subscriber.want(channel)
    payload = to_json(Frame(ROOM, TickFrames(1, {"": FRAME_TEXT})))
    script = (
        "import redis, sys, time\n"
        "r = redis.Redis.from_url(sys.argv[1])\n"
        f"while r.pubsub_numsub({channel!r})[0][1] == 0:\n"
        "    time.sleep(0.01)\n"
        "for _ in range(int(sys.argv[2])):\n"
        f"    r.publish({channel!r}, {payload!r}); time.sleep({GAP_SECONDS})\n"
    )
    began, wall = cpu_seconds(), asyncio.get_running_loop().time()
    publisher = await asyncio.create_subprocess_exec(sys.executable, "-c", script, url, str(count))
    await publisher.wait()
    await asyncio.sleep(0.1)
    busy, elapsed = cpu_seconds() - began, asyncio.get_running_loop().time() - wall
    await subscriber.stop()
    idle_began = cpu_seconds()
    await asyncio.sleep(elapsed)
    idle = cpu_seconds() - idle_began
    return (busy - idle) * 1e6 / max(1, len(received))


async def measure(url: str, count: int, repeats: int, rows: list[tuple[str, str, float]]) -> None:
    for parser_name, parser in PARSERS.items():
        client = Redis.from_url(url, parser_class=parser)
        for label, poster_class in (("script", Poster), ("pipeline", PipelinePoster)):
            figures = [await per_post(client, poster_class, count) for _ in range(repeats)]
            rows.append((f"post one message ({label})", parser_name, statistics.median(figures)))
        await client.aclose()
        figures = [await per_frame(url, parser, count) for _ in range(repeats)]
        rows.append(("receive one frame", parser_name, statistics.median(figures)))


def main() -> None:
    count = int(os.environ.get("BENCH_REDISCLIENT_COUNT", "2000"))
    repeats = int(os.environ.get("BENCH_REDISCLIENT_REPEATS", "3"))
    rows: list[tuple[str, str, float]] = []
    with tempfile.TemporaryDirectory() as directory, RedisServer(Path(directory)) as server:
        # On the event loop Kogame's processes run (uvloop where installed).
        runner(default_loop())(measure(server.url, count, repeats, rows))
    print(f"{'operation':<30} {'parser':<9} {'µs CPU each':>11}")
    for operation, parser, micros in rows:
        print(f"{operation:<30} {parser:<9} {micros:>11.0f}")


if __name__ == "__main__":
    main()
