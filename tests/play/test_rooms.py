"""Room membership over real sockets: capacity, spectators, presence counts, isolation."""

from __future__ import annotations

import pytest

from tests.play.wsclient import (
    connect_and_greet,
    define_room,
    embedded_host,
    join_and_find_snake,
    running_room,
    start_snake,
)

pytestmark = pytest.mark.django_db(transaction=True)


async def test_the_welcome_describes_the_room() -> None:
    await define_room("described", name="Described", max_players=5, bots=0)
    client = await connect_and_greet("/ws/play/snek/described/")
    history = await client.receive()
    assert history == {"type": "chat_history", "messages": []}
    presence = await client.receive()
    assert presence == {"type": "presence", "players": 0, "spectators": 1, "max_players": 5}
    await client.close()


async def test_a_full_room_refuses_players_but_welcomes_watchers() -> None:
    await define_room("tiny", max_players=1)
    first = await connect_and_greet("/ws/play/snek/tiny/")
    snake = await join_and_find_snake(first)
    second = await connect_and_greet("/ws/play/snek/tiny/")
    await second.send({"type": "join", "name": "Bea"})
    error = await second.error()
    assert error["code"] == "room_full"
    assert "full" in error["message"]
    delta = await second.receive_until(lambda m: m["type"] == "delta")
    assert all(s["player"] != second.player for s in delta.get("spawned", ()))
    await second.counted(1, 1)
    assert snake["player"] == first.player
    await first.close()
    await second.close()


async def test_a_place_freed_by_a_leaver_can_be_taken() -> None:
    await define_room("tiny", max_players=1)
    first = await connect_and_greet("/ws/play/snek/tiny/")
    await join_and_find_snake(first)
    second = await connect_and_greet("/ws/play/snek/tiny/")
    await first.send({"type": "spectate"})
    await second.counted(0, 2)
    await join_and_find_snake(second, "Bea")
    await first.close()
    await second.close()


async def test_a_spectator_cannot_steer_anything() -> None:
    player = await connect_and_greet()
    snake = await join_and_find_snake(player)
    watcher = await connect_and_greet()
    await watcher.send({"type": "turn", "direction": "up"})
    assert (await watcher.error())["code"] == "not_playing"
    await watcher.send({"type": "respawn"})
    assert (await watcher.error())["code"] == "not_playing"
    room = running_room("test")
    assert not room.state.snakes[snake["id"]].queued_turns
    await player.close()
    await watcher.close()


async def test_spectating_gives_up_the_snake_and_counts_as_watching() -> None:
    client = await connect_and_greet()
    snake = await join_and_find_snake(client)
    await client.counted(1, 0)
    await client.send({"type": "spectate"})
    delta = await client.receive_until(lambda m: snake["id"] in m.get("removed", ()))
    assert delta["type"] == "delta"
    await client.counted(0, 1)
    await join_and_find_snake(client)
    await client.counted(1, 0)
    await client.close()


async def test_watchers_and_players_are_counted_separately_as_they_come_and_go() -> None:
    player = await connect_and_greet()
    await join_and_find_snake(player)
    watchers = [await connect_and_greet() for _ in range(3)]
    await player.counted(1, 3)
    for watcher in watchers[:2]:
        await watcher.close()
    await player.counted(1, 1)
    await player.close()
    await watchers[2].close()


async def test_many_rooms_run_apart_from_each_other() -> None:
    clients = [await connect_and_greet(f"/ws/play/snek/room-{i}/") for i in range(4)]
    snakes = [await join_and_find_snake(client, f"P{i}") for i, client in enumerate(clients)]
    for client, snake in zip(clients, snakes, strict=True):
        await start_snake(client, snake)
    for i, client in enumerate(clients):
        delta = await client.receive_until(lambda m: bool(m.get("moved")))
        moved = {entry[0] for entry in delta.get("moved", ())}
        assert moved == {snakes[i]["id"]}
        await client.send({"type": "chat", "text": f"hello from {i}"})
    for i, client in enumerate(clients):
        line = await client.line("player")
        assert line["text"] == f"hello from {i}"
    rooms = embedded_host().rooms
    assert {key for key in rooms if key[1].startswith("room-")} == {
        ("snek", f"room-{i}") for i in range(4)
    }
    assert len({id(rooms[("snek", f"room-{i}")].state) for i in range(4)}) == 4
    for client in clients:
        await client.close()
