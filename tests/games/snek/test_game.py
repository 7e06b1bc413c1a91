"""Snek behind the engine's `Game` interface: room options, messages to players, the feed."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pytest

from kogame.games.snek import ai
from kogame.games.snek.events import Cause, Died, Event, Refusal, Refused, Removed, Spawned
from kogame.games.snek.game import SnekGame
from kogame.games.snek.state import Join, Leave, Respawn, State
from tests.games.snek.boards import parse

GAME = SnekGame()


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        pytest.param({}, (48, 12, 0), id="defaults"),
        pytest.param({"size": 20, "max_players": 4, "bots": 3}, (20, 4, 3), id="all given"),
        pytest.param({"max_players": None, "bots": None}, (48, 12, 0), id="None is the default"),
    ],
)
def test_new_state_takes_the_room_options(
    options: Mapping[str, Any], expected: tuple[int, int, int]
) -> None:
    settings = GAME.new_state(options, tick_rate=10, seed=1).settings
    assert (settings.width, settings.max_players, settings.bots) == expected
    assert settings.height == settings.width and settings.respawn_delay_ticks == 15


@pytest.mark.parametrize(
    ("tick_rate", "hold", "run"),
    [(5, 15, 8), (10, 30, 15), (30, 90, 45), (1, 3, 2)],
)
def test_new_state_holds_new_snakes_3_s_and_wants_1_5_s_of_clear_run_at_its_tick_rate(
    tick_rate: int, hold: int, run: int
) -> None:
    settings = GAME.new_state({}, tick_rate=tick_rate, seed=1).settings
    assert (settings.hold_ticks, settings.spawn_clear_ahead) == (hold, run)


@pytest.mark.parametrize(
    "options",
    [{"max_players": 0}, {"max_players": 1001}, {"bots": 17}, {"bots": -1}, {"size": 9}],
)
def test_new_state_refuses_options_out_of_range(options: Mapping[str, Any]) -> None:
    with pytest.raises(ValueError):
        GAME.new_state(options, tick_rate=10, seed=1)


def test_a_full_room_is_told_plainly_how_many_play_and_what_to_do() -> None:
    notices = list(GAME.notices([Refused("zed", Refusal.ROOM_FULL, max_players=8)]))
    assert notices == [
        (
            "zed",
            {
                "type": "error",
                "code": "room_full",
                "message": (
                    "This room is full (8 players). You can watch, and join when someone leaves."
                ),
            },
        )
    ]


@pytest.mark.parametrize("limit, places", [(1, "1 player"), (2, "2 players")])
def test_the_full_room_message_counts_its_places_in_plain_english(limit: int, places: str) -> None:
    ((_, notice),) = GAME.notices([Refused("zed", Refusal.ROOM_FULL, max_players=limit)])
    assert notice["message"].startswith(f"This room is full ({places}).")


def game_with_people_and_a_bot() -> State:
    return parse(
        """
        a a A . . *
        . . . . . .
        D d d . . .
        """,
        bots="d",
        settings={"bots": 2, "respawn_delay_ticks": 0},
    )


def test_players_has_place_and_bot_inputs_speak_for_the_rules_and_the_ai() -> None:
    state = game_with_people_and_a_bot()
    GAME.step(state, [Join("kay", "Kay")])
    assert GAME.players(state) == 2
    assert GAME.has_place(state, "a") and GAME.has_place(state, "kay")
    assert not GAME.has_place(state, "zed")
    assert GAME.bot_inputs(state) == ai.inputs(state)


def test_a_turn_waits_for_people_with_a_live_snake_never_for_bots_or_the_dead() -> None:
    state = game_with_people_and_a_bot()
    assert GAME.movers(state) == {"a"}
    for _ in range(10):
        if not GAME.is_playing(state, "a"):
            break
        GAME.step(state, [])
    assert GAME.has_place(state, "a") and not GAME.is_playing(state, "a")
    assert GAME.movers(state) == set()


def feed(state: State, events: Sequence[Event]) -> list[str]:
    return list(GAME.feed(state, events))


def test_the_feed_tells_of_a_person_s_first_snake_and_their_death() -> None:
    state = game_with_people_and_a_bot()
    state, events = GAME.step(state, [Join("kay", "Kay")])
    assert Spawned(3, "kay") in events
    assert feed(state, events) == ["Kay joined the game"]


def test_the_feed_says_nothing_of_bots_living_dying_or_leaving() -> None:
    state = game_with_people_and_a_bot()
    state, events = GAME.step(state, [])
    assert Died(2, "bot:2", Cause.WALL, 0) in events
    assert feed(state, events) == []
    state, events = GAME.step(state, [Respawn("bot:2")])
    assert any(isinstance(event, Spawned) for event in events)
    state, events = GAME.step(state, [Leave("bot:2")])
    assert any(isinstance(event, Removed) for event in events)
    assert feed(state, events) == []


@pytest.mark.parametrize(
    ("cause", "line"),
    [
        (Cause.WALL, "Ada hit a wall"),
        (Cause.SELF, "Ada ran into themselves"),
        (Cause.SNAKE, "Ada ran into another snake"),
        (Cause.HEAD, "Ada lost a head-on collision"),
    ],
)
def test_the_feed_words_each_death_plainly(cause: Cause, line: str) -> None:
    state = game_with_people_and_a_bot()
    state.snakes[1].name = "Ada"
    assert feed(state, [Died(1, "a", cause, 0)]) == [line]


def test_the_feed_tells_of_leaving_but_not_of_a_new_life() -> None:
    state = parse(
        """
        A a a . . *
        b b B . . .
        """,
        settings={"respawn_delay_ticks": 0},
    )
    state, events = GAME.step(state, [])
    assert feed(state, events) == ["A hit a wall"]
    state, events = GAME.step(state, [Respawn("a")])
    assert Removed(1, "a", "A", left=False) in events and Spawned(3, "a") in events
    assert feed(state, events) == []
    state, events = GAME.step(state, [Leave("b")])
    assert feed(state, events) == ["B left the game"]
