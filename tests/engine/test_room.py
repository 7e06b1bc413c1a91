"""The room runtime with a scripted game: timing, membership and failure, without a network."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import orjson
import pytest

from kogame.engine.colours import Swatch
from kogame.engine.game import Message
from kogame.engine.options import Setting, TickRates
from kogame.engine.results import Life, Results, Stat
from kogame.engine.room import Room
from kogame.engine.spec import RoomSpec, RoomTiming
from tests.engine.conftest import Clock


class CountingGame:
    """The smallest game: the state counts ticks and remembers every input it saw."""

    name = "counting"
    client_module = "counting/js/game.js"  # never served: these tests have no page
    title = "Counting"
    settings: tuple[Setting, ...] = ()
    tick_rates = TickRates(low=5, high=30, default=10)
    input_rate = 30.0
    turn_based = False
    colours: tuple[Swatch, ...] = ()

    def capacity(self, options: Mapping[str, Any]) -> int | None:
        return None

    def summary(self, options: Mapping[str, Any]) -> list[str]:
        return []

    results = Results(causes={"die": "Died"}, stats=(Stat("length", "Length"),))

    def new_state(self, options: Mapping[str, Any], tick_rate: int, seed: int) -> list[Any]:
        return [0, []]

    def info(self, state: list[Any]) -> Message:
        return {}

    def step(self, state: list[Any], inputs: Sequence[Any]) -> tuple[list[Any], list[Any]]:
        return [state[0] + 1, state[1] + list(inputs)], list(inputs)

    def snapshot(self, state: list[Any]) -> Message:
        return {"tick": state[0], "seen": state[1]}

    def delta(self, state: list[Any], events: Sequence[Any]) -> Message:
        return {"tick": state[0]}

    def join(self, player: str, name: str, colour: str | None = None) -> Any:
        return ["join", player]

    def leave(self, player: str) -> Any:
        return ["leave", player]

    def parse_input(self, player: str, message: Mapping[str, Any]) -> Any:
        return [message["type"], player]

    def input_message(self, action: Any) -> Message:
        return {"type": action[0]}

    def notices(self, events: Sequence[Any]) -> Iterable[tuple[str, Message]]:
        return ()

    def is_playing(self, state: list[Any], player: str) -> bool:
        return ["join", player] in state[1] and ["leave", player] not in state[1]

    def has_place(self, state: list[Any], player: str) -> bool:
        return self.is_playing(state, player)

    def players(self, state: list[Any]) -> int:
        return len({item[1] for item in state[1] if self.is_playing(state, item[1])})

    def movers(self, state: list[Any]) -> frozenset[str]:
        return frozenset(item[1] for item in state[1] if self.is_playing(state, item[1]))

    def bot_inputs(self, state: list[Any]) -> Sequence[Any]:
        return ()

    def save_state(self, state: list[Any]) -> bytes:
        return orjson.dumps(state)

    def load_state(self, data: bytes) -> list[Any]:
        loaded: list[Any] = orjson.loads(data)
        return loaded

    def feed(self, state: list[Any], events: Sequence[Any]) -> Iterable[str]:
        return ()

    def lives_ended(self, state: list[Any], events: Sequence[Any]) -> Iterable[Life]:
        """A `die` input ends a life of its player, scored by the tick it happened on."""
        for kind, player in events:
            if kind == "die":
                yield Life(player, player.upper(), state[0], "die", state[0], {"length": 3})

    def named(self, state: list[Any], events: Sequence[Any]) -> Iterable[tuple[str, str]]:
        """A `join` takes effect at once, under the player's id capitalised ("ada": "Ada")."""
        return ((player, player.capitalize()) for kind, player in events if kind == "join")


class FakeConnection:
    def __init__(self, player: str) -> None:
        self.player = player
        self.received: list[dict[str, Any]] = []
        self.closed_with: int | None = None

    def deliver(self, text: str) -> None:
        self.received.append(orjson.loads(text))

    def close_with(self, code: int) -> None:
        self.closed_with = code


@pytest.mark.parametrize("tick_rate", [4, 31, 0])
def test_tick_rates_outside_5_to_30_are_refused(tick_rate: int) -> None:
    with pytest.raises(ValueError, match="tick_rate"):
        Room(CountingGame(), RoomSpec("counting", "r", tick_rate=tick_rate), seed=1)


async def test_the_loop_ticks_in_order_and_every_connection_gets_every_tick() -> None:
    room = Room(CountingGame(), RoomSpec("counting", "r", tick_rate=30), seed=1)
    conns = [FakeConnection("a"), FakeConnection("b")]
    for conn in conns:
        room.attach(conn)
    room.start()
    await asyncio.sleep(0.5)
    assert room.task is not None
    room.task.cancel()
    for conn in conns:
        ticks = [m["tick"] for m in conn.received if m["type"] == "delta"]
        assert ticks == list(range(1, len(ticks) + 1))
        assert len(ticks) >= 3


class OrderedConnection(FakeConnection):
    """Notes in a shared list who got each frame, in the order the room handed them out."""

    def __init__(self, player: str, order: list[str]) -> None:
        super().__init__(player)
        self.order = order

    def deliver(self, text: str) -> None:
        super().deliver(text)
        self.order.append(self.player)


async def test_players_get_each_frame_before_watchers() -> None:
    room = Room(CountingGame(), RoomSpec("counting", "r", tick_rate=30), seed=1)
    order: list[str] = []
    watchers = [OrderedConnection(f"w{i}", order) for i in range(20)]
    ada, bea = OrderedConnection("ada", order), OrderedConnection("bea", order)
    for conn in [*watchers[:10], ada, *watchers[10:], bea]:
        room.attach(conn)
    room.join("bea", "Bea")
    room.join("ada", "Ada")
    room.tick()
    order.clear()
    room.tick()
    assert order == ["bea", "ada", *(w.player for w in watchers)]
    room.spectate("bea")
    order.clear()
    room.tick()
    assert order == ["ada", *(w.player for w in watchers), "bea"]


class SlowGame(CountingGame):
    """Every tick takes longer than the interval, so the room is always behind schedule;
    the room fails on purpose after `LAST_TICK` ticks, which ends the test either way."""

    LAST_TICK = 15

    def step(self, state: list[Any], inputs: Sequence[Any]) -> tuple[list[Any], list[Any]]:
        time.sleep(0.05)
        if state[0] >= self.LAST_TICK:
            raise RuntimeError("enough ticks")
        return super().step(state, inputs)


async def test_a_room_behind_schedule_still_lets_the_event_loop_run_between_ticks() -> None:
    """Found by the 1,000-client benchmark: a room that stayed behind ran tick after tick
    without yielding, so clients' inputs sat in their sockets for up to two seconds."""
    room = Room(SlowGame(), RoomSpec("slow", "r", tick_rate=30), seed=1)
    room.start()
    await asyncio.sleep(0.1)
    room.submit(["turn", "a"])
    assert room.task is not None
    await asyncio.wait_for(room.task, 5)
    assert room.ticks == SlowGame.LAST_TICK
    assert ["turn", "a"] in room.state[1], "the input got in before the room stopped"


async def test_a_player_who_departs_in_play_leaves_only_after_the_grace_period() -> None:
    spec = RoomSpec("counting", "r", tick_rate=30)
    room = Room(CountingGame(), spec, seed=1, timing=RoomTiming(grace_seconds=0.2))
    conn = FakeConnection("a")
    room.attach(conn)
    room.submit(["join", "a"])
    room.tick()
    room.detach(conn)
    room.tick()
    assert ["leave", "a"] not in room.state[1]
    await asyncio.sleep(0.25)
    room.tick()
    assert ["leave", "a"] in room.state[1]


async def test_an_idle_room_stops_by_itself_and_says_so() -> None:
    stopped: list[Room] = []
    spec = RoomSpec("counting", "r", tick_rate=30)
    timing = RoomTiming(idle_seconds=0.1)
    room = Room(CountingGame(), spec, seed=1, timing=timing, on_stop=stopped.append)
    room.start()
    assert room.task is not None
    await asyncio.wait_for(room.task, 2)
    assert stopped == [room]


def _types(conn: FakeConnection, kind: str) -> list[dict[str, Any]]:
    return [m for m in conn.received if m["type"] == kind]


def _presence(conn: FakeConnection) -> list[tuple[int, int]]:
    """The counts a connection was told: in its greeting, then in tick frames."""
    told = [m if m["type"] == "presence" else m.get("presence") for m in conn.received]
    return [(m["players"], m["spectators"]) for m in told if m is not None]


async def test_a_crowd_arriving_gets_one_presence_update_not_one_per_arrival() -> None:
    room = Room(CountingGame(), RoomSpec("counting", "r", tick_rate=30), seed=1)
    first = FakeConnection("p0")
    room.attach(first)
    crowd = [FakeConnection(f"p{i}") for i in range(1, 50)]
    for conn in crowd:
        room.attach(conn)
    assert _presence(first) == [(0, 1)]
    room.tick()
    room.tick()
    assert _presence(first) == [(0, 1), (0, 50)]
    assert _presence(crowd[-1])[-1] == (0, 50)
    greeting = ["welcome", "snapshot", "chat_history", "presence"]
    assert [m["type"] for m in first.received] == [*greeting, "delta", "delta"]


class FeedingGame(CountingGame):
    def feed(self, state: list[Any], events: Sequence[Any]) -> Iterable[str]:
        return [f"{event[1]} joined" for event in events if event[0] == "join"]


async def test_game_notices_and_chat_share_one_feed_that_newcomers_see() -> None:
    room = Room(FeedingGame(), RoomSpec("feeding", "r", tick_rate=30), seed=1)
    ada = FakeConnection("ada")
    room.attach(ada)
    room.join("ada", "Ada")
    room.tick()
    room.say("ada", "hello")
    room.say("ada", "again")
    room.tick()
    room.tick()
    feeds = [m.get("feed", []) for m in _types(ada, "delta")]
    lines = [[(m["kind"], m.get("name"), m["text"]) for m in feed] for feed in feeds]
    assert lines == [
        [("notice", None, "ada joined")],
        [("player", "Ada", "hello"), ("player", "Ada", "again")],
        [],
    ], "each tick's lines in that tick's frame, and no other frames"
    assert {m["type"] for m in ada.received} == {
        "welcome",
        "snapshot",
        "chat_history",
        "presence",
        "delta",
    }
    bea = FakeConnection("bea")
    room.attach(bea)
    (history,) = _types(bea, "chat_history")
    assert [m["text"] for m in history["messages"]] == ["ada joined", "hello", "again"]


async def test_a_newcomer_between_a_line_and_the_next_tick_sees_it_once() -> None:
    room = Room(FeedingGame(), RoomSpec("feeding", "r", tick_rate=30), seed=1)
    ada = FakeConnection("ada")
    room.attach(ada)
    room.say("ada", "first")
    room.tick()
    room.say("ada", "second")
    bea = FakeConnection("bea")
    room.attach(bea)
    room.tick()
    (history,) = _types(bea, "chat_history")
    fed = [line["text"] for m in _types(bea, "delta") for line in m.get("feed", [])]
    assert [m["text"] for m in history["messages"]] + fed == ["first", "second"]
    carl = FakeConnection("carl")
    room.attach(carl)
    (history,) = _types(carl, "chat_history")
    assert [m["text"] for m in history["messages"]] == ["first", "second"]


class BetweenLivesGame(CountingGame):
    """A `die` input ends a player's life but not their place, as a dead Snek player's."""

    def is_playing(self, state: list[Any], player: str) -> bool:
        return super().is_playing(state, player) and ["die", player] not in state[1]

    def has_place(self, state: list[Any], player: str) -> bool:
        return super().is_playing(state, player)


async def test_a_restored_room_frees_the_place_of_a_player_between_lives_who_never_returns() -> (
    None
):
    spec, timing = RoomSpec("between", "r", tick_rate=30), RoomTiming(grace_seconds=0.05)
    room = Room(BetweenLivesGame(), spec, seed=1, timing=timing)
    room.join("ada", "Ada")
    room.submit(["die", "ada"])
    room.tick()
    moved = Room(BetweenLivesGame(), spec, seed=1, timing=timing)
    moved.restore(room.save())
    assert moved.game.has_place(moved.state, "ada")
    await asyncio.sleep(0.1)
    moved.tick()
    assert not moved.game.has_place(moved.state, "ada")


class Listener:
    def __init__(self) -> None:
        self.heard: list[tuple[str, Any]] = []

    def room_started(self, room: Room) -> None:
        self.heard.append(("started", room.run_id))

    def life_ended(self, room: Room, life: Life, number: int) -> None:
        self.heard.append(("life", (life.player, life.score, number)))

    def player_named(self, room: Room, player: str, name: str) -> None:
        self.heard.append(("named", (player, name)))

    def room_stopped(self, room: Room) -> None:
        self.heard.append(("stopped", room.run_id))


async def test_the_listener_hears_a_name_when_the_game_places_someone_under_a_new_one() -> None:
    listener = Listener()
    room = Room(CountingGame(), RoomSpec("counting", "r"), seed=1, listener=listener)
    room.join("ada", "Whatever the client asked")
    assert room.names == {}, "nothing counts before the game takes the join"
    room.tick()
    room.join("ada", "Again")
    room.tick()
    room.join("bea", "Bea")
    room.tick()
    named = [item for kind, item in listener.heard if kind == "named"]
    assert named == [("ada", "Ada"), ("bea", "Bea")]
    assert room.names == {"ada": "Ada", "bea": "Bea"}


async def test_the_listener_hears_the_run_and_each_life_numbered_per_player() -> None:
    listener = Listener()
    spec, timing = RoomSpec("counting", "r", tick_rate=30), RoomTiming(idle_seconds=0.05)
    room = Room(CountingGame(), spec, seed=1, timing=timing, listener=listener)
    for player in ("a", "b", "a"):
        room.submit(["die", player])
        room.tick()
    room.start()
    assert room.task is not None
    await asyncio.wait_for(room.task, 2)
    lives = [item for kind, item in listener.heard if kind == "life"]
    assert lives == [("a", 1, 1), ("b", 2, 1), ("a", 3, 2)]
    assert listener.heard[-2:] == [("started", room.run_id), ("stopped", room.run_id)]
    assert len(room.run_id) == 32


class SeatsGame(CountingGame):
    """A game with a number of places: `join` takes a free one (or is refused), `die` ends a
    life but keeps the place, `respawn` starts another life and `leave` frees the place."""

    def __init__(self, seats: int = 4) -> None:
        self.seats = seats

    def new_state(self, options: Mapping[str, Any], tick_rate: int, seed: int) -> list[Any]:
        return [0, [], {}]

    def step(self, state: list[Any], inputs: Sequence[Any]) -> tuple[list[Any], list[Any]]:
        tick, seen, places = state
        places = dict(places)
        for kind, player in inputs:
            if kind == "join" and player not in places and len(places) < self.seats:
                places[player] = True
            elif kind in ("die", "respawn") and player in places:
                places[player] = kind == "respawn"
            elif kind == "leave":
                places.pop(player, None)
        return [tick + 1, seen + list(inputs), places], list(inputs)

    def is_playing(self, state: list[Any], player: str) -> bool:
        return bool(state[2].get(player, False))

    def has_place(self, state: list[Any], player: str) -> bool:
        return player in state[2]

    def players(self, state: list[Any]) -> int:
        return len(state[2])


def seats_room(seats: int = 4) -> Room:
    spec, timing = RoomSpec("seats", "r", tick_rate=10), RoomTiming(dead_idle_seconds=60)
    return Room(SeatsGame(seats), spec, seed=1, timing=timing)


def dead_player(room: Room, player: str) -> FakeConnection:
    """`player` connected, joined, and died."""
    conn = FakeConnection(player)
    room.attach(conn)
    room.join(player, player.title())
    room.tick()
    room.submit(["die", player])
    room.tick()
    assert room.game.has_place(room.state, player)
    assert not room.game.is_playing(room.state, player)
    return conn


def idle_notices(conn: FakeConnection) -> list[dict[str, Any]]:
    return [m for m in _types(conn, "error") if m["code"] == "idle"]


def wait(room: Room, clock: Clock, seconds: float) -> None:
    """Let `seconds` pass, a tick a second."""
    for _ in range(int(seconds)):
        clock.advance(1)
        room.tick()
    clock.advance(seconds % 1)
    room.tick()


async def test_a_dead_player_without_input_gives_up_their_place_keeps_watching_and_is_told(
    clock: Clock,
) -> None:
    room = seats_room()
    watcher = FakeConnection("watcher")
    room.attach(watcher)
    ada = dead_player(room, "ada")
    assert list(room.connections) == [ada, watcher]
    room.say("ada", "brb")  # chat is not play
    wait(room, clock, 59.5)
    assert room.game.has_place(room.state, "ada") and not idle_notices(ada)
    wait(room, clock, 1)
    assert not room.game.has_place(room.state, "ada")
    (notice,) = idle_notices(ada)
    assert "Press Play to join again" in notice["message"]
    assert list(room.connections) == [watcher, ada], "still connected, now watching"
    wait(room, clock, 120)
    assert len(idle_notices(ada)) == 1, "told once"
    room.join("ada", "Ada")
    room.tick()
    assert room.game.is_playing(room.state, "ada")


async def test_any_input_in_time_keeps_a_dead_players_place(clock: Clock) -> None:
    room = seats_room()
    ada = dead_player(room, "ada")
    bea = dead_player(room, "bea")
    wait(room, clock, 50)
    room.act("ada", {"type": "turn"})
    room.join("bea", "Bea")  # already has a place: changes nothing, but it is input
    wait(room, clock, 20)
    assert room.game.has_place(room.state, "ada") and room.game.has_place(room.state, "bea")
    assert not idle_notices(ada) and not idle_notices(bea)
    wait(room, clock, 41)
    assert not room.game.has_place(room.state, "ada") and idle_notices(ada)


async def test_a_living_player_is_never_freed_and_the_wait_starts_at_their_death(
    clock: Clock,
) -> None:
    room = seats_room()
    ada = FakeConnection("ada")
    room.attach(ada)
    room.join("ada", "Ada")
    wait(room, clock, 600)
    assert room.game.is_playing(room.state, "ada") and not idle_notices(ada)
    room.submit(["die", "ada"])
    wait(room, clock, 58)
    assert room.game.has_place(room.state, "ada") and not idle_notices(ada)
    wait(room, clock, 3)
    assert not room.game.has_place(room.state, "ada") and idle_notices(ada)


async def test_a_full_room_lets_a_newcomer_in_once_the_idle_player_is_freed(clock: Clock) -> None:
    room = seats_room(seats=1)
    dead_player(room, "ada")
    bea = FakeConnection("bea")
    room.attach(bea)
    room.join("bea", "Bea")
    room.tick()
    assert not room.game.has_place(room.state, "bea"), "the room is full"
    wait(room, clock, 61)
    room.join("bea", "Bea")
    room.tick()
    assert room.game.is_playing(room.state, "bea")
    assert not idle_notices(bea), "refused, not idle"


async def test_a_room_moved_to_another_process_keeps_counting_a_dead_players_idle_time(
    clock: Clock,
) -> None:
    room = seats_room()
    dead_player(room, "ada")
    wait(room, clock, 50)
    moved = seats_room()
    moved.restore(room.save())
    ada = FakeConnection("ada")
    moved.attach(ada)  # back within the grace period
    wait(moved, clock, 5)
    assert moved.game.has_place(moved.state, "ada") and not idle_notices(ada)
    wait(moved, clock, 6)
    assert not moved.game.has_place(moved.state, "ada") and idle_notices(ada)


def test_the_dead_idle_time_must_be_positive() -> None:
    with pytest.raises(ValueError, match="dead_idle_seconds"):
        RoomTiming(dead_idle_seconds=0)
