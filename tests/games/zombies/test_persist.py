"""Saving and loading: exact over long random games (saved at random points, both copies go
on alike), the same seed and inputs give the same game, and bad data is refused."""

from __future__ import annotations

import functools
import random

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kogame.games.zombies import rules
from kogame.games.zombies.persist import load_state, save_state
from kogame.games.zombies.state import Options, State
from kogame.games.zombies.tilemap import TileMap, from_rows
from tests.games.zombies.players import Crowd

ARENA = from_rows(
    "arena",
    [
        "########################",
        "#Z.........#.........Z.#",
        "#..........#...........#",
        "#...###..........###...#",
        "#.......P......P.......#",
        "#..#..........#.....#..#",
        "#..#....##....#.....#..#",
        "#Z...........#.......Z.#",
        "########################",
    ],
)


def new_game(seed: int, bots: int = 2) -> State:
    return rules.new_state(ARENA, Options(bots=bots, max_players=4), 30, seed)


def test_a_new_game_round_trips() -> None:
    state = new_game(5)
    assert save_state(load_state(save_state(state), ARENA)) == save_state(state)


def test_a_game_in_a_fight_round_trips() -> None:
    assert save_state(load_state(_saved_bytes(), ARENA)) == _saved_bytes()


@settings(max_examples=12, deadline=None)
@given(st.integers(0, 2**32), st.integers(0, 2**32))
def test_save_and_load_is_exact_over_long_random_games(seed: int, players_seed: int) -> None:
    state = new_game(seed)
    crowd = Crowd(players_seed)
    pick = random.Random(seed ^ players_seed)
    saves = sorted(pick.sample(range(50, 900), 3))
    for tick in range(900):
        inputs = crowd.inputs(ARENA, state)
        if saves and tick == saves[0]:
            saves.pop(0)
            copy = load_state(save_state(state), ARENA)
            assert save_state(copy) == save_state(state)
            for _ in range(40):  # both go on alike (the copy rebuilt its flow field)
                _, events = rules.step(ARENA, state, inputs)
                _, copied_events = rules.step(ARENA, copy, inputs)
                assert copied_events == events
                assert save_state(copy) == save_state(state)
                inputs = crowd.inputs(ARENA, state)
        rules.step(ARENA, state, inputs)


def test_the_same_seed_and_inputs_give_the_same_game() -> None:
    one, two = new_game(9), new_game(9)
    crowd = Crowd(3)
    for _ in range(1500):
        inputs = crowd.inputs(ARENA, one)
        assert rules.step(ARENA, one, inputs)[1] == rules.step(ARENA, two, inputs)[1]
    assert save_state(one) == save_state(two)
    assert one.wave > 1 and one.tick == 1500


def test_another_seed_gives_another_game() -> None:
    one, two = new_game(1), new_game(2)
    crowd = Crowd(3)
    for _ in range(600):
        inputs = crowd.inputs(ARENA, one)
        rules.step(ARENA, one, inputs)
        rules.step(ARENA, two, inputs)
    assert save_state(one) != save_state(two)


@functools.cache
def _saved_bytes(seed: int = 4) -> bytes:
    """A game in a fight, with people, bots and zombies about."""
    state = new_game(seed)
    crowd = Crowd(seed)
    while not (state.zombies and state.players and state.tick > 300):
        rules.step(ARENA, state, crowd.inputs(ARENA, state))
    return save_state(state)


def _saved() -> dict[str, object]:
    document: dict[str, object] = orjson.loads(_saved_bytes())
    return document


def _broken(change: str) -> bytes:
    document = _saved()
    players = document["players"]
    zombies = document["zombies"]
    assert isinstance(players, list) and isinstance(zombies, list)
    match change:
        case "version":
            document["version"] = 2
        case "missing":
            del document["wave"]
        case "extra":
            document["colour"] = "red"
        case "bool for int":
            document["tick"] = True
        case "phase":
            document["phase"] = "lunch"
        case "options":
            document["options"] = [9, 4]
        case "player fields":
            players[0] = players[0][:-1]
        case "player twice":
            players.append(players[0])
        case "player off the map":
            players[0][2] = -5
        case "zombie fields":
            zombies.append(1)
        case "zombie id":
            zombies[0] = 10**6
        case "rng":
            document["rng"] = [3, [1, 2], None]
        case "history gap":
            history = document["history"]
            assert isinstance(history, list)
            history[0][0] -= 5
        case "history empty":
            document["history"] = []
    return orjson.dumps(document)


@pytest.mark.parametrize(
    "change",
    [
        "version", "missing", "extra", "bool for int", "phase", "options", "player fields",
        "player twice", "player off the map", "zombie fields", "zombie id", "rng",
        "history gap", "history empty",
    ],
)  # fmt: skip
def test_data_that_cannot_be_restored_is_refused(change: str) -> None:
    with pytest.raises(ValueError):
        load_state(_broken(change), ARENA)


def test_not_json_or_another_map_is_refused() -> None:
    with pytest.raises(ValueError, match="not JSON"):
        load_state(b"\x80nope", ARENA)
    other = TileMap("other", ARENA.width, ARENA.height, ARENA.floor, ARENA.walls, (), (), "", 1)
    with pytest.raises(ValueError, match="map"):
        load_state(save_state(new_game(1)), other)
