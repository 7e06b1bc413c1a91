"""Outboxes keep a slow client from stalling anyone, and resynchronise it when it falls behind."""

from __future__ import annotations

import asyncio
import functools
import logging

import orjson
import pytest

from kogame.engine.outbox import Outbox
from kogame.engine.room import Room
from kogame.engine.spec import RoomSpec
from tests.engine.test_room import CountingGame


class Client:
    """A client whose socket can be made to block, like a full send buffer does."""

    def __init__(self, player: str) -> None:
        self.player = player
        self.sent: list[dict[str, object]] = []
        self.closed: list[int] = []
        self.writable = asyncio.Event()
        self.writable.set()
        self.outbox: Outbox | None = None

    async def send(self, text: str) -> None:
        await self.writable.wait()
        self.sent.append(orjson.loads(text))

    async def close(self, code: int) -> None:
        self.closed.append(code)

    def deliver(self, text: str) -> None:
        assert self.outbox is not None
        self.outbox.deliver(text)

    def close_with(self, code: int) -> None:
        assert self.outbox is not None
        self.outbox.close(code)


def connect(room: Room, player: str, limit: int = 32) -> Client:
    client = Client(player)
    resync = functools.partial(room.resync_texts, player)
    client.outbox = Outbox(client.send, client.close, resync, limit=limit)
    room.attach(client)
    return client


def delta_ticks(client: Client) -> list[object]:
    return [m["tick"] for m in client.sent if m["type"] == "delta"]


async def test_a_blocked_client_does_not_hold_up_the_others_or_grow_without_bound() -> None:
    room = Room(CountingGame(), RoomSpec("counting", "r", tick_rate=30), seed=1)
    healthy = connect(room, "a")
    slow = connect(room, "b", limit=8)
    await asyncio.sleep(0)
    slow.writable.clear()
    for _ in range(50):
        room.tick()
        await asyncio.sleep(0)
    assert delta_ticks(healthy) == list(range(1, 51))
    assert slow.outbox is not None
    assert len(slow.outbox) <= 8
    assert slow.outbox.dropped > 0


async def test_a_client_that_catches_up_gets_a_snapshot_then_consecutive_deltas() -> None:
    room = Room(CountingGame(), RoomSpec("counting", "r", tick_rate=30), seed=1)
    slow = connect(room, "b", limit=4)
    await asyncio.sleep(0)
    slow.writable.clear()
    for _ in range(20):
        room.tick()
    slow.writable.set()
    for _ in range(3):
        room.tick()
    await asyncio.sleep(0.01)
    after_block = slow.sent[2:]
    snapshots = [m for m in after_block if m["type"] == "snapshot"]
    assert snapshots, "the backlog was replaced by a fresh snapshot"
    last_snapshot = max(i for i, m in enumerate(after_block) if m["type"] == "snapshot")
    resumed = [m["tick"] for m in after_block[last_snapshot + 1 :] if m["type"] == "delta"]
    expected_start = after_block[last_snapshot]["tick"]
    assert isinstance(expected_start, int)
    assert resumed == list(range(expected_start + 1, 24))


async def test_a_client_that_fell_behind_also_gets_the_chat_lines_and_counts_it_missed() -> None:
    """Lines and counts ride only in tick frames: the dropped ones are made good too."""
    room = Room(CountingGame(), RoomSpec("counting", "r", tick_rate=30), seed=1)
    slow = connect(room, "b", limit=4)
    await asyncio.sleep(0)
    slow.writable.clear()
    room.say("b", "said while you were away")
    for _ in range(20):
        room.tick()
    connect(room, "c")  # the counts change while the frames that say so are dropped
    for _ in range(20):
        room.tick()
    slow.writable.set()
    await asyncio.sleep(0.01)
    after_block = slow.sent[4:]
    histories = [m for m in after_block if m["type"] == "chat_history"]
    lines = histories[-1]["messages"]
    assert isinstance(lines, list)
    assert [line["text"] for line in lines] == ["said while you were away"]
    told = [m for m in after_block if m["type"] == "presence"]
    assert told and told[-1]["spectators"] == 2


async def test_closing_waits_for_what_was_queued_before_it() -> None:
    room = Room(CountingGame(), RoomSpec("counting", "r", tick_rate=30), seed=1)
    client = connect(room, "a")
    client.deliver('{"type": "error", "code": "replaced"}')
    client.close_with(4009)
    client.deliver('{"type": "delta", "tick": 99}')
    await asyncio.sleep(0.01)
    assert client.sent[-1] == {"type": "error", "code": "replaced"}
    assert client.closed == [4009]


async def test_a_failing_send_stops_only_that_outbox() -> None:
    async def broken(text: str) -> None:
        raise ConnectionResetError

    async def close(code: int) -> None:
        return None

    outbox = Outbox(broken, close, lambda: ["{}"])
    outbox.deliver("{}")
    await asyncio.sleep(0.01)
    outbox.deliver("{}")
    assert len(outbox) == 0


async def test_a_frame_never_overtakes_one_the_writer_is_still_sending() -> None:
    sent: list[str] = []
    gates = {"0": asyncio.Event(), "1": asyncio.Event()}

    async def send(text: str) -> None:
        if text in gates:
            await gates[text].wait()
        sent.append(text)

    async def close(code: int) -> None:
        return None

    outbox = Outbox(send, close, lambda: ["snapshot"])
    outbox.deliver("0")  # the socket is full: this send suspends and goes to the writer
    outbox.deliver("1")  # queued behind it
    await asyncio.sleep(0)
    gates["0"].set()
    await asyncio.sleep(0.01)  # the writer finished "0" and is now stuck sending "1"
    assert sent == ["0"] and len(outbox) == 0
    outbox.deliver("2")  # must wait for "1", not go out eagerly
    gates["1"].set()
    await asyncio.sleep(0.01)
    assert sent == ["0", "1", "2"]


async def test_while_the_socket_keeps_up_frames_go_out_without_waiting_for_the_writer() -> None:
    room = Room(CountingGame(), RoomSpec("counting", "r", tick_rate=30), seed=1)
    client = connect(room, "a")
    room.tick()
    greeting = ["welcome", "snapshot", "chat_history", "presence"]
    assert [m["type"] for m in client.sent] == [*greeting, "delta"]


class ClientGone(OSError):
    """What uvicorn raises on a send to a client that has gone (its ClientDisconnected)."""


async def _nothing(code: int) -> None:
    return None


def _write_after_close(text: str) -> bool:
    raise RuntimeError("unable to perform operation: the handler is closed")


async def test_a_client_that_went_away_costs_one_debug_line_and_no_traceback(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A thousand clients leaving at once once logged a thousand tracebacks at INFO."""
    gate = asyncio.Event()

    async def gone_at_once(text: str) -> None:
        raise ClientGone

    async def gone_while_waiting(text: str) -> None:
        await gate.wait()  # the socket's buffer is full; the writer task finishes this send
        raise ClientGone

    async def closed_by_the_server(text: str) -> None:
        raise RuntimeError("Unexpected ASGI message 'websocket.send', after sending close.")

    caplog.set_level(logging.DEBUG, logger="kogame.engine.outbox")
    outboxes = [
        Outbox(gone_at_once, _nothing, lambda: []),
        Outbox(gone_while_waiting, _nothing, lambda: []),
        Outbox(closed_by_the_server, _nothing, lambda: []),
        Outbox(gone_at_once, _nothing, lambda: [], direct=_write_after_close),
    ]
    for outbox in outboxes:
        outbox.deliver("{}")
        outbox.deliver("{}")
    gate.set()
    await asyncio.sleep(0.01)
    for outbox in outboxes:
        outbox.deliver("{}")
        assert len(outbox) == 0
    assert [r.levelno for r in caplog.records] == [logging.DEBUG] * len(outboxes)
    assert not [r for r in caplog.records if r.exc_info]


async def test_an_unexpected_send_error_is_still_logged_with_its_traceback(
    caplog: pytest.LogCaptureFixture,
) -> None:
    async def buggy(text: str) -> None:
        raise TypeError("a bug, not a client leaving")

    outbox = Outbox(buggy, _nothing, lambda: [])
    outbox.deliver("{}")
    (record,) = [r for r in caplog.records if r.name == "kogame.engine.outbox"]
    assert record.levelno == logging.WARNING and record.exc_info
