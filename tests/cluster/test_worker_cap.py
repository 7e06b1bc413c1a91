"""An engine worker takes no more rooms than KOGAME_MAX_ROOMS: the rest wait for another
worker. No Redis here: the scan meets a stand-in that wants four rooms."""

from __future__ import annotations

from typing import Any

from kogame.cluster.worker import EngineWorker, Owned
from kogame.engine.room import Room
from kogame.engine.spec import RoomSpec
from kogame.games.snek.game import SnekGame
from tests.cluster.fakes import SITE


class Wanted:
    """The wanted-rooms set, as a worker's scan reads it."""

    def __init__(self, rooms: list[str]) -> None:
        self.rooms = rooms

    async def zremrangebyscore(self, key: str, low: Any, high: Any) -> int:
        return 0

    async def zrangebyscore(self, key: str, low: Any, high: Any) -> list[bytes]:
        return [f"snek/{room}".encode() for room in self.rooms]


class Granted:
    """Leases nobody else holds: every one asked for is granted, and noted."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    async def acquire(self, game: str, room: str) -> bool:
        self.asked.append(room)
        return True


async def test_a_full_worker_leaves_the_other_wanted_rooms_alone(settings: Any) -> None:
    settings.KOGAME_MAX_ROOMS = 2
    settings.KOGAME_DEFAULT_ROOM = "main"
    wanted = Wanted(["a", "b", "main", "c", "d"])
    worker = EngineWorker({"snek": SnekGame()}, redis=wanted, layer=None, site=SITE)  # type: ignore[arg-type]
    leases = worker.leases = Granted()  # type: ignore[assignment]

    async def take(game: str, room_id: str) -> None:
        room = Room(SnekGame(), RoomSpec(game, room_id), seed=1)
        worker.owned[(game, room_id)] = Owned(room)

    worker._take = take  # type: ignore[method-assign]
    await worker._scan()
    assert leases.asked == ["a", "b", "main"], "the default room always starts, uncounted"
    assert set(worker.owned) == {("snek", "a"), ("snek", "b"), ("snek", "main")}
    await worker._scan()  # still full: asks for nothing
    assert leases.asked == ["a", "b", "main"]
