"""Snek's plain data: settings, snakes, the whole game state, and the inputs that drive it."""

from __future__ import annotations

import random
from collections import deque
from dataclasses import dataclass, field
from enum import Enum
from typing import ClassVar

from kogame.games.snek.board import Board, Cell


class Direction(Enum):
    UP = "up"
    DOWN = "down"
    LEFT = "left"
    RIGHT = "right"

    @property
    def offset(self) -> Cell:
        return OFFSETS[self._value_]

    @property
    def opposite(self) -> Direction:
        return _OPPOSITES[self._value_]

    def ahead(self, cell: Cell, steps: int = 1) -> Cell:
        # Keyed by the value string: hashing an Enum member runs Python code, a str does not.
        dx, dy = OFFSETS[self._value_]
        return (cell[0] + dx * steps, cell[1] + dy * steps)


# A direction's step by its value, for hot loops: `OFFSETS[direction._value_]`.
OFFSETS = {"up": (0, -1), "down": (0, 1), "left": (-1, 0), "right": (1, 0)}
_OPPOSITES = {
    "up": Direction.DOWN,
    "down": Direction.UP,
    "left": Direction.RIGHT,
    "right": Direction.LEFT,
}

MIN_BOARD = 10
MAX_BOARD = 256

BOT_PREFIX = "bot:"


def is_bot(player: str) -> bool:
    """Whether `player` is one of the game's own AI players (people's ids never hold a colon)."""
    return player.startswith(BOT_PREFIX)


@dataclass(frozen=True)
class Settings:
    """Rules settings of one room; times are in ticks because the rules know no clock."""

    width: int = 48
    height: int = 48
    start_length: int = 3
    growth: int = 2
    respawn_delay_ticks: int = 15
    max_queued_turns: int = 2
    max_players: int = 12
    bots: int = 0
    # A person's new snake stands still this many ticks (or turns) unless its player turns
    # first; 0 starts every snake at once. Bots never wait.
    hold_ticks: int = 0
    # The clear run a spawn looks for ahead of a new head, in cells. Where none that long is
    # free, a shorter one down to `rules.SPAWN_CLEAR_AHEAD` does.
    spawn_clear_ahead: int = 2

    # A room's limits: the lobby's form offers up to 32 players, an operator may give the
    # default room more (KOGAME_SNEK_MAX_PLAYERS); the engine benchmark subclasses Settings to
    # go past the bot limit.
    PLAYER_LIMIT: ClassVar[int] = 1000
    BOT_LIMIT: ClassVar[int] = 16

    def __post_init__(self) -> None:
        limits = {
            "width": (MIN_BOARD, MAX_BOARD),
            "height": (MIN_BOARD, MAX_BOARD),
            "max_players": (1, self.PLAYER_LIMIT),
            "bots": (0, self.BOT_LIMIT),
        }
        for name, (low, high) in limits.items():
            if not low <= getattr(self, name) <= high:
                raise ValueError(f"{name} must be between {low} and {high}")
        if self.start_length < 2 or self.growth < 0 or self.respawn_delay_ticks < 0:
            raise ValueError("start_length >= 2, growth >= 0 and respawn_delay_ticks >= 0")
        if self.max_queued_turns < 1:
            raise ValueError("max_queued_turns must be at least 1")
        if self.hold_ticks < 0 or self.spawn_clear_ahead < 2:
            raise ValueError("hold_ticks >= 0 and spawn_clear_ahead >= 2")


@dataclass
class Snake:
    """One life of a player's. Its `colour` is one of the palette's, and the player's next
    life keeps it (rules.pick_colour)."""

    id: int
    player: str
    name: str
    colour: str
    body: deque[Cell]
    direction: Direction
    alive: bool = True
    score: int = 0
    pending_growth: int = 0
    queued_turns: deque[Direction] = field(default_factory=deque)
    died_at: int | None = None
    born: int = 0
    kills: int = 0
    # Held at its spawn: it does not move until its player turns or this tick comes (then it
    # moves on that tick). None once it moves.
    held_until: int | None = None

    @property
    def head(self) -> Cell:
        return self.body[0]


@dataclass
class Waiting:
    """A player queued to be placed on the board (just joined, or asked to respawn), with the
    colour they chose when they joined ("#rrggbb", or None: no new choice)."""

    name: str
    told_no_room: bool = False
    failed_ticks: int = 0
    colour: str | None = None


@dataclass
class State:
    """The whole game. `step` advances it in place; `snapshot` gives a plain-data copy."""

    settings: Settings
    rng: random.Random
    board: Board
    tick: int = 0
    next_snake_id: int = 1
    snakes: dict[int, Snake] = field(default_factory=dict)
    snake_of: dict[str, int] = field(default_factory=dict)
    waiting: dict[str, Waiting] = field(default_factory=dict)

    def snake_for(self, player: str) -> Snake | None:
        snake_id = self.snake_of.get(player)
        return None if snake_id is None else self.snakes[snake_id]

    def alive(self) -> list[Snake]:
        return [snake for snake in self.snakes.values() if snake.alive]


@dataclass(frozen=True)
class Join:
    """A player asks for a place; `colour` is their choice ("#rrggbb", any colour: the rules
    snap it to the palette), or None."""

    player: str
    name: str
    colour: str | None = None


@dataclass(frozen=True)
class Leave:
    player: str


@dataclass(frozen=True)
class Turn:
    player: str
    direction: Direction


@dataclass(frozen=True)
class Respawn:
    player: str


Input = Join | Leave | Turn | Respawn
