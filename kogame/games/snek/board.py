"""The board's occupancy index and free-cell list, kept up to date incrementally.

Collision checks read a per-cell segment count and placing food or a snake picks a random free
cell in O(1), so no per-tick work scans the board: cost follows what changed, not the area.
Only building a new board touches every cell, once.

The free list is lazy: a cell that gets covered stays listed until a random pick lands on it,
which then drops it and picks again. A moving snake therefore costs two segment-count updates
and one byte lookup, not a list update for each end; every drop pays for one earlier cover.

Food is also filed by square block, so food near a cell is found by looking at the blocks
around it, not at every piece, and by key (one int per cell, `x + y * stride`), so a hot loop
can ask whether a cell holds food without building the cell's tuple.
"""

from __future__ import annotations

import random
from collections.abc import Mapping

Cell = tuple[int, int]

FOOD_BLOCK_BITS = 4
FOOD_BLOCK = 1 << FOOD_BLOCK_BITS


def _ring(radius: int) -> list[Cell]:
    """Block offsets at Chebyshev distance `radius`, in a fixed order."""
    if radius == 0:
        return [(0, 0)]
    row = [(dx, dy) for dy in (-radius, radius) for dx in range(-radius, radius + 1)]
    return row + [(dx, dy) for dx in (-radius, radius) for dy in range(1 - radius, radius)]


# Enough rings to cover the largest board (256 cells a side) from any block of it.
_RINGS = [_ring(radius) for radius in range(256 // FOOD_BLOCK + 1)]


class Board:
    def __init__(self, width: int, height: int) -> None:
        self.width = width
        self.height = height
        self.food: dict[Cell, None] = {}
        # A cell's key is `x + y * stride`: with a stride one past the width, a cell at most
        # one step off the board never has the key of a cell on it.
        self.stride = width + 1
        self.food_keys: set[int] = set()
        self._food_blocks: dict[Cell, dict[Cell, None]] = {}
        self._segments: dict[Cell, int] = {}
        # Every free cell, and maybe some covered since (see the module docstring); `_listed`
        # holds a 1 for each cell in the list, by `x + y * width`.
        self._free: list[Cell] = [(x, y) for y in range(height) for x in range(width)]
        self._listed = bytearray(b"\x01") * (width * height)

    def in_bounds(self, cell: Cell) -> bool:
        return 0 <= cell[0] < self.width and 0 <= cell[1] < self.height

    def segments_at(self, cell: Cell) -> int:
        """How many snake segments cover `cell` (more than one only mid-tick, before deaths)."""
        return self._segments.get(cell, 0)

    @property
    def occupancy(self) -> Mapping[Cell, int]:
        """Segments per covered cell, for reading only: a hot loop's `cell in occupancy`."""
        return self._segments

    def is_free(self, cell: Cell) -> bool:
        return cell not in self._segments and cell not in self.food and self.in_bounds(cell)

    @property
    def free_count(self) -> int:
        """Cells with neither snake nor food; exact except mid-tick, while a head may be off the
        board (until the dead are removed) or on food (until it is eaten)."""
        return self.width * self.height - len(self._segments) - len(self.food)

    def free_cells(self) -> list[Cell]:
        """The free cells in the board's own (deterministic) order; a copy.

        Covered cells still listed are dropped on the way, so this costs the list's length.
        """
        listed = self._listed
        free: list[Cell] = []
        for cell in self._free:
            if self.is_free(cell):
                free.append(cell)
            else:
                listed[cell[0] + cell[1] * self.width] = 0
        self._free = free
        return list(free)

    def random_free(self, rng: random.Random) -> Cell | None:
        """A free cell at random, or None; a covered cell picked is dropped and the pick redone."""
        free = self._free
        segments, food = self._segments, self.food
        while free:
            index = rng.randrange(len(free))
            cell = free[index]
            if cell not in segments and cell not in food:
                return cell
            self._listed[cell[0] + cell[1] * self.width] = 0
            last = free.pop()
            if index < len(free):
                free[index] = last
        return None

    def free_order(self) -> list[int]:
        """The free list as `x + y * width` indexes, in its order and with any covered cells it
        still holds: what decides future random picks, so a saved board keeps it as it is
        (reading it changes nothing, unlike `free_cells`)."""
        width = self.width
        return [x + y * width for x, y in self._free]

    def restore_free_order(self, indexes: list[int]) -> None:
        """Set the free list to `indexes` (as `free_order` gave them), after the snakes and
        food are placed. A cell off the board or listed twice, or a free cell missing, would
        break the board's bookkeeping: ValueError."""
        width, area = self.width, self.width * self.height
        on_board = not indexes or (min(indexes) >= 0 and max(indexes) < area)
        if not on_board or len(set(indexes)) != len(indexes):
            raise ValueError("free list: a cell off the board or listed twice")
        listed = bytearray(area)
        for index in indexes:
            listed[index] = 1
        covered = sum(listed[x + y * width] for x, y in (*self._segments, *self.food))
        if len(indexes) - covered != self.free_count:
            raise ValueError("free list: a free cell is missing from it")
        self._free = [(index % width, index // width) for index in indexes]
        self._listed = listed

    # occupy, vacate and advance run for every snake on every tick, so they are written flat.
    def occupy(self, cell: Cell) -> None:
        segments = self._segments
        segments[cell] = segments.get(cell, 0) + 1

    def vacate(self, cell: Cell) -> None:
        segments = self._segments
        count = segments[cell] - 1
        if count:
            segments[cell] = count
            return
        del segments[cell]
        if cell not in self.food and 0 <= cell[0] < self.width and 0 <= cell[1] < self.height:
            self._list(cell)

    def advance(self, head: Cell, tail: Cell) -> None:
        """`occupy(head)` then `vacate(tail)`: one snake's step without growing.

        The tail was under a live snake, so it is on the board and holds no food.
        """
        segments = self._segments
        segments[head] = segments.get(head, 0) + 1
        count = segments[tail] - 1
        if count:
            segments[tail] = count
            return
        del segments[tail]
        index = tail[0] + tail[1] * self.width
        if not self._listed[index]:
            self._listed[index] = 1
            self._free.append(tail)

    def add_food(self, cell: Cell) -> None:
        self.food[cell] = None
        self.food_keys.add(cell[0] + cell[1] * self.stride)
        self._food_blocks.setdefault(_block(cell), {})[cell] = None

    def remove_food(self, cell: Cell) -> None:
        del self.food[cell]
        self.food_keys.remove(cell[0] + cell[1] * self.stride)
        block = _block(cell)
        foods = self._food_blocks[block]
        del foods[cell]
        if not foods:
            del self._food_blocks[block]
        if cell not in self._segments:
            self._list(cell)

    def food_near(self, cell: Cell, reach: int) -> Cell | None:
        """Food close to `cell`: the nearest piece (in steps, ties to the least cell) in the
        first ring of blocks around it that holds any, looking no more than about `reach` steps
        away; None when there is none.

        Only that ring is read, so a piece just across a block's edge can lose to a farther one
        inside: close, not always the closest, and found with a lookup or two.
        """
        blocks = self._food_blocks
        x, y = cell
        bx, by = x >> FOOD_BLOCK_BITS, y >> FOOD_BLOCK_BITS
        best: Cell | None = None
        best_distance = 0
        for ring in _RINGS[: reach // FOOD_BLOCK + 1]:
            for dx, dy in ring:
                foods = blocks.get((bx + dx, by + dy))
                if foods is None:
                    continue
                for food in foods:
                    distance = abs(food[0] - x) + abs(food[1] - y)
                    if (
                        best is None
                        or distance < best_distance
                        or (distance == best_distance and food < best)
                    ):
                        best, best_distance = food, distance
            if best is not None:
                return best
        return None

    def _list(self, cell: Cell) -> None:
        """Put a cell that just became free on the list, unless it never left it."""
        index = cell[0] + cell[1] * self.width
        if not self._listed[index]:
            self._listed[index] = 1
            self._free.append(cell)


def _block(cell: Cell) -> Cell:
    return (cell[0] >> FOOD_BLOCK_BITS, cell[1] >> FOOD_BLOCK_BITS)
