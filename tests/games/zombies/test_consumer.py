"""Zombies over the real socket: joining, moving with acknowledged inputs, shooting, views (a
zombie far away is not sent), watchers seeing the whole map or following a player, and bad
inputs answered."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest
from channels.db import database_sync_to_async
from django.test import AsyncClient

from kogame.games.zombies.geometry import per_tick
from kogame.games.zombies.rules import PLAYER_SPEED
from kogame.games.zombies.state import State, Zombie
from kogame.games.zombies.tilemap import SUB, TILE
from kogame.records.models import Score
from kogame.records.recorder import get_recorder
from kogame.rooms.models import RoomDefinition
from tests.games.zombies.seen import NotForThis, Seen
from tests.play.wsclient import Client, embedded_host, open_client

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("results_writer")]
TICK_RATE = 30


@database_sync_to_async
def define(slug: str, map_name: str, bots: int = 0) -> str:
    RoomDefinition.objects.create(
        game="zombies",
        slug=slug,
        name=slug.capitalize(),
        tick_rate=TICK_RATE,
        options={"map": map_name, "bots": bots, "max_players": 8},
    )
    return f"/ws/play/zombies/{slug}/"


@database_sync_to_async
def _scores() -> list[tuple[str, str, int, str, dict[str, int]]]:
    rows = Score.objects.select_related("match", "player").order_by("id")
    return [
        (s.match.game, s.player.name, s.score, s.cause, {k: s.stats[k] for k in ("kills", "waves")})
        for s in rows
    ]


def state_of(slug: str) -> State:
    state = embedded_host().rooms[("zombies", slug)].state
    assert isinstance(state, State)
    return state


class Viewer:
    """A connection and the zombies it holds, read from every frame as the browser does."""

    def __init__(self, client: Client, welcome: dict[str, Any]) -> None:
        assert welcome["type"] == "welcome" and welcome["game"] == "zombies"
        self.client = client
        self.seen = Seen(welcome["map"]["width"])

    async def until(
        self, predicate: Callable[[dict[str, Any]], bool], within: float = 3.0
    ) -> dict[str, Any]:
        """The first frame after which `predicate(frame)` holds (the zombies in `self.seen`)."""

        def read(message: dict[str, Any]) -> bool:
            if message["type"] not in {"snapshot", "delta"}:
                return False
            try:
                self.seen.read(message)
            except NotForThis:
                return False  # another area's delta: its snapshot comes next
            return predicate(message)

        return await self.client.receive_until(read, within)

    def zombies(self) -> set[int]:
        return self.seen.ids()


async def viewer(path: str) -> Viewer:
    client = await open_client(path, define=False)
    return Viewer(client, await client.receive())


async def joined(path: str, name: str = "Ada") -> tuple[Client, dict[str, Any]]:
    """A player in the game, and the first frame with their own part."""
    client, frame, _ = await joined_viewer(path, name)
    return client, frame


async def joined_viewer(path: str, name: str = "Ada") -> tuple[Client, dict[str, Any], Viewer]:
    view = await viewer(path)
    await view.client.send({"type": "join", "name": name})
    frame = await view.until(lambda m: "you" in m)
    return view.client, frame, view


def act(seq: int, move: int = 0, aim: int = 0, fire: bool = False, seen: int = 0) -> dict[str, Any]:
    return {"type": "act", "seq": seq, "move": move, "aim": aim, "fire": fire, "seen": seen}


async def test_moves_are_applied_in_order_and_acknowledged_with_the_exact_position() -> None:
    path = await define("moves", "range")
    client, frame = await joined(path)
    start = frame["you"]
    assert start["ack"] == 0 and start["hp"] == 100 and start["down"] == 0
    mine = [p for p in frame["p"] if p[0] == client.player]
    assert mine and (mine[0][1], mine[0][2]) == (start["x"] // SUB, start["y"] // SUB)
    for seq in (1, 2, 3):  # one a tick, as a client sends them
        await client.send(act(seq, move=1))  # east
        await client.receive_until(lambda m: "you" in m)
    done = await client.receive_until(lambda m: m.get("you", {}).get("ack") == 3)
    step = per_tick(PLAYER_SPEED, TICK_RATE)
    assert (done["you"]["x"], done["you"]["y"]) == (start["x"] + 3 * step, start["y"])
    await client.send(act(2, move=1))  # an old number: acknowledged already, not applied again
    await client.send(act(4))
    again = await client.receive_until(lambda m: m.get("you", {}).get("ack") == 4)
    assert again["you"]["x"] == done["you"]["x"]
    await client.close()


async def test_a_zombie_shot_dead_counts_on_the_board_and_in_the_records() -> None:
    path = await define("shots", "range")
    client, frame, view = await joined_viewer(path)
    me = frame["you"]
    state = state_of("shots")
    state.zombies.append(Zombie(9000, me["x"] + 5 * TILE, me["y"], hp=100))
    await view.until(lambda m: 9000 in view.zombies())
    for seq in range(1, 40):
        await client.send(act(seq, aim=0, fire=True, seen=state.tick))
        message = await view.until(lambda m: "you" in m)
        if 9000 not in view.zombies():
            break
    else:
        raise AssertionError("the zombie in front never died")
    assert message["s"] and message["s"][-1][4] == 1, "the killing shot is drawn, as a hit"
    assert message["board"] == [[client.player, 1, 0, 0]], "the kill is on the scoreboard"
    await client.send({"type": "spectate"})  # the life ends: its kill goes to the records
    await client.receive_until(lambda m: m["type"] == "delta" and "you" not in m)
    await asyncio.to_thread(get_recorder().flush, 5.0)
    assert await _scores() == [("zombies", "Ada", 1, "left", {"kills": 1, "waves": 0})]
    board = (await AsyncClient().get("/leaderboard/zombies/")).content.decode()
    assert "Ada" in board and "Kills" in board and "Damage taken" in board
    await client.close()


async def test_a_player_is_sent_the_zombies_near_them_and_not_those_far_away() -> None:
    path = await define("views", "office")
    client, frame, view = await joined_viewer(path)
    me = frame["you"]
    state = state_of("views")
    state.zombies.append(Zombie(7001, me["x"] + 3 * TILE, me["y"], hp=100))
    state.zombies.append(Zombie(7002, me["x"] + 40 * TILE, me["y"], hp=100))
    await view.until(lambda m: "you" in m and 7001 in view.zombies())
    assert 7002 not in view.zombies()
    for _ in range(5):
        later = await view.until(lambda m: "you" in m)
        assert 7001 in view.zombies() and 7002 not in view.zombies()
        assert "z" not in later and len(later["zm"]) >= 1, "moves, once the area holds them"
    watching = await viewer(path)
    whole = await watching.until(lambda m: {7001, 7002} <= watching.zombies())
    assert "you" not in whole, "a watcher sees the whole map"
    watcher = watching.client
    await watcher.send({"type": "follow", "player": client.player})
    await watching.until(
        lambda m: m["type"] in {"snapshot", "delta"} and 7002 not in watching.zombies()
    )
    assert 7001 in watching.zombies(), "following Ada, the watcher sees what she sees"
    await watcher.send({"type": "follow", "player": 7})
    assert (await watcher.error())["code"] == "bad_field"
    await watcher.send({"type": "follow", "player": None})
    await watching.until(lambda m: 7002 in watching.zombies())
    await watcher.close()
    await client.close()


@pytest.mark.parametrize(
    ("change", "said"),
    [
        ({"move": 9}, "'move'"),
        ({"aim": 4096}, "'aim'"),
        ({"seq": 0}, "'seq'"),
        ({"seq": "1"}, "'seq'"),
        ({"fire": 1}, "'fire'"),
        ({"seen": -1}, "'seen'"),
    ],
)
async def test_bad_acts_are_answered_and_change_nothing(change: dict[str, Any], said: str) -> None:
    path = await define(f"bad-{abs(hash(said)) % 10000}-{len(str(change))}", "range")
    client, frame = await joined(path)
    await client.send(act(1, move=1) | change)
    error = await client.error()
    assert error["code"] == "bad_field" and said in error["message"]
    await client.send(act(1, move=0))
    still = await client.receive_until(lambda m: m.get("you", {}).get("ack") == 1)
    assert (still["you"]["x"], still["you"]["y"]) == (frame["you"]["x"], frame["you"]["y"])
    await client.close()
