"""Invariants of random Snek games: checked after every tick of games Hypothesis makes up.

Each game has a random seed, a board of 10 to 20 cells a side, 1 to 6 players, 0 to 3 bots
(whose inputs the game's AI adds to each tick's, as a room does) and 1 to 150 ticks of random
joins, leaves, respawn requests and turns. After every tick the state must be consistent with
itself, with the rules' bookkeeping (the board index) and with what a client holds after
applying the tick's delta to the previous snapshot (`apply_delta` below follows
docs/protocol.md).

Last, bots against random movers: on an open board the AI must keep its snakes alive far
longer than chance does.
"""

from __future__ import annotations

import copy
import random
from collections import Counter
from dataclasses import dataclass, replace
from typing import Any

import orjson
from hypothesis import given, settings
from hypothesis import strategies as st

from kogame.games.snek import ai, codec, rules
from kogame.games.snek.board import FOOD_BLOCK, Cell
from kogame.games.snek.events import Ate, Died, Event, Released, Spawned
from kogame.games.snek.state import (
    Direction,
    Input,
    Join,
    Leave,
    Respawn,
    Settings,
    State,
    Turn,
    is_bot,
)

PLAYERS = ("ada", "bo", "cy", "dee", "eve", "fox")
# Turns are what players send most; joins must be common enough to keep snakes on the board.
KINDS = ("turn", "turn", "turn", "turn", "join", "join", "respawn", "leave")


def wire(message: Any) -> Any:
    """`message` as a client receives it: through JSON, so cells are lists."""
    return orjson.loads(orjson.dumps(message))


def apply_delta(snapshot: dict[str, Any], delta: dict[str, Any]) -> dict[str, Any]:
    """What a client holds after applying `delta` to `snapshot`, exactly as the protocol says."""
    assert delta["tick"] == snapshot["tick"] + 1, "a delta must follow the previous tick"
    snakes = {snake["id"]: copy.deepcopy(snake) for snake in snapshot["snakes"]}
    food = [list(cell) for cell in snapshot["food"]]
    for snake_id in delta.get("removed", []):
        del snakes[snake_id]
    for snake in delta.get("spawned", []):
        assert snake["id"] not in snakes, "spawned an id that is already listed"
        snakes[snake["id"]] = copy.deepcopy(snake)
    for snake_id in delta.get("released", []):
        assert snakes[snake_id]["held_until"] is not None, "released a snake that was not held"
        snakes[snake_id]["held_until"] = None
    for snake_id, x, y, trim in delta.get("moved", []):
        assert snakes[snake_id]["held_until"] is None, "a held snake moved"
        body = snakes[snake_id]["body"]
        body.insert(0, [x, y])
        assert trim in (0, 1)
        del body[len(body) - trim :]
    for snake_id, cause, _killer in delta.get("died", []):
        assert cause in ("wall", "self", "snake", "head")
        snakes[snake_id]["alive"] = False
        snakes[snake_id]["body"] = []
    for snake_id, score in delta.get("scores", []):
        snakes[snake_id]["score"] = score
    for cell in delta.get("food_removed", []):
        food.remove(cell)
    for cell in delta.get("food_added", []):
        assert cell not in food, "food added on food"
        food.append(cell)
    return {"tick": delta["tick"], "snakes": list(snakes.values()), "food": food}


def comparable(snapshot: dict[str, Any]) -> tuple[Any, ...]:
    """A snapshot with snakes sorted by id and food as a set (their order carries no meaning)."""
    snakes = sorted(snapshot["snakes"], key=lambda snake: snake["id"])
    food = sorted(map(tuple, snapshot["food"]))
    assert len(food) == len(set(food)), "food listed twice"
    return snapshot["tick"], snakes, food


@dataclass(frozen=True)
class Game:
    seed: int
    settings: Settings
    players: tuple[str, ...]
    ticks: list[list[Input]]


def make_input(kind: str, player: str, direction: Direction) -> Input:
    if kind == "join":
        return Join(player, player.title())
    if kind == "leave":
        return Leave(player)
    if kind == "respawn":
        return Respawn(player)
    return Turn(player, direction)


@st.composite
def games(draw: st.DrawFn, max_ticks: int = 150) -> Game:
    players = PLAYERS[: draw(st.integers(1, len(PLAYERS)))]
    game_settings = Settings(
        width=draw(st.integers(10, 20)),
        height=draw(st.integers(10, 20)),
        growth=draw(st.integers(0, 3)),
        respawn_delay_ticks=draw(st.integers(0, 6)),
        bots=draw(st.integers(0, 3)),
        hold_ticks=draw(st.sampled_from((0, 0, 3, 30))),
        spawn_clear_ahead=draw(st.integers(2, 15)),
    )
    one_input = st.builds(
        make_input, st.sampled_from(KINDS), st.sampled_from(players), st.sampled_from(Direction)
    )
    # Everyone asks to play on the first tick, so games are busy from the start.
    first: list[Input] = [Join(player, player.title()) for player in players]
    length = draw(st.integers(1, max_ticks)) - 1
    later = draw(st.lists(st.lists(one_input, max_size=4), min_size=length, max_size=length))
    return Game(draw(st.integers(0, 2**32 - 1)), game_settings, players, [first, *later])


@dataclass(frozen=True)
class Before:
    """What the invariants need to remember of the state before a tick."""

    bodies: dict[int, list[Cell]]
    pending: dict[int, int]
    scores: dict[int, int]
    ids: set[int]
    held: set[int]


def remember(state: State) -> Before:
    return Before(
        bodies={snake.id: list(snake.body) for snake in state.alive()},
        pending={snake.id: snake.pending_growth for snake in state.alive()},
        scores={snake.id: snake.score for snake in state.snakes.values()},
        ids=set(state.snakes),
        held={snake.id for snake in state.alive() if snake.held_until is not None},
    )


def check_board_index(state: State) -> None:
    """The board's incremental index agrees with one rebuilt from the snakes and food.

    The free list may still hold cells covered since they were listed (it drops them when a
    random pick lands on one), but it lists every free cell exactly once.
    """
    board = state.board
    everything = {(x, y) for y in range(board.height) for x in range(board.width)}
    segments = Counter(cell for snake in state.alive() for cell in snake.body)
    food = set(board.food)
    free = everything - set(segments) - food
    assert dict(board._segments) == dict(segments)
    assert board.free_count == len(free)
    assert len(board._free) == len(set(board._free)), "a cell listed twice"
    assert {cell for cell in board._free if board.is_free(cell)} == free
    listed = {(i % board.width, i // board.width) for i, flag in enumerate(board._listed) if flag}
    assert listed == set(board._free)
    blocks: dict[Cell, set[Cell]] = {}
    for cell in food:
        blocks.setdefault((cell[0] // FOOD_BLOCK, cell[1] // FOOD_BLOCK), set()).add(cell)
    assert {block: set(cells) for block, cells in board._food_blocks.items()} == blocks
    assert board.food_keys == {x + y * board.stride for x, y in food}


def check_tick(game: Game, before: Before, state: State, events: list[Event]) -> None:
    board = state.board
    growth = game.settings.growth
    alive = state.alive()
    taken: set[Cell] = set()
    for snake in alive:
        cells = set(snake.body)
        assert len(cells) == len(snake.body), f"snake {snake.id} covers a cell twice"
        assert not cells & taken, f"snake {snake.id} overlaps another live snake"
        taken |= cells
        assert all(board.in_bounds(cell) for cell in cells), f"snake {snake.id} is off the board"
        assert not cells & set(board.food), f"snake {snake.id} lies on food"
    for snake in state.snakes.values():
        if not snake.alive:
            assert not snake.body and snake.died_at is not None, f"dead {snake.id} has a body"
    check_board_index(state)

    ate = Counter(event.snake for event in events if isinstance(event, Ate))
    died = {event.snake for event in events if isinstance(event, Died)}
    spawned = {event.snake for event in events if isinstance(event, Spawned)}
    assert died <= set(before.bodies), "only a snake that was alive can die"
    released = {event.snake for event in events if isinstance(event, Released)}
    assert released <= before.held, "only a held snake is released"
    assert not died & (before.held - released), "a snake still held never dies"
    for snake_id in died:
        assert not state.snakes[snake_id].alive, f"snake {snake_id} died but is alive"
    for snake in state.snakes.values():
        if snake.id in spawned:
            assert snake.id not in before.ids and snake.id > max(before.ids, default=0)
            assert len(snake.body) == 3 and snake.score == 0 and snake.pending_growth == 0
            head, direction = snake.head, snake.direction
            assert list(snake.body) == [direction.opposite.ahead(head, i) for i in range(3)]
            behind = {
                Direction.RIGHT: head[0],
                Direction.LEFT: board.width - 1 - head[0],
                Direction.DOWN: head[1],
                Direction.UP: board.height - 1 - head[1],
            }
            assert behind[direction] == min(behind.values()), "spawned facing the nearest wall"
            hold = game.settings.hold_ticks
            expected = None if is_bot(snake.player) or not hold else state.tick + hold
            assert snake.held_until == expected, "people's new snakes are held, bots' never"
            continue
        assert snake.score == before.scores[snake.id] + ate[snake.id], "score is food eaten"
        if snake.alive and snake.held_until is not None:
            assert snake.id in before.held and snake.id not in released
            assert list(snake.body) == before.bodies[snake.id], "a held snake stands still"
            assert snake.held_until > state.tick and not is_bot(snake.player)
        elif snake.alive:
            old, pending = before.bodies[snake.id], before.pending[snake.id]
            grows = 1 if pending > 0 else 0
            assert len(snake.body) == len(old) + grows, f"snake {snake.id} changed length"
            assert list(snake.body)[1:] == old[: len(snake.body) - 1], "the body follows"
            assert snake.pending_growth == pending - grows + growth * ate[snake.id]

    # Food is topped up before new snakes are placed; only a full board may leave it short.
    live_before_spawning = len([snake for snake in alive if snake.id not in spawned])
    if board.free_count > 0:
        assert len(board.food) >= max(1, live_before_spawning), "too little food"


@settings(max_examples=60, deadline=None)
@given(games())
def test_every_tick_keeps_the_state_consistent_and_the_delta_exact(game: Game) -> None:
    state = rules.new_game(game.settings, game.seed)
    client = wire(codec.snapshot(state))
    for inputs in game.ticks:
        before = remember(state)
        state, events = rules.step(state, inputs + ai.inputs(state))
        check_tick(game, before, state, events)
        client = apply_delta(client, wire(codec.delta(state, events)))
        assert comparable(client) == comparable(wire(codec.snapshot(state)))


@settings(max_examples=60, deadline=None)
@given(games(max_ticks=40))
def test_newly_spawned_snakes_have_their_two_cells_ahead_clear(game: Game) -> None:
    """The spawn rule holds for every snake placed in a tick, including several at once."""
    state = rules.new_game(game.settings, game.seed)
    for inputs in game.ticks:
        state, events = rules.step(state, inputs + ai.inputs(state))
        taken = {cell for snake in state.alive() for cell in snake.body}
        for event in events:
            if isinstance(event, Spawned):
                snake = state.snakes[event.snake]
                ahead = [snake.direction.ahead(snake.head, steps) for steps in (1, 2)]
                assert not taken & set(ahead), (
                    f"tick {state.tick}: snake {snake.id} at {list(snake.body)} heading "
                    f"{snake.direction.value} has a snake ahead at {sorted(taken & set(ahead))}"
                )


def deaths_by_cause(state: State, ticks: int, movers: random.Random | None = None) -> Counter[str]:
    """Deaths over `ticks` ticks of `state`: its bots play, and with `movers`, four people who
    turn at random (on three ticks in ten) and come back as soon as they may."""
    people = [f"mover-{n}" for n in range(4)] if movers else []
    causes: Counter[str] = Counter()
    for tick in range(ticks):
        inputs: list[Input] = [Join(person, person) for person in people if tick == 0]
        for person in people:
            assert movers is not None
            if movers.random() < 0.3:
                inputs.append(Turn(person, movers.choice(list(Direction))))
            inputs.append(Respawn(person))
        state, events = rules.step(state, inputs + ai.inputs(state))
        causes.update(event.cause.value for event in events if isinstance(event, Died))
    return causes


@settings(max_examples=10, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(16, 40))
def test_bots_outlive_random_movers_by_far(seed: int, size: int) -> None:
    ticks = 300
    board = Settings(width=size, height=size, respawn_delay_ticks=3)
    bots = deaths_by_cause(rules.new_game(replace(board, bots=4), seed), ticks)
    movers = deaths_by_cause(rules.new_game(board, seed), ticks, random.Random(seed))
    assert sum(bots.values()) * 3 <= sum(movers.values()), (bots, movers)
    assert bots["wall"] * 20 < ticks, bots
