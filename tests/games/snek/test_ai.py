"""Snek's bots: how they steer (board pictures, as in test_rules) and how they come and go.

In the pictures the snake `a` is a bot (player "bot:1"); other letters are people. A bot thinks
on its planning ticks, when the cell ahead is taken or another head is next to it, and when
food lies beside its head; on other ticks it goes straight. The steering cases run as in a
crowded room, where a bot plans once in `PLAN_EVERY` ticks; in a small room it plans every tick.
"""

from __future__ import annotations

import copy
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from unittest import mock

import orjson
import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from kogame.games.snek import ai, codec, rules
from kogame.games.snek.events import Ate, Died, Event, Refused, Spawned
from kogame.games.snek.state import (
    Direction,
    Input,
    Join,
    Leave,
    Respawn,
    Settings,
    Snake,
    State,
    Turn,
    is_bot,
)
from tests.games.snek.boards import parse, rows


def bot_board(
    picture: str, *, plan: bool = False, settings: Mapping[str, int] | None = None
) -> State:
    """`picture` with `a` a bot, and by default `settings.bots` such that no bot comes or goes.

    `plan` puts the game on the bot's planning tick.
    """
    letters = {symbol.lower() for row in rows(picture) for symbol in row if symbol.isalpha()}
    state = parse(picture, bots="a", settings={"bots": len(letters), **(settings or {})})
    if plan:
        state.tick = ai.PLAN_EVERY - 1
    return state


def turns(inputs: Sequence[Input]) -> dict[str, str]:
    return {item.player: item.direction.value for item in inputs if isinstance(item, Turn)}


def play(state: State, ticks: int, people: Sequence[Input] = ()) -> list[Event]:
    """`ticks` ticks as a room runs them: people's inputs (on the first) plus the bots'."""
    events: list[Event] = []
    for n in range(ticks):
        sent = [*(people if n == 0 else ()), *ai.inputs(state)]
        events += rules.step(state, sent)[1]
    return events


def bots_in(state: State) -> list[str]:
    """The bots holding a place (listed or waiting), by number."""
    held = {*state.snake_of, *state.waiting}
    return sorted((player for player in held if is_bot(player)), key=ai.bot_number)


# --- Steering ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Steer:
    before: str
    turn: str | None
    plan: bool = False


STEERING = [
    pytest.param(
        Steer(
            """
            . . . . .
            a a A . .
            . . . . .
            """,
            None,
        ),
        id="with nothing in the way it goes on without a word",
    ),
    pytest.param(
        Steer(
            """
            . . . . .
            A a a . .
            . . . . .
            * . . . .
            """,
            "down",
        ),
        id="at a wall it turns, towards the food",
    ),
    pytest.param(
        Steer(
            """
            . . . . . .
            . . . b . .
            a a A b . .
            . . . b . .
            . . . B . .
            """,
            "up",
        ),
        id="with a body ahead it turns",
    ),
    pytest.param(
        Steer(
            """
            . . * . .
            a a A . .
            . . . . .
            """,
            "up",
        ),
        id="it takes food beside its head, even between plans",
    ),
    pytest.param(
        Steer(
            """
            . . . . . .
            a a A . . .
            . . . . . .
            . . . . . .
            * . . . . .
            """,
            "down",
            plan=True,
        ),
        id="on its planning tick it turns towards the food",
    ),
    pytest.param(
        Steer(
            """
            . . . . . .
            a a A . . .
            . . . . . .
            . . . . . .
            * . . . . .
            """,
            None,
        ),
        id="between plans it holds its course",
    ),
    pytest.param(
        Steer(
            """
            . . . . . . .
            a a A . B b b
            . . . . . . .
            """,
            "up",
        ),
        id="it keeps out of a cell another head could take",
    ),
    pytest.param(
        Steer(
            """
            . . . . . .
            . . . b . .
            a a A b . .
            . . . B . .
            * . . . . .
            """,
            "up",
        ),
        id="it turns away from the other head even with the food on that side",
    ),
    pytest.param(
        Steer(
            """
            * . b b b B
            . . b . . .
            . b b . . .
            A a a a . .
            . . . . . .
            """,
            "down",
        ),
        id="it prefers open room to a pocket too small for it, food or not",
    ),
    pytest.param(
        Steer(
            """
            . . . b . .
            a a A b . .
            . . . b . .
            . . . B . .
            """,
            "down",
        ),
        id="it does not turn into the corner its own body closes",
    ),
    pytest.param(
        Steer(
            """
            A a a .
            b b b B
            """,
            None,
        ),
        id="with nowhere to go it sends nothing",
    ),
]


@pytest.mark.parametrize("case", STEERING)
def test_a_bot_steers(case: Steer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ai, "plan_interval", lambda snakes: ai.PLAN_EVERY)
    state = bot_board(case.before, plan=case.plan)
    expected = {} if case.turn is None else {"bot:1": case.turn}
    assert turns(ai.inputs(state)) == expected


def test_in_a_small_room_a_bot_plans_every_tick() -> None:
    state = bot_board(
        """
        . . . . . .
        a a A . . .
        . . . . . .
        . . . . . .
        * . . . . .
        """
    )
    assert turns(ai.inputs(state)) == {"bot:1": "down"}


@pytest.mark.parametrize(
    ("snakes", "interval"),
    [(1, 1), (ai.PLANNERS_PER_TICK, 1), (ai.PLANNERS_PER_TICK + 1, 2), (100, 4), (1000, 16)],
)
def test_the_fuller_the_room_the_less_often_each_bot_plans(snakes: int, interval: int) -> None:
    assert ai.plan_interval(snakes) == interval


def test_a_bot_reaches_food_across_the_board() -> None:
    state = bot_board(
        """
        a a A . . . . . . .
        . . . . . . . . . .
        . . . . . . . . . .
        . . . . . . . . . .
        . . . . . . . . . .
        . . . . . . . . . .
        . . . . . . . . . *
        """
    )
    events = play(state, 20)
    assert Ate(1, (9, 6), 1) in events
    assert not [event for event in events if isinstance(event, Died)]


# --- Purity --------------------------------------------------------------------------------


def busy_bot_game(seed: int = 5, ticks: int = 60) -> State:
    state = rules.new_game(Settings(width=16, height=16, bots=6, respawn_delay_ticks=2), seed)
    play(state, ticks, [Join("pat", "Pat")])
    return state


def everything_in(state: State) -> tuple[object, ...]:
    """The state as far as anything can tell: the snapshot, waiting list, index and rng."""
    board = state.board
    return (
        orjson.dumps(codec.snapshot(state)),
        copy.deepcopy(state.waiting),
        list(board._free),
        bytes(board._listed),
        dict(board._segments),
        copy.deepcopy(board._food_blocks),
        state.rng.getstate(),
    )


def test_bot_inputs_change_nothing_and_take_nothing_from_the_random_generator() -> None:
    state = busy_bot_game(ticks=0)
    sent: list[Input] = []
    for _ in range(100):
        before = everything_in(state)
        inputs = ai.inputs(state)
        assert ai.inputs(state) == inputs, "the same state gives the same inputs"
        assert everything_in(state) == before
        sent += inputs
        rules.step(state, inputs)
    assert {type(item).__name__ for item in sent} >= {"Join", "Turn", "Respawn"}


def test_bot_inputs_are_a_function_of_the_state_not_of_its_history() -> None:
    """A copy of the state (as a room resumed from a saved state would hold) gets the same."""
    state = busy_bot_game()
    assert ai.inputs(copy.deepcopy(state)) == ai.inputs(state)


# --- Coming and going ----------------------------------------------------------------------


def bot_game(bots: int = 3, **settings: int) -> State:
    return rules.new_game(Settings(width=20, height=20, bots=bots, **settings), seed=4)


def test_bots_join_up_to_the_number_wanted_with_bot_names() -> None:
    state = bot_game(3)
    assert ai.inputs(state) == [
        Join("bot:1", "Bot Rex"),
        Join("bot:2", "Bot Ivy"),
        Join("bot:3", "Bot Max"),
    ]
    events = play(state, 1)
    assert [event.player for event in events if isinstance(event, Spawned)] == [
        "bot:1",
        "bot:2",
        "bot:3",
    ]
    assert not [item for item in ai.inputs(state) if isinstance(item, Join | Leave)]


def test_people_arriving_send_the_highest_numbered_bots_away() -> None:
    state = bot_game(3)
    play(state, 2)
    play(state, 1, [Join("pat", "Pat")])
    assert bots_in(state) == ["bot:1", "bot:2", "bot:3"], "a person counts once placed"
    play(state, 1)
    assert bots_in(state) == ["bot:1", "bot:2"]
    play(state, 2, [Join("sam", "Sam"), Join("kim", "Kim")])
    assert bots_in(state) == []
    assert rules.players(state) == 3


def test_a_person_leaving_brings_the_lowest_free_bot_back() -> None:
    state = bot_game(3)
    play(state, 2)
    play(state, 2, [Join("pat", "Pat"), Join("sam", "Sam")])
    assert bots_in(state) == ["bot:1"]
    play(state, 2, [Leave("pat")])
    assert bots_in(state) == ["bot:1", "bot:2"]
    assert state.snakes[state.snake_of["bot:2"]].name == "Bot Ivy"


def test_a_dead_person_still_holds_a_place_so_no_bot_returns() -> None:
    state = bot_game(1)
    play(state, 1, [Join("pat", "Pat")])
    pat = state.snakes[state.snake_of["pat"]]
    pat.alive, pat.died_at = False, state.tick
    assert not [item for item in ai.inputs(state) if isinstance(item, Join)]


def test_a_bot_waiting_for_room_is_not_joined_twice() -> None:
    state = bot_game(2)
    rules.apply_inputs(state, [Join("bot:1", "Bot Rex")], [])
    assert ai.inputs(state) == [Join("bot:2", "Bot Ivy")]


def test_a_dead_bot_asks_to_respawn_once_the_delay_has_passed() -> None:
    state = bot_board(
        """
        A a a .
        b b b B
        """,
        settings={"bots": 2, "respawn_delay_ticks": 3},
    )
    play(state, 1)
    assert not state.snakes[1].alive and state.snakes[1].died_at == 1
    asked = []
    for _ in range(3):
        sent = ai.inputs(state)
        asked.append(state.tick if Respawn("bot:1") in sent else None)
        events = rules.step(state, sent)[1]
    assert asked == [None, None, 3]
    assert Spawned(3, "bot:1") in events
    assert Respawn("bot:1") not in ai.inputs(state)


def test_bot_names_go_round_with_a_number_past_the_list() -> None:
    count = len(ai.NAMES)
    assert ai.bot_name(1) == "Bot Rex"
    assert ai.bot_name(count) == f"Bot {ai.NAMES[-1]}"
    assert ai.bot_name(count + 1) == "Bot Rex 2"
    assert ai.bot_name(2 * count + 2) == "Bot Ivy 3"
    assert ai.bot_player(7) == "bot:7" and ai.bot_number("bot:7") == 7


def test_bots_keep_a_lively_room_lively() -> None:
    """Over a long game the bots eat, and whoever dies comes back."""
    state = bot_game(4, respawn_delay_ticks=5)
    events = play(state, 600)
    eaten = sum(isinstance(event, Ate) for event in events)
    assert eaten >= 40
    assert len(state.alive()) >= 3


def test_random_players_and_bots_share_a_room_without_trouble() -> None:
    """People come and go as they like: after each tick the bots make up the difference (as
    counted before it), and the bots' own inputs never draw a refusal."""
    state = bot_game(5, respawn_delay_ticks=2)
    chooser = random.Random(8)
    people = ["pat", "sam", "kim"]
    for _ in range(400):
        sent: list[Input] = []
        for person in people:
            roll = chooser.random()
            if roll < 0.03:
                sent.append(Join(person, person.title()))
            elif roll < 0.05:
                sent.append(Leave(person))
            elif roll < 0.1:
                sent.append(Respawn(person))
            elif roll < 0.4:
                sent.append(Turn(person, chooser.choice(list(Direction))))
        wanted = max(0, 5 - rules.players(state))
        events = rules.step(state, sent + ai.inputs(state))[1]
        assert len(bots_in(state)) == wanted
        assert not [e for e in events if isinstance(e, Refused) and is_bot(e.player)]


# --- The thinking budget -------------------------------------------------------------------


def thoughts(state: State) -> tuple[list[str], list[str], list[Input]]:
    """The bots that think and those that dodge while `ai.inputs(state)` runs, and its inputs."""
    thought: list[str] = []
    dodged: list[str] = []
    think, dodge = ai.Sight.think, ai.Sight.dodge

    def counted_think(sight: ai.Sight, snake: Snake) -> Direction | None:
        thought.append(snake.player)
        return think(sight, snake)

    def counted_dodge(sight: ai.Sight, snake: Snake) -> Direction | None:
        dodged.append(snake.player)
        return dodge(sight, snake)

    with (
        mock.patch.object(ai.Sight, "think", counted_think),
        mock.patch.object(ai.Sight, "dodge", counted_dodge),
    ):
        sent = ai.inputs(state)
    return thought, dodged, sent


# `a` and `b` face a wall, so they must move; `c` has its way clear and is on a planning tick.
WALLED = """
    A a a . . . . . .
    . . . . . . . . .
    B b b . . . . . .
    . . . . . . . . .
    . . . c c C . . .
    """


def test_past_the_budget_a_bot_that_must_move_dodges_and_a_planner_goes_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(ai, "THINKS_PER_TICK", 1)
    state = parse(WALLED, bots="abc", settings={"bots": 3})
    thought, dodged, sent = thoughts(state)
    assert len(thought) == 1 and sorted(thought + dodged) == ["bot:1", "bot:2"]
    assert {player for player, _ in turns(sent).items()} == {"bot:1", "bot:2"}, "both get away"


def test_who_thinks_past_the_budget_moves_on_with_the_tick(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ai, "THINKS_PER_TICK", 1)
    state = parse(WALLED, bots="abc", settings={"bots": 3})
    first = thoughts(state)[0]
    state.tick += 1
    assert thoughts(state)[0] != first


def test_within_the_budget_those_that_must_move_think_first_then_the_planners(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(ai, "THINKS_PER_TICK", 3)
    monkeypatch.setattr(ai, "plan_interval", lambda snakes: 1)
    state = parse(WALLED, bots="abc", settings={"bots": 3})
    thought, dodged, _ = thoughts(state)
    assert sorted(thought[:2]) == ["bot:1", "bot:2"] and thought[2:] == ["bot:3"]
    assert not dodged


@dataclass(frozen=True)
class Dodge:
    before: str
    turn: str | None


DODGES = [
    pytest.param(Dodge("a a A . .", "right"), id="with the way clear it goes straight"),
    pytest.param(
        Dodge(
            """
            . . * . .
            a a A . .
            . . * . .
            """,
            "up",
        ),
        id="it takes food beside its head, the first way round on a tie",
    ),
    pytest.param(
        Dodge(
            """
            . . . . . . .
            a a A . B b b
            . . . . . . .
            """,
            "up",
        ),
        id="it keeps out of a cell another head could take",
    ),
    pytest.param(
        Dodge(
            """
            b B * . . .
            a a A . . .
            . . . . . .
            """,
            "right",
        ),
        id="it passes up food another head could take",
    ),
    pytest.param(
        Dodge(
            """
            A a a .
            b b b B
            """,
            None,
        ),
        id="with nowhere to go it has no move",
    ),
]


@pytest.mark.parametrize("case", DODGES)
def test_a_dodge(case: Dodge) -> None:
    """What a bot past the budget does: a move onto a free cell, without thinking."""
    state = bot_board(case.before)
    move = ai.Sight(state).dodge(state.snakes[1])
    assert (move and move.value) == case.turn


@st.composite
def crowded_games(draw: st.DrawFn) -> State:
    """A game some ticks into play by many bots on a small board, so many must move at once."""
    size = draw(st.integers(10, 16))
    settings = Settings(width=size, height=size, bots=draw(st.integers(4, Settings.BOT_LIMIT)))
    state = rules.new_game(settings, draw(st.integers(0, 2**32 - 1)))
    play(state, draw(st.integers(1, 60)))
    return state


@hypothesis_settings(max_examples=40, deadline=None)
@given(crowded_games(), st.integers(0, 6))
def test_no_more_bots_think_in_a_tick_than_the_budget(state: State, budget: int) -> None:
    with mock.patch.object(ai, "THINKS_PER_TICK", budget):
        thought, dodged, sent = thoughts(state)
        assert len(thought) <= budget
        assert not dodged or len(thought) == budget, "a bot dodges only once the budget is spent"
        assert len(set(thought + dodged)) == len(thought + dodged), "each bot moves once"
        assert ai.inputs(copy.deepcopy(state)) == sent, "the inputs follow from the state alone"


@hypothesis_settings(max_examples=40, deadline=None)
@given(crowded_games())
def test_going_straight_is_taken_early_only_when_the_full_ranking_would_take_it(
    state: State,
) -> None:
    """`Sight.straight_wins` is a shortcut: thinking without it chooses the same moves."""
    sight = ai.Sight(state)
    alive = state.alive()
    quick = [sight.think(snake) for snake in alive]
    with mock.patch.object(ai.Sight, "straight_wins", lambda *args: False):
        assert [sight.think(snake) for snake in alive] == quick
