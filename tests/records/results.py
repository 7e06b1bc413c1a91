"""Results as a room would submit them, with sensible defaults."""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta

from kogame.engine.results import Life
from kogame.records.recorder import LifeEnded, MatchClosed, MatchOpened

T0 = datetime(2026, 5, 4, 12, 0, tzinfo=UTC)


def opened(key: str = "m1", room: str = "main", at: datetime = T0) -> MatchOpened:
    return MatchOpened(key=key, game="snek", room=room, settings={"size": 16}, at=at)


def closed(key: str = "m1", at: datetime = T0 + timedelta(hours=1)) -> MatchClosed:
    return MatchClosed(key=key, at=at)


def life(
    match: str = "m1",
    player: str = "playerAAAAAA",
    life: int = 1,
    *,
    name: str = "Ada",
    score: int = 3,
    cause: str = "wall",
    stats: Mapping[str, int] | None = None,
    duration: float = 12.5,
    at: datetime | None = None,
    game: str = "snek",
) -> LifeEnded:
    """Life number `life` of `player` in match `match`, as a room at 10 ticks/s would end it."""
    ended = Life(
        player=player,
        name=name,
        score=score,
        cause=cause,
        ticks=round(duration * 10) if math.isfinite(duration) else 0,
        stats={"length": 9, "kills": 0} if stats is None else stats,
    )
    return LifeEnded(
        match=match,
        game=game,
        life=ended,
        number=life,
        duration=duration,
        at=T0 + timedelta(minutes=life) if at is None else at,
    )


def player_id(n: int) -> str:
    """A valid, distinct 12-character player id."""
    return f"p{n:011d}"
