"""Properties over random games on random maps: nobody is ever inside a wall, health and
figures stay in range. (How long a step takes is measured by `make bench`, never here.)"""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from kogame.games.zombies import rules
from kogame.games.zombies.geometry import PLAYER_HALF, ZOMBIE_HALF, box_clear
from kogame.games.zombies.state import Options
from kogame.games.zombies.tilemap import TileMap, from_rows
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
