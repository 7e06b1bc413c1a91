"""A connection's bounded queue of outgoing frames, drained by its own writer task.

The room hands every frame to `deliver`, which never waits: a client that reads slowly makes
its own writer wait (uvicorn's `send` waits while the socket's buffer is full), never the tick
loop or the other clients. When a client falls `limit` frames behind, what it has queued is
dropped and replaced by one fresh snapshot (`resync`), so memory stays bounded and the client
is whole again as soon as it catches up. Closing goes through the queue, after what precedes it.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from kogame.engine.metrics import SENT

log = logging.getLogger(__name__)

DEFAULT_LIMIT = 32


@dataclass(frozen=True)
class _Close:
    code: int


class Outbox:
    def __init__(
        self,
        send: Callable[[str], Awaitable[None]],
        close: Callable[[int], Awaitable[None]],
        resync: Callable[[], str],
        limit: int = DEFAULT_LIMIT,
    ) -> None:
        self._send = send
        self._close = close
        self._resync = resync
        self.limit = limit
        self.dropped = 0
        self._queue: deque[str | _Close] = deque()
        self._ready = asyncio.Event()
        self._closed = False
        self._task = asyncio.get_running_loop().create_task(self._drain())

    def __len__(self) -> int:
        return len(self._queue)

    def deliver(self, text: str) -> None:
        """Queue a frame; past the limit, swap the backlog for one fresh snapshot."""
        if self._closed:
            return
        if len(self._queue) >= self.limit:
            self.dropped += len(self._queue)
            SENT.dropped += len(self._queue)
            SENT.resyncs += 1
            self._queue.clear()
            text = self._resync()
        self._queue.append(text)
        self._ready.set()

    def close(self, code: int) -> None:
        """Close the connection once everything queued before has been sent."""
        if not self._closed:
            self._closed = True
            self._queue.append(_Close(code))
            self._ready.set()

    async def stop(self) -> None:
        """The connection is gone: stop writing."""
        self._closed = True
        self._task.cancel()
        await asyncio.gather(self._task, return_exceptions=True)

    async def _drain(self) -> None:
        try:
            while True:
                await self._ready.wait()
                while self._queue:
                    item = self._queue.popleft()
                    if isinstance(item, _Close):
                        await self._close(item.code)
                        return
                    await self._send(item)
                    SENT.frames += 1
                    SENT.bytes += len(item)
                self._ready.clear()
        except asyncio.CancelledError:
            raise
        except Exception:
            log.info("stopped writing to a connection that failed", exc_info=True)
        finally:
            self._closed = True
            self._queue.clear()
