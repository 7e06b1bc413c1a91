"""Leaderboard pages and players' own pages.

Every page is paginated with a fixed number of queries (a count and a page of rows, with
players and matches joined in), so it stays fast however many scores there are.
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from kogame.engine.registry import GAMES
from kogame.engine.spec import valid_slug
from kogame.players.identity import current_player, ensure_player
from kogame.players.models import Player
from kogame.players.names import friendly_name
from kogame.players.updates import create_player
from kogame.records import leaderboards
from kogame.records.models import Score

PAGE_SIZE = 25


def _page(request: HttpRequest, scores: QuerySet[Score]) -> Page[Score]:
    return Paginator(scores, PAGE_SIZE).get_page(request.GET.get("page"))


def _board(request: HttpRequest, scores: QuerySet[Score], **context: Any) -> HttpResponse:
    context |= {"page": _page(request, scores), "board_url": request.path}
    return render(request, "records/leaderboard.html", context)


@require_GET
def all_time(request: HttpRequest) -> HttpResponse:
    return _board(request, leaderboards.all_time(), title="All-time best", board="all")


@require_GET
def today(request: HttpRequest) -> HttpResponse:
    return _board(request, leaderboards.today(), title="Today's best (UTC)", board="today")


@require_GET
def room(request: HttpRequest, game: str, room: str) -> HttpResponse:
    if game not in GAMES or not valid_slug(room):
        raise Http404("No such room.")
    scores = leaderboards.in_room(game, room)
    return _board(request, scores, title=f"Best in {room}", board="room", game=game, room=room)


@require_GET
def player(request: HttpRequest, player_id: str) -> HttpResponse:
    """A player's history, latest first, and their best; merged players lead to the account's."""
    shown = get_object_or_404(Player, pk=player_id)
    if shown.merged_into_id is not None:
        return redirect("records:player", player_id=shown.merged_into_id)
    context = {
        "shown": shown,
        "best": leaderboards.personal_best(shown.pk),
        "page": _page(request, leaderboards.history(shown.pk)),
        "board_url": request.path,
        "is_me": shown.pk == current_player(request.session),
    }
    return render(request, "records/player.html", context)


@require_GET
def me(request: HttpRequest) -> HttpResponse:
    """Your own page; someone who has not played yet gets their row (and a name) here.

    Only then: a write on every visit would take SQLite's write lock for nothing."""
    player = ensure_player(request.session)
    if not Player.objects.filter(pk=player).exists():
        create_player(player, friendly_name())
    return redirect(reverse("records:player", args=[player]))
