"""The end of each life, as results: how it ended, what it achieved, and who got the kill."""

from __future__ import annotations

from collections.abc import Sequence

from kogame.engine.game import LifeSummary
from kogame.games.snek import rules
from kogame.games.snek.events import Event, LifeOver
from kogame.games.snek.game import SnekGame
from kogame.games.snek.state import Leave
from tests.games.snek.boards import parse


def lives(events: Sequence[Event]) -> dict[str, LifeOver]:
    return {event.player: event for event in events if isinstance(event, LifeOver)}


def test_running_into_a_body_ends_the_life_and_credits_the_bodys_owner() -> None:
    state = parse(
        """
        . . . b . .
        a a A b . .
        . . . B . .
        """,
        scores={"a": 2},
    )
    state, events = rules.step(state, [])
    over = lives(events)
    assert set(over) == {"a"}
    assert (over["a"].cause, over["a"].score, over["a"].length, over["a"].kills) == (
        "snake",
        2,
        3,
        0,
    )
    assert state.snakes[2].kills == 1


def test_the_kill_goes_to_the_owner_of_a_long_body_hit_far_from_its_head() -> None:
    state = parse(
        """
        b b b b b b b B . .
        b . . . . . . . . .
        b . . . . . . . . .
        b b A a a . . . . .
        . b . . c C . . . .
        . b b b . . . . . .
        """
    )
    state, events = rules.step(state, [])
    assert lives(events)["a"].cause == "snake"
    assert (state.snakes[2].kills, state.snakes[3].kills) == (1, 0)


def test_the_longer_snake_of_a_head_on_gets_the_kill() -> None:
    state = parse(
        """
        a a a A . B b .
        """
    )
    state, events = rules.step(state, [])
    assert lives(events)["b"].cause == "head"
    assert state.snakes[1].kills == 1


def test_an_even_head_on_kills_both_and_credits_nobody() -> None:
    state = parse(
        """
        a a A . B b b
        """
    )
    state, events = rules.step(state, [])
    assert set(lives(events)) == {"a", "b"}
    assert all(event.kills == 0 for event in lives(events).values())


def test_a_life_lasts_from_its_spawn_to_its_end_in_ticks() -> None:
    state = parse(
        """
        . . . . . .
        . . . A a a
        """
    )
    state.tick = 40
    state.snakes[1].born = 33
    state, events = rules.step(state, [Leave("a")])
    assert lives(events)["a"] == LifeOver("a", "A", "left", 0, 3, 0, 8)


def test_leaving_after_death_ends_no_second_life() -> None:
    state = parse(
        """
        A a a . .
        """
    )
    state, events = rules.step(state, [])
    assert lives(events)["a"].cause == "wall"
    state, events = rules.step(state, [Leave("a")])
    assert lives(events) == {}


def test_results_are_kept_for_people_and_not_for_bots() -> None:
    state = parse(
        """
        A a a . .
        B b b . .
        """,
        bots="b",
    )
    state, events = rules.step(state, [])
    assert {event.player for event in lives(events).values()} == {"a", "bot:2"}
    assert list(SnekGame().lives_ended(state, events)) == [
        LifeSummary("a", "A", 0, 3, 0, "wall", 1)
    ]
