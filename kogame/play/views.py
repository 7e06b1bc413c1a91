"""The game page: issues the player id and hands the client what it needs to connect."""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from kogame.games import GAMES
from kogame.play.consumers import ROOM_NAME
from kogame.play.identity import ensure_player
from kogame.play.names import friendly_name


def play(request: HttpRequest, game: str = "snek", room: str | None = None) -> HttpResponse:
    room = room or settings.KOGAME_DEFAULT_ROOM
    if game not in GAMES or not ROOM_NAME.fullmatch(room):
        raise Http404("No such game or room.")
    ensure_player(request.session)
    context = {
        "game": game,
        "room": room,
        "ws_path": f"/ws/play/{game}/{room}/",
        "default_name": friendly_name(),
    }
    return render(request, "play/room.html", context)
