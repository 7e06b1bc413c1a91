"""Tally, a game that lives only in tests/, goes through the platform with no platform file
edited for it: the lobby's form built from its declaration, its room page, the consumer and
its results and its own leaderboard."""

from __future__ import annotations

import asyncio
import re

import pytest
from channels.db import database_sync_to_async
from django.test import AsyncClient, Client

from kogame.records.models import Score
from kogame.records.recorder import get_recorder
from kogame.rooms.models import RoomDefinition
from tests.play.wsclient import open_client

FORM = {"game": "tally", "name": "Counting club", "public": "on", "tick_rate": "20"}


@pytest.mark.django_db
def test_the_lobby_form_is_tallys_own(client: Client) -> None:
    page = client.get("/?game=tally").content.decode()
    assert re.search(r'<input type="number" name="goal" value="10" min="2" max="100"', page)
    assert re.search(r'<input type="checkbox" name="doubles"', page)
    assert re.search(r'<select name="counter"[^>]*>\s*<option value="beads" selected>Beads', page)
    assert '<option value="coins">Coins</option>' in page
    assert 'name="tick_rate" value="5" min="1" max="30"' in page
    assert 'name="turn_based"' not in page  # Tally offers fixed-rate rooms only
    assert 'name="size"' not in page  # a Snek setting


@pytest.mark.django_db
def test_the_lobby_lists_tallys_room_without_a_player_limit(client: Client) -> None:
    page = client.get("/").content.decode()
    item = page[page.index('data-game="tally"') :]
    item = item[: item.index("</li>")]
    assert '<span class="room-game">Tally</span>' in item
    assert '<span class="room-players"><strong>0</strong> playing</span>' in item
    assert '<span class="room-summary">to 10</span>' in item


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("goal", "1", "greater than or equal to 2"),
        ("goal", "101", "less than or equal to 100"),
        ("tick_rate", "31", "less than or equal to 30"),
        ("counter", "pebbles", "Select a valid choice"),
    ],
)
def test_tallys_settings_are_checked_as_it_declares(
    client: Client, field: str, value: str, message: str
) -> None:
    response = client.post("/", FORM | {"goal": "4", field: value})
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert not RoomDefinition.objects.exists()


@database_sync_to_async
def _scores() -> list[tuple[str, str, int, str]]:
    rows = Score.objects.select_related("match", "player").order_by("id")
    return [(s.match.game, s.player.name, s.score, s.cause) for s in rows]


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("results_writer")
async def test_a_tally_room_made_with_the_form_plays_and_records_its_lives(
    async_client: AsyncClient,
) -> None:
    response = await async_client.post(
        "/", FORM | {"goal": "4", "doubles": "on", "counter": "coins"}
    )
    assert response.status_code == 302
    path = response["Location"]
    room = await RoomDefinition.objects.aget(slug=path.split("/")[3])
    options = {"goal": 4, "doubles": True, "counter": "coins"}
    assert (room.game, room.tick_rate, room.options) == ("tally", 20, options)
    page = (await async_client.get(path)).content.decode()
    assert re.search(r'data-client-module="/static/tally/js/game\.[0-9a-f]{12}\.js"', page)
    assert "bank your count with B" in page

    player = await open_client(f"/ws{path}", define=False)
    welcome = await player.receive()
    assert (welcome["type"], welcome["game"], welcome["goal"]) == ("welcome", "tally", 4)
    assert welcome["counter"] == "coins"
    await player.send({"type": "join", "name": "Ada"})
    await player.receive_until(lambda m: player.player in m.get("counts", {}))
    await player.send({"type": "add"})
    await player.send({"type": "add"})  # doubles: 2 + 2 reaches the goal of 4
    await player.line("notice")  # "Ada reached 4"
    await player.send({"type": "add"})
    await player.send({"type": "bank"})
    await player.receive_until(lambda m: m.get("counts", {}).get(player.player) == 0)
    await player.send({"type": "spin"})
    error = await player.error()
    assert (error["code"], error["message"]) == (
        "unknown_type",
        "Tally does not understand 'spin'.",
    )
    await player.close()
    await asyncio.to_thread(get_recorder().flush, 5.0)
    assert await _scores() == [("tally", "Ada", 4, "goal"), ("tally", "Ada", 2, "banked")]
    board = (await async_client.get("/leaderboard/tally/?view=lives")).content.decode()
    assert "Presses" in board and "Reached the goal" in board and "Banked the count" in board
    snek_board = (await async_client.get("/leaderboard/snek/")).content.decode()
    assert "Ada" in board and "Ada" not in snek_board
