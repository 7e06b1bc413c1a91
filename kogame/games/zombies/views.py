"""What each connection is shown: the window of the map around its player.

A client draws 28x16 tiles around its player. The map is cut into regions of 2x2 tiles, and
a player's area is the window of 16x10 regions (32x20 tiles) that covers that view with a
margin of a tile, anchored on the region grid. Players standing near each other share an
area, so the platform encodes each area's frame once per tick however many see it; a map has
at most a few dozen areas. Watchers without a player see the whole map (`WHOLE_MAP`).
"""

from __future__ import annotations

from kogame.games.zombies.tilemap import TILE, TileMap

WHOLE_MAP = "all"
REGION = 2  # tiles per region side
VIEW = (28, 16)  # tiles a client shows around its player
MARGIN = 1  # tiles beyond the view, so what walks into it is already there
_REACH = (VIEW[0] // 2 + MARGIN, VIEW[1] // 2 + MARGIN)  # tiles from the player to the edge
# Regions across and down in one area: the reach on both sides of the player's tile, wherever
# the window's first region starts (up to REGION - 1 tiles before the reach does).
WINDOW = (-(-(2 * _REACH[0] + REGION) // REGION), -(-(2 * _REACH[1] + REGION) // REGION))

Window = tuple[int, int, int, int]  # first column, first row, end column, end row (exclusive)


def area_of(tilemap: TileMap, x: int, y: int) -> str:
    """The area of a player whose centre is at (x, y) in units."""
    anchors = []
    for position, reach, window, tiles in zip(
        (x // TILE, y // TILE), _REACH, WINDOW, (tilemap.width, tilemap.height), strict=True
    ):
        regions = -(-tiles // REGION)
        anchors.append(min(max((position - reach) // REGION, 0), max(regions - window, 0)))
    return f"{anchors[0]},{anchors[1]}"


def window(tilemap: TileMap, area: str) -> Window:
    """The tiles an area shows; ValueError for a key that is not an area of this map."""
    if area == WHOLE_MAP:
        return (0, 0, tilemap.width, tilemap.height)
    column, row = (int(part) * REGION for part in area.split(","))
    if not (0 <= column < tilemap.width and 0 <= row < tilemap.height):
        raise ValueError(f"no area {area!r} on this map")
    return (
        column,
        row,
        min(column + WINDOW[0] * REGION, tilemap.width),
        min(row + WINDOW[1] * REGION, tilemap.height),
    )


def areas(tilemap: TileMap) -> list[str]:
    """Every area a player can be in on this map, and the whole map."""
    across = max(-(-tilemap.width // REGION) - WINDOW[0], 0) + 1
    down = max(-(-tilemap.height // REGION) - WINDOW[1], 0) + 1
    return [f"{c},{r}" for r in range(down) for c in range(across)] + [WHOLE_MAP]
