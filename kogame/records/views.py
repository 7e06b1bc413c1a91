"""Leaderboard pages (each game's own) and players' own pages.

Every page is paginated with a fixed number of queries (a count and a page of rows, with
players and matches joined in), so it stays fast however many scores there are. A board shows
each player's best life unless asked for every life (`?view=lives`).
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
from kogame.records import declared, leaderboards
from kogame.records.models import Score

PAGE_SIZE = 25
# A board shows each player's best life, or every life with `?view=lives`.
LIVES = "lives"


def _page(request: HttpRequest, scores: QuerySet[Score]) -> Page[Score]:
    return Paginator(scores, PAGE_SIZE).get_page(request.GET.get("page"))


def _offered(game: str) -> str:
    if game not in GAMES:
        raise Http404("No such game.")
    return game


def _first_game() -> str:
    return _offered(next(iter(GAMES), ""))


def _board(
    request: HttpRequest, game: str, lives: QuerySet[Score], board: str, **context: Any
) -> HttpResponse:
    """A board of `game`'s lives in the view asked for, with its declared columns, the views
    and a link to each game's board of the same kind and view (a room's board leads to each
    game's all-time board)."""
    every_life = request.GET.get("view") == LIVES
    page = _page(request, leaderboards.shown(game, lives, per_player=not every_life))
    keep = f"?view={LIVES}" if every_life else ""
    kind = "records:today" if board == "today" else "records:all_time"
    tabs = [
        {
            "title": declared.title(name),
            "url": reverse(kind, args=[name]) + keep,
            "current": name == game,
        }
        for name in GAMES
    ]
    views = [
        {"title": "Best per player", "url": request.path, "current": not every_life},
        {"title": "Every life", "url": f"{request.path}?view={LIVES}", "current": every_life},
    ]
    periods = [
        {"title": title, "url": reverse(name, args=[game]) + keep, "current": board == shown}
        for title, name, shown in (
            ("All time", "records:all_time", "all"),
            ("Today", "records:today", "today"),
        )
    ]
    context |= {
        "page": page,
        "lines": declared.lines(page.object_list),
        "board_url": request.path,
        "keep_query": f"view={LIVES}&" if every_life else "",
        "views": views,
        "periods": periods,
        "section": "boards",
        "game": game,
        "game_title": declared.title(game),
        "results": GAMES[game].results,
        "ranked_by": declared.ranked_by(game),
        "tabs": tabs,
    }
    return render(request, "records/leaderboard.html", context)


def _with_query(request: HttpRequest, url: str) -> HttpResponse:
    query = request.GET.urlencode()
    return redirect(f"{url}?{query}" if query else url)


@require_GET
def boards(request: HttpRequest) -> HttpResponse:
    """The first game's all-time board (the leaderboards are per game)."""
    return _with_query(request, reverse("records:all_time", args=[_first_game()]))


@require_GET
def boards_today(request: HttpRequest) -> HttpResponse:
    return _with_query(request, reverse("records:today", args=[_first_game()]))


@require_GET
def all_time(request: HttpRequest, game: str) -> HttpResponse:
    scores = leaderboards.all_time(_offered(game))
    return _board(request, game, scores, "all", title="All-time best")


@require_GET
def today(request: HttpRequest, game: str) -> HttpResponse:
    scores = leaderboards.today(_offered(game))
    return _board(request, game, scores, "today", title="Today's best (UTC)")


@require_GET
def room(request: HttpRequest, game: str, room: str) -> HttpResponse:
    if game not in GAMES or not valid_slug(room):
        raise Http404("No such room.")
    name = leaderboards.room_name(game, room)
    title = f"Best in {name}" if name else "Best in this room"
    scores = leaderboards.in_room(game, room)
    return _board(request, game, scores, "room", title=title, room=room, room_title=name)


@require_GET
def player(request: HttpRequest, player_id: str) -> HttpResponse:
    """A player's best in each game and their history in all, latest first; merged players
    lead to the account's."""
    shown = get_object_or_404(Player, pk=player_id)
    if shown.merged_into_id is not None:
        return redirect("records:player", player_id=shown.merged_into_id)
    page = _page(request, leaderboards.history(shown.pk))
    is_me = shown.pk == current_player(request.session)
    context = {
        "shown": shown,
        "bests": declared.lines(leaderboards.personal_bests(shown.pk)),
        "page": page,
        "lines": declared.lines(page.object_list),
        "board_url": request.path,
        "is_me": is_me,
        "section": "me" if is_me else "",
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
