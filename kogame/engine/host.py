"""The embedded host: rooms live as asyncio tasks inside this process.

A room is created by the first connection that asks for it, with the config its caller read
from the room's definition, and removes itself from the host when it stops (idle or failed).
Daphne sends no lifespan events, so nothing here depends on them.
"""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Callable, Mapping
from typing import Any

from kogame.engine.game import Game
from kogame.engine.room import Room, RoomConfig, RoomListener


class UnknownGame(LookupError):
    pass


class EmbeddedHost:
    def __init__(
        self,
        games: Mapping[str, Game[Any, Any, Any]],
        seed_source: Callable[[], int] = lambda: secrets.randbits(63),
        listener: RoomListener | None = None,
    ) -> None:
        self.games = games
        self._listener = listener
        self._seed_source = seed_source
        self.rooms: dict[tuple[str, str], Room] = {}

    def room(self, game_name: str, room_id: str, config: RoomConfig) -> Room:
        """The running room with this name, started with `config` if there is none."""
        key = (game_name, room_id)
        room = self.rooms.get(key)
        if room is None:
            game = self.games.get(game_name)
            if game is None:
                raise UnknownGame(game_name)
            room = Room(
                game_name,
                room_id,
                game,
                config,
                self._seed_source(),
                on_stop=self._forget,
                listener=self._listener,
            )
            self.rooms[key] = room
            room.start()
        return room

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
