"""The leaderboards: which scores rank where.

A leaderboard lists lives, best first, as an arcade's high-score table does: one player may
hold several places. Ties go to whoever got there first. Every board is a single indexed
query (see the indexes on Score), so a page costs the same however many scores there are.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from kogame.records.models import Score

RANKING = ("-score", "at", "id")


def _ranked(scores: QuerySet[Score]) -> QuerySet[Score]:
    return scores.select_related("player", "match").order_by(*RANKING)


def today_utc(now: datetime | None = None) -> tuple[datetime, datetime]:
    """Start and end of the current day in UTC: "today" is the same for every player."""
    start = (
        (now or timezone.now()).astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    )
    return start, start + timedelta(days=1)


def all_time() -> QuerySet[Score]:
    return _ranked(Score.objects.all())


def today(now: datetime | None = None) -> QuerySet[Score]:
    start, end = today_utc(now)
    return _ranked(Score.objects.filter(at__gte=start, at__lt=end))


def in_room(game: str, room: str) -> QuerySet[Score]:
    return _ranked(Score.objects.filter(match__game=game, match__room=room))


def history(player_id: str) -> QuerySet[Score]:
    """A player's lives, latest first."""
    return Score.objects.filter(player_id=player_id).select_related("match").order_by("-at", "-id")


def personal_best(player_id: str) -> Score | None:
    return _ranked(Score.objects.filter(player_id=player_id)).first()


def top_today(limit: int = 10) -> list[dict[str, Any]]:
    """Today's best lives for the lobby: player id, name, score, game, room and when.

    `room` is None for a private room: its slug is its invite and is never shown.
    """
    rows = today().select_related("player", "match")[:limit]
    return [
        {
            "player": row.player_id,
            "name": row.player.name,
            "score": row.score,
            "game": row.match.game,
            "room": row.match.listed_room,
            "at": row.at,
        }
        for row in rows
    ]
