"""A stand-in for the channel layer's receiving side, for tests without Redis."""

from __future__ import annotations

import asyncio
from typing import Any


class ScriptedChannel:
    """A channel whose reads give these messages, or raise these errors, in turn; then it
    waits for ever, as a quiet channel does."""

    def __init__(self, *reads: dict[str, Any] | Exception) -> None:
        self.reads = list(reads)

    async def receive(self, channel: str) -> dict[str, Any]:
        if self.reads:
            read = self.reads.pop(0)
            if isinstance(read, Exception):
                raise read
            return read
        await asyncio.Event().wait()
        raise AssertionError("unreachable")
