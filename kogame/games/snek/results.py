"""What Snek keeps of a life: how a snake can die, what it counts, and what ranks its board."""

from __future__ import annotations

from kogame.engine.results import Results, Stat
from kogame.games.snek.events import Cause

LENGTH = Stat("length", "Length")
KILLS = Stat("kills", "Kills")

RESULTS = Results(
    causes={
        Cause.WALL.value: "Hit a wall",
        Cause.SELF.value: "Hit itself",
        Cause.SNAKE.value: "Hit another snake",
        Cause.HEAD.value: "Lost a head-on",
    },
    stats=(LENGTH, KILLS),
    ranks_by="score",
)
