"""The lobby page, its create-a-room form and its JSON list of live public rooms."""

from __future__ import annotations

import asyncio
import re
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from kogame.engine.spec import RoomSpec
from kogame.lobby.views import listed_rooms
from kogame.players.models import Player
from kogame.records.models import Match, Score
from kogame.records.recorder import get_recorder
from kogame.rooms.models import RoomDefinition
from tests.play.wsclient import embedded_host
from tests.records.othergame import TAG, offer_tag

pytestmark = pytest.mark.django_db

VALID = {
    "name": "Friday night",
    "game": "snek",
    "public": "on",
    "size": "32",
    "tick_rate": "12",
    "max_players": "6",
    "bots": "2",
}


def test_the_lobby_lists_the_main_room_and_offers_the_form(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 200
    # Each game's main room (the test settings add Tally to Snek and Zombies).
    rooms = [(room["game"], room["id"]) for room in response.context["rooms"]]
    assert rooms == [("snek", "main"), ("zombies", "main"), ("tally", "main")]
    page = response.content.decode()
    assert "csrfmiddlewaretoken" in page
    assert 'name="size"' in page


def test_a_public_room_gets_a_readable_link_and_its_settings(client: Client) -> None:
    response = client.post("/", VALID)
    assert response.status_code == 302
    match = re.fullmatch(r"/play/snek/(friday-night-[0-9a-f]{6})/", response["Location"])
    assert match, response["Location"]
    room = RoomDefinition.objects.get(slug=match.group(1))
    assert (room.name, room.public, room.options["size"], room.tick_rate) == (
        "Friday night",
        True,
        32,
        12,
    )
    assert (room.options["max_players"], room.options["bots"]) == (6, 2)
    assert room.created_by == client.session["kogame_player"]
    assert client.get(response["Location"]).status_code == 200


def test_a_private_room_gets_an_unguessable_link(client: Client) -> None:
    response = client.post("/", VALID | {"public": ""})
    match = re.fullmatch(r"/play/snek/([0-9a-f]{24})/", response["Location"])
    assert match, response["Location"]
    assert not RoomDefinition.objects.get(slug=match.group(1)).public
    page = client.get(response["Location"]).content.decode()
    assert f"http://testserver/play/snek/{match.group(1)}/" in page


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("size", "5", "greater than or equal to 16"),
        ("size", "1000", "less than or equal to 128"),
        ("tick_rate", "31", "less than or equal to 30"),
        ("max_players", "0", "greater than or equal to 1"),
        ("bots", "9", "less than or equal to 8"),
        ("bots", "lots", "Enter a whole number"),
        ("name", "   ", "This field is required"),
        ("name", "x" * 41, "at most 40 characters"),
        ("name", "tab\x07bell", "printable characters"),
        ("game", "chess", "Select a valid choice"),
    ],
)
def test_bad_settings_are_explained_and_create_nothing(
    client: Client, field: str, value: str, message: str
) -> None:
    response = client.post("/", VALID | {field: value})
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert message in response.content.decode().replace("&#x27;", "'")
    assert not RoomDefinition.objects.exists()


def test_the_form_needs_a_csrf_token() -> None:
    client = Client(enforce_csrf_checks=True)
    assert client.post("/", VALID).status_code == 403
    assert not RoomDefinition.objects.exists()


def test_the_json_feed_lists_the_same_rooms_as_the_page(client: Client) -> None:
    data = client.get("/api/rooms").json()
    assert data == {"rooms": client.get("/").context["rooms"]}
    main = data["rooms"][0]
    assert main["url"] == "/play/snek/main/" and main["watch_url"] == "/play/snek/main/?watch=1"


def _spec(slug: str, public: bool, name: str) -> RoomSpec:
    options: dict[str, Any] = {"size": 16, "max_players": 4, "bots": 0}
    return RoomSpec("snek", slug, name=name, public=public, tick_rate=10, options=options)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("results_writer")
async def test_live_public_rooms_are_listed_and_private_ones_never() -> None:
    host = embedded_host()
    try:
        host.room(_spec("open-house", True, "Open house"))
        host.room(_spec("0123456789abcdef01234567", False, "Secret"))
        rooms = {room["id"]: room for room in listed_rooms()}
        assert set(rooms) == {"main", "open-house"}
        assert rooms["open-house"] | {"players": 0, "spectators": 0} == rooms["open-house"]
        assert (rooms["open-house"]["name"], rooms["open-house"]["max_players"]) == (
            "Open house",
            4,
        )
    finally:
        await host.shutdown()
        await asyncio.to_thread(get_recorder().flush, 5.0)


def test_rooms_cannot_be_added_in_the_admin_only_through_the_lobby(admin_client: Client) -> None:
    """An admin-added row would get no id (slug), so its room could never be reached."""
    assert admin_client.get("/admin/rooms/roomdefinition/add/").status_code == 403
    assert admin_client.get("/admin/rooms/roomdefinition/").status_code == 200


def test_todays_best_is_shown_for_each_game_under_its_title(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert "No scores yet today" in client.get("/").content.decode()
    offer_tag(monkeypatch)
    now = timezone.now()
    for player, name, game, score, stats in [
        ("playerAAAAAA", "Ada", "snek", 30, {"length": 9, "kills": 0}),
        ("playerBBBBBB", "Bea", TAG, 5, {"tags": 12, "dodges": 0}),
    ]:
        Player.objects.create(id=player, name=name)
        match = Match.objects.create(key=game, game=game, room="main", started_at=now)
        Score.objects.create(
            player_id=player, match=match, game=game, life=1, score=score, stats=stats,
            cause="left", duration=1.0, at=now,
        )  # fmt: skip
    response = client.get("/")
    best = response.context["top_today"]
    assert [(b["title"], [e["name"] for e in b["entries"]]) for b in best] == [
        ("Snek", ["Ada"]),
        ("Zombies", []),
        ("Tally", []),  # the test settings' own game: no scores today
        ("Tag", ["Bea"]),
    ]
    page = response.content.decode()
    assert '<h3 class="top-game-title" id="top-title-tag">Tag</h3>' in page
    assert '<a class="top-more" href="/leaderboard/tag/today/">' in page
    assert '<span class="top-score" title="Tags">12</span>' in page, "what Tag ranks by"
    assert '<span class="top-score" title="Score">30</span>' in page
