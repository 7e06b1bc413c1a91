"""The floor: a bare `websockets` server that broadcasts one fixed-size frame per tick.

No Django, no game: what fan-out of a same-sized frame costs with the least work around it.
`python -m bench.floor --port P --tick-rate 20 --frame-bytes 1500`.
"""

from __future__ import annotations

import argparse
import asyncio
import resource

from websockets.asyncio.server import ServerConnection, broadcast, serve

CONNECTIONS: set[ServerConnection] = set()


def raise_nofile_limit() -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def frame(tick: int, size: int) -> str:
    """`{"type":"delta","tick":N,"pad":"xxx…"}` padded to `size` bytes (at least the header)."""
    head = f'{{"type":"delta","tick":{tick},"pad":"'
    tail = '"}'
    return head + "x" * max(0, size - len(head) - len(tail)) + tail


async def handler(connection: ServerConnection) -> None:
    CONNECTIONS.add(connection)
    try:
        async for _ in connection:  # ignore anything a client sends
            pass
    finally:
        CONNECTIONS.discard(connection)


async def tick_loop(tick_rate: float, size: int) -> None:
    """Tick at `start + k * interval`, like the room loop, so work does not drift the rate."""
    loop = asyncio.get_running_loop()
    interval = 1.0 / tick_rate
    start = loop.time()
    k = 0
    while True:
        k += 1
        delay = start + k * interval - loop.time()
        if delay > 0:
            await asyncio.sleep(delay)
        broadcast(CONNECTIONS, frame(k, size))


async def main_async(port: int, tick_rate: float, size: int) -> None:
    async with serve(handler, "127.0.0.1", port, compression=None, max_size=64 * 1024):
        await tick_loop(tick_rate, size)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--tick-rate", type=float, default=20.0)
    parser.add_argument("--frame-bytes", type=int, default=1500)
    args = parser.parse_args()
    raise_nofile_limit()
    asyncio.run(main_async(args.port, args.tick_rate, args.frame_bytes))


if __name__ == "__main__":
    main()
