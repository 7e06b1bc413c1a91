"""What one tick did, as plain records: the source of frames, messages and results."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from kogame.engine.results import Life

Cause = Literal["overrun", "left"]
OVERRUN: Cause = "overrun"
LEFT: Cause = "left"  # the platform's cause (kogame.engine.results.LEFT)


@dataclass(frozen=True, slots=True)
class Joined:
    player: str
    name: str


@dataclass(frozen=True, slots=True)
class Left:
    player: str


@dataclass(frozen=True, slots=True)
class Refused:
    """A person who would make more than `max_players` people was not let in."""

    player: str
    max_players: int


@dataclass(frozen=True, slots=True)
class Shot:
    """A shot from (x1, y1) to where it stopped (a wall, its range, or the zombie it hit at
    the position the shooter saw), in units; `hit` is that zombie's id."""

    shooter: str
    x1: int
    y1: int
    x2: int
    y2: int
    hit: int | None


@dataclass(frozen=True, slots=True)
class ZombieKilled:
    by: str
    zombie: int


@dataclass(frozen=True, slots=True)
class Bitten:
    player: str
    damage: int


@dataclass(frozen=True, slots=True)
class Downed:
    player: str


@dataclass(frozen=True, slots=True)
class Revived:
    """`by` is the teammate who stood beside them; None when a new wave stood them up."""

    player: str
    by: str | None


@dataclass(frozen=True, slots=True)
class WaveStarted:
    wave: int


@dataclass(frozen=True, slots=True)
class WaveCleared:
    wave: int


@dataclass(frozen=True, slots=True)
class GameOver:
    tick: int


@dataclass(frozen=True, slots=True)
class NewGame:
    tick: int


@dataclass(frozen=True, slots=True)
class LifeEnded:
    """A person's life ended (the game was over, or they left): what the results keep."""

    player: str
    name: str
    kills: int
    waves: int
    damage: int
    ticks: int
    cause: Cause

    @property
    def score(self) -> int:
        return self.kills + 10 * self.waves

    def life(self) -> Life:
        """The platform's results record of this life."""
        return Life(
            player=self.player,
            name=self.name,
            score=self.score,
            cause=self.cause,
            ticks=self.ticks,
            stats={"kills": self.kills, "waves": self.waves, "damage": self.damage},
        )


Event = (
    Joined | Left | Refused | Shot | ZombieKilled | Bitten | Downed | Revived | WaveStarted
    | WaveCleared | GameOver | NewGame | LifeEnded
)  # fmt: skip
