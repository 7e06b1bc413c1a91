"""Scores as their game declared them: the game's title, its figures under their labels and in
their order, and each cause in plain words (see kogame/engine/results.py).

Pages render these, so no template names a game or its figures. A score of a game the site no
longer offers is still shown, as it was stored.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from kogame.engine.registry import GAMES
from kogame.engine.results import LEFT, LEFT_WORDS, SCORE, Results, Stat
from kogame.records.models import Score


def declaration(game: str) -> Results | None:
    found = GAMES.get(game)
    return None if found is None else found.results


def ranked_by(game: str) -> Stat:
    """What `game`'s boards rank by: the score, or one of its stats."""
    results = declaration(game)
    if results is None or results.ranks_by == SCORE:
        return Stat(SCORE, "Score")
    return next(stat for stat in results.stats if stat.name == results.ranks_by)


def title(game: str) -> str:
    """The game's name as pages show it."""
    return str(getattr(GAMES.get(game), "title", None) or game.capitalize())


@dataclass(frozen=True)
class Line:
    """One score as a page shows it; `stats` are (label, value) pairs (None: not recorded)."""

    row: Score
    game: str
    stats: tuple[tuple[str, object], ...]
    cause: str


def line(score: Score) -> Line:
    results = declaration(score.game)
    if results is None:
        stats = tuple(score.stats.items())
        cause = LEFT_WORDS if score.cause == LEFT else score.cause
    else:
        stats = tuple((stat.label, score.stats.get(stat.name)) for stat in results.stats)
        cause = results.words(score.cause)
    return Line(row=score, game=title(score.game), stats=stats, cause=cause)


def lines(scores: Iterable[Score]) -> list[Line]:
    return [line(score) for score in scores]
