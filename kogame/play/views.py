"""The room page: issues the player id and hands the client what it needs to connect."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from kogame.lobby.directory import find_room
from kogame.play.identity import ensure_player
from kogame.play.names import friendly_name


def play(request: HttpRequest, game: str, room: str) -> HttpResponse:
    info = find_room(game, room)
    if info is None:
        raise Http404("No such room.")
    ensure_player(request.session)
    context = {
        "game": game,
        "room": room,
        "room_name": info.name,
        "public": info.public,
        "watch": request.GET.get("watch") == "1",
        "invite_url": request.build_absolute_uri(info.url),
        "lobby_url": "/",
        "ws_path": f"/ws/play/{game}/{room}/",
        "default_name": friendly_name(),
    }
    return render(request, "play/room.html", context)
