"""Bots: coming and going to top the room up, reviving, keeping their distance, shooting only
along a clear line, and doing the same thing for the same state."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from kogame.games.zombies import ai, rules
from kogame.games.zombies.state import Act, Join, Leave
from kogame.games.zombies.tilemap import TILE
from tests.games.zombies.helpers import add_zombie, centre, fight, game, run

OPEN = [
    "................",
    ".P..............",
    "................",
    "................",
]


def acts(inputs: Sequence[object]) -> dict[str, Act]:
    return {item.player: item for item in inputs if isinstance(item, Act)}


@pytest.mark.parametrize(
    ("bots", "max_players", "people", "have", "expected"),
    [
        pytest.param(2, 8, 1, 0, [Join("bot:1", "Bot Rex"), Join("bot:2", "Bot Ivy")], id="top up"),
        pytest.param(2, 3, 2, 0, [Join("bot:1", "Bot Rex")], id="only as far as the room's size"),
        pytest.param(2, 3, 3, 1, [Leave("bot:1")], id="people fill the room"),
        pytest.param(3, 8, 1, 3, [], id="enough"),
        pytest.param(1, 8, 1, 2, [Leave("bot:2")], id="the highest number leaves first"),
        pytest.param(2, 8, 0, 2, [Leave("bot:2"), Leave("bot:1")], id="no people, no bots"),
    ],
)
def test_bots_come_and_go(
    bots: int, max_players: int, people: int, have: int, expected: list[object]
) -> None:
    names = [f"person{n}" for n in range(people)]
    grid, state = game(OPEN, *names, bots=bots, max_players=max_players)
    run(grid, state, [Join(f"bot:{n}", f"Bot {n}") for n in range(1, have + 1)])
    sent = ai.bot_inputs(grid, state)
    assert [item for item in sent if not isinstance(item, Act)] == expected
    assert set(acts(sent)) == {f"bot:{n}" for n in range(1, have + 1)}


def test_bot_names() -> None:
    assert [ai.bot_name(n) for n in (1, 2, 8, 9)] == ["Bot Rex", "Bot Ivy", "Bot Nia", "Bot Rex 2"]


def test_a_bot_fires_at_a_zombie_in_sight_and_numbers_its_acts() -> None:
    grid, state = game(OPEN, "alice", bots=1)
    run(grid, state, ai.bot_inputs(grid, state))
    bot = state.players["bot:1"]
    fight(state, to_release=1)
    add_zombie(state, bot.x + 6 * TILE, bot.y + 2 * TILE)
    act = acts(ai.bot_inputs(grid, state))["bot:1"]
    assert act.fire and act.seq == bot.ack + 1 and act.seen == state.tick
    assert act.aim == ai.aim_at(bot.x, bot.y, bot.x + 6 * TILE, bot.y + 2 * TILE)
    assert act.aim == 210  # east, a little south (atan(2/6) of a 4096 turn)


def test_a_bot_holds_fire_at_a_zombie_behind_a_wall() -> None:
    grid, state = game(["......#.....", ".P....#.....", "......#....."], "alice", bots=1)
    run(grid, state, ai.bot_inputs(grid, state))
    fight(state, to_release=1)
    add_zombie(state, *centre(9, 1))
    assert not acts(ai.bot_inputs(grid, state))["bot:1"].fire


def test_a_bot_backs_away_from_a_zombie_too_close_and_closes_in_on_one_far_away() -> None:
    grid, state = game(OPEN, "alice", bots=1)
    run(grid, state, ai.bot_inputs(grid, state))
    bot = state.players["bot:1"]
    bot.x, bot.y = centre(3, 1)
    fight(state, to_release=1)
    zombie = add_zombie(state, *centre(5, 1))
    assert acts(ai.bot_inputs(grid, state))["bot:1"].move in (4, 5, 6)  # westward
    zombie.x = bot.x + 9 * TILE
    assert acts(ai.bot_inputs(grid, state))["bot:1"].move in (1, 2, 8)  # eastward
    zombie.x = bot.x + 6 * TILE
    assert acts(ai.bot_inputs(grid, state))["bot:1"].move == 0  # about right


def test_a_bot_walks_to_a_downed_teammate_and_revives_them() -> None:
    grid, state = game(OPEN, "alice", bots=1)
    state.timer = 10**6
    run(grid, state, ai.bot_inputs(grid, state))
    alice = state.players["alice"]
    alice.down, alice.hp = True, 0
    state.players["bot:1"].x = alice.x + 8 * TILE
    events = []
    for _ in range(8 * 30):
        events += run(grid, state, ai.bot_inputs(grid, state))
        if not alice.down:
            break
    assert not alice.down and alice.hp == rules.REVIVE_HEALTH


def test_bots_decide_alike_for_the_same_state() -> None:
    grid, state = game(OPEN, "alice", bots=3)
    run(grid, state, ai.bot_inputs(grid, state))
    fight(state, to_release=1)
    add_zombie(state, *centre(12, 2))
    add_zombie(state, *centre(3, 3))
    assert ai.bot_inputs(grid, state) == ai.bot_inputs(grid, state)


def test_a_bot_finds_its_way_around_a_wall_to_a_downed_teammate() -> None:
    grid, state = game(
        [
            "..........",
            ".P..#.....",
            "....#.....",
            "....#.....",
        ],
        "alice",
        bots=1,
    )
    state.timer = 10**6
    run(grid, state, ai.bot_inputs(grid, state))
    alice = state.players["alice"]
    alice.down, alice.hp = True, 0
    bot = state.players["bot:1"]
    bot.x, bot.y = centre(7, 3)
    for _ in range(15 * 30):
        run(grid, state, ai.bot_inputs(grid, state))
        if not alice.down:
            break
    assert not alice.down


def test_a_bot_does_not_walk_into_a_wall_toward_a_zombie_behind_it() -> None:
    grid, state = game(
        ["..#.............", ".P#.............", "..#............."], "alice", bots=1
    )
    run(grid, state, ai.bot_inputs(grid, state))
    fight(state, to_release=1)
    add_zombie(state, *centre(14, 1))
    assert acts(ai.bot_inputs(grid, state))["bot:1"].move == 0
