"""A map as the rules see it: a grid of floor and wall tiles and the spawn points.

Read from a Tiled file by `mapfile.load_map`; built by hand in tests. Coordinates: tiles are
`TILE` units wide (32 px of 16 units each); spawn points are unit coordinates of a centre.
"""

from __future__ import annotations

from dataclasses import dataclass, field

SUB = 16  # units per pixel
TILE_PX = 32
TILE = TILE_PX * SUB  # units per tile

Point = tuple[int, int]


@dataclass(frozen=True)
class TileMap:
    name: str  # the file's stem, which rooms name it by
    width: int  # in tiles
    height: int
    floor: tuple[int, ...]  # width * height tile ids (Tiled's gids; 0 = nothing)
    walls: tuple[int, ...]  # the collision layer's tile ids: any non-zero tile is solid
    player_spawns: tuple[Point, ...]
    zombie_spawns: tuple[Point, ...]
    tileset: str  # the static path of the tileset image the client draws tiles from
    tile_columns: int  # tiles per row in that image
    # width * height: 1 where a wall stands (made from `walls`).
    solid: bytes = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        cells = self.width * self.height
        if len(self.floor) != cells or len(self.walls) != cells:
            raise ValueError("a layer's size does not match the map's")
        object.__setattr__(self, "solid", bytes(1 if gid else 0 for gid in self.walls))

    def is_solid(self, col: int, row: int) -> bool:
        """Whether the tile blocks movement and shots; everything outside the map does."""
        if not (0 <= col < self.width and 0 <= row < self.height):
            return True
        return self.solid[row * self.width + col] == 1


def from_rows(name: str, rows: list[str], tileset: str = "", columns: int = 1) -> TileMap:
    """A map drawn in text, for tests: `#` wall, `P` player spawn, `Z` zombie spawn, else floor."""
    height, width = len(rows), len(rows[0])
    walls, players, zombies = [], [], []
    for r, row in enumerate(rows):
        if len(row) != width:
            raise ValueError("rows must be the same length")
        for c, ch in enumerate(row):
            walls.append(1 if ch == "#" else 0)
            centre = (c * TILE + TILE // 2, r * TILE + TILE // 2)
            if ch == "P":
                players.append(centre)
            elif ch == "Z":
                zombies.append(centre)
    return TileMap(
        name, width, height, (1,) * (width * height), tuple(walls),
        tuple(players), tuple(zombies), tileset, columns,
    )  # fmt: skip
