"""The embedded host: rooms live as asyncio tasks inside this process.

A room is created by the first connection that asks for it, from the description its caller
read (RoomSpec), and removes itself from the host when it stops (idle or failed).
At most `max_rooms` run at once: every room ticks until it has been idle a while, so without a
cap anyone able to open rooms could fill the process's CPU. The rooms named in `exempt` (each
game's default room) always start and are not counted: filling the process with rooms of
one's own must not shut everyone out of the main room.
Daphne sends no lifespan events, so nothing here depends on them.
"""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Callable, Mapping
from typing import Any

from kogame.engine.game import Game, Message
from kogame.engine.room import Room, RoomListener
from kogame.engine.spec import RoomSpec, RoomTiming

# A socket to a room that no process can run now: it is told, closed, and tries again later.
CLOSE_BUSY = 4013
BUSY: Message = {
    "type": "error",
    "code": "server_busy",
    "message": "The server is busy right now and can't open this room. Trying again shortly.",
}


class UnknownGame(LookupError):
    pass


class HostFull(RuntimeError):
    """Starting one more room would pass the host's cap; running rooms are still found."""


class EmbeddedHost:
    def __init__(
        self,
        games: Mapping[str, Game[Any, Any, Any]],
        seed_source: Callable[[], int] = lambda: secrets.randbits(63),
        listener: RoomListener | None = None,
        timing: Callable[[], RoomTiming] = RoomTiming,
        max_rooms: int | None = None,
        exempt: frozenset[str] = frozenset(),
    ) -> None:
        self.games = games
        self.max_rooms = max_rooms
        self.exempt = exempt
        self._listener = listener
        # Read for each new room: an operator's (or a test's) settings may change meanwhile.
        self._timing = timing
        self._seed_source = seed_source
        self.rooms: dict[tuple[str, str], Room] = {}

    def room(self, spec: RoomSpec) -> Room:
        """The running room `spec` describes, started if there is none.

        Raises HostFull rather than start a room past the cap.
        """
        key = (spec.game, spec.slug)
        room = self.rooms.get(key)
        if room is None:
            game = self.games.get(spec.game)
            if game is None:
                raise UnknownGame(spec.game)
            if self.full and spec.slug not in self.exempt:
                raise HostFull(f"{self._counted()} rooms running, at most {self.max_rooms}")
            room = Room(
                game,
                spec,
                self._seed_source(),
                timing=self._timing(),
                on_stop=self._forget,
                listener=self._listener,
            )
            self.rooms[key] = room
            room.start()
        return room

    @property
    def full(self) -> bool:
        """Whether a room that is not running yet would be refused."""
        return self.max_rooms is not None and self._counted() >= self.max_rooms

    def _counted(self) -> int:
        return sum(1 for _, room_id in self.rooms if room_id not in self.exempt)

    async def shutdown(self) -> None:
        """Stop every room (used on process exit and between tests)."""
        tasks = [room.task for room in self.rooms.values() if room.task is not None]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        self.rooms.clear()

    def _forget(self, room: Room) -> None:
        key = (room.game_name, room.room_id)
        if self.rooms.get(key) is room:
            del self.rooms[key]
