"""Zombies' plain data: options, players, zombies, the whole game state, and its inputs.

The state is advanced in place by `rules.step` (like Snek's: copying 300 zombies every tick
would cost more than moving them); `persist.save_state` gives its exact bytes. Everything is
in integer units (see geometry.py) and times are in ticks: the rules know no clock.
"""

from __future__ import annotations

import random
from collections import deque
from dataclasses import dataclass, field
from typing import ClassVar, Literal

from kogame.games.zombies.flowfield import Nav

BOT_PREFIX = "bot:"

Phase = Literal["fight", "break", "over"]
PHASES: tuple[Phase, ...] = ("fight", "break", "over")


def is_bot(player: str) -> bool:
    """Whether `player` is one of the game's AI teammates (people's ids never hold a colon)."""
    return player.startswith(BOT_PREFIX)


@dataclass(frozen=True, slots=True)
class Options:
    """A room's settings: AI teammates topping the room up, and the room's size in people."""

    bots: int = 2
    max_players: int = 8

    BOT_LIMIT: ClassVar[int] = 7
    PLAYER_LIMIT: ClassVar[int] = 16

    def __post_init__(self) -> None:
        if not 0 <= self.bots <= self.BOT_LIMIT:
            raise ValueError(f"bots must be between 0 and {self.BOT_LIMIT}")
        if not 1 <= self.max_players <= self.PLAYER_LIMIT:
            raise ValueError(f"max_players must be between 1 and {self.PLAYER_LIMIT}")


@dataclass(slots=True)
class Player:
    """A person or bot in the game. `revive` counts the ticks a teammate has stood beside a
    downed player; `credit` the moves the player may still make (see rules.commands);
    `since` is the tick its life (for the results) began."""

    id: str
    name: str
    x: int
    y: int
    aim: int = 0
    hp: int = 100
    down: bool = False
    revive: int = 0
    kills: int = 0
    waves: int = 0
    damage: int = 0
    ack: int = 0
    credit: int = 0
    cooldown: int = 0
    since: int = 0
    bot: bool = False


@dataclass(slots=True)
class Zombie:
    """A zombie: `bite` is the ticks until it may bite again, `speed` in px/s."""

    id: int
    x: int
    y: int
    hp: int
    bite: int = 0
    speed: int = 50


# One tick's zombie positions for lag compensation: (tick, (id, x, y, id, x, y, ...)).
Frame = tuple[int, tuple[int, ...]]


@dataclass(slots=True)
class State:
    """The whole game. `tick` is the number of the world the state holds (the frame clients
    are sent after the step that made it). `timer` counts the ticks left of a break or of the
    pause after a game over (0 in a fight); `to_release` the zombies of this wave still to come
    out; `release_timer` the ticks until the next few come out. `history` holds the zombies'
    positions of the last `rewind_ticks` ticks and the current one, oldest first.

    `nav` (neighbour lists and the latest flow field) is a cache: not saved, not compared,
    rebuilt from the map when missing.
    """

    map_name: str
    options: Options
    tick_rate: int
    rng: random.Random
    tick: int = 0
    wave: int = 0
    phase: Phase = "break"
    timer: int = 0
    to_release: int = 0
    release_timer: int = 0
    next_zombie: int = 1
    players: dict[str, Player] = field(default_factory=dict)
    zombies: list[Zombie] = field(default_factory=list)
    history: deque[Frame] = field(default_factory=deque)
    # Watchers (people with no player) who follow a player: watcher -> followed player.
    following: dict[str, str] = field(default_factory=dict)
    nav: Nav | None = field(default=None, repr=False, compare=False)

    @property
    def rewind_ticks(self) -> int:
        """How far back shots are judged: 200 ms of ticks."""
        return self.tick_rate // 5

    def people(self) -> int:
        return sum(1 for player in self.players.values() if not player.bot)

    def standing(self) -> list[Player]:
        return [player for player in self.players.values() if not player.down]

    def zombies_left(self) -> int:
        """Zombies of this wave not killed yet: alive or still to come out."""
        return self.to_release + len(self.zombies)


@dataclass(frozen=True, slots=True)
class Join:
    player: str
    name: str


@dataclass(frozen=True, slots=True)
class Leave:
    player: str


@dataclass(frozen=True, slots=True)
class Act:
    """One tick's command from a player: see the contract (seq increasing, move 0..8, aim
    0..4095, seen = the tick of the world the client showed when it fired)."""

    player: str
    seq: int
    move: int
    aim: int
    fire: bool
    seen: int


@dataclass(frozen=True, slots=True)
class Follow:
    """A watcher's choice of view: follow `target` (a player in the game), or the whole map
    (None)."""

    watcher: str
    target: str | None


Input = Join | Leave | Act | Follow
