"""The board's occupancy index and free-cell set, kept up to date incrementally.

Placing food or a snake picks from the free cells in O(1), and collision checks read a
per-cell count, so no per-tick work scans the board: cost follows what changed, not the area.
Only building a new board touches every cell, once.
"""

from __future__ import annotations

import random

Cell = tuple[int, int]


class Board:
    def __init__(self, width: int, height: int) -> None:
        self.width = width
        self.height = height
        self.food: dict[Cell, None] = {}
        self._segments: dict[Cell, int] = {}
        self._free: list[Cell] = [(x, y) for y in range(height) for x in range(width)]
        self._free_index: dict[Cell, int] = {cell: i for i, cell in enumerate(self._free)}

    def in_bounds(self, cell: Cell) -> bool:
        return 0 <= cell[0] < self.width and 0 <= cell[1] < self.height

    def segments_at(self, cell: Cell) -> int:
        """How many snake segments cover `cell` (more than one only mid-tick, before deaths)."""
        return self._segments.get(cell, 0)

    def is_free(self, cell: Cell) -> bool:
        return cell in self._free_index

    @property
    def free_count(self) -> int:
        return len(self._free)

    def free_cells(self) -> list[Cell]:
        """The free cells in the board's own (deterministic) order; a copy."""
        return list(self._free)

    def random_free(self, rng: random.Random) -> Cell | None:
        if not self._free:
            return None
        return self._free[rng.randrange(len(self._free))]

    def alone_at(self, cell: Cell) -> bool:
        """Exactly one segment on this in-bounds cell (a head with nothing else under it)."""
        return (
            self._segments.get(cell) == 1
            and 0 <= cell[0] < self.width
            and 0 <= cell[1] < self.height
        )

    # occupy and vacate run for every snake on every tick, so they are written out flat.
    def occupy(self, cell: Cell) -> None:
        segments = self._segments
        count = segments.get(cell, 0)
        segments[cell] = count + 1
        if count == 0:
            self._take(cell)

    def vacate(self, cell: Cell) -> None:
        segments = self._segments
        count = segments[cell] - 1
        if count:
            segments[cell] = count
            return
        del segments[cell]
        if cell not in self.food and 0 <= cell[0] < self.width and 0 <= cell[1] < self.height:
            self._free_index[cell] = len(self._free)
            self._free.append(cell)

    def add_food(self, cell: Cell) -> None:
        self.food[cell] = None
        self._take(cell)

    def remove_food(self, cell: Cell) -> None:
        del self.food[cell]
        if cell not in self._segments:
            self._free_index[cell] = len(self._free)
            self._free.append(cell)

    def _take(self, cell: Cell) -> None:
        index = self._free_index.pop(cell, None)
        if index is None:
            return
        last = self._free.pop()
        if index < len(self._free):
            self._free[index] = last
            self._free_index[last] = index
