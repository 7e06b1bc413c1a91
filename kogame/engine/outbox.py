"""A connection's bounded queue of outgoing frames, drained by its own writer task.

The room hands every frame to `deliver`, which never waits. While the socket keeps up, the
send runs at once, inside `deliver` (uvicorn's `send` only suspends when the socket's buffer
is full); a send that does suspend is finished by this connection's writer task, and frames
queue behind it. So a client that reads slowly delays only itself, never the tick loop or the
other clients. When a client falls `limit` frames behind, its queue is dropped and replaced
by what makes it whole again (`resync`: a fresh snapshot, the chat lines and the counts;
where the room is elsewhere and nothing is at hand, the client notices the gap in tick
numbers and asks with `sync`), so memory stays bounded and the client is whole again as
soon as it catches up. Closing goes through the queue, after what precedes it.

A connection may also offer a `direct` writer that puts a frame on its socket at once
without the ASGI send (kogame/play/directsend.py); the eager path tries it first.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from typing import Any

from kogame.engine.metrics import SENT

log = logging.getLogger(__name__)

DEFAULT_LIMIT = 32
# What a send raises once the client has gone: uvicorn's ClientDisconnected (and any socket
# error) is an OSError, and a send after the server's own close is a RuntimeError. A client
# going away is ordinary (a thousand may leave at once), so it is not worth a traceback.
_GONE = (OSError, RuntimeError)

Send = Callable[[str], Coroutine[Any, Any, None]]
# Writes a frame at once and returns True, or returns False having written nothing.
DirectWrite = Callable[[str], bool]


@dataclass(frozen=True)
class _Close:
    code: int


class Outbox:
    def __init__(
        self,
        send: Send,
        close: Callable[[int], Awaitable[None]],
        resync: Callable[[], list[str]],
        limit: int = DEFAULT_LIMIT,
        direct: DirectWrite | None = None,
    ) -> None:
        self._send = send
        self._direct = direct
        self._close = close
        self._resync = resync
        self.limit = limit
        self.dropped = 0
        self._queue: deque[str | _Close] = deque()
        self._suspended: tuple[Coroutine[Any, Any, None], Any] | None = None
        self._writing = False
        self._ready = asyncio.Event()
        self._closed = False
        self._task = asyncio.get_running_loop().create_task(self._drain())

    def __len__(self) -> int:
        return len(self._queue)

    def deliver(self, text: str) -> None:
        """Send a frame now if the socket keeps up, else queue it (bounded, see above)."""
        if self._closed:
            return
        if not self._writing and self._suspended is None:
            # Written here, not in a helper: this is every frame of every client that keeps
            # up, and one call less per connection per tick shows at a thousand connections.
            # The direct write if it can, else the send coroutine's first step; only a send
            # that must wait goes on, in the writer task.
            direct = self._direct
            try:
                if direct is None or not direct(text):
                    coro = self._send(text)
                    self._suspended = (coro, coro.send(None))  # StopIteration: sent already
                    self._ready.set()
                    return
            except StopIteration:
                pass
            except Exception as error:
                self._stop_writing(error)
                return
            SENT.frames += 1
            SENT.bytes += len(text)
            return
        if len(self._queue) >= self.limit:
            self.dropped += len(self._queue)
            SENT.dropped += len(self._queue)
            SENT.resyncs += 1
            self._queue.clear()
            # They stand for the dropped frames and this one; with none at hand the client
            # sees the gap in tick numbers and asks.
            self._queue.extend(self._resync())
        else:
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

    async def _finish_suspended(self) -> None:
        """Resume a send that suspended in `deliver`, stepping it as a task would."""
        assert self._suspended is not None
        coro, blocked_on = self._suspended
        try:
            while True:
                if isinstance(blocked_on, asyncio.Future):
                    blocked_on._asyncio_future_blocking = False
                    await asyncio.wait([blocked_on])
                else:
                    await asyncio.sleep(0)
                blocked_on = coro.send(None)
        except StopIteration:
            SENT.frames += 1
        except BaseException:
            coro.close()
            raise
        finally:
            self._suspended = None

    async def _drain(self) -> None:
        try:
            while True:
                await self._ready.wait()
                self._writing = True
                if self._suspended is not None:
                    await self._finish_suspended()
                while self._queue:
                    item = self._queue.popleft()
                    if isinstance(item, _Close):
                        await self._close(item.code)
                        return
                    await self._send(item)
                    SENT.frames += 1
                    SENT.bytes += len(item)
                self._writing = False
                self._ready.clear()
        except asyncio.CancelledError:
            raise
        except Exception as error:
            self._stop_writing(error)
        finally:
            self._closed = True
            self._queue.clear()

    def _stop_writing(self, error: Exception) -> None:
        """The connection failed: write nothing more (the consumer's disconnect cleans up)."""
        self._closed = True
        if isinstance(error, _GONE):
            log.debug("stopped writing to a connection that went away (%r)", error)
        else:
            log.warning("stopped writing to a connection after an unexpected error", exc_info=error)
