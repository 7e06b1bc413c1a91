"""A turn-based room's loop with a scripted game: it advances when every mover has moved, or
at the move deadline. The event loop's clock is moved by hand, so "not yet" never depends on
how fast the machine is."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Sequence
from typing import Any

from kogame.engine.room import Room
from kogame.engine.spec import RoomSpec
from tests.engine.conftest import Clock
from tests.engine.test_room import CountingGame, FakeConnection

DEADLINE_MS = 5000


async def settle() -> None:
    """Let every ready task run (the room's loop among them) without the clock moving."""
    for _ in range(20):
        await asyncio.sleep(0)


@contextlib.asynccontextmanager
async def running(room: Room) -> AsyncIterator[Room]:
    room.start()
    await settle()
    try:
        yield room
    finally:
        assert room.task is not None
        room.task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await room.task


def turn_room(*players: str, game: CountingGame | None = None) -> Room:
    """A turn-based room in which `players` are connected and in play (the game's movers)."""
    spec = RoomSpec("counting", "r", tick_rate=10, turn_deadline_ms=DEADLINE_MS)
    room = Room(game or CountingGame(), spec, seed=1)
    for player in players:
        room.attach(FakeConnection(player))
        room.join(player, player.title())
    room.tick()
    assert room.game.movers(room.state) == set(players)
    return room


async def test_the_room_waits_while_a_player_has_not_moved_and_goes_on_once_all_have(
    clock: Clock,
) -> None:
    async with running(turn_room("ada", "bo")) as room:
        room.act("ada", {"type": "turn"})
        clock.advance(DEADLINE_MS / 1000 - 0.1)
        await settle()
        assert room.ticks == 1, "bo has not moved and the deadline has not passed"
        room.act("bo", {"type": "turn"})
        await settle()
        assert room.ticks == 2, "everyone moved: the turn is over at once"
        assert ["turn", "ada"] in room.state[1] and ["turn", "bo"] in room.state[1]


async def test_the_room_goes_on_at_the_deadline_without_a_players_move(clock: Clock) -> None:
    async with running(turn_room("ada", "bo")) as room:
        room.act("ada", {"type": "turn"})
        clock.advance(DEADLINE_MS / 1000 - 0.01)
        await settle()
        assert room.ticks == 1
        clock.advance(0.02)
        await settle()
        assert room.ticks == 2
        clock.advance(DEADLINE_MS / 1000 + 0.01)
        await settle()
        assert room.ticks == 3, "a turn nobody moved in ends at its deadline too"


async def test_joins_chat_syncs_and_watchers_never_end_a_turn(clock: Clock) -> None:
    async with running(turn_room("ada")) as room:
        watcher = FakeConnection("cy")
        room.attach(watcher)
        room.say("cy", "hello")
        room.sync(watcher)
        room.join("cy", "Cy")
        room.act("cy", {"type": "turn"})
        await settle()
        assert room.ticks == 1, "cy was not a mover when the turn began"
        room.act("ada", {"type": "turn"})
        await settle()
        assert room.ticks == 2
        assert room.game.movers(room.state) == {"ada", "cy"}, "cy moves from the next turn"


async def test_a_player_who_stops_playing_mid_turn_is_not_waited_for(clock: Clock) -> None:
    async with running(turn_room("ada", "bo")) as room:
        room.act("ada", {"type": "turn"})
        await settle()
        assert room.ticks == 1
        room.spectate("bo")
        await settle()
        assert room.ticks == 2, "bo watches now: the turn ended without waiting for them"


async def test_a_move_counts_once_however_many_a_player_sends(clock: Clock) -> None:
    async with running(turn_room("ada", "bo")) as room:
        room.act("ada", {"type": "turn"})
        room.act("ada", {"type": "turn"})
        await settle()
        assert room.ticks == 1


class BotGame(CountingGame):
    """A bot that moves in every tick, as a game's AI does, and is never a mover."""

    def bot_inputs(self, state: list[Any]) -> Sequence[Any]:
        return [["turn", "bot:1"]]


async def test_a_room_with_only_bots_goes_on_at_the_deadline(clock: Clock) -> None:
    async with running(turn_room(game=BotGame())) as room:
        assert room.ticks == 1
        clock.advance(DEADLINE_MS / 1000 - 0.01)
        await settle()
        assert room.ticks == 1
        clock.advance(0.02)
        await settle()
        assert room.ticks == 2
        assert room.state[1].count(["turn", "bot:1"]) == 2, "the bot moved in every tick"


async def test_a_short_deadline_passes_on_the_real_clock() -> None:
    spec = RoomSpec("counting", "r", tick_rate=10, turn_deadline_ms=100)
    room = Room(CountingGame(), spec, seed=1)
    room.attach(FakeConnection("ada"))
    room.join("ada", "Ada")
    room.tick()
    async with running(room):
        for _ in range(100):
            if room.ticks >= 3:
                break
            await asyncio.sleep(0.05)
        assert room.ticks >= 3


async def test_the_welcome_says_how_the_room_advances() -> None:
    fixed = Room(CountingGame(), RoomSpec("counting", "r", tick_rate=10), seed=1)
    welcomes = []
    for room in (fixed, turn_room()):
        conn = FakeConnection("ada")
        room.attach(conn)
        welcomes.append(next(m for m in conn.received if m["type"] == "welcome"))
    assert welcomes[0]["clock"] == {"kind": "fixed"}
    assert welcomes[1]["clock"] == {"kind": "turns", "deadline_ms": DEADLINE_MS}


async def test_a_restored_turn_based_room_waits_for_its_players_again(clock: Clock) -> None:
    saved = turn_room("ada").save()
    spec = RoomSpec("counting", "r", tick_rate=10, turn_deadline_ms=DEADLINE_MS)
    room = Room(CountingGame(), spec, seed=2)
    room.restore(saved)
    room.attach(FakeConnection("ada"))
    async with running(room):
        await settle()
        assert room.ticks == 1
        room.act("ada", {"type": "turn"})
        await settle()
        assert room.ticks == 2
