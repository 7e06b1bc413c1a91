"""The web side of distributed mode: each room a relay that forwards to the room's owner.

A web process has a channel of its own on the channel layer, and a mailbox named after it
(kogame/cluster/mailbox.py). Its clients' calls (attach, join, chat, game inputs, ...) are
posted to the room's mailbox, where the owning engine worker reads them; frames come back once
per process, over Redis pub/sub (kogame/cluster/framebus.py) or, with KOGAME_FRAMES_VIA=layer,
through the room's frames group, and are handed to every local client (players first, each
its area's text and its own part, kogame/engine/frames.py); messages for one client come to
the process's mailbox with the client's connection id, and owner changes to its channel.
Messages are typed (kogame/cluster/messages.py); who is connected here is kept as a room
keeps it (kogame/engine/membership.py). A heartbeat keeps the process's liveness key, its
group memberships and the rooms it wants alive in Redis, so all of them come back by
themselves after a Redis restart; when a room's owner changes, the relay attaches its
clients again.

Frames and messages for one client travel different paths, so a new client's welcome and
snapshot may come after frames of later ticks. A client gets no frames until its snapshot
(browsers ignore them before it anyway), and after a snapshot the relay hands on the frames it
already had of later ticks (it keeps the last RECENT_FRAMES), so the client goes on without a
gap; a real gap (frames lost while Redis restarted, say) makes the client ask for a snapshot.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import time
from collections import deque
from collections.abc import Mapping
from typing import Any

import orjson
from redis.asyncio import Redis

from kogame.cluster import keys, mailbox
from kogame.cluster.framebus import FrameSubscriber, subscriber_client
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
    Malformed,
    Owner,
    Say,
    Spectate,
    Sync,
    parse,
)
from kogame.cluster.receiving import next_message
from kogame.cluster.sender import Sender
from kogame.engine.encoding import encode
from kogame.engine.frames import TickFrames
from kogame.engine.game import Game
from kogame.engine.host import BUSY, CLOSE_BUSY
from kogame.engine.membership import Membership
from kogame.engine.room import Connection
from kogame.engine.spec import RoomSpec

log = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 1.0
# How long a web process, or its wish for a room, outlives its last heartbeat.
ALIVE_MS = 5000
# How long a new client waits for the owner's welcome before it is told that no engine worker
# can run the room now (every worker at KOGAME_MAX_ROOMS, or none running): longer than a
# failover's pause (about 3.5 s), well under the browser's own 10 s wait for an opening.
OWNER_WAIT_SECONDS = 8.0
# Frames kept for clients whose snapshot comes after them (2 s at 20 ticks/s).
RECENT_FRAMES = 40
# After its welcome, how long a client goes without frames waiting for its snapshot at most
# (should the snapshot be lost, the client is no worse off than before).
SNAPSHOT_WAIT_SECONDS = 2.0
_SNAPSHOT_PREFIX = '{"type":"snapshot"'


class RoomRelay:
    """A room as the consumer sees it (kogame/engine/handle.py), run by a remote owner."""

    def __init__(self, host: RelayHost, game_name: str, room_id: str, game: Game[Any, Any, Any]):
        self.host = host
        self.game_name = game_name
        self.room_id = room_id
        self.game = game
        self.key = keys.room_key(game_name, room_id)
        self.mailbox = keys.room_mailbox(game_name, room_id)
        self.group = keys.frames_group(game_name, room_id)
        self.frames_channel = keys.frames_channel(self.key)
        self.conns: dict[str, Connection] = {}
        self._ids: dict[Connection, str] = {}
        # Who gets frames first (players), and each player's newest connection here.
        self.members: Membership[Connection] = Membership()
        # New clients the owner has not welcomed yet, and when they give up waiting.
        self._unwelcomed: dict[str, asyncio.TimerHandle] = {}
        # Clients without their snapshot yet, and until when (monotonic; inf before the
        # welcome, when the OWNER_WAIT_SECONDS timer looks after them) they get no frames.
        self._unsynced: dict[Connection, float] = {}
        self._recent: deque[TickFrames] = deque(maxlen=RECENT_FRAMES)
        self.last_tick = 0

    @property
    def ticks(self) -> int:
        return self.last_tick

    def attach(self, conn: Connection) -> None:
        if not self.conns:
            self.host.want(self)
        conn_id = self.host.new_conn_id()
        self.conns[conn_id] = conn
        self._ids[conn] = conn_id
        # A connection this one replaces is let go by the owner, which knows it too.
        self.members.attach(conn)
        self._unsynced[conn] = float("inf")
        self._send_attach(conn_id, conn)
        loop = asyncio.get_running_loop()
        self._unwelcomed[conn_id] = loop.call_later(OWNER_WAIT_SECONDS, self._busy, conn_id)

    def detach(self, conn: Connection) -> None:
        conn_id = self._ids.pop(conn, None)
        if conn_id is None:
            return
        del self.conns[conn_id]
        self._welcomed(conn_id)
        self._unsynced.pop(conn, None)
        self.members.detach(conn)
        self._send(Detach(conn_id))

    def join(self, player: str, name: str, colour: str | None = None) -> None:
        self.members.play(player)
        self._send(Join(player, name, colour))

    def spectate(self, player: str) -> None:
        self.members.watch(player)
        self._send(Spectate(player))

    def say(self, player: str, text: str) -> None:
        self._send(Say(player, text))

    def act(self, player: str, fields: Mapping[str, Any]) -> None:
        """Refuse bad input here, at once; the owner gets the input as the game writes it,
        never the client's own fields (which may hold anything, nested as deep as it likes)."""
        action = self.game.parse_input(player, fields)
        self._send(Act(player, self.game.input_message(action)))

    def sync(self, conn: Connection) -> None:
        conn_id = self._ids.get(conn)
        if conn_id is not None:
            self._send(Sync(conn_id))

    def resync_texts(self, player: str) -> list[str]:
        return []

    def reattach(self) -> None:
        """A new owner took the room over: it knows nobody until we attach our clients again."""
        for conn_id, conn in self.conns.items():
            self._send_attach(conn_id, conn)

    def frame(self, frames: TickFrames) -> None:
        """A tick's frames, to every client here that has had its snapshot."""
        self.last_tick = frames.tick
        self._recent.append(frames)
        if not self._unsynced:
            frames.deliver(self.members)
            return
        now = time.monotonic()
        for conn, until in list(self._unsynced.items()):
            if until < now:
                del self._unsynced[conn]
        frames.deliver(conn for conn in self.members if conn not in self._unsynced)

    def direct(self, message: Direct) -> None:
        """A message from the owner for one client. A welcome (`playing` set) says whether
        the client's player is still in play (a reconnect), which puts it with the players.
        After a snapshot come the frames of later ticks that arrived before it."""
        conn = self.conns[message.conn]
        if message.playing is not None:
            self._welcomed(message.conn)
            if conn in self._unsynced:
                self._unsynced[conn] = time.monotonic() + SNAPSHOT_WAIT_SECONDS
            if message.playing and self.members.controller(conn.player) is conn:
                self.members.play(conn.player)
        conn.deliver(message.text)
        if message.text.startswith(_SNAPSHOT_PREFIX):
            self._unsynced.pop(conn, None)
            self._catch_up(conn, message.text)

    def _catch_up(self, conn: Connection, snapshot: str) -> None:
        if not self._recent:
            return
        try:
            tick = orjson.loads(snapshot).get("tick")
        except orjson.JSONDecodeError:
            return
        if not isinstance(tick, int) or self._recent[-1].tick <= tick:
            return
        for frames in self._recent:
            if frames.tick > tick:
                text = frames.text_for(conn.player)
                if text is not None:
                    conn.deliver(text)

    def close(self, conn_id: str, code: int) -> None:
        conn = self.conns.get(conn_id)
        if conn is not None:
            conn.close_with(code)

    def _welcomed(self, conn_id: str) -> None:
        timer = self._unwelcomed.pop(conn_id, None)
        if timer is not None:
            timer.cancel()

    def _busy(self, conn_id: str) -> None:
        """No owner took the room in time: as a full embedded host would, say the server is
        busy and close; the client tries again with backoff (and asks for an owner anew)."""
        self._unwelcomed.pop(conn_id, None)
        conn = self.conns.get(conn_id)
        if conn is not None:
            log.info("room %s: no engine worker took it in time; client told to retry", self.key)
            conn.deliver(encode(BUSY))
            conn.close_with(CLOSE_BUSY)

    def _send_attach(self, conn_id: str, conn: Connection) -> None:
        self._send(Attach(conn_id, self.host.channel, conn.player))

    def _send(self, message: ClusterMessage) -> None:
        self.host.poster.post(self.mailbox, message)


class RelayHost:
    """This web process's relays, its channel, and the loops that keep them connected."""

    def __init__(
        self,
        games: Mapping[str, Game[Any, Any, Any]],
        redis: Redis,
        layer: Any,
        frames_url: str | None = None,
    ):
        """With `frames_url`, frames come over Redis pub/sub at that URL (framebus.py);
        without, through the channel layer's frames groups."""
        self.games = games
        self.redis = redis
        self.layer = layer
        self.sender = Sender(layer)
        self.poster = Poster(redis)
        self.frames: FrameSubscriber | None = None
        if frames_url is not None:
            self.frames = FrameSubscriber(subscriber_client(frames_url), self._frame)
        self.rooms: dict[tuple[str, str], RoomRelay] = {}
        self.channel = ""
        self._counter = itertools.count(1)
        self._tasks: list[asyncio.Task[None]] = []
        self._started = False

    def room(self, spec: RoomSpec) -> RoomRelay:
        """The relay of this room (the owner reads the room's settings itself)."""
        self._start()
        key = (spec.game, spec.slug)
        relay = self.rooms.get(key)
        if relay is None:
            relay = self.rooms[key] = RoomRelay(self, spec.game, spec.slug, self.games[spec.game])
        return relay

    def new_conn_id(self) -> str:
        return f"{self.channel}#{next(self._counter)}"

    def want(self, relay: RoomRelay) -> None:
        """Join the room's frames group, subscribe to its frames and ask for an owner, before
        the first attach."""
        self.sender.group_add(relay.group, self.channel)
        if self.frames is not None:
            self.frames.want(relay.frames_channel)
        until = int(time.time() * 1000) + ALIVE_MS
        self._spawn(self.redis.zadd(keys.WANTED, {relay.key: until}))

    async def shutdown(self) -> None:
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await self.sender.stop()
        await self.poster.stop()
        if self.frames is not None:
            await self.frames.stop()
        self._tasks.clear()

    def _start(self) -> None:
        if self._started:
            return
        self._started = True
        # This process's own channel, named as RedisChannelLayer.new_channel would (its
        # client prefix is already unique), but without waiting for a coroutine.
        self.channel = f"specific.{self.layer.client_prefix}!kogame-web"
        self.sender.start()
        self.poster.start()
        if self.frames is not None:
            self.frames.start()
        loop = asyncio.get_running_loop()
        self._tasks = [
            loop.create_task(self._receive(), name="relay receive"),
            loop.create_task(self._read_mail(), name="relay mail"),
            loop.create_task(self._heartbeat(), name="relay heartbeat"),
        ]

    def _spawn(self, work: Any) -> None:
        task = asyncio.get_running_loop().create_task(work)
        task.add_done_callback(_log_failure)

    async def _receive(self) -> None:
        while True:
            try:
                message = await next_message(self.layer, self.channel, "relay")
            except Exception as error:
                log.warning("relay: channel layer receive failed (%s); retrying", error)
                await asyncio.sleep(0.5)
                continue
            self._dispatch(message)

    async def _read_mail(self) -> None:
        box = keys.web_mailbox(self.channel)
        while True:
            try:
                messages = await mailbox.receive(self.redis, box, "relay")
            except Exception as error:
                log.warning("relay: mailbox read failed (%s); retrying", error)
                await asyncio.sleep(0.5)
                continue
            for message in messages:
                try:
                    self._route(message)
                except Exception:
                    # A bug in handling one message must not end this process's mail.
                    log.exception("relay: could not handle a %s message", message.TYPE)

    def _dispatch(self, wire: dict[str, Any]) -> None:
        try:
            message = parse(wire)
        except Malformed as error:
            log.warning("relay: dropped a message (%s)", error)
            return
        self._route(message)

    def _route(self, message: ClusterMessage) -> None:
        match message:
            case Frame():
                self._frame(message)
            case Direct(conn=conn_id):
                relay = self._relay_with(conn_id)
                if relay is not None:
                    relay.direct(message)
            case Close(conn=conn_id, code=code):
                relay = self._relay_with(conn_id)
                if relay is not None:
                    relay.close(conn_id, code)
            case Owner(room=room):
                relay = self._relay_of(room)
                if relay is not None:
                    relay.reattach()
            case _:
                log.warning("relay: dropped a %s, not a message for a web process", message.TYPE)

    def _frame(self, message: Frame) -> None:
        relay = self._relay_of(message.room)
        if relay is not None:
            relay.frame(message.frames)

    def _relay_with(self, conn_id: str) -> RoomRelay | None:
        for relay in self.rooms.values():
            if conn_id in relay.conns:
                return relay
        return None

    def _relay_of(self, key: str) -> RoomRelay | None:
        game, _, room_id = key.partition("/")
        return self.rooms.get((game, room_id))

    async def _heartbeat(self) -> None:
        failing = False
        while True:
            try:
                await self._beat()
            except asyncio.CancelledError:
                raise
            except Exception as error:
                if not failing:
                    log.warning("relay: Redis unreachable (%s); retrying", error)
                failing = True
            else:
                if failing:
                    # Redis may have restarted empty, and owners may have let our clients go
                    # meanwhile: attach them again (an owner ignores clients it still has).
                    log.warning("relay: Redis reachable again; attaching clients again")
                    for relay in self.rooms.values():
                        relay.reattach()
                failing = False
            await asyncio.sleep(HEARTBEAT_SECONDS)

    async def _beat(self) -> None:
        await self.redis.set(keys.web_alive(self.channel), 1, px=ALIVE_MS)
        until = int(time.time() * 1000) + ALIVE_MS
        for key, relay in list(self.rooms.items()):
            if not relay.conns:
                del self.rooms[key]
                # Through the sender, in order with a new relay's group_add for the same room.
                self.sender.group_discard(relay.group, self.channel)
                if self.frames is not None:
                    self.frames.drop(relay.frames_channel)
                continue
            await self.redis.zadd(keys.WANTED, {relay.key: until})
            self.sender.group_add(relay.group, self.channel)


def _log_failure(task: asyncio.Task[Any]) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.warning("relay: %s", task.exception())
