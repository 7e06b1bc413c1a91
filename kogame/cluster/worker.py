"""An engine worker: runs the rooms it holds leases for, wherever their clients connect.

Each room's owner is whoever holds its lease (kogame/cluster/lease.py). A worker scans the
rooms web processes want, takes the lease of any without an owner, restores the room's last
snapshot if there is one, and runs it as the embedded host would, with two differences:
clients are `RemoteConnection`s (messages go back to the client's web process), and frames
go once to each web process with clients in the room (published on the room's Redis pub/sub
channel, kogame/cluster/framebus.py, or sent to its channel-layer group), not to each
client. Inputs arrive in the room's mailbox (kogame/cluster/mailbox.py), a queue that waits
for the next owner, and are read in batches.

Every `save_every` seconds (and on a clean shutdown) each room is saved to Redis, only while
the lease is still ours. A worker that is killed loses at most the ticks since the last save:
its leases lapse and other workers take its rooms over.
"""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import socket
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import orjson
from asgiref.sync import sync_to_async
from django.conf import settings
from redis.asyncio import Redis
from redis.exceptions import RedisError

from kogame.cluster import keys, mailbox
from kogame.cluster.framebus import FramePublisher
from kogame.cluster.lease import Leases
from kogame.cluster.mailbox import Poster
from kogame.cluster.messages import (
    Act,
    Attach,
    Close,
    ClusterMessage,
    Detach,
    Direct,
    Frame,
    Join,
    Owner,
    Say,
    Spectate,
    Sync,
    to_dict,
)
from kogame.cluster.sender import Sender
from kogame.engine.frames import TickFrames
from kogame.engine.game import Game, InputError
from kogame.engine.results import Life
from kogame.engine.room import Connection, Room, RoomListener
from kogame.engine.spec import RoomSpec, RoomTiming

log = logging.getLogger(__name__)


# How long a web process's liveness key lasts without a heartbeat (kogame/cluster/relay.py).
WEB_ALIVE_SECONDS = 5.0
# A liveness lookup that took this long was retried through trouble: its answer is not trusted.
CHECK_SLOW = 1.0
# A room on a fixed clock reads its mailbox once more this long before each tick, and
# otherwise not again after a read until then: what came meanwhile is read in one batch.
INBOX_LEAD_SECONDS = 0.003


@dataclass(frozen=True)
class Timing:
    scan_every: float = 0.25
    renew_every: float = 1.0
    save_every: float = 2.0
    lease_ms: int = 3000
    check_webs_every: float = 2.0


class RemoteConnection:
    """A client of a web process, as the room sees it: what it is sent goes to that web
    process's mailbox, and from there to the client's socket."""

    def __init__(self, player: str, conn: str, web: str, poster: Poster) -> None:
        self.player = player
        self.conn = conn
        self.web = web
        self._poster = poster
        self._mailbox = keys.web_mailbox(web)

    def deliver(self, text: str, playing: bool | None = None) -> None:
        self._poster.post(self._mailbox, Direct(self.conn, text, playing))

    def close_with(self, code: int) -> None:
        self._poster.post(self._mailbox, Close(self.conn, code))


async def _until_before_tick(room: Room) -> None:
    """Wait, after a read, until just before the room's next tick (a fixed clock only).

    Inputs count from the next tick on, so reading them as they come (about a hundred a
    second from fifty players) buys nothing over reading them all just before it: one wake
    and one round trip per tick instead of one per input. A turn-based room reads at once,
    since a move may complete the turn.
    """
    due = room.next_tick_at
    if due is not None:
        wait = due - INBOX_LEAD_SECONDS - asyncio.get_running_loop().time()
        if wait > 0:
            await asyncio.sleep(wait)


def greet(conn: Connection, text: str, playing: bool) -> None:
    """A welcome says, as a field of its own, whether the player is still in play."""
    if isinstance(conn, RemoteConnection):
        conn.deliver(text, playing)
    else:
        conn.deliver(text)


@dataclass(frozen=True)
class Site:
    """What a worker needs from the site it serves (`manage.py engine` gives it): where rooms
    are defined, where results go, and what the lobby lists of a room."""

    find_room: Callable[[str, str], RoomSpec | None]
    listener: RoomListener
    entry: Callable[[Room], dict[str, Any]]
    timing: Callable[[], RoomTiming] = RoomTiming


@dataclass
class Owned:
    room: Room
    inbox: asyncio.Task[None] | None = None
    conns: dict[str, RemoteConnection] = field(default_factory=dict)
    # Set when the room leaves this worker other than by stopping for good (handed over, or
    # the lease was lost): then the match goes on elsewhere and the snapshot is kept.
    moving: bool = False


class WorkerListener:
    """The site's listener, except for a run's start and end when the room merely moves."""

    def __init__(self, worker: EngineWorker, inner: RoomListener) -> None:
        self.worker = worker
        self.inner = inner

    def room_started(self, room: Room) -> None:
        if room.ticks == 0:
            self.inner.room_started(room)

    def life_ended(self, room: Room, life: Life, number: int) -> None:
        self.inner.life_ended(room, life, number)

    def player_named(self, room: Room, player: str, name: str) -> None:
        self.inner.player_named(room, player, name)

    def room_stopped(self, room: Room) -> None:
        owned = self.worker.owned.get((room.game_name, room.room_id))
        if owned is None or not owned.moving:
            self.inner.room_stopped(room)


class EngineWorker:
    def __init__(
        self,
        games: Mapping[str, Game[Any, Any, Any]],
        redis: Redis,
        layer: Any,
        site: Site,
        timing: Timing = Timing(),
        name: str | None = None,
        frames: FramePublisher | None = None,
    ) -> None:
        """With `frames`, each tick's frames are published there; without, they go to the
        room's frames group on the channel layer."""
        self.games = games
        self.site = site
        self.redis = redis
        self.layer = layer
        self.timing = timing
        self.name = name or f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"
        self.leases = Leases(redis, self.name, timing.lease_ms)
        self.sender = Sender(layer)
        self.poster = Poster(redis)
        self.frames = frames
        self.owned: dict[tuple[str, str], Owned] = {}
        self._listener = WorkerListener(self, site.listener)
        self._quiet_until = 0.0
        self._redis_failing = False

    async def run(self, stop: asyncio.Event) -> None:
        """Work until `stop` is set, then hand every room over and return."""
        self.sender.start()
        self.poster.start()
        if self.frames is not None:
            self.frames.start()
        log.info("engine worker %s started", self.name)
        loops = [
            self._every(self.timing.scan_every, self._scan),
            self._every(self.timing.renew_every, self._renew),
            self._every(self.timing.save_every, self._save_all),
            self._every(self.timing.check_webs_every, self._check_webs),
        ]
        tasks = [asyncio.create_task(loop) for loop in loops]
        await stop.wait()
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await self.hand_over()
        await self.sender.stop()
        await self.poster.stop()
        if self.frames is not None:
            await self.frames.stop()
        log.info("engine worker %s stopped", self.name)

    async def hand_over(self) -> None:
        """Save and release every room, for another worker to take over at once."""
        for (game, room_id), owned in list(self.owned.items()):
            owned.moving = True
            if owned.inbox is not None:
                owned.inbox.cancel()
            # Stopped first: ticks run while the save is on its way would be lost.
            await self._stop_room(owned)
            saved = await self._save(owned)
            released = await self.leases.release(game, room_id)
            log.info("room %s handed over (saved: %s, released: %s)", owned.room, saved, released)

    async def _every(self, seconds: float, work: Callable[[], Awaitable[None]]) -> None:
        while True:
            try:
                await work()
            except (RedisError, OSError) as error:
                self._redis_down(error)
            except Exception:
                # A bug or bad data (a room's snapshot, say) must not end this loop for good.
                log.exception("engine worker: %s failed; trying again", work.__name__)
            else:
                if self._redis_failing:
                    log.warning("Redis reachable again")
                    self._redis_failing = False
            await asyncio.sleep(seconds)

    def _redis_down(self, error: Exception) -> None:
        # Owners re-assert their leases first; nobody takes new rooms for one lease period.
        self._quiet_until = time.monotonic() + self.timing.lease_ms / 1000
        if not self._redis_failing:
            log.warning("Redis unreachable (%s); rooms keep running, retrying", error)
            self._redis_failing = True

    async def _scan(self) -> None:
        if time.monotonic() < self._quiet_until:
            return
        now = int(time.time() * 1000)
        await self.redis.zremrangebyscore(keys.WANTED, "-inf", now)
        for member in await self.redis.zrangebyscore(keys.WANTED, now, "+inf"):
            if not isinstance(member, bytes):
                continue
            game, _, room_id = member.decode().partition("/")
            if self._full() and room_id != settings.KOGAME_DEFAULT_ROOM:
                continue  # other workers take the rest (the default rooms always start)
            if (game, room_id) in self.owned or game not in self.games:
                continue
            if await self.leases.acquire(game, room_id):
                try:
                    await self._take(game, room_id)
                except Exception:
                    # Not taken after all: let another try (and, if it fails too, say so).
                    await self.leases.release(game, room_id)
                    raise

    def _full(self) -> bool:
        """As many rooms as a process may run (KOGAME_MAX_ROOMS), default rooms not counted."""
        counted = sum(1 for _, room_id in self.owned if room_id != settings.KOGAME_DEFAULT_ROOM)
        return counted >= settings.KOGAME_MAX_ROOMS

    async def _take(self, game: str, room_id: str) -> None:
        spec = await sync_to_async(self.site.find_room)(game, room_id)
        if spec is None:
            log.warning("room %s/%s is wanted but not defined; leaving it", game, room_id)
            await self.leases.release(game, room_id)
            return
        # The lookup waited on the database, while nothing renewed the new lease: if it
        # lapsed, another worker may hold the room now, and two must never run it.
        if not await self.leases.renew(game, room_id):
            log.warning("room %s/%s: lease lapsed while looking the room up", game, room_id)
            return
        group = keys.frames_group(game, room_id)
        key = keys.room_key(game, room_id)

        frames_channel = keys.frames_channel(key)
        publisher = self.frames

        def publish(frames: TickFrames) -> None:
            if publisher is not None:
                publisher.publish(frames_channel, Frame(key, frames))
            else:
                self.sender.group_send(group, Frame(key, frames).to_dict())

        room = Room(
            self.games[game],
            spec,
            secrets.randbits(63),
            timing=self.site.timing(),
            on_stop=self._stopped,
            listener=self._listener,
            publish=publish,
            greet=greet,
        )
        saved = await self.redis.get(keys.snapshot(game, room_id))
        if isinstance(saved, bytes):
            room.restore(saved)
            log.info("room %s restored at tick %d by %s", room, room.ticks, self.name)
        owned = self.owned[(game, room_id)] = Owned(room)
        room.start()
        owned.inbox = asyncio.create_task(self._inbox(owned), name=f"inbox {room}")
        # Web processes attach their clients again: the new room knows nobody yet.
        self.sender.group_send(group, to_dict(Owner(key)))

    async def _inbox(self, owned: Owned) -> None:
        room = owned.room
        box = keys.room_mailbox(room.game_name, room.room_id)
        while True:
            try:
                messages = await mailbox.receive(self.redis, box, f"room {room}")
            except (RedisError, OSError) as error:
                self._redis_down(error)
                await asyncio.sleep(0.2)
                continue
            except Exception:
                log.exception("room %s: could not receive; trying again", room)
                await asyncio.sleep(0.2)
                continue
            for message in messages:
                try:
                    self._handle(owned, message)
                except Exception:
                    # One bad message must not stop the room's inputs for good.
                    log.exception("room %s: could not handle a %s message", room, message.TYPE)
            await _until_before_tick(room)

    def _handle(self, owned: Owned, message: ClusterMessage) -> None:
        room = owned.room
        match message:
            case Attach(conn=conn_id, web=web, player=player):
                if conn_id in owned.conns:
                    return  # the same client again (its relay heard of an owner change late)
                conn = owned.conns[conn_id] = RemoteConnection(player, conn_id, web, self.poster)
                room.attach(conn)
            case Detach(conn=conn_id):
                gone = owned.conns.pop(conn_id, None)
                if gone is not None:
                    room.detach(gone)
            case Join(player=player, name=name, colour=colour):
                room.join(player, name, colour)
            case Spectate(player=player):
                room.spectate(player)
            case Say(player=player, text=text):
                room.say(player, text)
            case Act(player=player, fields=fields):
                try:
                    room.act(player, fields)
                except InputError:
                    log.debug("room %s ignored an input the edge had accepted", room)
            case Sync(conn=conn_id):
                target = owned.conns.get(conn_id)
                if target is not None:
                    room.sync(target)
            case _:
                log.warning("room %s: dropped a %s, not a message for a room", room, message.TYPE)

    async def _renew(self) -> None:
        for (game, room_id), owned in list(self.owned.items()):
            if await self.leases.renew(game, room_id):
                continue
            log.warning("room %s: lease lost to another worker; stopping here", owned.room)
            owned.moving = True
            if owned.inbox is not None:
                owned.inbox.cancel()
            await self._stop_room(owned)
        await self._publish_entries()

    async def _publish_entries(self) -> None:
        entries = {
            keys.room_key(game, room_id): orjson.dumps(
                self.site.entry(owned.room) | {"at": int(time.time() * 1000)}
            )
            for (game, room_id), owned in self.owned.items()
        }
        if entries:
            await self.redis.hset(keys.STATS, mapping=entries)  # type: ignore[arg-type]

    async def _save_all(self) -> None:
        for key, owned in list(self.owned.items()):
            if self.owned.get(key) is owned:  # not stopped (and forgotten) during this pass
                await self._save(owned)

    async def _save(self, owned: Owned) -> bool:
        room = owned.room
        key = keys.snapshot(room.game_name, room.room_id)
        return await self.leases.put_if_owner(room.game_name, room.room_id, key, room.save())

    async def _check_webs(self) -> None:
        """Clients of a web process that died are detached (their grace period starts).

        Not right after a Redis outage: the web processes' liveness keys may be gone with it.
        Nor when the outage began during this check: a lookup that waited (retrying) for a
        restarted, empty Redis finds no key, though the web process is alive and about to
        write it again.
        """
        if time.monotonic() < self._quiet_until + WEB_ALIVE_SECONDS:
            return
        quiet_until = self._quiet_until
        for owned in list(self.owned.values()):
            webs = {conn.web for conn in owned.conns.values()}
            for web in webs:
                asked = time.monotonic()
                alive = await self.redis.exists(keys.web_alive(web))
                if self._quiet_until != quiet_until or time.monotonic() - asked > CHECK_SLOW:
                    return
                if not alive:
                    log.info("web process %s is gone; detaching its clients", web)
                    for conn_id, conn in list(owned.conns.items()):
                        if conn.web == web:
                            del owned.conns[conn_id]
                            owned.room.detach(conn)

    async def _stop_room(self, owned: Owned) -> None:
        task = owned.room.task
        if task is not None and not task.done():
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)

    def _stopped(self, room: Room) -> None:
        """The room's loop ended: idle, failed, or moved (handed over / lease lost)."""
        key = (room.game_name, room.room_id)
        owned = self.owned.pop(key, None)
        if owned is None:
            return
        if owned.inbox is not None:
            owned.inbox.cancel()
        if not owned.moving:
            asyncio.get_running_loop().create_task(self._forget(room))

    async def _forget(self, room: Room) -> None:
        game, room_id = room.game_name, room.room_id
        try:
            # Release first: a save still on its way then fails (not the owner), rather than
            # landing after the delete and bringing the finished match back next time.
            await self.leases.release(game, room_id)
            await self.redis.delete(keys.snapshot(game, room_id))
            await self.redis.hdel(keys.STATS, keys.room_key(game, room_id))
        except (RedisError, OSError) as error:
            self._redis_down(error)
