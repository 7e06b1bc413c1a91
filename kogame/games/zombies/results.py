"""What Zombies keeps of a life: how it ends, what it counts, and what ranks its board.

A life runs from joining (or a new game) to the game's end or leaving; being downed and
revived is part of it. Its score is kills plus ten for each wave survived.
"""

from __future__ import annotations

from kogame.engine.results import Results, Stat

OVERRUN = "overrun"
WAVE_POINTS = 10

RESULTS = Results(
    causes={OVERRUN: "Overrun"},
    stats=(Stat("kills", "Kills"), Stat("waves", "Waves"), Stat("damage", "Damage taken")),
    ranks_by="score",
)


def score(kills: int, waves: int) -> int:
    return kills + WAVE_POINTS * waves
