"""A room's connections in the order its frames go out to them: players first.

Writing one frame to 1,000 sockets takes tens of milliseconds, so the last connection gets a
tick's frame that much after the first (the benchmark's fan-out spread). A watcher never
notices; a player does, because the frame showing their turn is what makes the game feel
quick. So connections of people who asked to play come first, then everyone watching; each
group keeps arrival order.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Generic, TypeVar

C = TypeVar("C")


class Audience(Generic[C]):
    """A set of connections that iterates players first (see the module docstring)."""

    def __init__(self) -> None:
        self._playing: dict[C, None] = {}
        self._watching: dict[C, None] = {}

    def add(self, conn: C, playing: bool = False) -> None:
        self.discard(conn)
        (self._playing if playing else self._watching)[conn] = None

    def play(self, conn: C) -> None:
        """`conn` asked to play: it gets frames before the watchers from now on."""
        if conn in self._watching:
            self.add(conn, playing=True)

    def watch(self, conn: C) -> None:
        """`conn` stopped playing: it gets frames after the players."""
        if conn in self._playing:
            self.add(conn, playing=False)

    def discard(self, conn: C) -> None:
        self._playing.pop(conn, None)
        self._watching.pop(conn, None)

    def clear(self) -> None:
        self._playing.clear()
        self._watching.clear()

    def __contains__(self, conn: object) -> bool:
        return conn in self._playing or conn in self._watching

    def __iter__(self) -> Iterator[C]:
        # chain, not a generator: once per connection per tick, in C rather than in Python.
        return itertools.chain(self._playing, self._watching)

    def __len__(self) -> int:
        return len(self._playing) + len(self._watching)
