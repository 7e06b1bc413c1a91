"""A web process's relay: each frame to its players before its watchers, inputs to the owner
as the game writes them, and a quiet channel taken for what it is.

No Redis here: the relay's calls to the room's owner are only queued (its sender is never
started) or noted, and frames are handed to the relay as its receive loop would.
"""

from __future__ import annotations

import asyncio
from typing import Any

import orjson
import pytest
from channels.layers import InMemoryChannelLayer
from redis.exceptions import TimeoutError as RedisTimeoutError

from kogame.cluster.messages import ClusterMessage, Frame, to_dict
from kogame.cluster.relay import RelayHost, RoomRelay
from kogame.engine.encoding import encode
from kogame.engine.frames import TickFrames
from kogame.engine.room import Room
from kogame.engine.spec import RoomSpec
from kogame.games.snek.game import SnekGame
from tests.cluster.fakes import ScriptedChannel
from tests.engine.test_frames import AreaGame


class FakeRedis:
    async def zadd(self, key: str, mapping: dict[str, int]) -> int:
        return len(mapping)


def snapshot_to(host: RelayHost, relay: RoomRelay, *conns: Any, tick: int = 0) -> None:
    """The owner's snapshot for each of `conns`, as it arrives after an attach: only then
    does a client get frames."""
    for conn in conns:
        conn_id = next(cid for cid, c in relay.conns.items() if c is conn)
        text = encode({"type": "snapshot", "tick": tick})
        host._dispatch({"type": "kogame.direct", "conn": conn_id, "text": text})


class Conn:
    def __init__(self, player: str, order: list[str]) -> None:
        self.player = player
        self.order = order

    def deliver(self, text: str) -> None:
        self.order.append(self.player)

    def close_with(self, code: int) -> None:
        pass


async def test_players_get_each_frame_before_watchers() -> None:
    host = RelayHost({"snek": SnekGame()}, FakeRedis(), InMemoryChannelLayer())  # type: ignore[arg-type]
    relay = host.rooms[("snek", "r")] = RoomRelay(host, "snek", "r", SnekGame())
    order: list[str] = []
    watchers = [Conn(f"w{i}", order) for i in range(5)]
    ada = Conn("ada", order)
    for conn in [*watchers[:2], ada, *watchers[2:]]:
        relay.attach(conn)
    snapshot_to(host, relay, *watchers, ada)
    order.clear()
    relay.join("ada", "Ada")
    frame = {"type": "kogame.frame", "room": relay.key, "tick": 1, "text": "{}"}
    host._dispatch(frame)
    assert order == ["ada", *(w.player for w in watchers)]
    relay.spectate("ada")
    relay.detach(watchers[0])
    order.clear()
    host._dispatch(frame | {"tick": 2})
    assert order == [*(w.player for w in watchers[1:]), "ada"]
    await asyncio.sleep(0)  # the owner-wanted write the first attach started


async def test_a_player_who_reconnects_still_in_play_is_among_the_players() -> None:
    """The owner's welcome says the player is still in play; they will not `join` again."""
    host = RelayHost({"snek": SnekGame()}, FakeRedis(), InMemoryChannelLayer())  # type: ignore[arg-type]
    relay = host.rooms[("snek", "r")] = RoomRelay(host, "snek", "r", SnekGame())
    order: list[str] = []
    watcher, ada = Conn("w", order), Conn("ada", order)
    relay.attach(watcher)
    relay.attach(ada)
    welcome = encode({"type": "welcome", "player": "ada", "playing": True})
    conn_id = next(cid for cid, conn in relay.conns.items() if conn is ada)
    host._dispatch({"type": "kogame.direct", "conn": conn_id, "text": welcome, "playing": True})
    snapshot_to(host, relay, watcher, ada)
    order.clear()
    host._dispatch({"type": "kogame.frame", "room": relay.key, "tick": 1, "text": "{}"})
    assert order == ["ada", "w"]
    await asyncio.sleep(0)


class Sent:
    """The relay's poster: notes what would go to the room's owner."""

    def __init__(self) -> None:
        self.messages: list[dict[str, Any]] = []

    def post(self, mailbox: str, message: ClusterMessage) -> None:
        self.messages.append(to_dict(message))


async def test_the_owner_gets_an_input_as_the_game_writes_it_never_the_clients_fields() -> None:
    host = RelayHost({"snek": SnekGame()}, FakeRedis(), InMemoryChannelLayer())  # type: ignore[arg-type]
    relay = RoomRelay(host, "snek", "r", SnekGame())
    sent = host.poster = Sent()  # type: ignore[assignment]
    nested: list[Any] = []
    for _ in range(1000):
        nested = [nested]
    relay.act("ada", {"type": "turn", "direction": "up", "player": "bea", "x": nested})
    relay.act("ada", {"type": "respawn", "snake": 7})
    assert sent.messages == [
        {"type": "act", "player": "ada", "fields": {"type": "turn", "direction": "up"}},
        {"type": "act", "player": "ada", "fields": {"type": "respawn"}},
    ]


async def test_a_quiet_channel_is_no_failure_and_the_next_frame_comes_at_once(
    caplog: pytest.LogCaptureFixture,
) -> None:
    host = RelayHost({"snek": SnekGame()}, FakeRedis(), InMemoryChannelLayer())  # type: ignore[arg-type]
    relay = host.rooms[("snek", "r")] = RoomRelay(host, "snek", "r", SnekGame())
    order: list[str] = []
    ada = Conn("ada", order)
    relay.attach(ada)
    snapshot_to(host, relay, ada)
    order.clear()
    host.layer = channel = ScriptedChannel(
        RedisTimeoutError("Timeout reading from 127.0.0.1:6379"),
        ValueError("Unpack failed: incomplete input"),
        {"type": "kogame.frame", "room": relay.key, "tick": 1, "text": "{}"},
    )
    receiving = asyncio.create_task(host._receive())
    for _ in range(20):
        await asyncio.sleep(0.01)
        if order:
            break
    receiving.cancel()
    assert order == ["ada"]
    assert [r.getMessage() for r in caplog.records if r.name == "kogame.cluster.relay"] == []
    assert not channel.reads


class Recorded:
    """A client that keeps what it is sent and how it is closed."""

    def __init__(self, player: str) -> None:
        self.player = player
        self.texts: list[str] = []
        self.closed: int | None = None

    def deliver(self, text: str) -> None:
        self.texts.append(text)

    def close_with(self, code: int) -> None:
        self.closed = code


async def test_a_client_no_owner_welcomes_in_time_is_told_the_server_is_busy(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Every engine worker is full (or none runs): the client hears so, as from a full
    embedded host, instead of waiting with no board."""
    from kogame.cluster import relay as relay_module
    from kogame.engine.host import CLOSE_BUSY

    monkeypatch.setattr(relay_module, "OWNER_WAIT_SECONDS", 0.05)
    host = RelayHost({"snek": SnekGame()}, FakeRedis(), InMemoryChannelLayer())  # type: ignore[arg-type]
    relay = host.rooms[("snek", "r")] = RoomRelay(host, "snek", "r", SnekGame())
    waiting, greeted, gone = Recorded("w"), Recorded("g"), Recorded("x")
    for conn in (waiting, greeted, gone):
        relay.attach(conn)
    greeted_id = next(cid for cid, conn in relay.conns.items() if conn is greeted)
    welcome = encode({"type": "welcome", "player": "g", "playing": False})
    direct = {"type": "kogame.direct", "conn": greeted_id, "text": welcome, "playing": False}
    host._dispatch(direct)
    relay.detach(gone)
    await asyncio.sleep(0.2)
    assert [orjson.loads(text)["code"] for text in waiting.texts] == ["server_busy"]
    assert waiting.closed == CLOSE_BUSY
    assert (greeted.texts, greeted.closed) == ([welcome], None)
    assert (gone.texts, gone.closed) == ([], None)


async def test_each_client_gets_its_areas_text_and_its_own_part() -> None:
    """The owner's frame message carries each area's text once; the relay puts each client's
    together here, as the room does in the embedded host (kogame/engine/frames.py)."""
    host = RelayHost({"snek": SnekGame()}, FakeRedis(), InMemoryChannelLayer())  # type: ignore[arg-type]
    relay = host.rooms[("snek", "r")] = RoomRelay(host, "snek", "r", SnekGame())
    lea, leo, rob = Recorded("lea"), Recorded("leo"), Recorded("rob")
    for conn in (lea, leo, rob):
        relay.attach(conn)
        snapshot_to(host, relay, conn)
        conn.texts.clear()
    left, right = encode({"type": "delta", "area": "l"}), encode({"type": "delta", "area": "r"})
    frame = {
        "type": "kogame.frame",
        "room": relay.key,
        "tick": 9,
        "texts": {"l": left, "r": right},
        "parts": {"leo": encode({"acked": 4})},
        "views": {"lea": "l", "leo": "l", "rob": "r"},
    }
    host._dispatch(frame)
    assert lea.texts == [left] and rob.texts == [right]
    assert orjson.loads(leo.texts[0]) == {"type": "delta", "area": "l", "you": {"acked": 4}}
    assert relay.ticks == 9
    host._dispatch({"type": "kogame.frame", "room": relay.key, "tick": "ten", "text": "{}"})
    assert relay.ticks == 9 and len(lea.texts) == 1, "a malformed frame is dropped"
    await asyncio.sleep(0)


async def test_a_relays_clients_get_the_texts_an_embedded_rooms_clients_get() -> None:
    """A two-area game with private parts: its room's frames, published as a worker does,
    reach the relay's clients exactly as the room hands them out in the embedded host."""
    embedded = Room(AreaGame(), RoomSpec("counting", "r"), seed=1)
    published: list[TickFrames] = []
    owner = Room(AreaGame(), RoomSpec("counting", "r"), seed=1, publish=published.append)
    host = RelayHost({"snek": SnekGame()}, FakeRedis(), InMemoryChannelLayer())  # type: ignore[arg-type]
    relay = host.rooms[("snek", "r")] = RoomRelay(host, "snek", "r", SnekGame())
    players = ["lea", "leo", "rob"]
    here = {player: Recorded(player) for player in players}
    there = {player: Recorded(player) for player in players}
    for player in players:
        embedded.attach(here[player])
        owner.attach(Recorded(player))
        relay.attach(there[player])
        snapshot_to(host, relay, there[player])
        here[player].texts.clear()
        there[player].texts.clear()
    for room in (embedded, owner):
        room.act("leo", {"type": "poke"})
        room.tick()
    (frames,) = published
    host._dispatch(Frame(relay.key, frames).to_dict())
    assert {p: c.texts for p, c in there.items()} == {p: c.texts for p, c in here.items()}
    assert "you" in orjson.loads(there["leo"].texts[0])
    await asyncio.sleep(0)


async def test_frames_that_beat_a_clients_snapshot_are_handed_on_after_it() -> None:
    """Frames come over pub/sub, snapshots through the channel layer: a snapshot may arrive
    after frames of later ticks. The client gets none before its snapshot, then those it
    lacks, in order, so it goes on without a gap (and without asking for a resync)."""
    host = RelayHost({"snek": SnekGame()}, FakeRedis(), InMemoryChannelLayer())  # type: ignore[arg-type]
    relay = host.rooms[("snek", "r")] = RoomRelay(host, "snek", "r", SnekGame())
    old, new = Recorded("old"), Recorded("new")
    relay.attach(old)
    snapshot_to(host, relay, old, tick=3)
    relay.attach(new)
    for tick in (4, 5, 6):
        host._dispatch(
            {"type": "kogame.frame", "room": relay.key, "tick": tick, "text": f"d{tick}"}
        )
    assert new.texts == []
    snapshot_to(host, relay, new, tick=4)
    assert new.texts[1:] == ["d5", "d6"]
    host._dispatch({"type": "kogame.frame", "room": relay.key, "tick": 7, "text": "d7"})
    assert new.texts[1:] == ["d5", "d6", "d7"]
    assert old.texts[1:] == ["d4", "d5", "d6", "d7"]
    await asyncio.sleep(0)


async def test_a_welcomed_client_whose_snapshot_is_lost_gets_frames_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Never a stall of the relay's making: frames resume after SNAPSHOT_WAIT_SECONDS (the
    client sees the gap and asks for a snapshot)."""
    from kogame.cluster import relay as relay_module

    monkeypatch.setattr(relay_module, "SNAPSHOT_WAIT_SECONDS", 0.05)
    host = RelayHost({"snek": SnekGame()}, FakeRedis(), InMemoryChannelLayer())  # type: ignore[arg-type]
    relay = host.rooms[("snek", "r")] = RoomRelay(host, "snek", "r", SnekGame())
    ada = Recorded("ada")
    relay.attach(ada)
    conn_id = next(iter(relay.conns))
    welcome = encode({"type": "welcome", "player": "ada", "playing": False})
    host._dispatch({"type": "kogame.direct", "conn": conn_id, "text": welcome, "playing": False})
    host._dispatch({"type": "kogame.frame", "room": relay.key, "tick": 1, "text": "d1"})
    assert ada.texts == [welcome]
    await asyncio.sleep(0.1)
    host._dispatch({"type": "kogame.frame", "room": relay.key, "tick": 2, "text": "d2"})
    assert ada.texts == [welcome, "d2"]
