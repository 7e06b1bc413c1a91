"""The flow field on small drawn maps: distances around walls, no cutting corners, the next
step, and recomputation only when the set of targets changes."""

from __future__ import annotations

import pytest

from kogame.games.zombies.flowfield import UNREACHABLE, Nav, distances, neighbours, next_step
from kogame.games.zombies.tilemap import from_rows

_ = UNREACHABLE


def field_of(rows: list[str], targets: list[tuple[int, int]]) -> list[list[int]]:
    grid = from_rows("t", rows)
    dist = distances(neighbours(grid), [r * grid.width + c for c, r in targets])
    return [dist[r * grid.width : (r + 1) * grid.width] for r in range(grid.height)]


@pytest.mark.parametrize(
    ("rows", "targets", "expected"),
    [
        pytest.param(
            ["...", "...", "..."],
            [(0, 0)],
            [[0, 1, 2], [1, 1, 2], [2, 2, 2]],
            id="diagonal steps count one",
        ),
        pytest.param(
            ["....", ".##.", "...."],
            [(0, 0)],
            [[0, 1, 2, 3], [1, _, _, 4], [2, 3, 4, 5]],
            id="around a wall, never across its corners",
        ),
        pytest.param(
            [".#", "#."],
            [(0, 0)],
            [[0, _], [_, _]],
            id="no squeezing between walls touching at a corner",
        ),
        pytest.param(
            ["....."],
            [(0, 0), (4, 0)],
            [[0, 1, 2, 1, 0]],
            id="the nearest of several targets",
        ),
        pytest.param(
            ["..#.."],
            [(0, 0)],
            [[0, 1, _, _, _]],
            id="cut off",
        ),
    ],
)
def test_distances(
    rows: list[str], targets: list[tuple[int, int]], expected: list[list[int]]
) -> None:
    assert field_of(rows, targets) == expected


def test_next_step_goes_downhill_straight_moves_first() -> None:
    grid = from_rows("t", ["....", ".##.", "...."])
    nav = Nav(grid)
    flow = nav.flow([0])
    assert next_step(flow, 3, 2) == (2, 2)  # west (4) before north (4): straight order
    assert next_step(flow, 3, 1) == (3, 0)  # north, up the east side
    assert next_step(flow, 1, 2) == (0, 2)  # not diagonally past the wall's corner
    assert next_step(flow, 1, 1) is None  # a wall
    assert next_step(flow, 0, 0) is None  # on the target


def test_unreachable_tiles_have_no_step() -> None:
    grid = from_rows("t", [".#.", "##.", "..."])
    nav = Nav(grid)
    flow = nav.flow([0])
    assert next_step(flow, 2, 2) is None


def test_the_field_is_recomputed_only_when_the_targets_change() -> None:
    nav = Nav(from_rows("t", ["....", "....", "...."]))
    first = nav.flow([0, 5])
    assert nav.flow([5, 0, 5]) is first
    assert nav.builds == 1
    second = nav.flow([0, 6])
    assert second is not first and nav.builds == 2
    assert nav.flow([6, 0]) is second and nav.builds == 2
