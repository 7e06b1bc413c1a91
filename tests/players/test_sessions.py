"""Sessions are stored only when they hold something, and live 30 days while in use."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from kogame.players.identity import SESSION_KEY
from kogame.players.models import Player
from kogame.records.models import Match, Score
from kogame.rooms.models import RoomDefinition

pytestmark = pytest.mark.django_db

DAY = timedelta(days=1)
ROOM = "/play/snek/main/"
PAGES = [
    "/",
    ROOM,
    f"{ROOM}?watch=1",
    "/leaderboard/snek/",
    "/leaderboard/snek/today/",
    "/leaderboard/snek/main/",
    "/players/playerAAAAAA/",
    "/accounts/login/",
    "/accounts/register/",
    "/accounts/logout/",
]


def _expires_in(key: str) -> timedelta:
    expiry: timedelta = Session.objects.get(session_key=key).expire_date - timezone.now()
    return expiry


@pytest.fixture
def played() -> None:
    """A scored life, so the boards and the player's page have something to show."""
    Player.objects.create(id="playerAAAAAA", name="Ada")
    match = Match.objects.create(key="m1", game="snek", room="main", started_at=timezone.now())
    Score.objects.create(
        player_id="playerAAAAAA", match=match, life=1, score=3, game="snek",
        stats={"length": 9, "kills": 0},
        cause="wall", duration=2.0, at=timezone.now(),
    )  # fmt: skip


@pytest.mark.usefixtures("played")
@pytest.mark.parametrize("path", PAGES)
def test_looking_at_a_page_stores_no_session(client: Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert not Session.objects.exists()
    assert "sessionid" not in response.cookies


def test_the_player_endpoint_issues_one_player_once(client: Client) -> None:
    first = client.post("/play/player")
    assert first.status_code == 200
    player = first.json()["player"]
    assert re.fullmatch(r"[A-Za-z0-9_-]{12}", player)
    assert Session.objects.count() == 1
    assert client.post("/play/player").json() == {"player": player}
    assert Session.objects.count() == 1
    assert not Player.objects.exists(), "the Player row comes with the first join"


def test_the_player_endpoint_takes_only_a_post_with_the_csrf_token() -> None:
    client = Client(enforce_csrf_checks=True)
    assert client.get("/play/player").status_code == 405
    assert client.post("/play/player").status_code == 403
    page = client.get(ROOM).content.decode()
    token = re.search(r'data-csrf-token="([^"]+)"', page)
    assert token, "the room page hands its script a CSRF token"
    assert client.post("/play/player", HTTP_X_CSRFTOKEN=token.group(1)).status_code == 200
    assert Session.objects.count() == 1


def test_an_anonymous_session_lives_thirty_days(client: Client) -> None:
    response = client.post("/play/player")
    assert abs(_expires_in(client.session.session_key or "") - 30 * DAY) < DAY / 24
    assert abs(int(response.cookies["sessionid"]["max-age"]) - 30 * 86400) < 3600


def test_a_logged_in_session_gets_the_logged_in_lifetime(client: Client, settings: Any) -> None:
    settings.KOGAME_SESSION_DAYS = 90
    User.objects.create_user("ada", password="correct horse battery staple")
    client.post("/play/player")
    form = {"username": "ada", "password": "correct horse battery staple"}
    assert client.post("/accounts/login/", form).status_code == 302
    assert abs(_expires_in(client.session.session_key or "") - 90 * DAY) < DAY / 24


def _set_expiry(client: Client, left: timedelta | None) -> str:
    """Give the client's stored session `left` to live (None: no expiry of its own, as
    sessions stored before lifetimes were)."""
    key = client.session.session_key or ""
    stored = SessionStore(key)
    stored.set_expiry(timezone.now() + left if left is not None else None)
    stored.save()
    if left is None:
        Session.objects.filter(session_key=key).update(expire_date=timezone.now() + 300 * DAY)
    return key


@pytest.mark.parametrize("path", ["/", ROOM, "/leaderboard/snek/"])
def test_a_page_view_renews_a_session_past_half_its_lifetime(client: Client, path: str) -> None:
    player = client.post("/play/player").json()["player"]
    key = _set_expiry(client, 14 * DAY)
    client.get(path)
    assert abs(_expires_in(key) - 30 * DAY) < DAY / 24
    assert client.session[SESSION_KEY] == player


def test_a_session_with_more_than_half_left_is_not_written(client: Client) -> None:
    client.post("/play/player")
    key = _set_expiry(client, 16 * DAY)
    before = Session.objects.get(session_key=key).expire_date
    client.get(ROOM)
    client.get("/api/rooms")
    assert Session.objects.get(session_key=key).expire_date == before


def test_an_older_year_long_session_gets_the_anonymous_lifetime(client: Client) -> None:
    player = client.post("/play/player").json()["player"]
    key = _set_expiry(client, None)
    client.get(ROOM)
    assert abs(_expires_in(key) - 30 * DAY) < DAY / 24
    assert client.session[SESSION_KEY] == player


def test_creating_a_room_issues_the_player_who_made_it(client: Client) -> None:
    form = {"name": "Mine", "game": "snek", "size": "40", "tick_rate": "10",
            "max_players": "12", "bots": "0", "public": "on"}  # fmt: skip
    assert client.post("/", form).status_code == 302
    assert Session.objects.count() == 1
    assert RoomDefinition.objects.get(name="Mine").created_by == client.session[SESSION_KEY]
