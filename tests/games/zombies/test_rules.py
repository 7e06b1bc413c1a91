"""Zombies' rules case by case: shots, lag compensation, bites, downs and revives, waves,
game over and the new game, joins and leaves, move credit, chasing and keeping apart."""

from __future__ import annotations

from collections import deque

import pytest

from kogame.games.zombies import rules
from kogame.games.zombies.events import (
    Bitten,
    Downed,
    GameOver,
    Joined,
    Left,
    LifeEnded,
    NewGame,
    Refused,
    Revived,
    Shot,
    WaveCleared,
    WaveStarted,
    ZombieKilled,
)
from kogame.games.zombies.geometry import PLAYER_HALF, ZOMBIE_HALF, box_clear
from kogame.games.zombies.persist import load_state, save_state
from kogame.games.zombies.state import Act, Join, Leave, Options
from kogame.games.zombies.tilemap import TILE, TileMap, from_rows
from tests.games.zombies.helpers import RATE, add_zombie, centre, fight, game, of_type, run

OPEN = [
    "..........",
    ".P.P......",
    "..........",
]
WALLED = [
    "..........",
    ".P..#.....",
    "..........",
]


def fire(player: str, seq: int, seen: int, aim: int = 0, move: int = 0) -> Act:
    return Act(player, seq, move, aim, True, seen)


# -- shots ---------------------------------------------------------------------------------


def test_two_shots_kill_a_zombie_in_line_of_sight() -> None:
    grid, state = game(OPEN, "alice")
    fight(state)
    zombie = add_zombie(state, *centre(5, 1))
    events = run(grid, state, [fire("alice", 1, state.tick)])
    x, y = centre(1, 1)
    assert of_type(events, Shot) == [
        Shot("alice", x, y, centre(5, 1)[0] - ZOMBIE_HALF, y, zombie.id)
    ]
    assert zombie.hp == 50
    run(grid, state, ticks=4)  # the gun's cooldown: tick_rate // 6 ticks
    events = run(grid, state, [fire("alice", 2, state.tick)])
    assert of_type(events, ZombieKilled) == [ZombieKilled("alice", zombie.id)]
    assert state.players["alice"].kills == 1
    assert state.zombies == []
    assert of_type(events, WaveCleared) == [WaveCleared(1)]


def test_a_wall_stops_the_shot_before_the_zombie_behind_it() -> None:
    grid, state = game(WALLED, "alice")
    fight(state)
    zombie = add_zombie(state, *centre(6, 1))
    events = run(grid, state, [fire("alice", 1, state.tick)])
    x, y = centre(1, 1)
    assert of_type(events, Shot) == [Shot("alice", x, y, 4 * TILE, y, None)]
    assert zombie.hp == 100


def test_a_shot_hits_the_nearest_zombie_it_crosses() -> None:
    grid, state = game(OPEN, "alice")
    fight(state)
    far = add_zombie(state, *centre(7, 1))
    near = add_zombie(state, *centre(4, 1))
    events = run(grid, state, [fire("alice", 1, state.tick)])
    assert [shot.hit for shot in of_type(events, Shot)] == [near.id]
    assert (near.hp, far.hp) == (50, 100)


def test_the_gun_fires_about_six_times_a_second() -> None:
    grid, state = game(OPEN, "alice")
    shots = []
    for seq in range(1, RATE + 1):
        shots += of_type(run(grid, state, [fire("alice", seq, state.tick, aim=2048)]), Shot)
    assert len(shots) == 6


# -- lag compensation ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("seen_back", "hit"),
    [
        pytest.param(5, True, id="where it was when the shooter saw it"),
        pytest.param(6, True, id="200 ms back"),
        pytest.param(100, True, id="further back is judged at 200 ms"),
        pytest.param(2, False, id="after it moved out of the line"),
        pytest.param(0, False, id="now"),
        pytest.param(-50, False, id="a tick from the future is judged now"),
    ],
)
def test_shots_are_judged_where_the_zombies_were_at_seen(seen_back: int, hit: bool) -> None:
    grid, state = game(OPEN, "alice")
    run(grid, state, ticks=10)
    fight(state)
    zombie = add_zombie(state, *centre(5, 2))  # now below the line of fire (y of row 1)
    now = state.tick
    in_line = (zombie.id, centre(5, 1)[0], centre(5, 1)[1])
    below = (zombie.id, zombie.x, zombie.y)
    assert state.rewind_ticks == 6
    state.history = deque(
        (tick, in_line if tick <= now - 4 else below) for tick in range(now - 6, now + 1)
    )
    events = run(grid, state, [fire("alice", 1, now - seen_back)])
    assert (of_type(events, Shot)[0].hit == zombie.id) is hit
    assert zombie.hp == (50 if hit else 100)


def test_history_keeps_200_ms_of_ticks() -> None:
    grid, state = game(OPEN, "alice")
    run(grid, state, ticks=40)
    assert [tick for tick, _ in state.history] == list(range(state.tick - 6, state.tick + 1))


# -- bites, downs and revives --------------------------------------------------------------


def test_a_zombie_bites_then_waits_a_second() -> None:
    grid, state = game(OPEN, "alice")
    fight(state, to_release=1)
    x, y = centre(1, 1)
    add_zombie(state, x + 300, y)
    bitten_at = [k for k in range(2 * RATE + 1) if of_type(run(grid, state), Bitten)]
    assert bitten_at == [0, RATE, 2 * RATE]
    alice = state.players["alice"]
    assert (alice.hp, alice.damage) == (70, 30)


def test_a_zombie_just_out_of_reach_does_not_bite() -> None:
    grid, state = game(OPEN, "alice")
    fight(state, to_release=1)
    x, y = centre(1, 1)
    zombie = add_zombie(state, x + ZOMBIE_HALF + PLAYER_HALF + 100, y)
    zombie.speed = 0
    assert of_type(run(grid, state, ticks=10), Bitten) == []


def test_at_no_health_a_player_is_down_and_cannot_move_or_shoot() -> None:
    grid, state = game(OPEN, "alice", "bob")
    fight(state, to_release=1)
    alice = state.players["alice"]
    alice.hp = 10
    add_zombie(state, alice.x, alice.y)
    events = run(grid, state)
    assert of_type(events, Downed) == [Downed("alice")]
    assert (alice.hp, alice.down) == (0, True)
    state.zombies.clear()
    x, y = alice.x, alice.y
    events = run(grid, state, [fire("alice", 1, state.tick, move=1)])
    assert (alice.x, alice.y) == (x, y) and of_type(events, Shot) == []
    assert alice.ack == 1


def test_a_teammate_beside_for_three_seconds_revives() -> None:
    grid, state = game(OPEN, "alice", "bob")
    state.timer = 10**6  # a long break: no wave stands her up
    alice, bob = state.players["alice"], state.players["bob"]
    alice.down, alice.hp = True, 0
    bob.x, bob.y = alice.x + 400, alice.y
    run(grid, state, ticks=3 * RATE // 2)
    assert rules.revive_percent(state, alice) == 50
    events = run(grid, state, ticks=3 * RATE // 2 - 1)
    assert alice.down and of_type(events, Revived) == []
    events = run(grid, state)
    assert of_type(events, Revived) == [Revived("alice", "bob")]
    assert (alice.down, alice.hp, alice.revive) == (False, 50, 0)


def test_a_revive_starts_over_when_the_teammate_steps_away() -> None:
    grid, state = game(OPEN, "alice", "bob")
    state.timer = 10**6  # a long break: no wave stands her up
    alice, bob = state.players["alice"], state.players["bob"]
    alice.down, alice.hp = True, 0
    bob.x, bob.y = alice.x + 400, alice.y
    run(grid, state, ticks=2 * RATE)
    bob.x = alice.x + 48 * 16 + 1
    run(grid, state)
    assert alice.revive == 0 and alice.down


def test_downed_players_stand_up_when_the_next_wave_starts() -> None:
    grid, state = game(OPEN, "alice", "bob")
    fight(state)
    alice, bob = state.players["alice"], state.players["bob"]
    alice.down, alice.hp = True, 0
    bob.x = alice.x + 3000
    events = run(grid, state)
    assert of_type(events, WaveCleared) == [WaveCleared(1)]
    assert (alice.waves, bob.waves) == (1, 1)
    events = run(grid, state, ticks=rules.BREAK_SECONDS * RATE)
    assert of_type(events, WaveStarted) == [WaveStarted(2)]
    assert of_type(events, Revived) == [Revived("alice", None)]
    assert (alice.down, alice.hp) == (False, 50)


# -- waves ---------------------------------------------------------------------------------


def test_waves_grow_in_count_and_speed() -> None:
    sizes = [rules.wave_size(n, 2) for n in range(1, 8)]
    speeds = [rules.zombie_speed(n) for n in range(1, 20)]
    assert sizes == [11, 14, 17, 20, 23, 26, 29]
    assert speeds[:3] == [50, 56, 62] and speeds[-1] == 120
    assert speeds == sorted(speeds)


SPAWNS = [
    "........................................",
    ".P.Z..........................Z.........",
    "........................................",
]


def test_a_wave_comes_out_a_few_at_a_time_out_of_sight() -> None:
    grid, state = game(SPAWNS, "alice")
    events = run(grid, state, ticks=rules.START_SECONDS * RATE - 1)  # joined on the first
    assert of_type(events, WaveStarted) == [WaveStarted(1)]
    assert state.to_release == rules.wave_size(1, 1) == 9
    run(grid, state)
    assert len(state.zombies) == 3 and state.to_release == 6
    assert all(z.x // TILE >= 29 for z in state.zombies)  # not the spawn in alice's view
    assert {(z.hp, z.speed) for z in state.zombies} == {(100, 50)}
    run(grid, state, ticks=RATE // 2)
    assert len(state.zombies) == 6
    state.zombies.clear()
    state.to_release = 0
    events = run(grid, state, ticks=1 + rules.BREAK_SECONDS * RATE + 1)
    assert of_type(events, WaveStarted) == [WaveStarted(2)]
    assert {(z.hp, z.speed) for z in state.zombies} == {(100, 56)}


def test_zombies_get_tougher_after_wave_three() -> None:
    grid, state = game(SPAWNS, "alice")
    fight(state, wave=5, to_release=3)
    state.release_timer = 0
    run(grid, state)
    assert {z.hp for z in state.zombies} == {120}


def test_with_every_spawn_in_sight_zombies_still_come() -> None:
    grid, state = game(["......", ".PZ...", "......"], "alice")
    fight(state, to_release=2)
    state.release_timer = 0
    run(grid, state)
    assert len(state.zombies) == 2


# -- game over and the new game ------------------------------------------------------------


def test_all_down_ends_the_game_and_every_life_then_a_new_game_begins() -> None:
    grid, state = game(OPEN, "alice", "bob")
    run(grid, state, [Join("bot:1", "Bot Rex")])
    fight(state, to_release=5)
    alice, bob, bot = state.players["alice"], state.players["bob"], state.players["bot:1"]
    alice.down, alice.hp, alice.kills, alice.waves = True, 0, 3, 2
    bot.down, bot.hp = True, 0
    bob.hp, bob.damage = 10, 90
    add_zombie(state, bob.x, bob.y)
    events = run(grid, state)
    tick = state.tick
    assert of_type(events, GameOver) == [GameOver(tick)]
    assert of_type(events, LifeEnded) == [
        LifeEnded("alice", "Alice", 3, 2, 0, tick - 1, "overrun"),
        LifeEnded("bob", "Bob", 0, 0, 100, tick - 1, "overrun"),
    ]
    assert of_type(events, LifeEnded)[0].life().score == 23
    assert state.phase == "over" and state.timer == rules.OVER_SECONDS * RATE
    events = run(grid, state, ticks=rules.OVER_SECONDS * RATE - 1)
    assert of_type(events, NewGame) == [] and of_type(events, Bitten) == []
    events = run(grid, state)
    assert of_type(events, NewGame) == [NewGame(state.tick)]
    assert (state.wave, state.phase, state.zombies, state.to_release) == (0, "break", [], 0)
    for player in state.players.values():
        assert (player.hp, player.down, player.kills, player.waves, player.damage) == (
            100, False, 0, 0, 0,
        )  # fmt: skip
        assert player.since == state.tick
    events = run(grid, state, ticks=rules.START_SECONDS * RATE)
    assert of_type(events, WaveStarted) == [WaveStarted(1)]


def test_leaving_after_the_game_is_over_ends_no_second_life() -> None:
    grid, state = game(OPEN, "alice", "bob")
    state.phase, state.timer = "over", 100
    events = run(grid, state, [Leave("alice")])
    assert of_type(events, LifeEnded) == [] and of_type(events, Left) == [Left("alice")]


# -- joins and leaves ----------------------------------------------------------------------


def test_joins_and_leaves() -> None:
    grid, state = game(OPEN, max_players=2)
    events = run(grid, state, [Join("alice", "Alice"), Join("bot:1", "Bot Rex")])
    assert of_type(events, Joined) == [Joined("alice", "Alice"), Joined("bot:1", "Bot Rex")]
    assert (state.players["alice"].x, state.players["alice"].y) == centre(1, 1)
    events = run(grid, state, [Join("alice", "Again"), Join("bob", "Bob"), Join("cy", "Cy")])
    assert of_type(events, Joined) == [Joined("bob", "Bob")]
    assert of_type(events, Refused) == [Refused("cy", 2)]
    state.players["alice"].kills = 4
    events = run(grid, state, [Leave("alice"), Leave("bot:1"), Leave("nobody")])
    assert of_type(events, LifeEnded) == [
        LifeEnded("alice", "Alice", 4, 0, 0, state.tick - 2, "left")
    ]
    assert of_type(events, Left) == [Left("alice"), Left("bot:1")]


def test_an_empty_room_starts_over() -> None:
    grid, state = game(OPEN, "alice")
    fight(state, wave=3)
    add_zombie(state, *centre(8, 1))
    events = run(grid, state, [Leave("alice")])
    assert of_type(events, NewGame) == [NewGame(state.tick)]
    assert (state.wave, state.phase, state.zombies) == (0, "break", [])
    timer = state.timer
    run(grid, state, ticks=10)
    assert state.timer == timer  # the first wave waits for someone to play


# -- move credit ---------------------------------------------------------------------------


WIDE = ["." * 20, ".P" + "." * 18, "." * 20]


def act(seq: int, move: int = 1) -> Act:
    return Act("alice", seq, move, 0, False, 0)


def test_a_burst_beyond_the_credit_is_dropped_but_acked() -> None:
    grid, state = game(WIDE, "alice")
    alice = state.players["alice"]
    run(grid, state, ticks=20)
    cap = state.rewind_ticks + 2
    assert alice.credit == cap
    x = alice.x
    run(grid, state, [act(seq) for seq in range(1, 21)])
    assert alice.x == x + cap * 80 and alice.ack == 20 and alice.credit == 0
    run(grid, state, [act(20), act(21)])  # 20 again: old news
    assert alice.x == x + (cap + 1) * 80 and alice.ack == 21
    run(grid, state, [act(22), act(23)])
    assert alice.x == x + (cap + 2) * 80 and alice.ack == 23


def test_a_diagonal_move_is_shorter_on_each_axis() -> None:
    grid, state = game(WIDE, "alice")
    alice = state.players["alice"]
    x, y = alice.x, alice.y
    run(grid, state, [act(1, move=2)])
    assert (alice.x, alice.y) == (x + 56, y + 56)


# -- zombies moving ------------------------------------------------------------------------


def test_a_zombie_finds_its_way_around_a_wall_and_never_enters_it() -> None:
    grid, state = game(
        [
            "..........",
            ".P..#.....",
            "....#.....",
            "....#.....",
        ],
        "alice",
    )
    fight(state, to_release=1)
    zombie = add_zombie(state, *centre(7, 2))
    for tick in range(12 * RATE):  # noqa: B007 (read after the loop)
        events = run(grid, state)
        assert box_clear(grid, zombie.x, zombie.y, ZOMBIE_HALF)
        if of_type(events, Bitten):
            break
    else:
        pytest.fail("the zombie never reached alice")
    assert tick < 10 * RATE


def test_zombies_in_a_heap_spread_apart() -> None:
    grid, state = game(["." * 12] * 12)
    fight(state, to_release=1)
    for _ in range(10):
        add_zombie(state, *centre(6, 6))
    run(grid, state, ticks=3 * RATE)
    # Separation is a soft push: neighbours pushing from both sides may leave a sliver.
    size = 2 * ZOMBIE_HALF - 2 * 16
    for i, a in enumerate(state.zombies):
        assert box_clear(grid, a.x, a.y, ZOMBIE_HALF)
        for b in state.zombies[i + 1 :]:
            assert abs(a.x - b.x) >= size or abs(a.y - b.y) >= size, (a, b)


def test_the_flow_field_is_rebuilt_only_when_a_standing_player_changes_tile() -> None:
    grid, state = game(WIDE, "alice")
    fight(state, to_release=1)
    add_zombie(state, *centre(15, 1))
    nav = state.nav
    assert nav is not None
    run(grid, state, ticks=30)
    builds = nav.builds
    run(grid, state, [act(1, move=3)])  # a small step south, in the same tile
    assert nav.builds == builds
    run(grid, state, [act(seq) for seq in range(2, 9)])  # east into the next tile
    run(grid, state, ticks=5)
    assert nav.builds == builds + 1


def test_a_loaded_state_builds_its_navigation_again() -> None:
    grid, state = game(WIDE, "alice")
    copy = load_state(save_state(state), grid)
    assert copy.nav is None
    run(grid, copy)
    assert copy.nav is not None and copy.nav.grid is grid


def test_a_spawn_drawn_against_a_wall_puts_players_in_its_tile_centre() -> None:
    drawn = from_rows("test", ["....", "#...", "...."])
    grid = TileMap(
        "test", drawn.width, drawn.height, drawn.floor, drawn.walls,
        ((TILE + 100, TILE + 300),), (), "", 1,
    )  # fmt: skip
    state = rules.new_state(grid, Options(bots=0), RATE, 1)
    rules.step(grid, state, [Join("alice", "Alice")])
    alice = state.players["alice"]
    assert (alice.x, alice.y) == centre(1, 1)
