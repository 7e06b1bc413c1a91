"""Who is connected to a room, wherever the room runs: the bookkeeping `Room` and `RoomRelay`
share.

Each player has at most one controlling connection, their newest: a second window takes the
place over and the first is let go (the room tells it why). Every connection is in the
audience, which hands out players before watchers (kogame/engine/audience.py); a player
moves between the two as they join and spectate.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Generic, Protocol, TypeVar

from kogame.engine.audience import Audience


class HasPlayer(Protocol):
    @property
    def player(self) -> str: ...


C = TypeVar("C", bound=HasPlayer)


class Membership(Generic[C]):
    """A room's connections, each player's controlling one, and the order frames go out in."""

    def __init__(self) -> None:
        self.audience: Audience[C] = Audience()
        self._controllers: dict[str, C] = {}

    def attach(self, conn: C, playing: bool = False) -> C | None:
        """`conn` arrives and controls its player's place; the connection it replaces (no
        longer in the audience) is returned for the caller to let go."""
        previous = self._controllers.get(conn.player)
        self._controllers[conn.player] = conn
        self.audience.add(conn, playing=playing)
        if previous is None or previous is conn:
            return None
        self.audience.discard(previous)
        return previous

    def detach(self, conn: C) -> bool:
        """`conn` is gone; whether it was its player's controlling connection."""
        self.audience.discard(conn)
        if self._controllers.get(conn.player) is not conn:
            return False
        del self._controllers[conn.player]
        return True

    def controller(self, player: str) -> C | None:
        return self._controllers.get(player)

    def controls(self, player: str) -> bool:
        return player in self._controllers

    def players(self) -> Iterator[str]:
        """Every player with a controlling connection."""
        return iter(self._controllers)

    def play(self, player: str) -> None:
        """`player` asked to play: their connection gets frames before the watchers."""
        conn = self._controllers.get(player)
        if conn is not None:
            self.audience.play(conn)

    def watch(self, player: str) -> None:
        """`player` stopped playing: their connection gets frames after the players."""
        conn = self._controllers.get(player)
        if conn is not None:
            self.audience.watch(conn)

    def clear(self) -> None:
        self.audience.clear()
        self._controllers.clear()

    def __contains__(self, conn: object) -> bool:
        return conn in self.audience

    def __iter__(self) -> Iterator[C]:
        return iter(self.audience)

    def __len__(self) -> int:
        return len(self.audience)
