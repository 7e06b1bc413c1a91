"""What one tick did, as plain records: the source of deltas and of messages to players."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

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


@dataclass(frozen=True)
class Moved:
    snake: int
    head: Cell
    trimmed: int


@dataclass(frozen=True)
class Ate:
    snake: int
    cell: Cell
    score: int


@dataclass(frozen=True)
class Died:
    snake: int
    player: str
    cause: Cause
    score: int


@dataclass(frozen=True)
class Spawned:
    snake: int
    player: str


@dataclass(frozen=True)
class Removed:
    snake: int


@dataclass(frozen=True)
class FoodAdded:
    cell: Cell


@dataclass(frozen=True)
class NoRoom:
    player: str


@dataclass(frozen=True)
class Refused:
    player: str
    reason: Refusal
    ticks_left: int = 0


Event = Moved | Ate | Died | Spawned | Removed | FoodAdded | NoRoom | Refused
