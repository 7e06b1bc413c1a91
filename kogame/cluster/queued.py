"""Work for Redis queued by callers that must not wait, done in order by one task.

The tick loop and the consumers never wait for Redis: they queue what they want sent and
return, and one task per queue sends it, several items in one go where it can. A queue is
bounded: beyond its limit the oldest item is dropped and counted. While Redis is unreachable
the task says so once, tries again every RETRY_SECONDS, and says when Redis is back; what
happens to the items that failed is the subclass's choice (`failed`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from abc import ABC, abstractmethod
from collections import deque
from typing import Generic, TypeVar

log = logging.getLogger(__name__)

RETRY_SECONDS = 0.2

Item = TypeVar("Item")


class Queued(ABC, Generic[Item]):
    """Subclasses say how a batch is sent (`send_batch`) and what a failed one becomes
    (`failed`; dropped by default); `batch` is how many items one send takes at most."""

    #: What failures are Redis being unreachable (logged once per outage); others propagate.
    outage: tuple[type[BaseException], ...] = (OSError,)

    def __init__(self, name: str, limit: int, batch: int) -> None:
        self.name = name
        self.limit = limit
        self.batch = batch
        self.dropped = 0
        self._queue: deque[Item] = deque()
        self._ready = asyncio.Event()
        self._idle = asyncio.Event()
        self._idle.set()
        self._failing = False
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run(), name=self.name)

    async def stop(self, within: float = 5.0) -> None:
        """Send what is queued (for at most `within` seconds), then stop."""
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(within):
                await self._idle.wait()
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None

    def put(self, item: Item) -> None:
        if len(self._queue) >= self.limit:
            self._queue.popleft()
            self.dropped += 1
        self._queue.append(item)
        self._idle.clear()
        self._ready.set()

    @abstractmethod
    async def send_batch(self, batch: list[Item]) -> None:
        """Send these items, in order; raise one of `outage` if Redis could not be reached."""

    def failed(self, batch: list[Item]) -> None:
        self.dropped += len(batch)

    def put_back(self, batch: list[Item]) -> None:
        """For `failed`: the batch goes first again; its oldest give way beyond the limit."""
        room = max(self.limit - len(self._queue), 0)
        kept = batch[len(batch) - room :] if room < len(batch) else batch
        self.dropped += len(batch) - len(kept)
        self._queue.extendleft(reversed(kept))

    async def _run(self) -> None:
        while True:
            await self._ready.wait()
            while self._queue:
                batch = [self._queue.popleft() for _ in range(min(self.batch, len(self._queue)))]
                try:
                    await self.send_batch(batch)
                except self.outage as error:
                    self.failed(batch)
                    if not self._failing:
                        log.warning(
                            "%s: Redis unreachable (%s); will keep trying", self.name, error
                        )
                        self._failing = True
                    await asyncio.sleep(RETRY_SECONDS)
                else:
                    if self._failing:
                        log.warning("%s: Redis reachable again", self.name)
                        self._failing = False
            self._ready.clear()
            self._idle.set()
