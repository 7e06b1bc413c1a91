"""Over real sockets: a death becomes a Score row, and bots fill a room until people come."""

from __future__ import annotations

import asyncio

import pytest
from channels.db import database_sync_to_async

from kogame.records.models import Match, Player, Score
from kogame.records.recorder import get_recorder
from tests.play.wsclient import connect_and_greet, define_room, join_and_find_snake, running_room

pytestmark = pytest.mark.django_db(transaction=True)


@database_sync_to_async
def _rows(player: str) -> tuple[str, list[tuple[str, int, str]], list[str]]:
    name = Player.objects.get(pk=player).name
    scores = [
        (score.match.key, score.life, score.cause)
        for score in Score.objects.filter(player_id=player).select_related("match")
    ]
    return name, scores, list(Match.objects.values_list("room", flat=True))


async def test_a_death_in_play_is_recorded_with_the_players_name() -> None:
    client = await connect_and_greet()
    snake = await join_and_find_snake(client, "Ada Lovelace")
    room = running_room("test")
    # Heading for the nearest wall, the snake dies within the board's width.
    await client.receive_until(lambda m: [snake["id"], "wall"] in m.get("died", ()), within=5)
    assert client.player is not None
    await asyncio.to_thread(get_recorder().flush, 5.0)
    name, scores, rooms = await _rows(client.player)
    assert name == "Ada Lovelace"
    assert scores == [(room.run_id, 1, "wall")]
    assert rooms == ["test"]
    await client.close()


async def test_bots_fill_a_room_and_make_way_for_people() -> None:
    await define_room("lively", bots=2)
    watcher = await connect_and_greet("/ws/play/snek/lively/")
    bots: set[str] = set()
    while len(bots) < 2:
        delta = await watcher.receive_until(lambda m: m["type"] == "delta" and "spawned" in m)
        bots |= {s["player"] for s in delta["spawned"] if s["bot"]}
    assert bots == {"bot:1", "bot:2"}
    await join_and_find_snake(watcher, "Ada")
    delta = await watcher.receive_until(lambda m: bool(m.get("removed")), within=5)
    room = running_room("lively")
    assert sum(1 for s in room.state.snakes.values() if s.player.startswith("bot:")) == 1
    assert delta["type"] == "delta"
    await watcher.close()


async def test_a_name_is_queued_for_writing_only_when_it_changes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from kogame.play import consumers
    from kogame.records.recorder import PlayerNamed, Result

    queued: list[Result] = []

    class Queue:
        def submit(self, result: Result) -> bool:
            queued.append(result)
            return True

    monkeypatch.setattr(consumers, "get_recorder", Queue)
    client = await connect_and_greet()
    await join_and_find_snake(client, "Ada")
    for name in ("Ada", "Ada", "Bea"):
        await client.send({"type": "join", "name": name})
    await client.send({"type": "ping", "t": 1})
    await client.receive_until(lambda m: m["type"] == "pong")
    assert client.player is not None
    assert queued == [PlayerNamed(client.player, "Ada"), PlayerNamed(client.player, "Bea")]
    await client.close()
