"""An engine worker's loops outlive a failure: no Redis here, only the loops themselves."""

from __future__ import annotations

import asyncio
from typing import Any

import orjson
import pytest
from redis.exceptions import ConnectionError as RedisConnectionError

from kogame.cluster.messages import ClusterMessage, to_dict
from kogame.cluster.worker import EngineWorker, Owned, RemoteConnection, greet
from kogame.engine.room import Room
from kogame.engine.spec import RoomSpec
from kogame.games.snek.game import SnekGame
from tests.cluster.fakes import SITE, ScriptedMailbox


def _worker(redis: Any = None) -> EngineWorker:
    return EngineWorker({"snek": SnekGame()}, redis=redis, layer=None, site=SITE)


async def test_a_loop_whose_work_fails_goes_on() -> None:
    worker = _worker()
    calls: list[int] = []
    again = asyncio.Event()

    async def work() -> None:
        calls.append(1)
        if len(calls) == 1:
            raise ValueError("a room's snapshot could not be read")
        again.set()

    loop = asyncio.create_task(worker._every(0.01, work))
    await asyncio.wait_for(again.wait(), 5)
    loop.cancel()
    assert len(calls) >= 2


async def _inbox_reads(worker: EngineWorker, mailbox: ScriptedMailbox) -> Room:
    """Run a room's inbox until it has read everything; the room, ticked once since."""
    room = Room(SnekGame(), RoomSpec("snek", "r"), seed=1)
    inbox = asyncio.create_task(worker._inbox(Owned(room)))
    for _ in range(50):
        await asyncio.sleep(0.01)
        if not mailbox.reads:
            break
    await asyncio.sleep(0.01)
    inbox.cancel()
    room.tick()  # chat goes out (and into the history) with the next frame
    return room


SAY = b'{"type": "say", "player": "p", "text": "still listening"}'


async def test_a_bad_message_does_not_stop_a_rooms_inputs() -> None:
    no_player = b'{"type": "join"}'
    mailbox = ScriptedMailbox([no_player, SAY])
    room = await _inbox_reads(_worker(mailbox), mailbox)
    assert [line["text"] for line in room.chat] == ["still listening"]


async def test_a_quiet_mailbox_or_an_unreadable_message_is_not_redis_failing() -> None:
    """A read that waited and found nothing, and payloads that are no messages (not JSON,
    nested past the decoder's limit, not a map, an unknown type, a bad field), neither
    pause the worker nor hold up what comes after them in the same batch."""
    unreadable = [
        b"\xc1\x00",
        b"[" * 2000 + b"]" * 2000,
        b"42",
        b'{"type": "launch"}',
        b'{"type": "join", "player": "p", "name": "P", "colour": "red"}',
    ]
    mailbox = ScriptedMailbox(None, [*unreadable, SAY])
    worker = _worker(mailbox)
    room = await _inbox_reads(worker, mailbox)
    assert [line["text"] for line in room.chat] == ["still listening"]
    assert "p" not in room._last_input  # the join with a bad colour was not made
    assert worker._quiet_until == 0.0
    assert not worker._redis_failing


async def test_a_lost_connection_is_redis_failing() -> None:
    mailbox = ScriptedMailbox(RedisConnectionError("Connection refused"))
    worker = _worker(mailbox)
    await _inbox_reads(worker, mailbox)
    assert worker._quiet_until > 0.0
    assert worker._redis_failing


class Recording:
    """Notes the Redis operations a worker makes, in order."""

    def __init__(self) -> None:
        self.ops: list[str] = []

    async def delete(self, key: str) -> int:
        self.ops.append("delete snapshot")
        return 1

    async def hdel(self, key: str, field: str) -> int:
        self.ops.append("forget stats")
        return 1

    async def release(self, game: str, room: str) -> bool:
        self.ops.append("release lease")
        return True


async def test_a_finished_room_gives_up_its_lease_before_its_snapshot_is_deleted() -> None:
    """So a save still on its way is refused (not the owner) instead of landing after the
    delete and bringing the finished match back the next time the room is wanted."""
    recording = Recording()
    worker = EngineWorker({"snek": SnekGame()}, redis=recording, layer=None, site=SITE)  # type: ignore[arg-type]
    worker.leases = recording  # type: ignore[assignment]
    await worker._forget(Room(SnekGame(), RoomSpec("snek", "r"), seed=1))
    assert recording.ops == ["release lease", "delete snapshot", "forget stats"]


async def test_a_save_pass_skips_a_room_that_stopped_during_it() -> None:
    worker = _worker()
    first, second = (Owned(Room(SnekGame(), RoomSpec("snek", r), seed=1)) for r in "ab")
    worker.owned = {("snek", "a"): first, ("snek", "b"): second}
    saved: list[str] = []

    async def save(owned: Owned) -> bool:
        saved.append(owned.room.room_id)
        worker.owned.pop(("snek", "b"), None)  # b goes idle while a's save is on its way
        return True

    worker._save = save  # type: ignore[method-assign]
    await worker._save_all()
    assert saved == ["a"]


class LapsedLease:
    """A lease that lapsed while the worker looked the room up."""

    async def renew(self, game: str, room: str) -> bool:
        return False


async def test_a_room_whose_lease_lapsed_during_the_lookup_is_not_started() -> None:
    worker = _worker()
    worker.leases = LapsedLease()  # type: ignore[assignment]
    await worker._take("snek", "main")  # the default room: no database lookup
    assert worker.owned == {}


class Sent:
    """A poster that notes what would go to web processes."""

    def __init__(self) -> None:
        self.messages: list[dict[str, Any]] = []

    def post(self, mailbox: str, message: ClusterMessage) -> None:
        self.messages.append(to_dict(message))


async def test_a_welcome_says_whether_the_player_is_in_play_in_a_field_of_its_own() -> None:
    """The relay tells a welcome by `playing` (kogame/cluster/messages.py, `Direct`), never
    by the text; every other message for the client has no `playing`."""
    sent = Sent()
    room = Room(SnekGame(), RoomSpec("snek", "r"), seed=1, greet=greet)
    room.attach(RemoteConnection("ada", "web#1", "web", sent))  # type: ignore[arg-type]
    welcome, *rest = sent.messages
    assert welcome["type"] == "kogame.direct" and welcome["playing"] is False
    assert orjson.loads(welcome["text"])["type"] == "welcome"
    assert rest and all("playing" not in message for message in rest)


class RestartedRedis:
    """A Redis that went down while asked, and answers once it is back, empty."""

    def __init__(self, worker: EngineWorker, wait: float) -> None:
        self.worker = worker
        self.wait = wait

    async def exists(self, key: str) -> int:
        await asyncio.sleep(self.wait)  # the client retrying until Redis is back
        if self.wait < 0.5:
            self.worker._redis_down(RedisConnectionError("another loop noticed"))
        return 0


async def test_a_liveness_check_that_waited_through_a_redis_restart_detaches_nobody() -> None:
    from kogame.cluster import worker as worker_module

    for wait in (0.05, worker_module.CHECK_SLOW + 0.1):  # an outage noticed meanwhile, or not
        worker = _worker()
        worker.redis = RestartedRedis(worker, wait)  # type: ignore[assignment]
        room = Room(SnekGame(), RoomSpec("snek", "r"), seed=1)
        owned = worker.owned[("snek", "r")] = Owned(room)
        conn = owned.conns["web#1"] = RemoteConnection("ada", "web#1", "web", worker.poster)
        room.attach(conn)
        await worker._check_webs()
        assert list(owned.conns) == ["web#1"], wait


async def test_an_inbox_waits_until_just_before_the_next_tick_of_a_fixed_clock_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """After a read, a room on a fixed clock reads again INBOX_LEAD_SECONDS before its next
    tick (what came meanwhile comes in one batch); a turn-based room reads again at once."""
    from kogame.cluster import worker as worker_module

    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    monkeypatch.setattr(asyncio, "sleep", sleep)
    room = Room(SnekGame(), RoomSpec("snek", "r"), seed=1)
    now = asyncio.get_running_loop().time()
    room.next_tick_at = now + 0.05
    await worker_module._until_before_tick(room)
    (wait,) = waits
    lead = worker_module.INBOX_LEAD_SECONDS
    assert 0.05 - lead - 0.01 < wait <= 0.05 - lead
    room.next_tick_at = now - 0.01  # the tick is due already: read at once
    await worker_module._until_before_tick(room)
    room.next_tick_at = None  # turns: a move may bring the tick forward
    await worker_module._until_before_tick(room)
    assert len(waits) == 1
