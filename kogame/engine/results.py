"""What a game keeps of a life, and what it declares about it: the platform's one results shape.

A game declares its `Results` once (how a life can end, which figures it counts, what ranks
its leaderboard) and reports each life that ends as a `Life`; the platform carries that record
unchanged to the database and checks it against the declaration there. Leaderboards and
players' pages show what the declaration says, so no platform page names a game's figures.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

# How a life ends when its player leaves while it lasts: the platform's, for every game.
LEFT = "left"
LEFT_WORDS = "Left the game"
SCORE = "score"
# Cause codes and stat names: short lowercase words, stored and used in database lookups.
NAME_MAX_LENGTH = 32
_NAME = re.compile(r"[a-z][a-z0-9]*(_[a-z0-9]+)*")


@dataclass(frozen=True)
class Stat:
    """A figure a game counts for each life (`name`, stored), shown under `label`."""

    name: str
    label: str


@dataclass(frozen=True)
class Life:
    """A person's life in a game that ended: what the results keep of it.

    `cause` is one of the game's declared causes (or LEFT); `ticks` is how long it lasted;
    `stats` holds a whole number for each of the game's declared stats, by name.
    """

    player: str
    name: str
    score: int
    cause: str
    ticks: int
    stats: Mapping[str, int]


@dataclass(frozen=True)
class Results:
    """A game's results declaration.

    `causes` maps each way a life can end to the plain words a leaderboard shows for it
    ("wall": "Hit a wall"); LEFT is added for every game. `ranks_by` is "score" or one of the
    stats' names: boards rank by it, highest first, ties going to whoever got there first.
    """

    causes: Mapping[str, str]
    stats: tuple[Stat, ...]
    ranks_by: str = SCORE

    def __post_init__(self) -> None:
        names = [stat.name for stat in self.stats]
        for name in [*self.causes, *names]:
            if not (_NAME.fullmatch(name) and len(name) <= NAME_MAX_LENGTH):
                raise ValueError(f"{name!r} is not a lowercase identifier of at most 32 characters")
        if LEFT in self.causes:
            raise ValueError(f"{LEFT!r} is the platform's cause: do not declare it")
        if len(set(names)) != len(names) or SCORE in names:
            raise ValueError(f"stat names must be unique and not {SCORE!r}: {names}")
        if not all(str(words).strip() for words in [*self.causes.values(), *self.labels]):
            raise ValueError("every cause and stat needs words to show")
        if self.ranks_by not in (SCORE, *names):
            raise ValueError(f"ranks_by must be {SCORE!r} or a stat's name, not {self.ranks_by!r}")
        object.__setattr__(self, "causes", MappingProxyType(dict(self.causes)))
        object.__setattr__(self, "stats", tuple(self.stats))

    @property
    def labels(self) -> list[str]:
        return [stat.label for stat in self.stats]

    def words(self, cause: str) -> str:
        """How a leaderboard reads `cause` (the code itself for one no longer declared)."""
        return LEFT_WORDS if cause == LEFT else self.causes.get(cause, cause)

    def problem(self, life: Life) -> str | None:
        """Why `life` does not fit this declaration, or None if it does."""
        if life.cause != LEFT and life.cause not in self.causes:
            return f"unknown cause {life.cause!r}"
        declared = {stat.name for stat in self.stats}
        if set(life.stats) != declared:
            return f"stats {sorted(life.stats)} are not the declared {sorted(declared)}"
        if not all(type(value) is int and value >= 0 for value in life.stats.values()):
            return "stats must be whole numbers, not negative"
        return None
