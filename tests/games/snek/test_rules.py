"""Snek's rules case by case, Battlesnake style: a board before, the moves, the board after.

Pictures are read and drawn by `tests.games.snek.boards` (see its docstring): `.` empty, `*`
food, `A` a head and `a` its body. Food the rules add at random is left out of "after"
pictures; the food cases check it on its own.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import orjson
import pytest

from kogame.engine.results import Life
from kogame.games.snek import codec, palette, rules
from kogame.games.snek.board import Cell
from kogame.games.snek.events import (
    Ate,
    Cause,
    Died,
    Event,
    FoodAdded,
    Moved,
    NoRoom,
    Refusal,
    Refused,
    Removed,
    Spawned,
)
from kogame.games.snek.state import Direction, Input, Join, Leave, Respawn, Settings, State, Turn
from tests.games.snek.boards import food_added, parse, render, tidy, window


def turns(spec: str) -> list[Input]:
    """Turns written as `"a:up b:left"`: player, colon, direction."""
    sent: list[Input] = []
    for word in spec.split():
        player, direction = word.split(":")
        sent.append(Turn(player, Direction(direction)))
    return sent


def play(state: State, ticks: Sequence[str]) -> tuple[State, list[Event]]:
    """Run one tick per entry of `ticks` (each the turns sent before it); all their events."""
    events: list[Event] = []
    for spec in ticks:
        state, new = rules.step(state, turns(spec))
        events += new
    return state, events


def run_ticks(state: State, count: int, inputs: Sequence[Input] = ()) -> list[Event]:
    """`count` ticks, with `inputs` sent before the first."""
    events: list[Event] = []
    for n in range(count):
        events += rules.step(state, inputs if n == 0 else [])[1]
    return events


def deaths(events: Sequence[Event]) -> dict[str, str]:
    return {event.player: event.cause.value for event in events if isinstance(event, Died)}


def drawn(state: State, like: str, events: Sequence[Event] = ()) -> str:
    """`state` drawn in the window of the picture `like`, without the food `events` added."""
    return render(state, window(like), hide=food_added(events))


def wire(message: Any) -> Any:
    """A message as it crosses the wire (through JSON), so it compares with plain lists."""
    return orjson.loads(orjson.dumps(message))


def dead_at_wall(delay: int = 3, score: int = 0) -> State:
    """A game in which player "a" dies against the left wall on tick 1."""
    state = parse(
        """
        A a a .
        . . . *
        """,
        settings={"respawn_delay_ticks": delay},
        scores={"a": score},
    )
    state, events = rules.step(state, [])
    assert deaths(events) == {"a": "wall"}
    return state


# Seven full rows of snakes over three free rows: the only room to spawn is in row 7.
CROWDED = """
    A a a a a a a a a a
    B b b b b b b b b b
    C c c c c c c c c c
    D d d d d d d d d d
    E e e e e e e e e e
    F f f f f f f f f f
    G g g g g g g g g g
    {row7}
    {row8}
    . . . . . . . . . .
    """


def crowded(row7: str, row8: str = ". . . . . . . . . .") -> State:
    return parse(CROWDED.format(row7=row7, row8=row8))


def spawn_stage(state: State, inputs: Sequence[Input] = ()) -> list[Event]:
    """Only the input and spawn stages, so the crowd stands still while players arrive."""
    events: list[Event] = []
    rules.apply_inputs(state, inputs, events)
    rules.spawn_players(state, inputs, events)
    return events


# --- Turns -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sent", "queued"),
    [
        pytest.param("up", ["up"], id="a turn is queued for the next tick"),
        pytest.param("up left", ["up", "left"], id="up then left between ticks are both kept"),
        pytest.param("up left down", ["up", "left"], id="a third turn between ticks is dropped"),
        pytest.param("left", [], id="a reversal into the neck is ignored"),
        pytest.param("right", [], id="turning the way the snake already goes is ignored"),
        pytest.param("up down", ["up"], id="a reversal of the last queued turn is ignored"),
        pytest.param("up up", ["up"], id="repeating the last queued turn is ignored"),
        pytest.param(
            "left right up down left",
            ["up", "left"],
            id="ignored turns take no place in the queue",
        ),
    ],
)
def test_turns_join_a_queue_of_two(sent: str, queued: list[str]) -> None:
    state = parse(
        """
        . . . . .
        . a a A .
        . . . . *
        """
    )
    events: list[Event] = []
    rules.apply_inputs(state, [Turn("a", Direction(word)) for word in sent.split()], events)
    snake = state.snakes[1]
    assert [direction.value for direction in snake.queued_turns] == queued
    assert snake.direction is Direction.RIGHT, "a queued turn waits for the tick"
    assert events == []


def test_one_queued_turn_is_taken_per_tick() -> None:
    state = parse(
        """
        . . . . . .
        . . . . . .
        . . . a a A
        . . . . . *
        """
    )
    state, _ = rules.step(state, turns("a:up a:left"))
    assert state.snakes[1].direction is Direction.UP
    assert list(state.snakes[1].queued_turns) == [Direction.LEFT]
    state, _ = rules.step(state, [])
    assert state.snakes[1].direction is Direction.LEFT
    assert not state.snakes[1].queued_turns


def test_a_turn_sent_later_queues_behind_the_one_still_waiting() -> None:
    """With LEFT still queued, DOWN is judged against LEFT (fine), not against UP."""
    state = parse(
        """
        . . . . . .
        . . . . . .
        . . . . . .
        . . . a a A
        . . . . . *
        """
    )
    state, _ = rules.step(state, turns("a:up a:left"))
    state, _ = rules.step(state, turns("a:down a:up"))
    assert state.snakes[1].direction is Direction.LEFT
    assert list(state.snakes[1].queued_turns) == [Direction.DOWN]


# --- Moving, and everything a table of boards shows --------------------------------------


@dataclass(frozen=True)
class Case:
    before: str
    ticks: tuple[str, ...]
    after: str
    deaths: Mapping[str, str] = field(default_factory=dict)
    pending: Mapping[str, int] = field(default_factory=dict)
    directions: Mapping[str, Direction] = field(default_factory=dict)
    held: Mapping[str, int] = field(default_factory=dict)


MOVES = [
    pytest.param(
        Case(
            """
            . . . . . *
            a a A . . .
            """,
            ("",),
            """
            . . . . . *
            . a a A . .
            """,
        ),
        id="a snake moves one cell the way it is heading",
    ),
    pytest.param(
        Case(
            """
            . . . . *
            . A . . .
            . a a . .
            """,
            ("",),
            """
            . A . . *
            . a . . .
            . a . . .
            """,
        ),
        id="a bent snake's body follows its head",
    ),
    pytest.param(
        Case(
            """
            a a A . . *
            . . . . . *
            . . . B b b
            """,
            ("",),
            """
            . a a A . *
            . . . . . *
            . . B b b .
            """,
        ),
        id="every snake moves in the same tick",
    ),
    pytest.param(
        Case(
            """
            a a A . *
            . . . . .
            """,
            ("a:down",),
            """
            . a a . *
            . . A . .
            """,
        ),
        id="a turn takes effect on the next move",
    ),
    pytest.param(
        Case(
            """
            . . . . . *
            . . . . . .
            . . a a A .
            """,
            ("a:left",),
            """
            . . . . . *
            . . . . . .
            . . . a a A
            """,
        ),
        id="a reversal into the neck is ignored and the snake goes on",
    ),
    pytest.param(
        Case(
            """
            . . . . . .
            . . . . . .
            . . a a A .
            . . . . . *
            """,
            ("a:up a:left", ""),
            """
            . . . . . .
            . . . A a .
            . . . . a .
            . . . . . *
            """,
        ),
        id="up then left sent between two ticks are both taken, one per tick",
    ),
    pytest.param(
        Case(
            """
            . . . . . .
            . . . . . .
            . . . . . .
            . . a a A .
            . . . . . *
            """,
            ("a:up a:left a:down", "", ""),
            """
            . . . . . .
            . . . . . .
            . . A a a .
            . . . . . .
            . . . . . *
            """,
        ),
        id="a third turn sent between ticks is lost",
    ),
    pytest.param(
        Case(
            """
            . . . . . .
            . . . . . .
            . . . . . .
            . . a a A .
            . . . . . *
            """,
            ("a:right a:up a:left", "", ""),
            """
            . . . . . .
            . . . . . .
            . . A a a .
            . . . . . .
            . . . . . *
            """,
        ),
        id="a turn the way the snake goes uses no place in the queue",
    ),
    pytest.param(
        Case(
            """
            . . . . . .
            . . . . . .
            . . . . . .
            . . a a A .
            . . . . . *
            """,
            ("a:up a:down", "", ""),
            """
            . . . . A .
            . . . . a .
            . . . . a .
            . . . . . .
            . . . . . *
            """,
        ),
        id="a turn reversing the last queued one is ignored",
    ),
]

EATING = [
    pytest.param(
        Case(
            """
            . . . . .
            a a A * .
            """,
            ("",),
            """
            . . . . .
            . a a A .
            """,
        ),
        id="a head on food eats it and the food is gone",
    ),
    pytest.param(
        Case(
            """
            . . . . . . . .
            a a A * . . . .
            . . . . . . . *
            """,
            ("", "", "", ""),
            """
            . . . . . . . .
            . . a a a a A .
            . . . . . . . *
            """,
        ),
        id="after eating the tail stays put for two moves, then moves again",
    ),
    pytest.param(
        Case(
            """
            . . . . . . . . .
            a a a A * B b b .
            """,
            ("",),
            """
            . . . . . . . . .
            . a a a A . . . .
            """,
            deaths={"b": "head"},
        ),
        id="two heads on one food both eat, then the shorter dies",
    ),
]

DEATHS = [
    pytest.param(
        Case(
            """
            A a a .
            . . . *
            """,
            ("",),
            """
            . . . .
            . . . *
            """,
            deaths={"a": "wall"},
        ),
        id="a snake leaving by the left wall dies",
    ),
    pytest.param(
        Case(
            """
            A . .
            a . .
            a . *
            """,
            ("",),
            """
            . . .
            . . .
            . . *
            """,
            deaths={"a": "wall"},
        ),
        id="a snake leaving by the top wall dies",
    ),
    pytest.param(
        Case(
            """
            * . . . . . . . . .
            . . . . . . . a a A
            """,
            ("",),
            """
            * . . . . . . . . .
            . . . . . . . . . .
            """,
            deaths={"a": "wall"},
        ),
        id="a snake leaving by the right wall dies",
    ),
    pytest.param(
        Case(
            "\n".join([". *"] + [". ."] * 6 + ["a ."] * 2 + ["A ."]),
            ("",),
            "\n".join([". *"] + [". ."] * 9),
            deaths={"a": "wall"},
        ),
        id="a snake leaving by the bottom wall dies",
    ),
    pytest.param(
        Case(
            """
            A a a .
            . . . *
            """,
            ("a:down",),
            """
            a a . .
            A . . *
            """,
        ),
        id="a snake turning away from the wall in time lives",
    ),
    pytest.param(
        Case(
            """
            . . . . *
            . a a a .
            . a A a .
            . . . a .
            """,
            ("",),
            """
            . . . . *
            . . . . .
            . . . . .
            . . . . .
            """,
            deaths={"a": "self"},
        ),
        id="a snake running into its own body dies",
    ),
    pytest.param(
        Case(
            """
            . a . . *
            . A . . *
            b b B . .
            """,
            ("",),
            """
            . . . . *
            . . . . *
            . b b B .
            """,
            deaths={"a": "snake"},
        ),
        id="a snake running into another's body dies",
    ),
    pytest.param(
        Case(
            """
            A a a . *
            . B . . .
            . b . . .
            . b . . .
            """,
            ("",),
            """
            . . . . *
            . . . . .
            . . . . .
            . . . . .
            """,
            deaths={"a": "wall", "b": "snake"},
        ),
        id="a body still counts in the tick its snake dies: deaths are simultaneous",
    ),
    pytest.param(
        Case(
            """
            a a A . B b b b *
            """,
            ("",),
            """
            . . . B b b b . *
            """,
            deaths={"a": "head"},
        ),
        id="head to head the shorter snake dies (shorter listed first)",
    ),
    pytest.param(
        Case(
            """
            a a a A . B b b *
            """,
            ("",),
            """
            . a a a A . . . *
            """,
            deaths={"b": "head"},
        ),
        id="head to head the shorter snake dies (shorter listed second)",
    ),
    pytest.param(
        Case(
            """
            a a A . B b b *
            """,
            ("",),
            """
            . . . . . . . *
            """,
            deaths={"a": "head", "b": "head"},
        ),
        id="head to head with equal lengths both die",
    ),
    pytest.param(
        Case(
            """
            . . . . . . . *
            a a A . B b b *
            . . . C . . . .
            . . . c . . . .
            . . . c . . . .
            . . . c . . . .
            """,
            ("",),
            """
            . . . . . . . *
            . . . C . . . *
            . . . c . . . .
            . . . c . . . .
            . . . c . . . .
            . . . . . . . .
            """,
            deaths={"a": "head", "b": "head"},
        ),
        id="three heads on one cell: the unique longest survives",
    ),
    pytest.param(
        Case(
            """
            . . . . . . . . *
            a a A . B b b b *
            . . . C . . . . .
            . . . c . . . . .
            . . . c . . . . .
            . . . c . . . . .
            """,
            ("",),
            """
            . . . . . . . . *
            . . . . . . . . *
            . . . . . . . . .
            . . . . . . . . .
            . . . . . . . . .
            . . . . . . . . .
            """,
            deaths={"a": "head", "b": "head", "c": "head"},
        ),
        id="three heads on one cell with two longest: all die",
    ),
    pytest.param(
        Case(
            """
            a a A B b b b *
            """,
            ("",),
            """
            . . B b b b . *
            """,
            deaths={"a": "head"},
        ),
        id="two heads swapping cells is head to head: the shorter dies",
    ),
    pytest.param(
        Case(
            """
            . a a a A B b b *
            """,
            ("",),
            """
            . . a a a A . . *
            """,
            deaths={"b": "head"},
        ),
        id="two heads swapping cells is head to head: the shorter dies (listed second)",
    ),
    pytest.param(
        Case(
            """
            a a A B b b *
            """,
            ("",),
            """
            . . . . . . *
            """,
            deaths={"a": "head", "b": "head"},
        ),
        id="two heads swapping cells with equal lengths both die",
    ),
    pytest.param(
        Case(
            """
            . . . . *
            . b b B .
            . A . . .
            . a . . .
            . a . . .
            """,
            ("",),
            """
            . . . . *
            . A b b B
            . a . . .
            . a . . .
            . . . . .
            """,
        ),
        id="moving into the cell another snake's tail leaves is safe",
    ),
    pytest.param(
        Case(
            """
            . . . . *
            . b b B .
            . A . . .
            . a . . .
            . a . . .
            """,
            ("",),
            """
            . . . . *
            . b b b B
            . . . . .
            . . . . .
            . . . . .
            """,
            deaths={"a": "snake"},
            pending={"b": 1},
        ),
        id="moving into the tail of a snake that just ate is deadly: its tail stays",
    ),
    pytest.param(
        Case(
            """
            a a A *
            B b b *
            """,
            ("a:down b:up",),
            """
            B a a *
            b b A *
            """,
        ),
        id="two snakes chasing each other's tails round a ring both live",
    ),
    pytest.param(
        Case(
            """
            . . . . *
            . a a a .
            . a A a .
            """,
            ("",),
            """
            . . . . *
            . a a a .
            . a a A .
            """,
            directions={"a": Direction.RIGHT},
        ),
        id="moving into its own tail's cell is safe",
    ),
    pytest.param(
        Case(
            """
            . . . . *
            . a a a .
            . a A a .
            """,
            ("",),
            """
            . . . . *
            . . . . .
            . . . . .
            """,
            deaths={"a": "self"},
            directions={"a": Direction.RIGHT},
            pending={"a": 1},
        ),
        id="moving into its own tail's cell while still growing is deadly",
    ),
]


# A held snake (`held`: the tick its hold ends) stands still until its player turns or that
# tick comes. It is solid like any snake, and since it does not move it cannot die: a snake
# that runs into it, head or body, dies and the held snake gets the kill.
HOLDS = [
    pytest.param(
        Case(
            """
            a a A . . *
            . . . . . .
            b b B . . *
            """,
            ("", ""),
            """
            a a A . . *
            . . . . . .
            . . b b B *
            """,
            held={"a": 5},
        ),
        id="a held snake stands still while the others move",
    ),
    pytest.param(
        Case(
            """
            . . . . . *
            a a A . . .
            """,
            ("a:up",),
            """
            . . A . . *
            . a a . . .
            """,
            held={"a": 5},
        ),
        id="its player's turn starts it, in the new direction, on the same tick",
    ),
    pytest.param(
        Case(
            """
            . . . . . *
            a a A . . .
            """,
            ("a:right", ""),
            """
            . . . . . *
            . . a a A .
            """,
            held={"a": 5},
        ),
        id="a turn straight on starts it too",
    ),
    pytest.param(
        Case(
            """
            . . . . . *
            a a A . . .
            """,
            ("a:left",),
            """
            . . . . . *
            . a a A . .
            """,
            held={"a": 5},
        ),
        id="so does a turn back into its neck, which then goes straight on",
    ),
    pytest.param(
        Case(
            """
            . . . . . *
            a a A . . .
            """,
            ("", "", ""),
            """
            . . . . . *
            . a a A . .
            """,
            held={"a": 3},
        ),
        id="without a turn it goes by itself on the tick its hold ends",
    ),
    pytest.param(
        Case(
            """
            . . . . . *
            a a A . . .
            . B . . . .
            . b . . . .
            . b . . . .
            """,
            ("",),
            """
            . . . . . *
            a a A . . .
            . . . . . .
            . . . . . .
            . . . . . .
            """,
            deaths={"b": "snake"},
            held={"a": 5},
        ),
        id="running into a held snake's body kills the runner, not the held snake",
    ),
    pytest.param(
        Case(
            """
            . . . . . *
            a a A B . .
            . . . b . .
            . . . b . .
            """,
            ("b:left",),
            """
            . . . . . *
            a a A . . .
            . . . . . .
            . . . . . .
            """,
            deaths={"b": "snake"},
            held={"a": 5},
        ),
        id="running into a held snake's head is running into a snake, not a head-on",
    ),
]


@pytest.mark.parametrize("case", MOVES + EATING + DEATHS + HOLDS)
def test_board_before_moves_board_after(case: Case) -> None:
    state = parse(case.before, pending=case.pending, directions=case.directions, held=case.held)
    state, events = play(state, case.ticks)
    assert drawn(state, case.after, events) == tidy(case.after)
    assert deaths(events) == case.deaths


# --- Eating and growth -------------------------------------------------------------------


def test_eating_scores_one_removes_the_food_and_queues_growth() -> None:
    state = parse(
        """
        . . . . .
        a a A * .
        """,
        scores={"a": 4},
    )
    state, events = rules.step(state, [])
    snake = state.snakes[1]
    assert snake.score == 5
    assert snake.pending_growth == 2
    assert len(snake.body) == 3, "growth starts with the next move"
    assert [event for event in events if isinstance(event, Ate)] == [Ate(1, (3, 1), 5)]
    assert (3, 1) not in state.board.food


@pytest.mark.parametrize(
    "growth",
    [
        pytest.param(growth, id=f"growth {growth}: the tail stays for {growth} moves")
        for growth in (0, 1, 2, 3)
    ],
)
def test_the_tail_stays_put_for_exactly_growth_moves(growth: int) -> None:
    state = parse(
        """
        . . . . . . . . . .
        a a A * . . . . . .
        . . . . . . . . . *
        """,
        settings={"growth": growth},
    )
    tails: list[Cell] = []
    lengths: list[int] = []
    for _ in range(6):
        state, events = rules.step(state, [])
        assert not deaths(events)
        tails.append(state.snakes[1].body[-1])
        lengths.append(len(state.snakes[1].body))
    assert lengths == [3 + min(tick, growth) for tick in range(6)]
    stayed = [now == then for then, now in itertools.pairwise(tails)]
    assert stayed == [tick < growth for tick in range(5)]


def test_food_eaten_twice_in_a_row_adds_up_the_growth() -> None:
    state = parse(
        """
        . . . . . . . .
        a a A * * . . .
        . . . . . . . *
        """,
    )
    state, _ = play(state, ["", ""])
    snake = state.snakes[1]
    assert (snake.score, snake.pending_growth, len(snake.body)) == (2, 3, 4)


def test_two_heads_on_one_food_both_eat() -> None:
    state = parse(
        """
        . . . . . . . . .
        a a a A * B b b .
        """
    )
    state, events = rules.step(state, [])
    assert [event for event in events if isinstance(event, Ate)] == [
        Ate(1, (4, 1), 1),
        Ate(2, (4, 1), 1),
    ]
    assert state.snakes[1].score == 1 and state.snakes[1].pending_growth == 2
    assert [event for event in events if isinstance(event, Died)] == [
        Died(2, "b", Cause.HEAD, 1, killer=1)
    ]


# --- Removing the dead -------------------------------------------------------------------


def test_the_dead_leave_the_board_but_stay_listed_without_a_body() -> None:
    state = parse(
        """
        A a a a .
        . . . . *
        """,
        scores={"a": 3},
        pending={"a": 2},
    )
    state, events = rules.step(state, turns("a:up a:right"))
    assert deaths(events) == {"a": "wall"}
    snake = state.snakes[1]
    assert (snake.alive, list(snake.body), snake.score) == (False, [], 3)
    assert snake.died_at == state.tick == 1
    assert not snake.queued_turns and snake.pending_growth == 0
    assert state.snake_of == {"a": 1}
    board = state.board
    assert all(board.segments_at((x, y)) == 0 for x in range(-1, 5) for y in range(-1, 2))
    assert board.free_count == 100 - len(board.food)


def test_a_snake_dead_at_the_wall_frees_every_cell_and_only_those() -> None:
    state = parse(
        """
        A a a .
        . . . *
        """
    )
    state, _ = rules.step(state, [])
    assert state.board.free_count == 100 - len(state.board.food)
    assert all(state.board.is_free(cell) for cell in [(0, 0), (1, 0), (2, 0)])
    assert not state.board.is_free((-1, 0)), "a cell off the board is never free"


# --- Food --------------------------------------------------------------------------------


def test_an_empty_board_gets_one_piece_of_food() -> None:
    state = rules.new_game(Settings(width=10, height=10), seed=7)
    state, events = rules.step(state, [])
    assert len(state.board.food) == 1
    assert food_added(events) == set(state.board.food)


def test_food_is_topped_up_to_one_piece_per_live_snake_never_on_a_snake() -> None:
    state = parse(
        """
        a a A . . . . . . .
        . . . . . . . . . .
        b b B . . . . . . .
        . . . . . . . . . .
        c c C . . . . . . .
        """
    )
    state, events = rules.step(state, [])
    added = [event.cell for event in events if isinstance(event, FoodAdded)]
    assert len(added) == 3 and set(added) == set(state.board.food)
    on_snakes = {cell for snake in state.alive() for cell in snake.body}
    assert not on_snakes & set(added)


@pytest.mark.parametrize(
    ("size", "snakes", "pieces"), [(10, 0, 1), (16, 0, 2), (48, 3, 12), (64, 0, 17), (64, 8, 24)]
)
def test_food_grows_with_the_board_as_well_as_the_snakes(
    size: int, snakes: int, pieces: int
) -> None:
    assert rules.food_wanted(size, size, snakes) == pieces


def test_a_big_empty_board_is_stocked_with_food() -> None:
    state = rules.new_game(Settings(width=64, height=64), seed=7)
    state, events = rules.step(state, [])
    assert len(state.board.food) == 17 == len(food_added(events))


def test_food_already_on_the_board_counts() -> None:
    state = parse(
        """
        a a A . . *
        . . . . . .
        b b B . . *
        """
    )
    _, events = rules.step(state, [])
    assert food_added(events) == set()


def test_food_is_topped_up_for_the_snakes_still_alive_after_deaths() -> None:
    state = parse(
        """
        A a a . . *
        . . . . . .
        b b B . . .
        """
    )
    state, events = rules.step(state, [])
    assert deaths(events) == {"a": "wall"}
    assert food_added(events) == set() and list(state.board.food) == [(5, 0)]


def test_food_fills_only_the_free_cells_when_there_are_too_few() -> None:
    """Ten snakes want ten pieces; the three free cells get one each, none goes on a snake."""
    state = parse(
        "\n".join(f"{letter.upper()}{f' {letter}' * 9}" for letter in "abcdefghi")
        + "\nJ j j j j j j . . ."
    )
    events: list[Event] = []
    rules.spawn_food(state, [], events)
    assert set(state.board.food) == {(7, 9), (8, 9), (9, 9)}
    assert food_added(events) == set(state.board.food) and len(events) == 3
    assert state.board.free_count == 0
    events = []
    rules.spawn_food(state, [], events)
    assert events == [], "a full board gets no more food, and the stage still ends"


# --- Spawning ----------------------------------------------------------------------------


def nearest_wall_behind(state: State, head: Cell, heading: Direction) -> bool:
    x, y = head
    distance = {
        Direction.RIGHT: x,
        Direction.LEFT: state.settings.width - 1 - x,
        Direction.DOWN: y,
        Direction.UP: state.settings.height - 1 - y,
    }
    return distance[heading] == min(distance.values())


@pytest.mark.parametrize(
    ("size", "seed"),
    [
        pytest.param(size, seed, id=f"{size}x{size} board, seed {seed}")
        for size in (10, 16, 48)
        for seed in range(4)
    ],
)
def test_a_new_player_gets_a_straight_snake_of_three_heading_away_from_the_nearest_wall(
    size: int, seed: int
) -> None:
    state = rules.new_game(Settings(width=size, height=size), seed)
    state, events = rules.step(state, [Join("p", "Pat")])
    snake_id = state.snake_of["p"]
    assert events[-1] == Spawned(snake_id, "p")
    snake = state.snakes[snake_id]
    assert (snake.name, snake.alive, snake.score, snake.pending_growth) == ("Pat", True, 0, 0)
    assert list(snake.body) == [snake.direction.opposite.ahead(snake.head, i) for i in range(3)]
    assert nearest_wall_behind(state, snake.head, snake.direction)
    assert all(state.board.in_bounds(cell) for cell in snake.body)
    assert not set(snake.body) & set(state.board.food), "food comes first and is avoided"


def test_a_spawn_takes_the_only_place_with_room() -> None:
    state = crowded(". * . . . . . . . .")
    events = spawn_stage(state, [Join("k", "Kay")])
    assert events == [Spawned(8, "k")]
    after = CROWDED.format(row7=". * . . . . . K k k", row8=". . . . . . . . . .")
    assert drawn(state, after) == tidy(after)
    assert state.snakes[8].direction is Direction.LEFT


def test_a_place_with_food_under_the_body_or_a_snake_two_cells_ahead_is_no_room() -> None:
    """(2,7) heading right has H two cells ahead; (7,7) heading left would cover food."""
    state = crowded(". . . . H . . . * .", ". . . . h . . . . .")
    assert spawn_stage(state, [Join("k", "Kay")]) == [NoRoom("k")]
    assert "k" in state.waiting and "k" not in state.snake_of


def test_with_no_room_a_player_waits_is_told_once_and_is_placed_when_room_appears() -> None:
    state = crowded(". * . . . . . . * .")
    assert spawn_stage(state, [Join("k", "Kay")]) == [NoRoom("k")]
    assert spawn_stage(state) == [], "told only once"
    assert spawn_stage(state, [Join("k", "Kay")]) == [], "joining again while waiting: nothing"
    assert state.waiting["k"].told_no_room
    events = spawn_stage(state, [Leave("g")])
    snake_id = state.snake_of["k"]
    assert [e for e in events if not isinstance(e, Life)] == [
        Removed(7, "g", "G", left=True),
        Spawned(snake_id, "k"),
    ]
    snake = state.snakes[snake_id]
    assert len(snake.body) == 3 and not state.waiting
    assert nearest_wall_behind(state, snake.head, snake.direction)


def test_a_waiting_player_is_placed_by_a_later_tick_when_room_appears() -> None:
    """The same through whole ticks: the crowd runs into the left wall and makes room."""
    state = crowded(". * . . . . . . * .")
    assert spawn_stage(state, [Join("k", "Kay")]) == [NoRoom("k")]
    state, events = rules.step(state, [])
    assert len(deaths(events)) == 7
    assert [event for event in events if isinstance(event, Spawned | NoRoom)] == [Spawned(8, "k")]


def test_players_joining_in_the_same_tick_all_get_two_clear_cells_ahead() -> None:
    """Each new snake's two cells ahead must be clear of snakes, even of one placed after it.

    With two players joining an empty 10x10 board at once (seed 0), the spawn scan puts
    a a A at (0..2, 2) heading right, then b's body straight across its path at (3, 0..2):

        . . . b
        . . . b
        a a A B

    and a dies on its first move, running into b's neck.
    """
    failures = []
    for size in (10, 16):
        for seed in range(5):
            state = rules.new_game(Settings(width=size, height=size), seed)
            state, _ = rules.step(state, [Join("a", "A"), Join("b", "B")])
            taken = {cell for snake in state.alive() for cell in snake.body}
            for snake in state.alive():
                ahead = {snake.direction.ahead(snake.head, steps) for steps in (1, 2)}
                if taken & ahead:
                    failures.append(
                        f"{size}x{size} seed {seed}: {snake.player} {list(snake.body)} heading "
                        f"{snake.direction.value} has a snake at {sorted(taken & ahead)}"
                    )
            state, events = rules.step(state, [])
            if deaths(events):
                failures.append(
                    f"{size}x{size} seed {seed}: died on the first move {deaths(events)}"
                )
    assert not failures, f"{len(failures)} failures, e.g.\n" + "\n".join(failures[:4])


# --- Respawning, joining and leaving -----------------------------------------------------


@pytest.mark.parametrize(
    ("after", "refused"),
    [
        pytest.param(1, 2, id="one tick after dying: too soon, two ticks left"),
        pytest.param(2, 1, id="two ticks after dying: too soon, one tick left"),
        pytest.param(3, None, id="three ticks after dying (the delay): respawns"),
        pytest.param(5, None, id="five ticks after dying: respawns"),
    ],
)
def test_respawn_waits_for_the_delay(after: int, refused: int | None) -> None:
    state = dead_at_wall(delay=3)
    run_ticks(state, after - 1)
    state, events = rules.step(state, [Respawn("a")])
    assert state.tick == 1 + after
    if refused is not None:
        assert events.count(Refused("a", Refusal.TOO_SOON, refused)) == 1
        assert state.snake_of["a"] == 1 and not state.waiting
    else:
        assert [event for event in events if isinstance(event, Removed | Spawned)] == [
            Removed(1, "a", "A", left=False),
            Spawned(2, "a"),
        ]


def test_a_respawn_is_a_new_snake_with_a_new_id() -> None:
    state = dead_at_wall(delay=0, score=6)
    snapshot = codec.snapshot(state)
    assert snapshot["snakes"] == [
        {
            "id": 1,
            "player": "a",
            "name": "A",
            "colour": palette.PALETTE[0],
            "body": [],
            "alive": False,
            "score": 6,
            "bot": False,
            "held_until": None,
        }
    ], "the dead stay listed with their score"
    state, events = rules.step(state, [Respawn("a")])
    assert 1 not in state.snakes and state.snake_of == {"a": 2}
    snake = state.snakes[2]
    assert (snake.alive, len(snake.body), snake.score, snake.name) == (True, 3, 0, "A")
    assert wire(codec.delta(state, events))["removed"] == [1]


def test_a_dead_snake_stays_listed_until_its_player_comes_back() -> None:
    state = dead_at_wall(delay=2)
    run_ticks(state, 20)
    assert state.snakes[1].alive is False and not state.snakes[1].body


@pytest.mark.parametrize(
    ("who", "refusal"),
    [
        pytest.param("b", Refusal.NOT_DEAD, id="respawn while alive is refused: not_dead"),
        pytest.param("zed", Refusal.NOT_PLAYING, id="respawn from a stranger: not_playing"),
    ],
)
def test_respawn_refusals(who: str, refusal: Refusal) -> None:
    state = parse(
        """
        b b B . *
        """
    )
    state, events = rules.step(state, [Respawn(who)])
    assert [event for event in events if isinstance(event, Refused)] == [Refused(who, refusal)]
    assert state.snake_of == {"b": 1}


def test_respawn_while_already_waiting_is_refused_not_dead() -> None:
    state = crowded(". * . . . . . . * .")
    assert spawn_stage(state, [Join("k", "Kay")]) == [NoRoom("k")]
    events: list[Event] = []
    rules.apply_inputs(state, [Respawn("k")], events)
    assert events == [Refused("k", Refusal.NOT_DEAD)], "a waiting newcomer"
    dead = dead_at_wall(delay=0)
    events = []
    rules.apply_inputs(dead, [Respawn("a"), Respawn("a")], events)
    assert events == [Refused("a", Refusal.NOT_DEAD)], "a dead player already waiting"


@pytest.mark.parametrize(
    "after",
    [pytest.param(1, id="too soon"), pytest.param(3, id="after the delay")],
)
def test_join_while_dead_is_a_respawn_request(after: int) -> None:
    joined, respawned = dead_at_wall(delay=3), dead_at_wall(delay=3)
    run_ticks(joined, after - 1)
    run_ticks(respawned, after - 1)
    joined, by_join = rules.step(joined, [Join("a", "Again")])
    respawned, by_respawn = rules.step(respawned, [Respawn("a")])
    assert by_join == by_respawn
    if after == 3:
        assert joined.snakes[2].name == "Again", "the join's name is the new snake's"


def test_join_while_alive_does_nothing() -> None:
    state = parse(
        """
        a a A . *
        """
    )
    state, events = rules.step(state, [Join("a", "Other")])
    assert events == [Moved(1, (3, 0), 1)]
    assert state.snakes[1].name == "A" and not state.waiting


def test_joining_twice_in_one_tick_places_one_snake() -> None:
    state = rules.new_game(Settings(width=10, height=10), seed=3)
    state, events = rules.step(state, [Join("p", "Pat"), Join("p", "Pat")])
    assert [event for event in events if not isinstance(event, FoodAdded)] == [Spawned(1, "p")]


def test_leave_removes_a_live_snake_and_frees_its_cells() -> None:
    state = parse(
        """
        a a A . *
        . b B . *
        """
    )
    state, events = rules.step(state, [Leave("a")])
    assert events[:2] == [
        Life("a", "A", 0, "left", 1, {"length": 3, "kills": 0}),
        Removed(1, "a", "A", left=True),
    ]
    assert not deaths(events)
    assert 1 not in state.snakes and "a" not in state.snake_of
    after = """
        . . . . *
        . . b B *
        """
    assert drawn(state, after, events) == tidy(after)


def test_leave_removes_a_dead_snake() -> None:
    state = dead_at_wall()
    state, events = rules.step(state, [Leave("a")])
    assert events[0] == Removed(1, "a", "A", left=True) and state.snakes == {}


def test_leave_cancels_a_wait_for_room() -> None:
    state = crowded(". * . . . . . . * .")
    spawn_stage(state, [Join("k", "Kay")])
    assert spawn_stage(state, [Leave("k"), Leave("g")])[-1:] == [Removed(7, "g", "G", left=True)]
    assert not state.waiting and "k" not in state.snake_of


def test_leave_from_someone_not_playing_does_nothing() -> None:
    state = parse("a a A . *")
    _, events = rules.step(state, [Leave("zed")])
    assert events == [Moved(1, (3, 0), 1)]


@pytest.mark.parametrize(
    ("who", "refused"),
    [
        pytest.param("zed", [Refused("zed", Refusal.NOT_PLAYING)], id="a stranger is refused"),
        pytest.param("a", [], id="a dead player's turn is ignored quietly"),
        pytest.param("k", [], id="a waiting player's turn is ignored quietly"),
    ],
)
def test_turns_from_players_without_a_live_snake(who: str, refused: list[Event]) -> None:
    state = dead_at_wall()
    rules.apply_inputs(state, [Join("k", "Kay")], [])
    events: list[Event] = []
    rules.apply_inputs(state, [Turn(who, Direction.UP)], events)
    assert events == refused
    assert not state.snakes[1].queued_turns


# --- Room capacity -----------------------------------------------------------------------

# Two people with live snakes (a, b), a dead one (c) and a bot (d); Kay waits for room.
HOUSE = """
    a a A . . . . . . .
    b b B . . . . . . .
    C c c . . . . . . .
    d d D . . . . . . .
    """


def house(max_players: int) -> State:
    state = parse(HOUSE, bots="d", settings={"max_players": max_players})
    state, events = rules.step(state, [])
    assert deaths(events) == {"c": "wall"}
    rules.apply_inputs(state, [Join("k", "Kay")], [])
    return state


def test_players_counts_people_in_play_between_lives_and_waiting_but_not_bots() -> None:
    state = house(max_players=12)
    assert sorted(state.snake_of) == ["a", "b", "bot:4", "c"] and list(state.waiting) == ["k"]
    assert rules.players(state) == 4
    rules.apply_inputs(state, [Respawn("c")], [])
    assert rules.players(state) == 4, "a dead player waiting for a new life counts once"


def test_a_newcomer_to_a_full_room_is_refused_with_the_room_s_limit() -> None:
    state = house(max_players=4)
    events: list[Event] = []
    rules.apply_inputs(state, [Join("zed", "Zed")], events)
    assert events == [Refused("zed", Refusal.ROOM_FULL, max_players=4)]
    assert "zed" not in state.waiting and rules.players(state) == 4


@pytest.mark.parametrize(
    "who",
    [
        pytest.param("a", id="someone in play (a reconnect)"),
        pytest.param("c", id="someone between lives"),
        pytest.param("k", id="someone waiting for room"),
    ],
)
def test_someone_who_holds_a_place_is_never_refused_as_full(who: str) -> None:
    state = house(max_players=4)
    events: list[Event] = []
    rules.apply_inputs(state, [Join(who, "Again")], events)
    assert Refusal.ROOM_FULL not in [event.reason for event in events if isinstance(event, Refused)]


def test_bots_never_fill_a_room_nor_are_refused_by_a_full_one() -> None:
    state = house(max_players=4)
    events: list[Event] = []
    rules.apply_inputs(state, [Join("bot:9", "Bot Pip")], events)
    assert events == [] and "bot:9" in state.waiting
    assert rules.players(state) == 4


def test_a_place_freed_by_leaving_goes_to_the_next_newcomer_in_the_same_tick() -> None:
    state = house(max_players=4)
    events: list[Event] = []
    rules.apply_inputs(state, [Join("zed", "Zed"), Leave("b"), Join("zed", "Zed")], events)
    assert [event for event in events if isinstance(event, Refused)] == [
        Refused("zed", Refusal.ROOM_FULL, max_players=4)
    ]
    assert "zed" in state.waiting and rules.players(state) == 4


@pytest.mark.parametrize(
    ("field", "value"),
    [
        pytest.param("max_players", 0, id="max_players below 1"),
        pytest.param("max_players", 1001, id="max_players above 1000"),
        pytest.param("bots", -1, id="bots below 0"),
        pytest.param("bots", 17, id="bots above 16"),
    ],
)
def test_settings_refuse_room_limits_out_of_range(field: str, value: int) -> None:
    with pytest.raises(ValueError, match=field):
        Settings(**{field: value})


def test_settings_accept_the_room_limits_edges() -> None:
    assert Settings(max_players=1, bots=0).max_players == 1
    assert Settings(max_players=64, bots=16).bots == 16


# --- The codec ---------------------------------------------------------------------------


def delta_after(state: State, inputs: Sequence[Input] = ()) -> dict[str, Any]:
    state, events = rules.step(state, inputs)
    message: dict[str, Any] = wire(codec.delta(state, events))
    return message


def test_delta_of_a_quiet_tick_is_just_its_number() -> None:
    state = parse(". * .")
    state.tick = 41
    assert delta_after(state) == {"tick": 42}


def test_delta_moved_gives_the_new_head_and_whether_the_tail_went() -> None:
    state = parse(
        """
        a a A . *
        b b B . *
        """,
        pending={"b": 1},
    )
    assert delta_after(state) == {"tick": 1, "moved": [[1, 3, 0, 1], [2, 3, 1, 0]]}


def test_delta_of_eating_has_scores_food_removed_and_the_new_food() -> None:
    state = parse(
        """
        a a A * .
        """,
        scores={"a": 2},
    )
    delta = delta_after(state)
    assert delta["scores"] == [[1, 3]] and delta["food_removed"] == [[3, 0]]
    assert len(delta["food_added"]) == 1 and delta["food_added"][0] != [3, 0]
    assert delta["moved"] == [[1, 3, 0, 1]]
    assert set(delta) == {"tick", "moved", "scores", "food_removed", "food_added"}


def test_delta_of_a_death_names_the_cause_and_does_not_move_the_dead() -> None:
    state = parse(
        """
        A a a . *
        b b B . *
        """
    )
    assert delta_after(state) == {"tick": 1, "moved": [[2, 3, 1, 1]], "died": [[1, "wall", None]]}


def test_delta_of_a_join_has_the_whole_new_snake() -> None:
    state = parse(". * .")
    delta = delta_after(state, [Join("p", "Pat")])
    snake = state.snakes[1]
    assert delta == {
        "tick": 1,
        "spawned": [
            {
                "id": 1,
                "player": "p",
                "name": "Pat",
                "colour": snake.colour,
                "body": [list(cell) for cell in snake.body],
                "alive": True,
                "score": 0,
                "bot": False,
                "held_until": None,
            }
        ],
    }


def test_snake_data_says_which_snakes_are_bots() -> None:
    state = parse(
        """
        a a A . *
        b b B . *
        """,
        bots="b",
    )
    snakes = codec.snapshot(state)["snakes"]
    assert [(snake["player"], snake["name"], snake["bot"]) for snake in snakes] == [
        ("a", "A", False),
        ("bot:2", "Bot B", True),
    ]


def test_delta_of_a_leave_has_removed() -> None:
    state = parse(
        """
        a a A . *
        b b B . *
        """
    )
    assert delta_after(state, [Leave("a")]) == {"tick": 1, "removed": [1], "moved": [[2, 3, 1, 1]]}


def test_delta_of_a_respawn_removes_the_old_snake_and_spawns_the_new() -> None:
    state = dead_at_wall(delay=0)
    delta = delta_after(state, [Respawn("a")])
    assert delta["removed"] == [1]
    assert [snake["id"] for snake in delta["spawned"]] == [2]
    assert set(delta) == {"tick", "removed", "spawned"}


def test_delta_of_a_head_on_on_food_scores_both_and_removes_the_food_once() -> None:
    state = parse(
        """
        . . . . . . . . *
        a a a A * B b b .
        """
    )
    delta = delta_after(state)
    assert delta["scores"] == [[1, 1], [2, 1]]
    assert delta["food_removed"] == [[4, 1]]
    assert delta["died"] == [[2, "head", 1]]
    assert delta["moved"] == [[1, 4, 1, 1]]


def test_on_a_roomy_board_no_room_is_told_only_after_several_ticks_of_misses() -> None:
    # Food on every other cell leaves over 256 free cells but no three in a row: random
    # tries miss, and since they are not a full search the player is not told at once.
    state = rules.new_game(Settings(width=24, height=24), seed=3)
    for y in range(24):
        for x in range(24):
            if (x + y) % 2 == 0:
                state.board.add_food((x, y))
    assert state.board.free_count > rules.SPAWN_SCAN_LIMIT
    told: list[int] = []
    for tick in range(1, rules.NO_ROOM_AFTER + 3):
        state, events = rules.step(state, [Join("k", "Kay")] if tick == 1 else [])
        told += [tick for event in events if isinstance(event, NoRoom)]
        assert not any(isinstance(event, Spawned) for event in events)
    assert told == [rules.NO_ROOM_AFTER]


# --- Holding new snakes, and their clear run ---------------------------------------------


def test_a_held_snake_gets_the_kill_of_a_snake_that_runs_into_it() -> None:
    state = parse(
        """
        . . . . . *
        a a A B . .
        . . . b . .
        . . . b . .
        """,
        held={"a": 5},
    )
    state, events = rules.step(state, turns("b:left"))
    assert [e for e in events if isinstance(e, Died)] == [Died(2, "b", Cause.SNAKE, 0, 1)]
    assert state.snakes[1].kills == 1 and state.snakes[1].alive


@pytest.mark.parametrize(("who", "held_until"), [("p", 1 + 30), ("bot:1", None)])
def test_a_person_s_new_snake_is_held_for_hold_ticks_and_a_bot_s_never(
    who: str, held_until: int | None
) -> None:
    state = rules.new_game(Settings(width=20, height=20, hold_ticks=30), seed=1)
    state, _ = rules.step(state, [Join(who, "Pat")])
    snake = state.snakes[1]
    assert snake.held_until == held_until
    body = list(snake.body)
    rules.step(state, [])
    assert (list(snake.body) == body) is (held_until is not None)


def test_the_hold_is_in_the_snapshot_and_its_end_in_the_delta() -> None:
    state = rules.new_game(Settings(width=20, height=20, hold_ticks=3), seed=1)
    spawned = delta_after(state, [Join("p", "Pat")])["spawned"]
    assert [snake["held_until"] for snake in spawned] == [1 + 3]
    assert codec.snapshot(state)["snakes"][0]["held_until"] == 4
    assert "released" not in delta_after(state) and "moved" not in delta_after(state)
    delta = delta_after(state)
    assert delta["released"] == [1] and [item[0] for item in delta["moved"]] == [1]
    assert codec.snapshot(state)["snakes"][0]["held_until"] is None


def test_a_turn_ends_the_hold_early_and_says_so_in_the_delta() -> None:
    state = rules.new_game(Settings(width=20, height=20, hold_ticks=30), seed=1)
    delta_after(state, [Join("p", "Pat")])
    direction = state.snakes[1].direction
    delta = delta_after(state, [Turn("p", direction)])
    assert delta["released"] == [1] and [item[0] for item in delta["moved"]] == [1]
    assert state.snakes[1].held_until is None


def clear_run(state: State, snake_id: int) -> int:
    snake = state.snakes[snake_id]
    taken = {cell for other in state.alive() for cell in other.body}
    steps = 0
    while True:
        cell = snake.direction.ahead(snake.head, steps + 1)
        if not state.board.in_bounds(cell) or cell in taken:
            return steps
        steps += 1


@pytest.mark.parametrize(
    ("size", "wanted", "least"),
    [
        pytest.param(48, 15, 15, id="48x48 at 10 ticks a second: 15 cells"),
        pytest.param(48, 45, 23, id="48x48 at 30 a second: capped to the middle's 23"),
        pytest.param(10, 15, 4, id="10x10: capped to the middle's 4"),
        pytest.param(20, 2, 2, id="two cells, the least, as before"),
    ],
)
def test_a_new_snake_gets_a_clear_run_ahead_as_long_as_the_board_allows(
    size: int, wanted: int, least: int
) -> None:
    for seed in range(6):
        state = rules.new_game(Settings(width=size, height=size, spawn_clear_ahead=wanted), seed)
        state, _ = rules.step(state, [Join(p, p) for p in "abcd"])
        for snake in state.alive():
            assert clear_run(state, snake.id) >= least, (seed, snake.player, list(snake.body))


def test_where_no_long_run_is_free_a_spawn_takes_a_shorter_one_rather_than_none() -> None:
    """Row 7 is the only room: heading left from (7, 7), H is three cells ahead."""
    state = parse(
        CROWDED.format(row7=". . . . H . . . . .", row8="h h h h h h h h h h"),
        settings={"spawn_clear_ahead": 15},
        directions={"h": Direction.UP},
        bodies={"h": [(4, 7), *((x, 8) for x in range(4, -1, -1))]},
    )
    events = spawn_stage(state, [Join("k", "Kay")])
    assert events == [Spawned(9, "k")]
    assert list(state.snakes[9].body) == [(7, 7), (8, 7), (9, 7)]
    assert clear_run(state, 9) == 2
