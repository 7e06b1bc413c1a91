"""The end of each life, as results: how it ended, what it achieved, and who got the kill."""

from __future__ import annotations

from collections.abc import Sequence

from kogame.engine.results import Life
from kogame.games.snek import rules
from kogame.games.snek.events import Cause, Event
from kogame.games.snek.game import SnekGame
from kogame.games.snek.state import Leave
from tests.games.snek.boards import parse


def lives(events: Sequence[Event]) -> dict[str, Life]:
    return {event.player: event for event in events if isinstance(event, Life)}


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
    stats = over["a"].stats
    assert (over["a"].cause, over["a"].score, stats["length"], stats["kills"]) == (
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
    assert all(event.stats["kills"] == 0 for event in lives(events).values())


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
    assert lives(events)["a"] == Life("a", "A", 0, "left", 8, {"length": 3, "kills": 0})


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
        Life("a", "A", 0, "wall", 1, {"length": 3, "kills": 0})
    ]


def test_every_way_a_snake_dies_is_a_declared_cause_with_its_words() -> None:
    declared = SnekGame().results
    assert {cause.value for cause in Cause} == set(declared.causes)
    assert [stat.name for stat in declared.stats] == ["length", "kills"]
    assert declared.words("head") == "Lost a head-on"


def test_the_lives_snek_reports_fit_its_declaration() -> None:
    state = parse(
        """
        . . . b . .
        a a A b . .
        . . . B . .
        c C . . . .
        """
    )
    state, events = rules.step(state, [Leave("c")])
    ended = list(SnekGame().lives_ended(state, events))
    assert {life.cause for life in ended} == {"snake", "left"}
    assert all(SnekGame().results.problem(life) is None for life in ended)


def test_two_heads_meeting_on_a_third_snakes_body_credit_its_owner() -> None:
    state = parse(
        """
        . . . c . . .
        a a A c B b b
        . . . C . . .
        . . . . . . .
        """
    )
    state, events = rules.step(state, [])
    over = lives(events)
    assert set(over) == {"a", "b"}
    assert (over["a"].cause, over["b"].cause) == ("snake", "snake")
    assert (state.snakes[1].kills, state.snakes[2].kills, state.snakes[3].kills) == (0, 0, 2)
