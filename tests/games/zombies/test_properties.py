"""Properties over random games on random maps: nobody is ever inside a wall, health and
figures stay in range, and a step stays cheap with a full room and a big horde."""

from __future__ import annotations

import random
import time

from hypothesis import given, settings
from hypothesis import strategies as st

from kogame.games.zombies import rules
from kogame.games.zombies.geometry import PLAYER_HALF, ZOMBIE_HALF, box_clear
from kogame.games.zombies.state import Act, Join, Options, Zombie
from kogame.games.zombies.tilemap import TILE, TileMap, from_rows
from tests.games.zombies.players import Crowd


@st.composite
def arenas(draw: st.DrawFn) -> TileMap:
    """A walled map with random walls inside, a player spawn and a few zombie spawns."""
    width, height = draw(st.integers(8, 18)), draw(st.integers(6, 12))
    rng = random.Random(draw(st.integers(0, 2**32)))
    density = draw(st.sampled_from([0.0, 0.1, 0.2, 0.3]))
    cells = [
        [
            "#" if r in (0, height - 1) or c in (0, width - 1) or rng.random() < density else "."
            for c in range(width)
        ]
        for r in range(height)
    ]
    cells[height // 2][width // 2] = "P"
    for c, r in ((1, 1), (width - 2, 1), (1, height - 2), (width - 2, height - 2)):
        cells[r][c] = "Z"
    return from_rows("random", ["".join(row) for row in cells])


@settings(max_examples=25, deadline=None)
@given(arenas(), st.integers(0, 2**32))
def test_nobody_ever_stands_in_a_wall(grid: TileMap, seed: int) -> None:
    state = rules.new_state(grid, Options(bots=2, max_players=4), 30, seed)
    crowd = Crowd(seed)
    for _ in range(400):
        rules.step(grid, state, crowd.inputs(grid, state))
        for zombie in state.zombies:
            assert box_clear(grid, zombie.x, zombie.y, ZOMBIE_HALF), zombie
            assert zombie.hp > 0
        for player in state.players.values():
            assert box_clear(grid, player.x, player.y, PLAYER_HALF), player
            assert 0 <= player.hp <= 100
            assert player.down == (player.hp == 0) or state.phase == "over"
        assert len(state.zombies) <= rules.MAX_ALIVE
        assert len(state.history) <= state.rewind_ticks + 1


def _big_map() -> TileMap:
    rng = random.Random(1)
    rows = []
    for r in range(40):
        rows.append(
            "".join(
                "#" if r in (0, 39) or c in (0, 59) or rng.random() < 0.1 else "."
                for c in range(60)
            )
        )
    rows[20] = rows[20][:30] + "P" + rows[20][31:]
    return from_rows("big", rows)


def test_a_step_with_16_players_and_300_zombies_is_cheap() -> None:
    """The target is well under 5 ms on a quiet machine; the bound here leaves room for a
    busy test machine while still catching an accidental O(n^2)."""
    grid = _big_map()
    rng = random.Random(2)
    state = rules.new_state(grid, Options(bots=0, max_players=16), 30, 7)
    rules.step(grid, state, [Join(f"p{n}", f"P{n}") for n in range(16)])
    free = [
        (c * TILE + TILE // 2, r * TILE + TILE // 2)
        for r in range(40)
        for c in range(60)
        if not grid.is_solid(c, r)
    ]
    state.phase, state.wave, state.to_release = "fight", 5, 0
    for _ in range(300):
        x, y = free[rng.randrange(len(free))]
        state.zombies.append(Zombie(state.next_zombie, x, y, 10**6, 0, 80))
        state.next_zombie += 1
    for player in state.players.values():
        player.hp = 10**6
    times = []
    for seq in range(1, 151):
        acts = [
            Act(f"p{n}", seq, rng.randrange(9), rng.randrange(4096), rng.random() < 0.3, state.tick)
            for n in range(16)
        ]
        start = time.perf_counter()
        rules.step(grid, state, acts)
        times.append(time.perf_counter() - start)
    times.sort()
    assert len(state.zombies) == 300
    assert times[len(times) // 2] < 0.015, times[len(times) // 2]
