"""Real WebSocket clients of the ASGI application, each with a real session cookie."""

from __future__ import annotations

import asyncio
import re
from collections import deque
from collections.abc import Callable
from typing import Any

import orjson
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore

from kogame.asgi import application
from kogame.engine.host import EmbeddedHost
from kogame.engine.room import Room
from kogame.players.identity import SESSION_KEY, new_player_id
from kogame.rooms.directory import default_room
from kogame.rooms.hosting import get_host
from kogame.rooms.models import RoomDefinition

ORIGIN = (b"origin", b"http://127.0.0.1")
HOST = (b"host", b"127.0.0.1")
_ROOM_PATH = re.compile(r"/ws/play/(snek)/([a-z0-9-]{1,32})/")
# RoomDefinition's own fields that define_room may set; any other field is one of Snek's.
_OWN_FIELDS = {"name", "public", "tick_rate", "turn_based", "turn_deadline_ms"}


@database_sync_to_async
def define_room(slug: str, **fields: Any) -> None:
    """Define a Snek room as the lobby form would, with the test settings' defaults; `fields`
    are the room's own (name, public, tick_rate, turn_based, turn_deadline_ms) or Snek's
    settings (size, max_players, bots)."""
    if slug == settings.KOGAME_DEFAULT_ROOM:
        return
    spec = default_room("snek")
    own = {"name": slug.replace("-", " ").capitalize(), "tick_rate": spec.tick_rate}
    options = dict(spec.options)
    for key, value in fields.items():
        (own if key in _OWN_FIELDS else options)[key] = value
    RoomDefinition.objects.update_or_create(
        game="snek", slug=slug, defaults=own | {"options": options}
    )


@database_sync_to_async
def make_session(player: object) -> str:
    """Save a session whose player id is `player` (None: no player id at all); its key."""
    session = SessionStore()
    if player is not None:
        session[SESSION_KEY] = player
    session.save()
    assert session.session_key is not None
    return session.session_key


@database_sync_to_async
def _room_exists(slug: str) -> bool:
    return RoomDefinition.objects.filter(game="snek", slug=slug).exists()


class Client:
    """A WebSocket client of the real ASGI application, with a real session cookie."""

    def __init__(self, communicator: WebsocketCommunicator, player: str | None) -> None:
        self.ws = communicator
        self.player = player
        # What tick frames carried besides the game: chat lines not yet read, and the
        # latest counts (whichever call read the frame).
        self._lines: deque[dict[str, Any]] = deque()
        self.presence: tuple[int, int] | None = None

    async def send(self, message: dict[str, Any]) -> None:
        await self.ws.send_to(text_data=orjson.dumps(message).decode())

    async def receive(self, within: float = 2.0) -> dict[str, Any]:
        text = await self.ws.receive_from(within)
        message = orjson.loads(text)
        assert isinstance(message, dict)
        counts = message if message["type"] == "presence" else message.get("presence")
        if counts is not None:
            self.presence = (counts["players"], counts["spectators"])
        if message["type"] == "delta":
            self._lines.extend(message.get("feed", ()))
        return message

    async def receive_until(
        self, predicate: Callable[[dict[str, Any]], bool], within: float = 3.0
    ) -> dict[str, Any]:
        """The first message that satisfies `predicate`, skipping others."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + within
        while True:
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise AssertionError("no matching message arrived in time")
            message = await self.receive(remaining)
            if predicate(message):
                return message

    async def line(self, kind: str, within: float = 3.0) -> dict[str, Any]:
        """The next chat line of `kind` ("player" or "notice") the tick frames carried."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + within
        while True:
            while self._lines:
                line = self._lines.popleft()
                if line["kind"] == kind:
                    return line
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise AssertionError(f"no {kind} line arrived in time")
            await self.receive(remaining)

    async def counted(self, players: int, spectators: int, within: float = 3.0) -> None:
        """Wait until the room has told this client these presence counts."""
        if self.presence != (players, spectators):
            await self.receive_until(lambda m: self.presence == (players, spectators), within)

    async def error(self, within: float = 3.0) -> dict[str, Any]:
        return await self.receive_until(lambda m: m["type"] == "error", within)

    async def close_code(self, within: float = 2.0) -> int:
        """Skip messages until the server closes the socket; return its close code."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + within
        while True:
            output = await self.ws.receive_output(max(0.01, deadline - loop.time()))
            if output["type"] == "websocket.close":
                return int(output.get("code", 1000))

    async def close(self) -> None:
        await self.ws.disconnect()


async def open_client(
    path: str = "/ws/play/snek/test/",
    player: str | None = "",
    define: bool = True,
) -> Client:
    """Connect as `player` ("" for a fresh player id, None for a session without one).

    With `define`, the room is defined first (unless it already is), as the lobby would.
    """
    room = _ROOM_PATH.fullmatch(path)
    if define and room is not None and not await _room_exists(room.group(2)):
        await define_room(room.group(2))
    if player == "":
        player = new_player_id()
    session_key = await make_session(player)
    cookie = (b"cookie", f"sessionid={session_key}".encode())
    communicator = WebsocketCommunicator(application, path, headers=[HOST, ORIGIN, cookie])
    connected, _ = await communicator.connect()
    assert connected
    return Client(communicator, player)


async def connect_and_greet(path: str = "/ws/play/snek/test/", player: str = "") -> Client:
    """A connected client whose `welcome` and first `snapshot` have been read."""
    client = await open_client(path, player)
    welcome = await client.receive()
    assert welcome["type"] == "welcome"
    snapshot = await client.receive()
    assert snapshot["type"] == "snapshot"
    return client


async def join_and_find_snake(client: Client, name: str = "Ada") -> dict[str, Any]:
    """Join, and return the snake the server spawned for this client."""
    await client.send({"type": "join", "name": name})
    delta = await client.receive_until(
        lambda m: any(s["player"] == client.player for s in m.get("spawned", ()))
    )
    return next(s for s in delta["spawned"] if s["player"] == client.player)


def heading_of(snake: dict[str, Any]) -> str:
    """The way a snake (as the protocol sends it) is heading, from its neck to its head."""
    (hx, hy), (nx, ny) = snake["body"][0], snake["body"][1]
    return {(1, 0): "right", (-1, 0): "left", (0, 1): "down", (0, -1): "up"}[(hx - nx, hy - ny)]


async def start_snake(client: Client, snake: dict[str, Any]) -> None:
    """A new snake waits at its spawn for its player's first turn: go straight on."""
    await client.send({"type": "turn", "direction": heading_of(snake)})


def embedded_host() -> EmbeddedHost:
    """The tests' host: rooms in this process (no KOGAME_REDIS_URL)."""
    host = get_host()
    assert isinstance(host, EmbeddedHost)
    return host


def running_room(slug: str) -> Room:
    return embedded_host().rooms[("snek", slug)]
