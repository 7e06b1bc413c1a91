"""Whose snake is which colour: a player keeps one colour from life to life, no two snakes in
a room share one while the palette has a free colour (bots included), and a player's choice
wins where it can."""

from __future__ import annotations

from collections.abc import Sequence

from kogame.games.snek import ai, rules
from kogame.games.snek.events import Removed
from kogame.games.snek.palette import PALETTE
from kogame.games.snek.state import Input, Join, Leave, Respawn, Settings, State
from tests.games.snek.test_replay import script


def game(bots: int = 0, size: int = 30, seed: int = 1, delay: int = 0) -> State:
    return rules.new_game(
        Settings(width=size, height=size, bots=bots, respawn_delay_ticks=delay), seed
    )


def colour(state: State, player: str) -> str:
    snake = state.snake_for(player)
    assert snake is not None, f"{player} has no snake"
    return snake.colour


def step(state: State, inputs: Sequence[Input] = ()) -> None:
    rules.step(state, list(inputs))


def kill(state: State, player: str) -> None:
    """Step until `player`'s snake, which nobody steers, has run into a wall."""
    snake = state.snake_for(player)
    assert snake is not None
    while snake.alive:
        step(state)


def test_a_snake_keeps_its_colour_from_life_to_life() -> None:
    state = game(size=12)
    step(state, [Join("ada", "Ada"), Join(ai.bot_player(1), ai.bot_name(1))])
    first = {player: colour(state, player) for player in ("ada", ai.bot_player(1))}
    for life in range(3):
        for player in first:
            kill(state, player)
        step(state, [Respawn("ada"), Respawn(ai.bot_player(1))])
        assert {player: colour(state, player) for player in first} == first, f"life {life + 2}"
    assert state.snake_of["ada"] > 2, "new lives, new snakes"


def test_twelve_snakes_have_twelve_colours_and_a_thirteenth_shares_the_least_used() -> None:
    state = game(size=40)
    players = [f"p{number}" for number in range(13)]
    step(state, [Join(player, player) for player in players[:6]])
    step(state, [Join(ai.bot_player(n), ai.bot_name(n)) for n in range(1, 7)])
    colours = [snake.colour for snake in state.snakes.values()]
    assert sorted(colours) == sorted(PALETTE)
    step(state, [Join(players[12], "Late")])
    assert len(set(snake.colour for snake in state.snakes.values())) == 12


def test_a_choice_is_snapped_to_the_palette() -> None:
    state = game()
    step(state, [Join("ada", "Ada", "#ffff10"), Join("bex", "Bex", "#00ccaa")])
    assert (colour(state, "ada"), colour(state, "bex")) == ("#eeee00", "#00ccaa")


def test_a_choice_someone_has_gives_the_nearest_free_colour() -> None:
    state = game()
    step(state, [Join("ada", "Ada", "#eeee00")])
    step(state, [Join("bex", "Bex", "#eeee00")])
    assert colour(state, "ada") == "#eeee00"
    assert colour(state, "bex") == "#bbaa00", "the yellow taken, the mustard is nearest"


def test_a_new_choice_counts_from_the_next_life_and_a_taken_one_keeps_the_old_colour() -> None:
    state = game(size=12)
    step(state, [Join("ada", "Ada", "#eeee00"), Join("bex", "Bex", "#7777ff")])
    kill(state, "ada")
    step(state, [Join("ada", "Ada", "#7777ff")])  # Bex has it: Ada stays yellow
    assert colour(state, "ada") == "#eeee00"
    kill(state, "ada")
    step(state, [Join("ada", "Ada", "#3399bb")])
    assert colour(state, "ada") == "#3399bb"
    kill(state, "ada")
    step(state, [Respawn("ada")])
    assert colour(state, "ada") == "#3399bb", "a respawn keeps the colour"


def test_without_a_choice_a_player_gets_the_same_colour_in_any_room_where_it_is_free() -> None:
    """The colour comes from the player's id: Eve's is another, Bex's happens to be Ada's
    (who then gets the next free one)."""
    alone, with_eve, with_bex = game(seed=1), game(seed=2), game(seed=3)
    step(with_eve, [Join("eve", "Eve")])
    step(with_bex, [Join("bex", "Bex")])
    for state in (alone, with_eve, with_bex):
        step(state, [Join("ada", "Ada")])
    assert colour(alone, "ada") == colour(with_eve, "ada") != colour(with_eve, "eve")
    assert colour(with_bex, "bex") == colour(alone, "ada") != colour(with_bex, "ada")


def test_in_a_long_game_colours_never_change_and_never_repeat() -> None:
    """People joining, leaving and respawning at random among bots: while a player holds a
    place their colour stays; no two listed snakes share one (never more than 12 here)."""
    state = game(bots=6, size=24, seed=7, delay=2)
    held: dict[str, str] = {}
    for inputs in script(script_seed=9, ticks=600):
        _, events = rules.step(state, inputs + ai.inputs(state))
        for event in events:
            if isinstance(event, Removed) and event.left:
                held.pop(event.player, None)
        colours = [snake.colour for snake in state.snakes.values()]
        assert len(colours) == len(set(colours)) and len(colours) <= len(PALETTE)
        for snake in state.snakes.values():
            assert held.setdefault(snake.player, snake.colour) == snake.colour, snake.player
    assert len(held) >= 4


def test_a_player_who_left_gives_the_colour_back() -> None:
    state = game()
    step(state, [Join("ada", "Ada", "#eeee00")])
    step(state, [Leave("ada"), Join("bex", "Bex", "#eeee00")])
    step(state)
    assert colour(state, "bex") == "#eeee00"
