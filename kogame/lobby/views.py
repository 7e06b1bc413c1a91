"""The lobby page (live public rooms and the create-a-room form) and its JSON feed."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from kogame.clientip import client_ip
from kogame.engine.registry import GAMES
from kogame.lobby.forms import RoomForm
from kogame.lobby.limits import Refusal, address_key, creation_refusal
from kogame.players.identity import ensure_player
from kogame.records.declared import ranked_by, title
from kogame.records.leaderboards import top_today
from kogame.rooms.directory import create_room, default_room
from kogame.rooms.hosting import entry, live_entries

TOP_TODAY = 10


@require_http_methods(["GET", "POST"])
def home(request: HttpRequest) -> HttpResponse:
    chosen = _chosen_game(request)
    form = RoomForm(GAMES[chosen], request.POST if request.method == "POST" else None)
    refusal: Refusal | None = None
    if request.method == "POST":
        if form.is_valid():
            definition = form.definition()
            # Creating a room is something to store: the first moment a player id is issued.
            definition.created_by = ensure_player(request.session)
            definition.created_from = address_key(client_ip(request))
            # Counted and created in one transaction (see creation_refusal).
            with transaction.atomic():
                refusal = creation_refusal(definition.created_by, definition.created_from)
                if refusal is None:
                    return redirect(create_room(definition).url)
        status = refusal.status if refusal is not None else 400
    else:
        status = 200
    context = {
        "form": form,
        "games": [(name, game.title) for name, game in GAMES.items()],
        "chosen": chosen,
        "refusal": refusal,
        "rooms": listed_rooms(),
        "rooms_url": "/api/rooms",
        "top_today": todays_best(),
    }
    return render(request, "lobby/home.html", context, status=status)


def _chosen_game(request: HttpRequest) -> str:
    """The game whose form the lobby shows: the one posted, or picked with ?game=."""
    name = request.POST.get("game") or request.GET.get("game") or ""
    return name if name in GAMES else next(iter(GAMES))


def todays_best() -> list[dict[str, Any]]:
    """Each offered game's best lives today, under the game's title and what it ranks by."""
    return [
        {
            "game": game,
            "title": title(game),
            "label": ranked_by(game).label,
            "url": reverse("records:today", args=[game]),
            "entries": top_today(game, TOP_TODAY),
        }
        for game in GAMES
    ]


@require_GET
def rooms_json(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"rooms": listed_rooms()})


def listed_rooms() -> list[dict[str, Any]]:
    """Live public rooms, busiest first; each game's default room is always there."""
    listed: dict[tuple[str, str], dict[str, Any]] = {}
    for name, game in GAMES.items():
        spec = default_room(name)
        listed[(name, spec.slug)] = _with_links(entry(game, spec))
    for live in live_entries():
        if live["public"]:
            listed[(live["game"], live["id"])] = _with_links(live)
    return sorted(listed.values(), key=lambda entry: (-entry["players"], entry["name"].lower()))


def _with_links(room: dict[str, Any]) -> dict[str, Any]:
    url = f"/play/{room['game']}/{room['id']}/"
    return room | {"url": url, "watch_url": f"{url}?watch=1"}
