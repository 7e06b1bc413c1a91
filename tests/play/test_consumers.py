"""The WebSocket edge, driven through the real ASGI application with real sessions."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from channels.db import database_sync_to_async

from kogame.engine.encoding import encode
from kogame.players.models import Player
from kogame.records.recorder import get_recorder
from tests.play.wsclient import (
    connect_and_greet,
    heading_of,
    join_and_find_snake,
    open_client,
    running_room,
    start_snake,
)

pytestmark = pytest.mark.django_db(transaction=True)


def is_delta(message: dict[str, Any]) -> bool:
    return bool(message["type"] == "delta")


async def test_a_new_connection_is_welcomed_with_its_session_player_and_a_snapshot() -> None:
    client = await open_client("/ws/play/snek/welcome-room/")
    welcome = await client.receive()
    assert welcome == {
        "type": "welcome",
        "protocol": 2,
        "game": "snek",
        "room": "welcome-room",
        "player": client.player,
        "tick_rate": 30,
        "grace_seconds": 0.5,
        "room_name": "Welcome room",
        "public": True,
        "max_players": 12,
        "bots": 0,
        "playing": False,
        "clock": {"kind": "fixed"},
        "width": 16,
        "height": 16,
        "respawn_delay_ticks": 45,
    }
    snapshot = await client.receive()
    assert snapshot["type"] == "snapshot"
    assert snapshot["snakes"] == []
    await client.close()


async def test_a_socket_without_a_player_session_is_closed_with_4001() -> None:
    client = await open_client(player=None)
    assert await client.close_code() == 4001


@pytest.mark.parametrize(
    "path",
    [
        "/ws/play/chess/main/",
        "/ws/play/snek/Main/",
        "/ws/play/snek/" + "a" * 33 + "/",
        "/ws/play/snek/nobody-made-this/",
    ],
    ids=["unknown game", "capital letters", "name too long", "undefined room"],
)
async def test_an_unknown_game_or_room_is_closed_with_4004(path: str) -> None:
    client = await open_client(path, define=False)
    assert await client.close_code() == 4004


async def test_a_socket_without_an_allowed_origin_is_refused() -> None:
    from channels.testing import WebsocketCommunicator

    from kogame.asgi import application

    communicator = WebsocketCommunicator(
        application, "/ws/play/snek/test/", headers=[(b"origin", b"http://evil.example")]
    )
    connected, _ = await communicator.connect()
    assert not connected


async def test_joining_spawns_your_snake_with_your_name_and_player_id() -> None:
    client = await connect_and_greet()
    snake = await join_and_find_snake(client, "  Ada Lovelace  ")
    assert snake["name"] == "Ada Lovelace"
    assert snake["alive"] is True
    assert len(snake["body"]) == 3
    await client.close()


async def test_a_colour_chosen_on_joining_colours_the_snake_for_everyone_and_is_kept() -> None:
    """Snek snaps the choice to its palette; the player's row keeps the choice as sent (in
    lower case) for their next visit."""
    watcher = await connect_and_greet()
    client = await connect_and_greet()
    await client.send({"type": "join", "name": "Ada", "colour": "#00CCAB"})
    for someone in (client, watcher):
        delta = await someone.receive_until(
            lambda m: any(s["player"] == client.player for s in m.get("spawned", ()))
        )
        spawned = next(s for s in delta["spawned"] if s["player"] == client.player)
        assert spawned["colour"] == "#00ccaa"
    await asyncio.to_thread(get_recorder().flush, 5.0)
    row = await database_sync_to_async(Player.objects.get)(pk=client.player)
    assert row.colour == "#00ccab"
    await client.close()
    await watcher.close()


async def test_a_join_with_a_bad_colour_is_refused_with_an_error_and_places_nobody() -> None:
    client = await connect_and_greet()
    await client.send({"type": "join", "name": "Ada", "colour": "tomato"})
    error = await client.error()
    assert error["code"] == "bad_colour" and "#" in error["message"]
    assert client.player not in running_room("test").state.snake_of
    snake = await join_and_find_snake(client, "Ada")
    assert snake["colour"].startswith("#")
    await client.close()


async def test_joining_without_a_name_gives_a_friendly_default() -> None:
    client = await connect_and_greet()
    await client.send({"type": "join"})
    delta = await client.receive_until(lambda m: bool(m.get("spawned")))
    name = delta["spawned"][0]["name"]
    assert 1 <= len(name) <= 20 and " " in name
    await client.close()


async def test_a_turn_changes_the_direction_the_head_moves() -> None:
    client = await connect_and_greet()
    snake = await join_and_find_snake(client)
    (hx, hy), (nx, ny) = snake["body"][0], snake["body"][1]
    heading = (hx - nx, hy - ny)
    new_direction, offset = ("up", (0, -1)) if heading[1] == 0 else ("left", (-1, 0))
    await client.send({"type": "turn", "direction": new_direction})
    previous = (hx, hy)
    for _ in range(30):
        delta = await client.receive_until(is_delta)
        move = next((m for m in delta.get("moved", ()) if m[0] == snake["id"]), None)
        assert move is not None, "the snake stopped moving before the turn showed"
        step = (move[1] - previous[0], move[2] - previous[1])
        if step == offset:
            break
        assert step == heading
        previous = (move[1], move[2])
    else:
        raise AssertionError("the turn never took effect")
    await client.close()


async def test_a_new_snake_waits_at_its_spawn_until_its_player_turns() -> None:
    """The hold (3 s of ticks: 90 at the tests' 30 a second) is in the snake's data; the
    snake is left out of `moved` until a turn, here straight on, starts it."""
    client = await connect_and_greet()
    await client.send({"type": "join", "name": "Ada"})
    spawn = await client.receive_until(
        lambda m: any(s["player"] == client.player for s in m.get("spawned", ()))
    )
    snake = next(s for s in spawn["spawned"] if s["player"] == client.player)
    assert snake["held_until"] == spawn["tick"] + 90
    for _ in range(10):
        delta = await client.receive_until(is_delta)
        assert all(move[0] != snake["id"] for move in delta.get("moved", ())), "it moved"
    await client.send({"type": "sync"})
    snapshot = await client.receive_until(lambda m: m["type"] == "snapshot")
    [listed] = [s for s in snapshot["snakes"] if s["id"] == snake["id"]]
    assert (listed["body"], listed["held_until"]) == (snake["body"], snake["held_until"])

    await client.send({"type": "turn", "direction": heading_of(snake)})
    delta = await client.receive_until(lambda m: bool(m.get("released")))
    assert delta["released"] == [snake["id"]]
    assert [move[0] for move in delta["moved"]] == [snake["id"]]
    await client.close()


async def test_a_new_snake_goes_by_itself_when_its_hold_ends() -> None:
    client = await connect_and_greet()
    snake = await join_and_find_snake(client)
    delta = await client.receive_until(lambda m: bool(m.get("released")), within=5)
    assert delta["tick"] == snake["held_until"] and delta["released"] == [snake["id"]]
    assert [move[0] for move in delta["moved"]] == [snake["id"]]
    await client.close()


async def test_two_players_in_one_room_see_each_other() -> None:
    ada = await connect_and_greet()
    bob = await connect_and_greet()
    ada_snake = await join_and_find_snake(ada, "Ada")
    bob_snake = await join_and_find_snake(bob, "Bob")
    await ada.send({"type": "sync"})
    snapshot = await ada.receive_until(lambda m: m["type"] == "snapshot")
    seen = {snake["id"]: snake["name"] for snake in snapshot["snakes"]}
    assert seen.get(bob_snake["id"]) == "Bob"
    await bob.send({"type": "sync"})
    snapshot = await bob.receive_until(lambda m: m["type"] == "snapshot")
    assert any(snake["id"] == ada_snake["id"] for snake in snapshot["snakes"])
    await ada.close()
    await bob.close()


async def test_rooms_are_separate_games() -> None:
    here = await connect_and_greet("/ws/play/snek/here/")
    there = await connect_and_greet("/ws/play/snek/there/")
    await join_and_find_snake(here)
    await there.send({"type": "sync"})
    snapshot = await there.receive_until(lambda m: m["type"] == "snapshot")
    assert snapshot["snakes"] == []
    await here.close()
    await there.close()


async def test_a_dead_player_can_respawn_only_after_the_delay_with_a_new_snake() -> None:
    client = await connect_and_greet()
    snake = await join_and_find_snake(client)
    await start_snake(client, snake)
    # On a 16x16 board a snake that never turns reaches a wall within 16 ticks.
    died = await client.receive_until(
        lambda m: any(d[0] == snake["id"] for d in m.get("died", ())), within=3
    )
    assert [snake["id"], "wall", None] in died["died"]
    await client.send({"type": "respawn"})
    error = await client.error()
    assert error["code"] == "too_soon"
    await asyncio.sleep(45 / 30)
    await client.send({"type": "respawn"})
    delta = await client.receive_until(lambda m: bool(m.get("spawned")), within=3)
    assert delta["removed"] == [snake["id"]]
    assert delta["spawned"][0]["player"] == client.player
    assert delta["spawned"][0]["id"] != snake["id"]
    await client.close()


async def test_respawning_while_alive_is_refused() -> None:
    client = await connect_and_greet()
    await join_and_find_snake(client)
    await client.send({"type": "respawn"})
    assert (await client.error())["code"] == "not_dead"
    await client.close()


async def test_turning_before_joining_is_refused() -> None:
    client = await connect_and_greet()
    await client.send({"type": "turn", "direction": "up"})
    assert (await client.error())["code"] == "not_playing"
    await client.close()


async def test_sync_answers_with_a_snapshot_and_ping_with_pong() -> None:
    client = await connect_and_greet()
    await client.send({"type": "sync"})
    snapshot = await client.receive_until(lambda m: m["type"] == "snapshot")
    assert {"tick", "snakes", "food"} <= snapshot.keys()
    await client.send({"type": "ping", "t": 1712.5})
    pong = await client.receive_until(lambda m: m["type"] == "pong")
    assert pong["t"] == 1712.5
    assert pong["tick"] >= snapshot["tick"]
    await client.close()


async def test_every_tick_reaches_every_connection_as_the_same_text() -> None:
    clients = [await connect_and_greet() for _ in range(3)]
    await join_and_find_snake(clients[0])
    texts: list[dict[int, str]] = []
    for client in clients:
        seen: dict[int, str] = {}
        for _ in range(10):
            text = await client.ws.receive_from(2)
            if '"type":"delta"' in text:
                seen[int(text.split('"tick":')[1].split(",")[0].rstrip("}"))] = text
        texts.append(seen)
    common = texts[0].keys() & texts[1].keys() & texts[2].keys()
    assert common
    for tick in common:
        assert texts[0][tick] == texts[1][tick] == texts[2][tick]
    for client in clients:
        await client.close()


async def test_each_tick_is_encoded_once_however_many_connections(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clients = [await connect_and_greet() for _ in range(4)]
    encoded: list[str] = []

    def counting_encode(message: dict[str, Any]) -> str:
        if message["type"] == "delta":
            encoded.append(message["type"])
        return encode(message)

    room = running_room("test")
    monkeypatch.setattr("kogame.engine.frames.encode", counting_encode)
    before = room.ticks
    await clients[0].receive_until(is_delta)
    await asyncio.sleep(0.2)
    ticks = room.ticks - before
    assert ticks > 0
    assert len(encoded) == ticks
    for client in clients:
        await client.close()
