"""One ordered queue of channel-layer operations per process.

Group changes and owner changes must reach Redis in the order they were made (a web process
leaving a room's group, then joining it again), and nothing that makes them may wait for
Redis: callers queue an operation and return, and one task performs them in order
(kogame/cluster/queued.py). An operation that fails is dropped (the heartbeat makes group
changes again every second) and the log says so once per outage.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from kogame.cluster.queued import Queued

LIMIT = 10_000
Operation = Callable[[], Awaitable[Any]]


class Sender(Queued[Operation]):
    # The channel layer's failures are many kinds of error, each meaning the same here.
    outage = (Exception,)

    def __init__(self, layer: Any, limit: int = LIMIT) -> None:
        super().__init__("channel layer", limit, batch=1)
        self.layer = layer

    def group_send(self, group: str, message: dict[str, Any]) -> None:
        self.put(lambda: self.layer.group_send(group, message))

    def group_add(self, group: str, channel: str) -> None:
        self.put(lambda: self.layer.group_add(group, channel))

    def group_discard(self, group: str, channel: str) -> None:
        self.put(lambda: self.layer.group_discard(group, channel))

    async def send_batch(self, batch: list[Operation]) -> None:
        for operation in batch:
            await operation()
