"""Over real sockets: a death becomes a Score row, and bots fill a room until people come."""

from __future__ import annotations

import asyncio

import pytest
from channels.db import database_sync_to_async

from kogame.players.models import Player
from kogame.records.models import Match, Score
from kogame.records.recorder import PlayerNamed, Result, get_recorder
from tests.play.wsclient import (
    Client,
    connect_and_greet,
    define_room,
    join_and_find_snake,
    running_room,
)

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
    await client.receive_until(lambda m: [snake["id"], "wall", None] in m.get("died", ()), within=5)
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


class _Queue:
    """Stands in for the results recorder: keeps what is submitted."""

    def __init__(self) -> None:
        self.results: list[Result] = []

    def submit(self, result: Result) -> bool:
        self.results.append(result)
        return True

    def names(self) -> list[PlayerNamed]:
        return [result for result in self.results if isinstance(result, PlayerNamed)]


@pytest.fixture
def queued(monkeypatch: pytest.MonkeyPatch) -> _Queue:
    from kogame.rooms import hosting

    queue = _Queue()
    monkeypatch.setattr(hosting, "get_recorder", lambda: queue)
    return queue


async def _pong(client: Client) -> None:
    """Everything sent before has reached the room, and a tick has passed since."""
    await client.send({"type": "ping", "t": 1})
    await client.receive_until(lambda m: m["type"] == "pong")
    await client.receive_until(lambda m: m["type"] == "delta")


async def test_a_name_is_queued_once_the_join_takes_effect_and_only_when_it_changes(
    queued: _Queue,
) -> None:
    client = await connect_and_greet()
    await join_and_find_snake(client, "Ada")
    assert client.player is not None
    for name in ("Ada", "Ada", "Bea"):
        await client.send({"type": "join", "name": name})
    await _pong(client)
    assert queued.names() == [PlayerNamed(client.player, "Ada")]
    await client.close()


async def test_joining_again_while_playing_renames_nothing_not_even_in_the_chat(
    queued: _Queue,
) -> None:
    client = await connect_and_greet()
    snake = await join_and_find_snake(client, "Ada")
    await client.send({"type": "join", "name": "Victim"})
    await _pong(client)
    await client.send({"type": "chat", "text": "hello"})
    line = await client.line("player")
    assert (line["name"], line["text"]) == ("Ada", "hello")
    assert running_room("test").state.snakes[snake["id"]].name == "Ada"
    assert client.player is not None
    assert queued.names() == [PlayerNamed(client.player, "Ada")]
    await client.close()


async def test_a_refused_join_queues_no_name(queued: _Queue) -> None:
    await define_room("tiny", max_players=1, bots=0)
    first = await connect_and_greet("/ws/play/snek/tiny/")
    await join_and_find_snake(first, "Ada")
    second = await connect_and_greet("/ws/play/snek/tiny/")
    for n in range(10):
        await second.send({"type": "join", "name": f"Flood {n}"})
    assert (await second.error())["code"] == "room_full"
    await _pong(second)
    assert [named.name for named in queued.names()] == ["Ada"]
    await first.close()
    await second.close()
