"""The leaderboards: which scores rank where, one set of boards per game.

A board is shown two ways: each player's best life (the default), or every life, best first,
as an arcade's high-score table (one player may hold several places). Either way a life that
achieved nothing (a ranked figure of zero) is left out. What "best" means is the game's to
declare (`Results.ranks_by`: the score, or one of its stats); ties go to whoever got there
first. Every board is a single query (each player's best through a window ranking their
lives), so a page costs the same however many scores there are.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from django.db.models import (
    BigIntegerField,
    Case,
    Expression,
    F,
    Max,
    OrderBy,
    QuerySet,
    When,
    Window,
)
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, RowNumber
from django.db.models.lookups import GreaterThan
from django.utils import timezone

from kogame.engine.registry import GAMES
from kogame.engine.results import SCORE
from kogame.records.declared import ranked_by
from kogame.records.models import Match, Score


def _figure(game: str) -> Expression:
    by = ranked_by(game).name
    return Cast(F(SCORE) if by == SCORE else KT(f"stats__{by}"), BigIntegerField())


def ranking(game: str) -> tuple[OrderBy | str, ...]:
    """The order of `game`'s boards: what it ranks by, highest first, then the earliest."""
    return (_figure(game).desc(), "at", "id")


def ranked_figure(game: str, score: Score) -> Any:
    """The figure `game`'s boards rank `score` by."""
    by = ranked_by(game).name
    return score.score if by == SCORE else score.stats.get(by)


def _ranked(game: str, scores: QuerySet[Score]) -> QuerySet[Score]:
    return scores.select_related("player", "match").order_by(*ranking(game))


def today_utc(now: datetime | None = None) -> tuple[datetime, datetime]:
    """Start and end of the current day in UTC: "today" is the same for every player."""
    start = (
        (now or timezone.now()).astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    )
    return start, start + timedelta(days=1)


def all_time(game: str) -> QuerySet[Score]:
    return _ranked(game, Score.objects.filter(game=game))


def today(game: str, now: datetime | None = None) -> QuerySet[Score]:
    start, end = today_utc(now)
    return _ranked(game, Score.objects.filter(game=game, at__gte=start, at__lt=end))


def best_today(game: str, player_id: str, now: datetime | None = None) -> int | None:
    """`player_id`'s best score in `game` today (UTC), or None when they have no life today.

    The score itself, whatever the game ranks by: it is what the room page shows beside a life's
    score. Read through the player's own lives (index `score_player_recent`)."""
    start, end = today_utc(now)
    lives = Score.objects.filter(player_id=player_id, at__gte=start, at__lt=end, game=game)
    best: int | None = lives.aggregate(best=Max("score"))["best"]
    return best


def in_room(game: str, room: str) -> QuerySet[Score]:
    return _ranked(game, Score.objects.filter(match__game=game, match__room=room))


def shown(game: str, lives: QuerySet[Score], per_player: bool) -> QuerySet[Score]:
    """What a board of `lives` (one of the boards above) shows: the lives whose ranked figure
    is above zero, best first; with `per_player`, only each player's best of them (ranked as
    the board is, so ties again go to the earliest)."""
    order = ranking(game)
    scored = lives.filter(GreaterThan(_figure(game), 0))
    if not per_player:
        return scored
    best = Window(RowNumber(), partition_by=[F("player_id")], order_by=list(order))
    return scored.order_by().annotate(player_rank=best).filter(player_rank=1).order_by(*order)


def room_name(game: str, room: str) -> str | None:
    """The name a room's latest run was recorded under; None for a private room (its slug is
    its invite) or a room that never ran."""
    latest = Match.objects.filter(game=game, room=room).order_by("-started_at", "-id").first()
    return None if latest is None else latest.listed_name


def history(player_id: str) -> QuerySet[Score]:
    """A player's lives in every game, latest first."""
    return Score.objects.filter(player_id=player_id).select_related("match").order_by("-at", "-id")


def personal_bests(player_id: str) -> list[Score]:
    """The player's best life in each game the site offers that they have played, in the
    site's order of games: one query, however many games (a window ranks each game's lives
    by what that game ranks by)."""
    games = list(GAMES)
    figure = Case(*(When(game=game, then=_figure(game)) for game in games))
    rank = Window(RowNumber(), partition_by=[F("game")], order_by=[figure.desc(), "at", "id"])
    scores = Score.objects.filter(player_id=player_id, game__in=games).annotate(rank=rank)
    bests = {best.game: best for best in scores.filter(rank=1).select_related("player", "match")}
    return [bests[game] for game in games if game in bests]


def top_today(game: str, limit: int = 10) -> list[dict[str, Any]]:
    """The top of today's board of `game` (each player's best, none that achieved nothing)
    for the lobby: player id, name, score, the figure they rank by, game, room (its slug and
    its name, as the boards show it) and when.

    `room` and `room_name` are None for a private room: its slug is its invite and is never
    shown.
    """
    return [
        {
            "player": row.player_id,
            "name": row.player.name,
            "score": row.score,
            "figure": ranked_figure(game, row),
            "game": row.game,
            "room": row.match.listed_room,
            "room_name": row.match.listed_name,
            "at": row.at,
        }
        for row in shown(game, today(game), per_player=True)[:limit]
    ]
