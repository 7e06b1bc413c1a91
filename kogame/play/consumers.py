"""The WebSocket edge: who may ask what, checked before anything reaches a room.

Identity comes from the session, never from a message. Frames are size-checked, rate-limited
and parsed here; valid inputs go to the room's inbox, and the room's frames, encoded once
for everyone, come back through `deliver` to this connection's outbox.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import math
from typing import Any

from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer

from kogame.engine.encoding import encode
from kogame.engine.game import InputError
from kogame.engine.handle import RoomHandle
from kogame.engine.host import BUSY, CLOSE_BUSY, HostFull
from kogame.engine.metrics import INPUTS
from kogame.engine.outbox import Outbox
from kogame.engine.registry import GAMES
from kogame.play.directsend import direct_writer
from kogame.play.protocol import (
    MAX_FRAME_BYTES,
    ChatMessage,
    GameMessage,
    JoinMessage,
    PingMessage,
    SpectateMessage,
    SyncMessage,
    frame_too_large,
    parse,
)
from kogame.play.ratelimit import TokenBucket, Verdict
from kogame.players.names import friendly_name
from kogame.records.recorder import PlayerColoured, get_recorder
from kogame.rooms.directory import find_room
from kogame.rooms.hosting import get_host

log = logging.getLogger(__name__)

CLOSE_TOO_LARGE = 1009
CLOSE_NO_SESSION = 4001
CLOSE_UNKNOWN_ROOM = 4004
CLOSE_FLOOD = 4008

_BINARY = ("binary_unsupported", "Only text frames are understood.")
_CHAT_LIMITED = ("chat_rate_limited", "You're chatting too fast; wait a moment.")
# Chat: five lines at once, then one a second.
CHAT_RATE = 1.0
CHAT_BURST = 5.0
# `sync` is answered at most this often per connection.
SYNC_EVERY_SECONDS = 1.0


class PlayConsumer(AsyncWebsocketConsumer):
    # Not a configured alias, so Channels gives this consumer no channel-layer channel: frames
    # come straight from the room (or its relay), and a Redis outage cannot end the socket.
    channel_layer_alias = "kogame-no-layer"
    player: str
    room: RoomHandle | None = None
    outbox: Outbox | None = None
    # `sync`: when one was last answered, and the answer to the requests since, if any.
    synced_at = -math.inf
    sync_later: asyncio.TimerHandle | None = None
    closing = False

    async def close(self, code: int | bool | None = None, reason: str | None = None) -> None:
        """Close once: messages already on their way (a flood's tail) are still dispatched
        after the close, and a second close is an error in the server (uvicorn raises)."""
        if self.closing:
            return
        self.closing = True
        await super().close(code, reason)

    async def dispatch(self, message: dict[str, Any]) -> None:
        """Handle a message without Channels' thread hop to close stale database connections.

        Channels runs `close_old_connections` before every message in the one thread that all
        thread-sensitive sync code shares, Django's page views included: every player's
        inputs then waited behind any slow synchronous work in the process (a page view
        waiting for SQLite's write lock, say). This consumer never uses a database connection
        on the event loop; its queries go through `database_sync_to_async`, which closes
        stale connections itself.
        """
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"no handler for message type {message['type']}")
        await handler(message)

    async def connect(self) -> None:
        await self.accept()
        kwargs = self.scope["url_route"]["kwargs"]
        game_name, room_id = kwargs["game"], kwargs["room"]
        spec = await database_sync_to_async(find_room)(game_name, room_id)
        if spec is None:
            await self.close(CLOSE_UNKNOWN_ROOM)
            return
        player = self.scope.get("player")
        if player is None:
            await self.close(CLOSE_NO_SESSION)
            return
        self.player = player
        # Each game says how many messages a second its players may send.
        rate = GAMES[game_name].input_rate
        self.bucket = TokenBucket(rate=rate, burst=rate, flood=rate)
        self.chat_bucket = TokenBucket(rate=CHAT_RATE, burst=CHAT_BURST)
        try:
            room = get_host().room(spec)
        except HostFull as full:
            log.info("refused to start room %s/%s: %s", game_name, room_id, full)
            await self.send(text_data=encode(BUSY))
            await self.close(CLOSE_BUSY)
            return
        direct = direct_writer(self.base_send)
        resync = functools.partial(room.resync_texts, player)
        self.outbox = Outbox(self._send_text, self.close, resync, direct=direct)
        self.room = room
        room.attach(self)

    async def disconnect(self, code: int) -> None:
        if self.sync_later is not None:
            self.sync_later.cancel()
        if self.room is not None:
            self.room.detach(self)
        if self.outbox is not None:
            await self.outbox.stop()

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        if self.room is None or self.closing:
            return
        size = len(bytes_data) if bytes_data is not None else 0
        if size > MAX_FRAME_BYTES or (text_data is not None and frame_too_large(text_data)):
            INPUTS.labels("too_large").inc()
            await self.close(CLOSE_TOO_LARGE)
            return
        verdict = self.bucket.take()
        if verdict is Verdict.FLOOD:
            INPUTS.labels("flood").inc()
            log.info("closing flooding connection of player %s", self.player)
            await self.close(CLOSE_FLOOD)
            return
        try:
            if verdict is Verdict.LIMIT:
                rate = f"{self.bucket.rate:g}"
                raise InputError("rate_limited", f"Slow down: at most {rate} messages a second.")
            if text_data is None:
                raise InputError(*_BINARY)
            await self.handle(parse(text_data))
        except InputError as error:
            INPUTS.labels(error.code).inc()
            self.reply(error.as_message())
        else:
            INPUTS.labels("accepted").inc()

    async def handle(self, message: Any) -> None:
        room = self.room
        assert room is not None
        match message:
            case JoinMessage(name, colour):
                # The room records the name once the game accepts the join; a colour choice
                # is kept for the player's next visit whatever the game makes of it.
                room.join(self.player, name or friendly_name(), colour)
                if colour is not None:
                    get_recorder().submit(PlayerColoured(self.player, colour))
            case SpectateMessage():
                room.spectate(self.player)
            case ChatMessage(text):
                if not self.chat_bucket.try_take():
                    raise InputError(*_CHAT_LIMITED)
                room.say(self.player, text)
            case SyncMessage():
                self.request_sync()
            case PingMessage(t):
                self.reply({"type": "pong", "t": t, "tick": room.ticks})
            case GameMessage(fields):
                room.act(self.player, fields)

    def request_sync(self) -> None:
        """Answer at most one `sync` a second: requests in between share one answer.

        A snapshot is hundreds of times the size of the request, so answering each one would
        let a client make the server send ~1,000x the bytes it receives.
        """
        if self.sync_later is not None:
            return
        loop = asyncio.get_running_loop()
        wait = self.synced_at + SYNC_EVERY_SECONDS - loop.time()
        if wait <= 0:
            self._answer_sync()
        else:
            self.sync_later = loop.call_later(wait, self._answer_sync)

    def _answer_sync(self) -> None:
        self.sync_later = None
        self.synced_at = asyncio.get_running_loop().time()
        if self.room is not None:
            self.room.sync(self)

    def reply(self, message: dict[str, Any]) -> None:
        self.deliver(encode(message))

    def deliver(self, text: str) -> None:
        assert self.outbox is not None
        self.outbox.deliver(text)

    def close_with(self, code: int) -> None:
        assert self.outbox is not None
        self.outbox.close(code)

    async def _send_text(self, text: str) -> None:
        await self.base_send({"type": "websocket.send", "text": text})
