"""One room: a game state, its inbox, a tick loop (fixed rate or turns), and who is connected.

Moments of a room's life each have one method: `attach` (a connection arrives), `join` and
`spectate` (a connection starts or stops playing), `submit` (an input for the next tick), `say`
(a chat line), `detach` (a connection leaves; a player in play keeps their place for a grace
period), `tick` (one step of the game, each area's frame encoded once and sent to everyone in
it, kogame/engine/frames.py), and the end of `run` (the room is idle or failed, and stops).
Who is connected is kept by kogame/engine/membership.py.

Everyone gets one frame per tick, whatever happens in it: the tick's chat lines, the game's
notices and changed presence counts ride in the tick's `delta`. So a crowd chatting, or a
busy tick with many deaths, costs one send per connection, not one per line.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import time
import uuid
from collections import Counter, deque
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol

import msgpack

from kogame.engine.encoding import encode
from kogame.engine.frames import DEFAULT_AREA, Framing, TickFrames, encode_frames
from kogame.engine.game import Game, Message
from kogame.engine.membership import Membership
from kogame.engine.metrics import TICK_LATENESS_SECONDS, TICK_SECONDS, TICKS_SKIPPED
from kogame.engine.results import Life
from kogame.engine.spec import RoomSpec, RoomTiming
from kogame.engine.turns import Turn

log = logging.getLogger(__name__)

PROTOCOL_VERSION = 2
CLOSE_REPLACED = 4009
CLOSE_ROOM_FAILED = 1011
# Inputs waiting for the next tick; connections are rate-limited, so this only guards memory.
INBOX_LIMIT = 10_000
# A loop this many ticks behind schedule skips ahead instead of running a burst of ticks.
MAX_TICKS_BEHIND = 5
SAVE_VERSION = 1
# Chat lines (and feed notices) a newcomer is shown.
CHAT_HISTORY = 50
# Player and spectator counts go out at most this often, so a crowd arriving costs O(N) frames.
PRESENCE_EVERY_SECONDS = 0.5
# How often the room looks for dead, idle players (`RoomTiming.dead_idle_seconds`).
IDLE_SWEEP_SECONDS = 1.0


class Connection(Protocol):
    """What a room needs of a client connection (a consumer, or a test double).

    Both calls only queue: they never wait for the client, so the tick loop never does either
    (see kogame/engine/outbox.py).
    """

    player: str

    def deliver(self, text: str) -> None: ...

    def close_with(self, code: int) -> None: ...


class RoomListener(Protocol):
    """Told of a room's run and the lives that end in it (to record results).

    Called from the tick loop, so an implementation must only hand the news on (e.g. to a
    queue), never wait for a database.
    """

    def room_started(self, room: Room) -> None: ...

    def life_ended(self, room: Room, life: Life, number: int) -> None:
        """`number` counts this player's lives in this run of the room, from 1."""

    def player_named(self, room: Room, player: str, name: str) -> None:
        """`player` took a place under a name other than the one the room knew them by."""

    def room_stopped(self, room: Room) -> None: ...


class NoListener:
    def room_started(self, room: Room) -> None:
        pass

    def life_ended(self, room: Room, life: Life, number: int) -> None:
        pass

    def player_named(self, room: Room, player: str, name: str) -> None:
        pass

    def room_stopped(self, room: Room) -> None:
        pass


DEFAULT_TIMING = RoomTiming()


class Room:
    def __init__(
        self,
        game: Game[Any, Any, Any],
        spec: RoomSpec,
        seed: int,
        timing: RoomTiming = DEFAULT_TIMING,
        on_stop: Callable[[Room], None] = lambda room: None,
        listener: RoomListener | None = None,
        publish: Callable[[TickFrames], None] | None = None,
        greet: Callable[[Connection, str, bool], None] | None = None,
    ) -> None:
        if spec.tick_rate not in game.tick_rates:
            rates = game.tick_rates
            raise ValueError(f"tick_rate must be between {rates.low} and {rates.high}")
        self.game_name = spec.game
        self.room_id = spec.slug
        self.game = game
        self.spec = spec
        self.timing = timing
        self.seed = seed
        self.capacity = game.capacity(spec.options)
        self.state = game.new_state(spec.options, spec.tick_rate, seed)
        self.framing = Framing(game)
        self.connections: Membership[Connection] = Membership()
        self.departed: dict[str, float] = {}
        self.inbox: list[Any] = []
        self.task: asyncio.Task[None] | None = None
        # When the next tick is due (loop time), for a room on a fixed clock that is waiting
        # for it; None in a turn-based room, where a move may bring the tick forward.
        self.next_tick_at: float | None = None
        self._on_stop = on_stop
        self.listener = listener or NoListener()
        # Where frames for everyone go: straight to each connection, or (for a room in an
        # engine worker) once to every web process with clients in the room; and how a
        # welcome goes out (there, with whether the player is in play as a field of its own).
        self._publish = publish
        self._greet = greet
        # This run of the room (a match, for results); a room that starts again is a new one.
        self.run_id = uuid.uuid4().hex
        self._lives: Counter[str] = Counter()
        self._empty_since: float | None = None
        self._inbox_full_logged = False
        self.ticks = 0
        # The tick the cached snapshot texts (one per area asked for) belong to.
        self._snapshots: tuple[int, dict[str, str]] = (-1, {})
        # Each connected player's area after the last tick (games with areas only).
        self._views: dict[str, str] = {}
        self.names: dict[str, str] = {}
        self.chat: deque[Message] = deque(maxlen=CHAT_HISTORY)
        self._chat_history: str | None = None
        # Chat lines and notices for the next tick's frame; `chat` keeps those already sent.
        self._feed: list[Message] = []
        self.presence = (0, 0)
        self._presence_stale = False
        self._presence_sent_at = -math.inf
        # When each player who asked to play last gave an input (loop time); see _free_idle.
        self._last_input: dict[str, float] = {}
        self._idle_swept_at = -math.inf
        # A turn-based room's current turn, and what wakes its loop when the last mover moves.
        self._turn: Turn | None = None
        self._turn_complete = asyncio.Event()

    def __str__(self) -> str:
        return f"{self.game_name}/{self.room_id}"

    def start(self) -> None:
        self.task = asyncio.get_running_loop().create_task(self.run(), name=f"room {self}")
        log.info("room %s started (seed %d, run %s)", self, self.seed, self.run_id)
        self.listener.room_started(self)

    def attach(self, conn: Connection) -> None:
        """Greet a new connection; it takes control of its player's place in the room."""
        playing = self.game.is_playing(self.state, conn.player)
        previous = self.connections.attach(conn, playing=playing)
        self.departed.pop(conn.player, None)
        if previous is not None:
            previous.deliver(encode(_REPLACED))
            previous.close_with(CLOSE_REPLACED)
        welcome = {
            "type": "welcome",
            "protocol": PROTOCOL_VERSION,
            "game": self.game_name,
            "room": self.room_id,
            "player": conn.player,
            "tick_rate": self.spec.tick_rate,
            "grace_seconds": self.timing.grace_seconds,
            "room_name": self.spec.name,
            "public": self.spec.public,
            "max_players": self.capacity,
            "playing": playing,
            "clock": self._clock_info(),
        } | self.game.info(self.state)
        if self._greet is None:
            conn.deliver(encode(welcome))
        else:
            self._greet(conn, encode(welcome), playing)
        self.sync(conn)
        self._presence_stale = True

    def join(self, player: str, name: str, colour: str | None = None) -> None:
        """`player` asks to play (the game may still refuse, e.g. when the room is full, and
        a join from someone already in play changes nothing). The name counts, for the chat
        and the records, once the game gives the player a place under it (`tick`); the
        colour, a choice or None, is the game's to use."""
        self.submit(self.game.join(player, name, colour))
        self._note_input(player)
        self._presence_stale = True
        self.connections.play(player)

    def spectate(self, player: str) -> None:
        """`player` stops playing and watches; their place in the game is given up."""
        self.submit(self.game.leave(player))
        self._last_input.pop(player, None)
        self._presence_stale = True
        self.connections.watch(player)
        self._excuse(player)

    def act(self, player: str, fields: Mapping[str, Any]) -> None:
        """A game-specific message from `player`; raises InputError when the game refuses it.

        In a turn-based room it is `player`'s move this turn, if they are a mover."""
        self.submit(self.game.parse_input(player, fields))
        self._note_input(player)
        turn = self._turn
        if turn is not None and turn.move(player, asyncio.get_running_loop().time()):
            self._turn_complete.set()

    def _excuse(self, player: str) -> None:
        """In a turn-based room, stop waiting for the move of `player`, who gave up their place."""
        turn = self._turn
        if turn is not None and turn.excuse(player, asyncio.get_running_loop().time()):
            self._turn_complete.set()

    def sync(self, conn: Connection) -> None:
        for text in self.resync_texts(conn.player):
            conn.deliver(text)

    def resync_texts(self, player: str) -> list[str]:
        """What makes `player`'s connection whole: the board (their area of it), the chat
        lines sent so far and the counts (the last two otherwise come only in tick frames).
        A newcomer gets them after its welcome, a client that asks with `sync` gets them, and
        so does a client that fell behind, instead of the frames it missed."""
        counts = self._presence_text(self._count_presence())
        area = self.framing.area_of(self.state, player)
        if self.framing.has_areas and self.connections.controls(player):
            self._views[player] = area
        return [self.snapshot_text(area), self._history_text(), counts]

    def say(self, player: str, text: str) -> None:
        """A chat line (already validated), sent to everyone with the next tick's frame."""
        name = self.names.get(player, "Spectator")
        self._post({"type": "chat", "kind": "player", "player": player, "name": name, "text": text})

    def detach(self, conn: Connection) -> None:
        """A connection is gone; a player still in play may come back within the grace period."""
        self._presence_stale = True
        if not self.connections.detach(conn):
            return
        self._views.pop(conn.player, None)
        if self.game.is_playing(self.state, conn.player):
            loop = asyncio.get_running_loop()
            self.departed[conn.player] = loop.time() + self.timing.grace_seconds
        else:
            self.submit(self.game.leave(conn.player))
            self._last_input.pop(conn.player, None)
            self._excuse(conn.player)

    def submit(self, item: Any) -> None:
        if len(self.inbox) >= INBOX_LIMIT:
            if not self._inbox_full_logged:
                log.warning("room %s inbox full; dropping inputs", self)
                self._inbox_full_logged = True
            return
        self.inbox.append(item)

    def save(self) -> bytes:
        """All a room needs to go on in another process: its game and its own memory."""
        return bytes(
            msgpack.packb(
                {
                    "version": SAVE_VERSION,
                    "state": self.game.save_state(self.state),
                    "ticks": self.ticks,
                    "run_id": self.run_id,
                    "names": self.names,
                    # Who may hold a place: a newcomer still waiting to be placed has no
                    # name in `names` yet, and must get the grace period too.
                    "present": sorted({*self.connections.players(), *self.departed}),
                    "chat": [*self.chat, *self._feed],
                    "lives": dict(self._lives),
                    "idle_for": self._idle_ages(),
                }
            )
        )

    def restore(self, data: bytes) -> None:
        """Go on from `save`d data (before `start`). Nobody is connected yet: everyone who was
        in play gets the grace period to come back, as after a dropped connection."""
        saved = msgpack.unpackb(data)
        if saved.get("version") != SAVE_VERSION:
            raise ValueError(f"unknown saved room version {saved.get('version')!r}")
        self.state = self.game.load_state(saved["state"])
        self.ticks = saved["ticks"]
        self.run_id = saved["run_id"]
        self.names = saved["names"]
        self.chat.extend(saved["chat"])
        self._lives.update(saved["lives"])
        self._restore_idle_ages(saved.get("idle_for", {}))
        deadline = asyncio.get_running_loop().time() + self.timing.grace_seconds
        for player in {*self.names, *saved.get("present", ())}:
            # Between lives too: a place nobody comes back for must be given up.
            if self.game.has_place(self.state, player):
                self.departed[player] = deadline

    def snapshot_text(self, area: str = DEFAULT_AREA) -> str:
        """An area's current snapshot frame, encoded at most once per tick however many ask."""
        tick, texts = self._snapshots
        if tick != self.ticks:
            texts = {}
            self._snapshots = (self.ticks, texts)
        text = texts.get(area)
        if text is None:
            snapshot = self.framing.snapshot(self.state, area)
            text = texts[area] = encode({"type": "snapshot"} | snapshot)
        return text

    async def run(self) -> None:
        """Tick until the room is idle, by the spec's clock: a fixed rate, or turns."""
        try:
            if self.spec.turn_deadline_ms is None:
                await self._run_fixed_rate()
            else:
                await self._run_turns(self.spec.turn_deadline_ms / 1000)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("room %s failed; stopping it", self)
            self._fail()
        finally:
            log.info("room %s stopped", self)
            self.listener.room_stopped(self)
            self._on_stop(self)

    async def _run_fixed_rate(self) -> None:
        """Tick at `start + k * interval`, so time spent working does not drift the rate."""
        loop = asyncio.get_running_loop()
        interval = 1.0 / self.spec.tick_rate
        tick_seconds = TICK_SECONDS.labels(self.game_name)
        lateness = TICK_LATENESS_SECONDS.labels(self.game_name)
        start = loop.time()
        k = 0
        while not self._idle_expired(loop.time()):
            k += 1
            due = start + k * interval
            delay = due - loop.time()
            self.next_tick_at = due
            # Yield even when late: a tick that runs straight after another would starve
            # the event loop, and with it every client's inputs (they would wait in the
            # sockets for as long as the room stays behind).
            await asyncio.sleep(max(0.0, delay))
            if -delay > MAX_TICKS_BEHIND * interval:
                skipped = math.floor(-delay / interval)
                log.warning("room %s is %d ticks behind; skipping ahead", self, skipped)
                TICKS_SKIPPED.labels(self.game_name).inc(skipped)
                k += skipped
                due += skipped * interval
            began = loop.time()
            lateness.observe(max(0.0, began - due))
            self.tick()
            tick_seconds.observe(loop.time() - began)

    async def _run_turns(self, deadline_seconds: float) -> None:
        """Tick when every mover has moved (`act` wakes the loop) or at the move deadline,
        whichever comes first (kogame/engine/turns.py keeps the count)."""
        loop = asyncio.get_running_loop()
        tick_seconds = TICK_SECONDS.labels(self.game_name)
        lateness = TICK_LATENESS_SECONDS.labels(self.game_name)
        while not self._idle_expired(loop.time()):
            turn = Turn(self.game.movers(self.state), loop.time(), deadline_seconds)
            self._turn = turn
            self._turn_complete.clear()
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(turn.time_left(loop.time())):
                    await self._turn_complete.wait()
            began = loop.time()
            lateness.observe(max(0.0, began - turn.due()))
            self.tick()
            tick_seconds.observe(loop.time() - began)

    def _clock_info(self) -> Message:
        """How the room advances, for the welcome (a client shows a turn's countdown)."""
        if self.spec.turn_deadline_ms is None:
            return {"kind": "fixed"}
        return {"kind": "turns", "deadline_ms": self.spec.turn_deadline_ms}

    def tick(self) -> None:
        inputs, self.inbox = self.inbox, []
        self._inbox_full_logged = False
        now = asyncio.get_running_loop().time()
        for player, deadline in list(self.departed.items()):
            if deadline <= now:
                del self.departed[player]
                self._last_input.pop(player, None)
                inputs.append(self.game.leave(player))
                self._presence_stale = True
        inputs.extend(self._free_idle(now))
        inputs.extend(self.game.bot_inputs(self.state))
        self.state, events = self.game.step(self.state, inputs)
        self.ticks += 1
        for player, name in self.game.named(self.state, events):
            if self.names.get(player) != name:
                self.names[player] = name
                self.listener.player_named(self, player, name)
        deltas = self.framing.deltas(self.state, events)
        extra: Message = {}
        for text in self.game.feed(self.state, events):
            self._post({"type": "chat", "kind": "notice", "text": text})
        if self._feed:
            extra["feed"], self._feed = self._feed, []
            self.chat.extend(extra["feed"])
            self._chat_history = None
        if self._presence_stale and now - self._presence_sent_at >= PRESENCE_EVERY_SECONDS:
            presence = self._update_presence(now)
            if presence is not None:
                extra["presence"] = presence
        self._broadcast(self._frames(deltas, extra, events))
        for player, message in self.game.notices(events):
            controller = self.connections.controller(player)
            if controller is not None:
                controller.deliver(encode(message))
        for life in self.game.lives_ended(self.state, events):
            self._lives[life.player] += 1
            self.listener.life_ended(self, life, self._lives[life.player])

    def _frames(
        self, deltas: Mapping[str, Message], extra: Message, events: Sequence[Any]
    ) -> TickFrames:
        """The tick's frames: each area's, and the private parts of the players connected."""
        if not self.framing.has_areas and not self.framing.has_private:
            return encode_frames(self.ticks, deltas, extra)
        present = list(self.connections.players())
        parts = self.framing.parts(self.state, events, present)
        views = self.framing.views(self.state, present)
        return encode_frames(self.ticks, deltas, extra, parts, views)

    def _note_input(self, player: str) -> None:
        self._last_input[player] = asyncio.get_running_loop().time()

    def _free_idle(self, now: float) -> list[Any]:
        """Leave inputs for players dead, with a place and a connection, and no input for
        `dead_idle_seconds`; each goes on watching and is told why (`idle`). Being alive
        counts as activity, so the wait starts at the death (to within a sweep). A player
        without a connection is left to the grace period."""
        if now - self._idle_swept_at < IDLE_SWEEP_SECONDS:
            return []
        self._idle_swept_at = now
        leaving = []
        for player, since in list(self._last_input.items()):
            controller = self.connections.controller(player)
            if controller is None:
                continue
            if self.game.is_playing(self.state, player):
                self._last_input[player] = now
            elif (
                self.game.has_place(self.state, player)
                and now - since >= self.timing.dead_idle_seconds
            ):
                del self._last_input[player]
                leaving.append(self.game.leave(player))
                self.connections.watch(player)
                controller.deliver(encode(_IDLE))
                self._presence_stale = True
        return leaving

    def _idle_ages(self) -> dict[str, float]:
        """Seconds since each player's last input: loop times mean nothing in another
        process, ages do."""
        now = asyncio.get_running_loop().time()
        return {player: now - since for player, since in self._last_input.items()}

    def _restore_idle_ages(self, ages: Mapping[str, float]) -> None:
        """Go on counting from the saved ages, so a room moved to another worker cannot
        give a dead, idle player a fresh minute. A player with a place the save has no age
        for (a save from before ages were kept) counts from now."""
        now = asyncio.get_running_loop().time()
        for player in {*self.names, *ages}:
            if self.game.has_place(self.state, player):
                self._last_input[player] = now - ages.get(player, 0.0)

    def _post(self, message: Message) -> None:
        """Time-stamp a line for the next tick's frame (which also keeps it for newcomers)."""
        message["at"] = int(time.time() * 1000)
        self._feed.append(message)

    def _history_text(self) -> str:
        """The lines already sent; one waiting for the next tick reaches a newcomer in that
        tick's frame, like everyone else."""
        if self._chat_history is None:
            self._chat_history = encode({"type": "chat_history", "messages": list(self.chat)})
        return self._chat_history

    def _count_presence(self) -> tuple[int, int]:
        """(people holding a place in the game, connections watching without one)."""
        has_place = self.game.has_place
        watching = sum(1 for conn in self.connections if not has_place(self.state, conn.player))
        return self.game.players(self.state), watching

    def _presence_counts(self, counts: tuple[int, int]) -> Message:
        players, spectators = counts
        return {"players": players, "spectators": spectators, "max_players": self.capacity}

    def _presence_text(self, counts: tuple[int, int]) -> str:
        return encode({"type": "presence"} | self._presence_counts(counts))

    def _update_presence(self, now: float) -> Message | None:
        """The counts for the tick's frame, if they changed since they were last sent."""
        self._presence_stale = False
        self._presence_sent_at = now
        counts = self._count_presence()
        if counts == self.presence:
            return None
        self.presence = counts
        return self._presence_counts(counts)

    def _broadcast(self, frames: TickFrames) -> None:
        if self._publish is not None:
            self._publish(frames)
        else:
            frames.deliver(self.connections)
        if frames.views:
            self._resync_moved(frames.views)

    def _resync_moved(self, views: Mapping[str, str]) -> None:
        """Connections whose area changed this tick get their new area whole (after the
        tick's frame, which was already of the new area)."""
        moved = [player for player, area in views.items() if self._views.get(player) != area]
        self._views = dict(views)
        for player in moved:
            conn = self.connections.controller(player)
            if conn is not None:
                conn.deliver(self.snapshot_text(views[player]))

    def _idle_expired(self, now: float) -> bool:
        if self.connections or self.departed:
            self._empty_since = None
            return False
        if self._empty_since is None:
            self._empty_since = now
        return now - self._empty_since >= self.timing.idle_seconds

    def _fail(self) -> None:
        for conn in self.connections:
            conn.deliver(encode(_ROOM_FAILED))
            conn.close_with(CLOSE_ROOM_FAILED)
        self.connections.clear()


_REPLACED: Message = {
    "type": "error",
    "code": "replaced",
    "message": "You opened this game somewhere else, so this window stopped playing.",
}
_IDLE: Message = {
    "type": "error",
    "code": "idle",
    "message": (
        "You were away for a while, so your place was freed for someone else. "
        "Press Play to join again."
    ),
}
_ROOM_FAILED: Message = {
    "type": "error",
    "code": "room_failed",
    "message": "Sorry, this room hit a problem and stopped. Reconnecting starts a fresh game.",
}
