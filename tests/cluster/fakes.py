"""Stand-ins for the receiving sides of the channel layer and of a mailbox, for tests
without Redis."""

from __future__ import annotations

import asyncio
from typing import Any

from kogame.cluster.worker import Site
from kogame.engine.room import NoListener, Room
from kogame.engine.spec import RoomSpec


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


class ScriptedMailbox:
    """A Redis whose blocking pops give these batches of payloads (None: the wait ended with
    nothing), or raise these errors, in turn; then it waits for ever, as a quiet list does."""

    def __init__(self, *reads: list[bytes] | Exception | None) -> None:
        self.reads = list(reads)

    async def blmpop(self, *args: Any, **options: Any) -> Any:
        if self.reads:
            read = self.reads.pop(0)
            if isinstance(read, Exception):
                raise read
            return None if read is None else [args[2].encode(), read]
        await asyncio.Event().wait()
        raise AssertionError("unreachable")


def _main_only(game: str, slug: str) -> RoomSpec | None:
    return RoomSpec(game, slug) if slug == "main" else None


def _entry(room: Room) -> dict[str, Any]:
    return {"game": room.game_name, "id": room.room_id}


# A site with only default rooms ("main"), whose results go nowhere: for workers tested without one.
SITE = Site(find_room=_main_only, listener=NoListener(), entry=_entry)
