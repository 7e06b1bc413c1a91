"""Watchers follow a player of their choice (or watch the whole map); the choice lapses when
the player leaves or the watcher takes a place, and is kept with the state."""

from __future__ import annotations

from kogame.games.zombies.persist import load_state, save_state
from kogame.games.zombies.state import Follow, Join, Leave
from tests.games.zombies.helpers import game, run

ROWS = [".P" + "." * 40, "." * 42]


def test_a_watcher_follows_a_player_until_the_player_leaves() -> None:
    grid, state = game(ROWS, "alice")
    run(grid, state, [Follow("wes", "alice")])
    assert state.following == {"wes": "alice"}
    run(grid, state, [Follow("wes", None)])
    assert state.following == {}
    run(grid, state, [Follow("wes", "alice"), Follow("wes", "nobody")])
    assert state.following == {}, "following someone not in the game is the whole map"
    run(grid, state, [Follow("wes", "alice")])
    run(grid, state, [Leave("alice")])
    assert state.following == {}


def test_people_playing_have_their_own_view() -> None:
    grid, state = game(ROWS, "alice")
    run(grid, state, [Join("bob", "Bob"), Follow("bob", "alice")])
    assert state.following == {}
    run(grid, state, [Join("wes", "Wes"), Follow("zed", "alice")])
    run(grid, state, [Follow("wes", "alice")])
    assert state.following == {"zed": "alice"}


def test_the_choice_is_saved_with_the_state() -> None:
    grid, state = game(ROWS, "alice")
    run(grid, state, [Follow("wes", "alice")])
    assert load_state(save_state(state), grid).following == {"wes": "alice"}
