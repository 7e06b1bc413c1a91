"""One room: a game state, its inbox, a fixed-timestep tick loop, and who is connected.

Moments of a room's life each have one method: `attach` (a connection arrives), `submit`
(an input for the next tick), `detach` (a connection leaves; a player in play keeps their place
for a grace period), `tick` (one step of the game, encoded once and sent to everyone), and the
end of `run` (the room is idle or failed, and stops).
"""

from __future__ import annotations

import asyncio
import logging
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from kogame.engine.encoding import encode
from kogame.engine.game import Game, Message
from kogame.engine.metrics import TICK_LATENESS_SECONDS, TICK_SECONDS, TICKS_SKIPPED

log = logging.getLogger(__name__)

PROTOCOL_VERSION = 1
CLOSE_REPLACED = 4009
CLOSE_ROOM_FAILED = 1011
# Inputs waiting for the next tick; connections are rate-limited, so this only guards memory.
INBOX_LIMIT = 10_000
# A loop this many ticks behind schedule skips ahead instead of running a burst of ticks.
MAX_TICKS_BEHIND = 5


class Connection(Protocol):
    """What a room needs of a client connection (a consumer, or a test double).

    Both calls only queue: they never wait for the client, so the tick loop never does either
    (see kogame/engine/outbox.py).
    """

    player: str

    def deliver(self, text: str) -> None: ...

    def close_with(self, code: int) -> None: ...


MIN_TICK_RATE = 5
MAX_TICK_RATE = 30


@dataclass(frozen=True)
class RoomConfig:
    tick_rate: int = 10
    grace_seconds: float = 10.0
    idle_seconds: float = 60.0
    options: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not MIN_TICK_RATE <= self.tick_rate <= MAX_TICK_RATE:
            raise ValueError(f"tick_rate must be between {MIN_TICK_RATE} and {MAX_TICK_RATE}")
        if self.grace_seconds < 0 or self.idle_seconds < 0:
            raise ValueError("grace_seconds and idle_seconds cannot be negative")


class Room:
    def __init__(
        self,
        game_name: str,
        room_id: str,
        game: Game[Any, Any, Any],
        config: RoomConfig,
        seed: int,
        on_stop: Callable[[Room], None] = lambda room: None,
    ) -> None:
        self.game_name = game_name
        self.room_id = room_id
        self.game = game
        self.config = config
        self.seed = seed
        self.state = game.new_state(config.options, config.tick_rate, seed)
        self.connections: set[Connection] = set()
        self.controllers: dict[str, Connection] = {}
        self.departed: dict[str, float] = {}
        self.inbox: list[Any] = []
        self.task: asyncio.Task[None] | None = None
        self._on_stop = on_stop
        self._empty_since: float | None = None
        self._inbox_full_logged = False
        self.ticks = 0
        self._snapshot: tuple[int, str] | None = None

    def __str__(self) -> str:
        return f"{self.game_name}/{self.room_id}"

    def start(self) -> None:
        self.task = asyncio.get_running_loop().create_task(self.run(), name=f"room {self}")
        log.info("room %s started (seed %d)", self, self.seed)

    def attach(self, conn: Connection) -> None:
        """Greet a new connection; it takes control of its player's place in the room."""
        previous = self.controllers.get(conn.player)
        self.controllers[conn.player] = conn
        self.connections.add(conn)
        self.departed.pop(conn.player, None)
        if previous is not None and previous is not conn:
            self.connections.discard(previous)
            previous.deliver(encode(_REPLACED))
            previous.close_with(CLOSE_REPLACED)
        welcome = {
            "type": "welcome",
            "protocol": PROTOCOL_VERSION,
            "game": self.game_name,
            "room": self.room_id,
            "player": conn.player,
            "tick_rate": self.config.tick_rate,
            "grace_seconds": self.config.grace_seconds,
            "playing": self.game.is_playing(self.state, conn.player),
        } | self.game.info(self.state)
        conn.deliver(encode(welcome))
        conn.deliver(self.snapshot_text())

    def detach(self, conn: Connection) -> None:
        """A connection is gone; a player still in play may come back within the grace period."""
        self.connections.discard(conn)
        if self.controllers.get(conn.player) is not conn:
            return
        del self.controllers[conn.player]
        if self.game.is_playing(self.state, conn.player):
            loop = asyncio.get_running_loop()
            self.departed[conn.player] = loop.time() + self.config.grace_seconds
        else:
            self.submit(self.game.leave(conn.player))

    def submit(self, item: Any) -> None:
        if len(self.inbox) >= INBOX_LIMIT:
            if not self._inbox_full_logged:
                log.warning("room %s inbox full; dropping inputs", self)
                self._inbox_full_logged = True
            return
        self.inbox.append(item)

    def snapshot_text(self) -> str:
        """The current snapshot frame, encoded at most once per tick however many ask."""
        if self._snapshot is None or self._snapshot[0] != self.ticks:
            text = encode({"type": "snapshot"} | self.game.snapshot(self.state))
            self._snapshot = (self.ticks, text)
        return self._snapshot[1]

    async def run(self) -> None:
        """Tick at `start + k * interval`, so time spent working does not drift the rate."""
        loop = asyncio.get_running_loop()
        interval = 1.0 / self.config.tick_rate
        tick_seconds = TICK_SECONDS.labels(self.game_name)
        lateness = TICK_LATENESS_SECONDS.labels(self.game_name)
        start = loop.time()
        k = 0
        try:
            while not self._idle_expired(loop.time()):
                k += 1
                due = start + k * interval
                delay = due - loop.time()
                if delay > 0:
                    await asyncio.sleep(delay)
                elif -delay > MAX_TICKS_BEHIND * interval:
                    skipped = math.floor(-delay / interval)
                    log.warning("room %s is %d ticks behind; skipping ahead", self, skipped)
                    TICKS_SKIPPED.labels(self.game_name).inc(skipped)
                    k += skipped
                    due += skipped * interval
                began = loop.time()
                lateness.observe(max(0.0, began - due))
                self.tick()
                tick_seconds.observe(loop.time() - began)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("room %s failed; stopping it", self)
            self._fail()
        finally:
            log.info("room %s stopped", self)
            self._on_stop(self)

    def tick(self) -> None:
        inputs, self.inbox = self.inbox, []
        self._inbox_full_logged = False
        now = asyncio.get_running_loop().time()
        for player, deadline in list(self.departed.items()):
            if deadline <= now:
                del self.departed[player]
                inputs.append(self.game.leave(player))
        self.state, events = self.game.step(self.state, inputs)
        self.ticks += 1
        frame = encode({"type": "delta"} | self.game.delta(self.state, events))
        for conn in self.connections:
            conn.deliver(frame)
        for player, message in self.game.notices(events):
            controller = self.controllers.get(player)
            if controller is not None:
                controller.deliver(encode(message))

    def _idle_expired(self, now: float) -> bool:
        if self.connections or self.departed:
            self._empty_since = None
            return False
        if self._empty_since is None:
            self._empty_since = now
        return now - self._empty_since >= self.config.idle_seconds

    def _fail(self) -> None:
        for conn in self.connections:
            conn.deliver(encode(_ROOM_FAILED))
            conn.close_with(CLOSE_ROOM_FAILED)
        self.connections.clear()
        self.controllers.clear()


_REPLACED: Message = {
    "type": "error",
    "code": "replaced",
    "message": "You opened this game somewhere else, so this window stopped playing.",
}
_ROOM_FAILED: Message = {
    "type": "error",
    "code": "room_failed",
    "message": "Sorry, this room hit a problem and stopped. Reconnecting starts a fresh game.",
}
