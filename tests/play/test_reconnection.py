"""Dropped connections keep their snake for a grace period; a newer tab takes over."""

from __future__ import annotations

import asyncio

import pytest

from tests.play.wsclient import connect_and_greet, join_and_find_snake, open_client, running_room

pytestmark = pytest.mark.django_db(transaction=True)


async def test_reconnecting_within_the_grace_period_resumes_the_same_snake() -> None:
    client = await connect_and_greet()
    snake = await join_and_find_snake(client)
    await client.close()
    again = await open_client(player=client.player)
    welcome = await again.receive()
    assert welcome["type"] == "welcome" and welcome["playing"] is True
    snapshot = await again.receive()
    mine = [s for s in snapshot["snakes"] if s["player"] == client.player]
    assert [s["id"] for s in mine] == [snake["id"]]
    await again.send({"type": "join", "name": "Ada"})
    await again.send({"type": "turn", "direction": "up"})
    delta = await again.receive_until(lambda m: m["type"] == "delta")
    assert "spawned" not in delta
    await again.close()


async def test_after_the_grace_period_the_snake_is_removed() -> None:
    watcher = await connect_and_greet()
    leaver = await connect_and_greet()
    snake = await join_and_find_snake(leaver)
    await leaver.close()
    # Grace is 0.5 s in these tests; the snake may also die first, but it must be removed.
    delta = await watcher.receive_until(lambda m: snake["id"] in m.get("removed", ()), within=3)
    assert delta["tick"] > 0
    again = await open_client(player=leaver.player)
    assert (await again.receive())["playing"] is False
    await again.close()
    await watcher.close()


async def test_a_second_tab_takes_over_and_the_first_is_told_and_closed() -> None:
    first = await connect_and_greet()
    snake = await join_and_find_snake(first)
    second = await open_client(player=first.player)
    assert (await second.receive())["playing"] is True
    error = await first.error()
    assert error["code"] == "replaced"
    assert await first.close_code() == 4009
    await second.receive_until(lambda m: m["type"] == "snapshot")
    await second.send({"type": "respawn"})
    assert (await second.error())["code"] == "not_dead"
    await second.send({"type": "sync"})
    snapshot = await second.receive_until(lambda m: m["type"] == "snapshot")
    assert any(s["id"] == snake["id"] and s["alive"] for s in snapshot["snakes"])
    await second.close()


async def test_a_watcher_that_leaves_does_not_keep_the_room_busy() -> None:

    watcher = await connect_and_greet()
    room = running_room("test")
    await watcher.close()
    await asyncio.sleep(0.1)
    assert not room.connections and not room.departed
