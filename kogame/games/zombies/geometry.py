"""Zombies' geometry in integer units: moves that never enter a wall, shots along the grid.

Everything here is integer arithmetic with floor division, so the browser's port (predict.js,
with `Math.floor`) gives bit-identical results. A position is an entity's centre in units
(16 per pixel, 512 per tile); an entity is a square box of half-size `half` covering the units
`x - half .. x + half - 1` (and the same on y).
"""

from __future__ import annotations

import math

from kogame.games.zombies.tilemap import SUB, TILE, TileMap

PLAYER_HALF = 10 * SUB
ZOMBIE_HALF = 10 * SUB

# Binary angles: a full turn is 4096; 0 is east, 1024 south (screen y grows downward).
TURN = 4096
TRIG_ONE = 16384  # COS/SIN are scaled by this
COS: tuple[int, ...] = tuple(
    round(math.cos(2 * math.pi * a / TURN) * TRIG_ONE) for a in range(TURN)
)
SIN: tuple[int, ...] = tuple(
    round(math.sin(2 * math.pi * a / TURN) * TRIG_ONE) for a in range(TURN)
)

# A move's direction: 0 stands, 1..8 go E, SE, S, SW, W, NW, N, NE (clockwise from east).
DIRS: tuple[tuple[int, int], ...] = (
    (0, 0), (1, 0), (1, 1), (0, 1), (-1, 1), (-1, 0), (-1, -1), (0, -1), (1, -1),
)  # fmt: skip
# A diagonal step moves this many 256ths of a straight step on each axis (1/sqrt(2)).
DIAGONAL = 181

Point = tuple[int, int]


def per_tick(px_per_s: int, tick_rate: int) -> int:
    """A speed in pixels per second as units per tick."""
    return px_per_s * SUB // tick_rate


def step_of(move: int, speed: int) -> Point:
    """The (dx, dy) in units of one tick's move in direction `move` at `speed` units per tick."""
    ux, uy = DIRS[move]
    if ux and uy:
        d = speed * DIAGONAL // 256
        return (ux * d, uy * d)
    return (ux * speed, uy * speed)


def _column_blocked(solid: bytes, width: int, height: int, col: int, top: int, bottom: int) -> bool:
    if col < 0 or col >= width or top < 0 or bottom >= height:
        return True
    return any(solid[row * width + col] for row in range(top, bottom + 1))


def _row_blocked(solid: bytes, width: int, height: int, row: int, left: int, right: int) -> bool:
    if row < 0 or row >= height or left < 0 or right >= width:
        return True
    base = row * width
    return 1 in solid[base + left : base + right + 1]


def move_box(grid: TileMap, x: int, y: int, half: int, dx: int, dy: int) -> Point:
    """Move a box by (dx, dy), x first and then y, stopping flush against the first solid tile.

    Each axis scans every column (row) the leading edge enters, so no move however long can
    skip over a wall; outside the map counts as solid.
    """
    solid, width, height = grid.solid, grid.width, grid.height
    if dx:
        top = (y - half) // TILE
        bottom = (y + half - 1) // TILE
        if dx > 0:
            e = x + half - 1
            for c in range(e // TILE + 1, (e + dx) // TILE + 1):
                if _column_blocked(solid, width, height, c, top, bottom):
                    x = c * TILE - half
                    break
            else:
                x += dx
        else:
            e = x - half
            for c in range(e // TILE - 1, (e + dx) // TILE - 1, -1):
                if _column_blocked(solid, width, height, c, top, bottom):
                    x = (c + 1) * TILE + half
                    break
            else:
                x += dx
    if dy:
        left = (x - half) // TILE
        right = (x + half - 1) // TILE
        if dy > 0:
            e = y + half - 1
            for r in range(e // TILE + 1, (e + dy) // TILE + 1):
                if _row_blocked(solid, width, height, r, left, right):
                    y = r * TILE - half
                    break
            else:
                y += dy
        else:
            e = y - half
            for r in range(e // TILE - 1, (e + dy) // TILE - 1, -1):
                if _row_blocked(solid, width, height, r, left, right):
                    y = (r + 1) * TILE + half
                    break
            else:
                y += dy
    return (x, y)


def box_clear(grid: TileMap, x: int, y: int, half: int) -> bool:
    """Whether the box lies on walkable tiles only (and inside the map)."""
    left, right = (x - half) // TILE, (x + half - 1) // TILE
    top, bottom = (y - half) // TILE, (y + half - 1) // TILE
    return all(
        not _row_blocked(grid.solid, grid.width, grid.height, row, left, right)
        for row in range(top, bottom + 1)
    )


def aim_end(x: int, y: int, aim: int, range_units: int) -> Point:
    """The point `range_units` away from (x, y) along the binary angle `aim`."""
    return (x + COS[aim] * range_units // TRIG_ONE, y + SIN[aim] * range_units // TRIG_ONE)


def ray(grid: TileMap, x: int, y: int, aim: int, range_units: int) -> Point:
    """Where a shot from (x, y) along `aim` ends: at its range, or where it enters a solid tile."""
    ex, ey = aim_end(x, y, aim, range_units)
    return segment_end(grid, x, y, ex, ey)


def segment_end(grid: TileMap, x1: int, y1: int, x2: int, y2: int) -> Point:
    """Walk the tiles the segment (x1, y1) -> (x2, y2) crosses (a grid DDA with exact integer
    comparisons); return the point where it enters the first solid tile, or (x2, y2).

    At an exact corner crossing the walk steps along x first, then y, so a shot cannot slip
    between two walls that touch only at a corner.
    """
    dx, dy = x2 - x1, y2 - y1
    col, row = x1 // TILE, y1 // TILE
    if grid.is_solid(col, row):
        return (x1, y1)
    sx = 1 if dx > 0 else -1
    sy = 1 if dy > 0 else -1
    adx, ady = abs(dx), abs(dy)
    # Along each axis, the distance from the start to the boundary the walk crosses next;
    # the crossing is at t = n / |d|, and none past t = 1 counts.
    while True:
        nx = (col + 1) * TILE - x1 if dx > 0 else x1 - col * TILE
        ny = (row + 1) * TILE - y1 if dy > 0 else y1 - row * TILE
        cross_x = adx > 0 and nx <= adx
        cross_y = ady > 0 and ny <= ady
        if cross_x and cross_y:
            take_x = nx * ady <= ny * adx
        elif cross_x or cross_y:
            take_x = cross_x
        else:
            return (x2, y2)
        if take_x:
            col += sx
            if grid.is_solid(col, row):
                return (x1 + sx * nx, y1 + dy * nx // adx)
        else:
            row += sy
            if grid.is_solid(col, row):
                return (x1 + dx * ny // ady, y1 + sy * ny)


def segment_box(
    x1: int, y1: int, x2: int, y2: int, bx: int, by: int, half: int
) -> tuple[int, int] | None:
    """Where the segment first touches the box of half-size `half` centred on (bx, by).

    Returns the segment parameter t in [0, 1] as an exact fraction (numerator, denominator > 0),
    or None when they do not meet. The box is the closed square [bx - half, bx + half].
    """
    num, den = 0, 1  # t enter
    xnum, xden = 1, 1  # t exit
    for p, d, lo, hi in ((x1, x2 - x1, bx - half, bx + half), (y1, y2 - y1, by - half, by + half)):
        if d == 0:
            if p < lo or p > hi:
                return None
            continue
        if d > 0:
            a, b, q = lo - p, hi - p, d
        else:
            a, b, q = p - hi, p - lo, -d
        # This axis is inside the slab for t in [a / q, b / q].
        if a * den > num * q:
            num, den = a, q
        if b * xden < xnum * q:
            xnum, xden = b, q
    if num * xden > xnum * den:
        return None
    return (num, den)


def ray_hits_box(
    x1: int, y1: int, x2: int, y2: int, bx: int, by: int, half: int
) -> tuple[int, int] | None:
    """The point where the segment first meets the box, or None (see `segment_box`)."""
    t = segment_box(x1, y1, x2, y2, bx, by, half)
    if t is None:
        return None
    num, den = t
    return (x1 + (x2 - x1) * num // den, y1 + (y2 - y1) * num // den)
