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
    ROOM_FULL = "room_full"


# One Moved per live snake per tick: a frozen dataclass's __init__ costs about three times a
# plain one's, so this event alone is plain (with slots).
@dataclass(slots=True)
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
class LifeOver:
    """A snake's life ended (it died, or its player left while it lived): the results to keep.

    `cause` is a Cause value or "left"; `ticks` is how long the life lasted.
    """

    player: str
    name: str
    cause: str
    score: int
    length: int
    kills: int
    ticks: int


@dataclass(frozen=True)
class Spawned:
    snake: int
    player: str


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


Event = Moved | Ate | Died | LifeOver | Spawned | Removed | FoodAdded | NoRoom | Refused
