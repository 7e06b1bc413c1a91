"""The lobby's limits on creating rooms: per player and per address over a window, counted in
the database, and none at all while this process runs as many rooms as it may."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from kogame.lobby.limits import address_key
from kogame.rooms.models import RoomDefinition
from tests.lobby.test_lobby import VALID
from tests.play.wsclient import embedded_host

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def small_limits(settings: Any) -> None:
    settings.KOGAME_ROOMS_PER_PLAYER = 2
    settings.KOGAME_ROOMS_PER_IP = 3
    settings.KOGAME_ROOMS_WINDOW_SECONDS = 600


def _create(client: Client) -> int:
    return client.post("/", VALID).status_code


def _alert(response: Any) -> str:
    return " ".join(response.content.decode().replace("&#x27;", "'").split())


def test_a_player_past_the_limit_is_told_to_wait_and_nothing_is_created(client: Client) -> None:
    assert [_create(client), _create(client)] == [302, 302]
    response = client.post("/", VALID)
    assert response.status_code == 429
    assert "You have created 2 rooms in the last 10 minutes" in _alert(response)
    assert "Please wait a little before creating another" in _alert(response)
    assert response.context["form"].data["name"] == "Friday night"  # shown again, as filled
    assert RoomDefinition.objects.count() == 2
    assert client.get("/").status_code == 200


def test_another_player_at_the_same_address_may_create_until_the_address_limit() -> None:
    first, second, third = Client(), Client(), Client()
    assert [_create(first), _create(first), _create(first)] == [302, 302, 429]
    assert _create(second) == 302
    response = second.post("/", VALID)
    assert response.status_code == 429
    assert "Your network has created 3 rooms in the last 10 minutes" in _alert(response)
    assert _create(third) == 429
    assert _create(Client(REMOTE_ADDR="203.0.113.9")) == 302
    assert set(RoomDefinition.objects.values_list("created_from", flat=True)) == {
        "127.0.0.1",
        "203.0.113.9",
    }


def test_rooms_created_before_the_window_do_not_count(client: Client) -> None:
    assert [_create(client), _create(client)] == [302, 302]
    an_hour_ago = timezone.now() - timedelta(hours=1)
    RoomDefinition.objects.update(created_at=an_hour_ago)
    assert [_create(client), _create(client), _create(client)] == [302, 302, 429]


def test_one_ipv6_client_counts_as_one_address_whatever_its_interface_id() -> None:
    addresses = ["2001:db8:1:2::1", "2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::ffff"]
    assert [_create(Client(REMOTE_ADDR=address)) for address in addresses] == [302, 302, 302]
    assert _create(Client(REMOTE_ADDR="2001:db8:1:2::5")) == 429
    assert _create(Client(REMOTE_ADDR="2001:db8:1:3::1")) == 302


@pytest.mark.parametrize(
    ("ip", "key"),
    [
        ("198.51.100.7", "198.51.100.7"),
        ("::ffff:198.51.100.7", "198.51.100.7"),
        ("2001:DB8:1:2:3:4:5:6", "2001:db8:1:2::"),
        ("", None),
        ("unix-socket", None),
    ],
)
def test_what_counts_as_one_address(ip: str, key: str | None) -> None:
    assert address_key(ip) == key


def test_a_full_server_refuses_new_rooms_and_still_shows_the_lobby(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(embedded_host(), "max_rooms", len(embedded_host().rooms))
    response = client.post("/", VALID)
    assert response.status_code == 503
    assert "The server is busy right now." in _alert(response)
    assert not RoomDefinition.objects.exists()
    lobby = client.get("/")
    assert lobby.status_code == 200
    assert [room["id"] for room in lobby.context["rooms"]] == ["main"] * 3  # each game's own
