"""One flow field for all zombies: breadth-first distances over the map's walkable tiles.

The targets are the tiles standing players are on; every zombie steps to its tile's neighbour
with the lowest distance, so the cost of path-finding does not grow with the number of zombies
(Red Blob Games' flow fields). Moves are 8-neighbour, and a diagonal step is only allowed
when both tiles beside it are walkable (no cutting a wall's corner).

`Nav` holds a map's neighbour lists (built once per map) and the last field with the target
set it was made for: `Nav.flow(targets)` recomputes only when that set changes. A state keeps
its `Nav` beside the saved data (it is not saved; a loaded state builds it again), so the
rules stay a pure function of the saved state: the field is a function of the map and the
targets.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from kogame.games.zombies.tilemap import TileMap

UNREACHABLE = -1

# Neighbour offsets in the order ties are broken: straight (E, S, W, N), then diagonal.
_ORDER = ((1, 0), (0, 1), (-1, 0), (0, -1), (1, 1), (-1, 1), (-1, -1), (1, -1))


def neighbours(grid: TileMap) -> tuple[tuple[int, ...], ...]:
    """For each tile index, the walkable tiles one step away (in `_ORDER`); () for walls."""
    width, height = grid.width, grid.height
    table: list[tuple[int, ...]] = []
    for row in range(height):
        for col in range(width):
            if grid.is_solid(col, row):
                table.append(())
                continue
            near: list[int] = []
            for dc, dr in _ORDER:
                c, r = col + dc, row + dr
                if grid.is_solid(c, r):
                    continue
                if dc and dr and (grid.is_solid(col + dc, row) or grid.is_solid(col, row + dr)):
                    continue
                near.append(r * width + c)
            table.append(tuple(near))
    return tuple(table)


def distances(table: tuple[tuple[int, ...], ...], targets: Iterable[int]) -> list[int]:
    """Steps from each tile to the nearest target (UNREACHABLE where none can be reached)."""
    dist = [UNREACHABLE] * len(table)
    frontier: list[int] = []
    for index in targets:
        if dist[index] == UNREACHABLE:
            dist[index] = 0
            frontier.append(index)
    step = 0
    while frontier:
        step += 1
        following: list[int] = []
        for index in frontier:
            for other in table[index]:
                if dist[other] == UNREACHABLE:
                    dist[other] = step
                    following.append(other)
        frontier = following
    return dist


@dataclass(slots=True)
class Field:
    """Distances (flat, row-major, `width` tiles a row) to the nearest of `targets` (sorted
    tile indices), with the neighbour lists they were walked over."""

    targets: tuple[int, ...]
    dist: list[int]
    width: int
    table: tuple[tuple[int, ...], ...] = field(repr=False)


@dataclass(slots=True)
class Nav:
    """A map's neighbour lists and its latest field; `builds` counts recomputations."""

    grid: TileMap
    table: tuple[tuple[int, ...], ...] = field(init=False, repr=False)
    current: Field | None = field(default=None, repr=False)
    builds: int = 0

    def __post_init__(self) -> None:
        self.table = neighbours(self.grid)

    def flow(self, targets: Iterable[int]) -> Field:
        """The field for this set of target tiles, recomputed only if the set changed."""
        key = tuple(sorted(set(targets)))
        current = self.current
        if current is None or current.targets != key:
            dist = distances(self.table, key)
            current = self.current = Field(key, dist, self.grid.width, self.table)
            self.builds += 1
        return current


def next_step(flow: Field, col: int, row: int) -> tuple[int, int] | None:
    """The neighbour tile (col, row) to step to from (col, row): the one with the lowest
    distance, the first in `_ORDER` (straight before diagonal) on ties. None when the tile is
    a target, cannot reach one, or is a wall."""
    index = step_index(flow.table, flow.dist, flow.width, col, row)
    return None if index is None else (index % flow.width, index // flow.width)


def step_index(
    table: tuple[tuple[int, ...], ...], dist: list[int], width: int, col: int, row: int
) -> int | None:
    """`next_step` as a tile index, for hot loops (no tuple made)."""
    here = dist[row * width + col]
    if here <= 0:
        return None
    best, best_dist = None, here
    for other in table[row * width + col]:
        d = dist[other]
        if 0 <= d < best_dist:
            best, best_dist = other, d
    return best
