"""Each player's area covers what their screen shows, and players near each other share one."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from kogame.games.zombies.tilemap import TILE, from_rows
from kogame.games.zombies.views import MARGIN, VIEW, WHOLE_MAP, area_of, areas, window

OFFICE_SIZED = from_rows("office", ["." * 60] * 40)
SMALL = from_rows("small", ["." * 16] * 10)


@given(st.integers(0, 60 * TILE - 1), st.integers(0, 40 * TILE - 1))
def test_an_area_covers_the_view_around_its_player_and_a_margin(x: int, y: int) -> None:
    c0, r0, c1, r1 = window(OFFICE_SIZED, area_of(OFFICE_SIZED, x, y))
    column, row = x // TILE, y // TILE
    half_across, half_down = VIEW[0] // 2 + MARGIN, VIEW[1] // 2 + MARGIN
    assert c0 <= max(column - half_across, 0) and min(column + half_across, 60) <= c1
    assert r0 <= max(row - half_down, 0) and min(row + half_down, 40) <= r1


def test_players_near_each_other_share_an_area() -> None:
    here = (31 * TILE, 19 * TILE)
    assert area_of(OFFICE_SIZED, *here) == area_of(OFFICE_SIZED, here[0] + TILE, here[1] + TILE)


def test_a_map_has_a_few_areas_and_the_whole_map() -> None:
    every = areas(OFFICE_SIZED)
    assert len(every) == 15 * 11 + 1 and every[-1] == WHOLE_MAP
    for x in range(0, 60 * TILE, TILE):
        for y in range(0, 40 * TILE, TILE):
            assert area_of(OFFICE_SIZED, x, y) in every


def test_a_map_smaller_than_a_window_has_one_area() -> None:
    assert areas(SMALL) == ["0,0", WHOLE_MAP]
    assert window(SMALL, "0,0") == (0, 0, 16, 10) == window(SMALL, WHOLE_MAP)
