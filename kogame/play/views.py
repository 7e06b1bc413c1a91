"""The room page, and the endpoint that issues a browser its player id.

The page only reads the player (a visit that only looks stores no session); its script asks
`POST /play/player` for one before it opens the socket when the page says there is none.
"""

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.views.decorators.http import require_POST

from kogame.engine.registry import GAMES
from kogame.players.identity import current_player, ensure_player
from kogame.players.models import Player
from kogame.players.names import friendly_name
from kogame.records.leaderboards import best_today
from kogame.rooms.directory import find_room


def play(request: HttpRequest, game: str, room: str) -> HttpResponse:
    """The page shell; the game's words come from its `<game>/room/` partials, its board and
    controls from its client module. A player's best score in the game today comes along
    (`data-best-today`), so the death card can show it without asking, and so does the colour
    they last chose, checked among the game's swatches on the join card."""
    spec = find_room(game, room)
    if spec is None:
        raise Http404("No such room.")
    player = current_player(request.session)
    chosen = (
        None
        if player is None or not GAMES[game].colours
        else Player.objects.filter(pk=player).values_list("colour", flat=True).first()
    )
    context = {
        "game": game,
        "title": GAMES[game].title,
        "room": room,
        "room_name": spec.name,
        "public": spec.public,
        "watch": request.GET.get("watch") == "1",
        "invite_url": request.build_absolute_uri(spec.url),
        "lobby_url": "/",
        "ws_path": f"/ws/play/{game}/{room}/",
        "default_name": friendly_name(),
        "has_player": player is not None,
        # For the death card: the game's client keeps the best with the lives on the page.
        "best_today": None if player is None else best_today(game, player),
        "client_module": static(GAMES[game].client_module),
        # The join card's swatches, if the game offers a choice, and the player's last one.
        "colours": GAMES[game].colours,
        "chosen_colour": chosen or "",
        "lead_template": f"{game}/room/lead.html",
        "controls_template": f"{game}/room/controls.html",
    }
    return render(request, "play/room.html", context)


@require_POST
def player(request: HttpRequest) -> JsonResponse:
    """This browser's player id, issued into its session if it has none (CSRF-protected)."""
    return JsonResponse({"player": ensure_player(request.session)})
