"""Geometry case by case (moves against walls, shots along the grid, segments against boxes),
and the properties that matter most: no move ends in a wall, no shot passes through one."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kogame.games.zombies.geometry import (
    COS,
    DIRS,
    PLAYER_HALF,
    SIN,
    box_clear,
    move_box,
    per_tick,
    ray,
    ray_hits_box,
    segment_box,
    segment_end,
    step_of,
)
from kogame.games.zombies.tilemap import TILE, TileMap, from_rows

H = PLAYER_HALF  # 160
C = TILE // 2  # a tile's centre offset: 256

ROOM = from_rows(
    "room",
    [
        "....",
        ".#..",
        "....",
    ],
)


def test_units_and_tables() -> None:
    assert per_tick(150, 30) == 80
    assert per_tick(50, 60) == 13
    assert DIRS[1] == (1, 0) and DIRS[3] == (0, 1) and DIRS[7] == (0, -1)
    assert (COS[0], SIN[0]) == (16384, 0)
    assert (COS[1024], SIN[1024]) == (0, 16384)  # south: y grows downward
    assert (COS[2048], SIN[3072]) == (-16384, -16384)
    assert step_of(2, 80) == (56, 56)  # 80 * 181 // 256 on each axis
    assert step_of(6, 80) == (-56, -56)
    assert step_of(0, 80) == (0, 0)


@pytest.mark.parametrize(
    ("start", "delta", "end"),
    [
        pytest.param((C, C), (1000, 0), (C + 1000, C), id="free run east"),
        pytest.param((C, C), (5000, 0), (4 * TILE - H, C), id="stops at the map's east edge"),
        pytest.param((C, C), (-500, 0), (H, C), id="stops at the map's west edge"),
        pytest.param((C, TILE + C), (600, 0), (TILE - H, TILE + C), id="stops flush at a wall"),
        pytest.param(
            (3 * TILE + C, TILE + C), (-2000, 0), (2 * TILE + H, TILE + C), id="west wall"
        ),
        pytest.param((TILE + C, C), (0, 600), (TILE + C, TILE - H), id="south onto a wall"),
        pytest.param((C, C), (600, 600), (C + 600, TILE - H), id="x first, then y is stopped"),
        pytest.param(
            (C, TILE), (600, 0), (TILE - H, TILE), id="a box over two rows is stopped by either"
        ),
        pytest.param((C, C), (0, 0), (C, C), id="no move"),
    ],
)
def test_move_box(start: tuple[int, int], delta: tuple[int, int], end: tuple[int, int]) -> None:
    assert move_box(ROOM, *start, H, *delta) == end


def _unit_steps(grid: TileMap, x: int, y: int, half: int, dx: int, dy: int) -> tuple[int, int]:
    """The slow reference: move one unit at a time while the box stays clear."""
    for axis, delta in ((0, dx), (1, dy)):
        sign = 1 if delta > 0 else -1
        for _ in range(abs(delta)):
            nx, ny = (x + sign, y) if axis == 0 else (x, y + sign)
            if not box_clear(grid, nx, ny, half):
                break
            x, y = nx, ny
    return (x, y)


@st.composite
def maps_and_boxes(draw: st.DrawFn) -> tuple[TileMap, int, int, int]:
    width = draw(st.integers(2, 7))
    height = draw(st.integers(2, 6))
    cells = draw(st.lists(st.booleans(), min_size=width * height, max_size=width * height))
    start = draw(st.integers(0, width * height - 1))
    cells[start] = False
    rows = [
        "".join("#" if cells[r * width + c] else "." for c in range(width)) for r in range(height)
    ]
    grid = from_rows("random", rows)
    half = draw(st.sampled_from([PLAYER_HALF, 100, TILE // 2]))
    col, row = start % width, start // width
    x = col * TILE + draw(st.integers(half, TILE - half))
    y = row * TILE + draw(st.integers(half, TILE - half))
    return grid, x, y, half


@settings(max_examples=150, deadline=None)
@given(maps_and_boxes(), st.integers(-3 * TILE, 3 * TILE), st.integers(-3 * TILE, 3 * TILE))
def test_move_box_never_ends_in_a_wall_and_matches_unit_steps(
    case: tuple[TileMap, int, int, int], dx: int, dy: int
) -> None:
    grid, x, y, half = case
    assert box_clear(grid, x, y, half)
    end = move_box(grid, x, y, half, dx, dy)
    assert box_clear(grid, *end, half)
    assert end == _unit_steps(grid, x, y, half, dx, dy)


LINE = from_rows(
    "line",
    [
        "......",
        "...#..",
        "......",
    ],
)


@pytest.mark.parametrize(
    ("start", "aim", "reach", "end"),
    [
        pytest.param((C, TILE + C), 0, 10240, (3 * TILE, TILE + C), id="east into a wall"),
        pytest.param((C, TILE + C), 2048, 10240, (0, TILE + C), id="west off the map"),
        pytest.param((C, TILE + C), 1024, 10240, (C, 3 * TILE), id="south off the map"),
        pytest.param((C, TILE + C), 0, 512, (C + 512, TILE + C), id="east, short of the wall"),
        pytest.param(
            (5 * TILE + C, TILE + C), 2048, 10240, (4 * TILE, TILE + C), id="west into a wall"
        ),
    ],
)
def test_ray(start: tuple[int, int], aim: int, reach: int, end: tuple[int, int]) -> None:
    assert ray(LINE, *start, aim, reach) == end


def test_a_ray_does_not_slip_between_walls_touching_at_a_corner() -> None:
    grid = from_rows("corner", [".#", "#."])
    assert segment_end(grid, C, C, TILE + C, TILE + C) == (TILE, TILE)


@settings(max_examples=150, deadline=None)
@given(maps_and_boxes(), st.integers(0, 4095), st.integers(0, 12 * TILE))
def test_a_ray_crosses_no_wall_and_stays_in_range(
    case: tuple[TileMap, int, int, int], aim: int, reach: int
) -> None:
    grid, x, y, _ = case
    ex, ey = ray(grid, x, y, aim, reach)
    assert (ex - x) ** 2 + (ey - y) ** 2 <= (reach + 2) ** 2
    steps = 64
    for k in range(steps):  # points strictly before the end lie on walkable tiles
        px, py = x + (ex - x) * k // steps, y + (ey - y) * k // steps
        assert not grid.is_solid(px // TILE, py // TILE)
    assert segment_end(grid, x, y, ex, ey) == (ex, ey)


@pytest.mark.parametrize(
    ("segment", "box", "hit"),
    [
        pytest.param((0, 0, 1000, 0), (500, 0, 100), (400, 0), id="straight through"),
        pytest.param((0, 0, 1000, 0), (500, 200, 100), None, id="passes beside"),
        pytest.param((0, 0, 1000, 0), (500, 100, 100), (400, 0), id="grazes an edge"),
        pytest.param((0, 0, 300, 0), (500, 0, 100), None, id="ends short"),
        pytest.param((500, 0, 1000, 0), (500, 0, 100), (500, 0), id="starts inside"),
        pytest.param((0, 0, 1000, 1000), (500, 0, 100), None, id="diagonal misses"),
        pytest.param((0, 0, 1000, 1000), (500, 500, 100), (400, 400), id="diagonal hits"),
        pytest.param((1000, 0, 0, 0), (500, 0, 100), (600, 0), id="from the other side"),
        pytest.param((0, 0, 0, 0), (0, 50, 100), (0, 0), id="a point inside"),
        pytest.param((0, -1000, 0, 1000), (300, 0, 100), None, id="vertical, beside"),
    ],
)
def test_ray_hits_box(
    segment: tuple[int, int, int, int], box: tuple[int, int, int], hit: tuple[int, int] | None
) -> None:
    assert ray_hits_box(*segment, *box) == hit


def test_segment_box_gives_an_exact_fraction() -> None:
    assert segment_box(0, 0, 3, 0, 2, 0, 1) == (1, 3)
