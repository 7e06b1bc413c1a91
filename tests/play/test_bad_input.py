"""Malformed and hostile input gets a clear answer; the room and other players are untouched."""

from __future__ import annotations

from typing import Any

import pytest

from tests.play.wsclient import Client, connect_and_greet, join_and_find_snake

pytestmark = pytest.mark.django_db(transaction=True)


async def assert_room_unharmed(bystander: Client, snake: dict[str, Any]) -> None:
    """The bystander still gets consecutive deltas, and its snake is alive and unchanged."""
    first = await bystander.receive_until(lambda m: m["type"] == "delta")
    second = await bystander.receive_until(lambda m: m["type"] == "delta")
    assert second["tick"] == first["tick"] + 1
    await bystander.send({"type": "sync"})
    snapshot = await bystander.receive_until(lambda m: m["type"] == "snapshot")
    mine = next(s for s in snapshot["snakes"] if s["id"] == snake["id"])
    assert mine["player"] == bystander.player
    assert mine["name"] == snake["name"]


@pytest.mark.parametrize(
    ("frame", "code"),
    [
        ("{not json", "bad_json"),
        ("   ", "bad_json"),
        ("NaN", "bad_json"),
        ('{"type": "turn", "direction": "up", "x": ' + "[" * 1000 + "]" * 1000 + "}", "bad_json"),
        ("[1, 2, 3]", "not_object"),
        ('"join"', "not_object"),
        ("{}", "missing_type"),
        ('{"type": 7}', "missing_type"),
        ('{"type": "fly"}', "unknown_type"),
        ('{"type": "turn"}', "bad_field"),
        ('{"type": "turn", "direction": "north"}', "bad_field"),
        ('{"type": "turn", "direction": ["up"]}', "bad_field"),
        ('{"type": "ping"}', "bad_field"),
        ('{"type": "ping", "t": "soon"}', "bad_field"),
        ('{"type": "ping", "t": true}', "bad_field"),
        ('{"type": "join", "name": "   "}', "bad_name"),
        ('{"type": "join", "name": "' + "x" * 21 + '"}', "bad_name"),
        ('{"type": "join", "name": "tab\\there"}', "bad_name"),
        ('{"type": "join", "name": 42}', "bad_name"),
        ('{"type": "join", "colour": "red"}', "bad_colour"),
        ('{"type": "join", "colour": "#12345"}', "bad_colour"),
        ('{"type": "join", "colour": "#00ccaa; x"}', "bad_colour"),
        ('{"type": "join", "colour": "#gg0000"}', "bad_colour"),
        ('{"type": "join", "colour": 13421738}', "bad_colour"),
    ],
)
async def test_a_bad_message_gets_an_error_and_harms_nobody(frame: str, code: str) -> None:
    bystander = await connect_and_greet()
    snake = await join_and_find_snake(bystander, "Bystander")
    attacker = await connect_and_greet()
    await attacker.ws.send_to(text_data=frame)
    error = await attacker.error()
    assert error["code"] == code
    assert isinstance(error["message"], str) and error["message"]
    await assert_room_unharmed(bystander, snake)
    await attacker.send({"type": "ping", "t": 1})
    assert (await attacker.receive_until(lambda m: m["type"] == "pong"))["t"] == 1
    await attacker.close()
    await bystander.close()


async def test_a_binary_frame_gets_an_error() -> None:
    client = await connect_and_greet()
    await client.ws.send_to(bytes_data=b'{"type": "sync"}')
    assert (await client.error())["code"] == "binary_unsupported"
    await client.close()


@pytest.mark.parametrize(
    "frame",
    [
        '{"type": "join", "name": "' + "x" * 4100 + '"}',
        '{"type":"sync","pad":"' + "é" * 2100 + '"}',
    ],
    ids=["long ascii", "short text of many bytes"],
)
async def test_a_frame_over_4_kib_closes_the_socket_with_1009(frame: str) -> None:
    bystander = await connect_and_greet()
    snake = await join_and_find_snake(bystander, "Bystander")
    attacker = await connect_and_greet()
    await attacker.ws.send_to(text_data=frame)
    assert await attacker.close_code() == 1009
    await assert_room_unharmed(bystander, snake)
    await bystander.close()


async def test_a_frame_of_exactly_4_kib_is_accepted() -> None:
    client = await connect_and_greet()
    frame = '{"type":"sync","pad":"' + "x" * (4096 - 24) + '"}'
    assert len(frame.encode()) == 4096
    await client.ws.send_to(text_data=frame)
    assert (await client.receive_until(lambda m: m["type"] == "snapshot"))["tick"] >= 0
    await client.close()


async def test_too_many_messages_are_rate_limited_then_a_flood_is_closed_with_4008() -> None:
    bystander = await connect_and_greet()
    snake = await join_and_find_snake(bystander, "Bystander")
    attacker = await connect_and_greet()
    for _ in range(40):
        await attacker.ws.send_to(text_data='{"type": "ping", "t": 0}')
    assert (await attacker.error())["code"] == "rate_limited"
    for _ in range(40):
        await attacker.ws.send_to(text_data='{"type": "ping", "t": 0}')
    assert await attacker.close_code() == 4008
    await assert_room_unharmed(bystander, snake)
    await bystander.close()


async def test_a_flood_is_closed_once_however_much_more_arrives() -> None:
    attacker = await connect_and_greet()
    for _ in range(120):
        await attacker.ws.send_to(text_data='{"type": "ping", "t": 0}')
    assert await attacker.close_code() == 4008
    # What was already on its way is read after the close and answered with nothing: no
    # second close (which a real server refuses with an error), no replies.
    after = []
    for _ in range(50):  # the frames of a few ticks, and anything else sent in that while
        if await attacker.ws.receive_nothing(timeout=0.3):
            break
        after.append(await attacker.ws.receive_output())
    assert [o for o in after if o["type"] == "websocket.close"] == []
    assert [o for o in after if '"type":"error"' in o.get("text", "")] == []


async def test_no_message_can_steer_another_players_snake() -> None:
    victim = await connect_and_greet()
    snake = await join_and_find_snake(victim, "Victim")
    attacker = await connect_and_greet()
    await attacker.send({"type": "turn", "direction": "up", "player": victim.player})
    assert (await attacker.error())["code"] == "not_playing"
    await attacker.send({"type": "respawn", "player": victim.player, "snake": snake["id"]})
    assert (await attacker.error())["code"] == "not_playing"
    await assert_room_unharmed(victim, snake)
    await attacker.close()
    await victim.close()
