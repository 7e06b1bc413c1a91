"""Results as a room would submit them, with sensible defaults."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from kogame.records.recorder import LifeEnded, MatchClosed, MatchOpened

T0 = datetime(2026, 5, 4, 12, 0, tzinfo=UTC)


def opened(key: str = "m1", room: str = "main", at: datetime = T0) -> MatchOpened:
    return MatchOpened(key=key, game="snek", room=room, settings={"size": 16}, at=at)


def closed(key: str = "m1", at: datetime = T0 + timedelta(hours=1)) -> MatchClosed:
    return MatchClosed(key=key, at=at)


def life(
    match: str = "m1", player: str = "playerAAAAAA", life: int = 1, **fields: Any
) -> LifeEnded:
    values: dict[str, Any] = {
        "name": "Ada",
        "score": 3,
        "length": 9,
        "kills": 0,
        "cause": "wall",
        "duration": 12.5,
        "at": T0 + timedelta(minutes=life),
    }
    return LifeEnded(match=match, player=player, life=life, **(values | fields))


def player_id(n: int) -> str:
    """A valid, distinct 12-character player id."""
    return f"p{n:011d}"
