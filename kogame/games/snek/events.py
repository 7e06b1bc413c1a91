"""What one tick did, as plain records: the source of deltas and of messages to players."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from functools import partial
from typing import NamedTuple

from kogame.engine.results import Life
from kogame.games.snek.board import Cell


class Cause(Enum):
    WALL = "wall"
    SELF = "self"
    SNAKE = "snake"
    HEAD = "head"


class Refusal(Enum):
    """Why an input was not carried out; values are the protocol's error codes."""

    NOT_PLAYING = "not_playing"
    NOT_DEAD = "not_dead"
    TOO_SOON = "too_soon"
    ROOM_FULL = "room_full"


class Moved(NamedTuple):
    """One per live snake per tick, so the cheapest record to make: a named tuple, which
    `new_moved((snake, head, trimmed))` builds without running any Python code (calling
    `Moved(...)` runs its Python `__new__`, and a dataclass's `__init__` costs more still)."""

    snake: int
    head: Cell
    trimmed: int


new_moved: Callable[[tuple[int, Cell, int]], Moved] = partial(tuple.__new__, Moved)


@dataclass(frozen=True)
class Ate:
    snake: int
    cell: Cell
    score: int


@dataclass(frozen=True)
class Died:
    """`killer` is the snake credited with the death (whose body was hit, or the survivor of
    a head-on), None when it was nobody's doing."""

    snake: int
    player: str
    cause: Cause
    score: int
    killer: int | None = None


@dataclass(frozen=True)
class Spawned:
    snake: int
    player: str


@dataclass(frozen=True)
class Released:
    """A held snake starts to move this tick: its player turned, or its hold ran out."""

    snake: int


@dataclass(frozen=True)
class Removed:
    """A snake taken off the list: its player left (`left`), or a new life replaced it."""

    snake: int
    player: str
    name: str
    left: bool


@dataclass(frozen=True)
class FoodAdded:
    cell: Cell


@dataclass(frozen=True)
class NoRoom:
    player: str


@dataclass(frozen=True)
class Refused:
    """`ticks_left` comes with TOO_SOON, and `max_players` (the room's limit) with ROOM_FULL."""

    player: str
    reason: Refusal
    ticks_left: int = 0
    max_players: int = 0


# A `Life` is the event of a snake's life ending (it died, or its player left while it lived):
# the rules make it as the results keep it (see kogame/games/snek/results.py).
Event = Moved | Ate | Died | Life | Spawned | Released | Removed | FoodAdded | NoRoom | Refused
