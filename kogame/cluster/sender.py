"""One ordered queue of channel-layer operations per process.

Frames, per-connection messages and group changes must reach Redis in the order they were
made (a welcome before the deltas that follow it), and the tick loop must never wait for
Redis: callers queue an operation and return, and one task performs them in order. If Redis
is unreachable the queue is bounded: the oldest operations are dropped (clients notice gaps
in tick numbers and ask for a snapshot) and the log says so once per outage.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any

log = logging.getLogger(__name__)

LIMIT = 10_000
Operation = Callable[[], Awaitable[Any]]


class Sender:
    def __init__(self, layer: Any, limit: int = LIMIT) -> None:
        self.layer = layer
        self.limit = limit
        self.dropped = 0
        self._queue: deque[Operation] = deque()
        self._ready = asyncio.Event()
        self._idle = asyncio.Event()
        self._idle.set()
        self._failing = False
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run(), name="cluster sender")

    async def stop(self, within: float = 5.0) -> None:
        """Send what is queued (for at most `within` seconds), then stop."""
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(within):
                await self._idle.wait()
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)

    def send(self, channel: str, message: dict[str, Any]) -> None:
        self._put(lambda: self.layer.send(channel, message))

    def group_send(self, group: str, message: dict[str, Any]) -> None:
        self._put(lambda: self.layer.group_send(group, message))

    def group_add(self, group: str, channel: str) -> None:
        self._put(lambda: self.layer.group_add(group, channel))

    def group_discard(self, group: str, channel: str) -> None:
        self._put(lambda: self.layer.group_discard(group, channel))

    def _put(self, operation: Operation) -> None:
        if len(self._queue) >= self.limit:
            self._queue.popleft()
            self.dropped += 1
        self._queue.append(operation)
        self._idle.clear()
        self._ready.set()

    async def _run(self) -> None:
        while True:
            await self._ready.wait()
            while self._queue:
                operation = self._queue.popleft()
                try:
                    await operation()
                except Exception as error:  # Redis down or restarting: keep going
                    if not self._failing:
                        log.warning("channel layer unreachable (%s); will keep trying", error)
                        self._failing = True
                    await asyncio.sleep(0.2)
                else:
                    if self._failing:
                        log.warning("channel layer reachable again")
                        self._failing = False
            self._ready.clear()
            self._idle.set()
