"""Draws the default map and its tileset: `python -m kogame.games.zombies.mapgen`.

Rewrites `maps/office.tmj`, `maps/office.tsj` and `static/zombies/tiles/office.png` from the
drawing below, so the office is redrawn by editing text; edit here and rerun rather than
editing the generated files (a test checks they match). They are ordinary Tiled files, so a
new map can start as a copy opened in Tiled. Deterministic: the same code writes the same
bytes. The tileset is flat pixel art in muted office colours, so green zombies and brightly
coloured players stand out against it.
"""

from __future__ import annotations

import json
import struct
import zlib
from collections import deque
from collections.abc import Callable
from pathlib import Path

from kogame.games.zombies.tilemap import TILE_PX

HERE = Path(__file__).resolve().parent
MAP_PATH = HERE / "maps" / "office.tmj"
TILESET_PATH = HERE / "maps" / "office.tsj"
IMAGE_PATH = HERE / "static" / "zombies" / "tiles" / "office.png"

# The office, one character a tile. Floors: `.` carpet, `,` corridor, `k` kitchen, `w` wood
# (meeting rooms). Solid: `#` wall, `D` desk with a monitor, `d` desk with papers, `T` table,
# `p` plant, `C` counter, `S` sink, `F` fridge, `h` sofa, `B` cabinet. Spawns (on floor):
# `P` player, `Z` zombie. Every gap and doorway is at least 2 tiles wide.
OFFICE = [
    "############################################################",
    "#Z..........Z........p#pwwwwwwwwwwwwp#p.........Z.........Z#",
    "#.....................#wwwwwwwwwwwwww#.....................#",
    "#..DdDdD..DdDdD..DdD..#wwwwwwwwwwwwww#..DdDdD..DdDdD..DdD..#",
    "#..dDdDd..dDdDd..dDd..#wwwwTTTTTTwwww#..dDdDd..dDdDd..dDd..#",
    "#.....................#wwwwTTTTTTwwww#.....................#",
    "#.....................#wwwwTTTTTTwwww#.....................#",
    "#..DdDdD..DdDdD..DdD..#wwwwwwwwwwwwww#..DdDdD..DdDdD..DdD..#",
    "#..dDdDd..dDdDd..dDd..#wwwwwwwwwwwwww#..dDdDd..dDdDd..dDd..#",
    "#.....................#wwwwwwwwwwwwww#.....................#",
    "#.....................#wwwwwwwwwwwwww#.....................#",
    "#.....................#wwwwwwwwwwwwww#.....................#",
    "#p....................#wwwwwwwwwwwwww#.....................#",
    "#####,,,#######,,,##########,,,############,,,#######,,,####",
    "#,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,#",
    "#Z,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,Z#",
    "#,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,#",
    "######ww########,,,,,,,,,,,,,,,,,,,,,,,,,,,,#######..#######",
    "#pwwwwwwwwwwwwp#p...........dddd...........p#BBBBB....BBBBB#",
    "#wwwwwwwwwwwwww#............................#..............#",
    "#wwwTTTTTTTwwww#....hhh......P.......hhh....#..............#",
    "#wwwTTTTTTTwwww#...........P....P...........#..ddddddddd...#",
    "#wwwTTTTTTTwwww#...........P....P...........#..ddddddddd...#",
    "#wwwwwwwwwwwwww#....hhh.......P......hhh....#..............#",
    "#wwwwwwwwwwwwww#............................#..............#",
    "#wwwwwwwwwwwwww#p..........................p#..............#",
    "######ww##########,,,,,,,,,,,,,,,,,,,,,,,,#########..#######",
    "#Z,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,#",
    "#,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,Z#",
    "########kkkk############...########...###########ww#########",
    "#CZkkkkkkkkkkkkkkkp#.......................#pwwwwwwwwwwwwww#",
    "#Ckkkkkkkkkkkkkkkkk#.......................#wwwwwwwwwwwwwww#",
    "#Ckkkkkkkkkkkkhhhkk#..DdDdD..DdDdD..DdDdD..#wwwwwwwwwwwwwww#",
    "#SkkkkTTTTTTTkkkkkk#..dDdDd..dDdDd..dDdDd..#wwwwTTTTTTTwwww#",
    "#CkkkkTTTTTTTkkkkkkk.......................#wwwwTTTTTTTwwww#",
    "#Ckkkkkkkkkkkkkkkkkk.......................#wwwwTTTTTTTwwww#",
    "#Ckkkkkkkkkkkkhhhkk#.......................#wwwwwwwwwwwwwww#",
    "#Fkkkkkkkkkkkkkkkkk#..DdDdD..DdDdD..DdDdD..#wwwwwwwwwwwwwZw#",
    "#FCCCSCCCCkkkkkkkkk#.ZdDdDd..dDdDd..dDdDd.Z#pwwwwwwwwwwwwwp#",
    "############################################################",
]

# Tile ids (index in the tileset image, left to right, top to bottom; Tiled's gid is id + 1).
FLOORS = {".": 0, ",": 1, "k": 2, "w": 3}
SOLIDS = {"#": 4, "D": 7, "d": 8, "T": 9, "p": 10, "C": 11, "S": 12, "F": 13, "h": 14, "B": 15}
WINDOW_ACROSS, WINDOW_DOWN = 5, 6  # outer walls: glass along a top/bottom or a side wall
SPAWNS = {"P": "player", "Z": "zombie"}
COLUMNS, TILE_COUNT = 8, 16

RGBA = tuple[int, int, int, int]
CLEAR: RGBA = (0, 0, 0, 0)


def rgb(r: int, g: int, b: int) -> RGBA:
    return (r, g, b, 255)


class Canvas:
    """An RGBA image being drawn, one tile at a time (coordinates inside the current tile)."""

    def __init__(self, width: int, height: int) -> None:
        self.width, self.height = width, height
        self.pixels = bytearray(width * height * 4)
        self.ox = self.oy = 0

    def tile(self, index: int) -> None:
        self.ox, self.oy = index % COLUMNS * TILE_PX, index // COLUMNS * TILE_PX

    def dot(self, x: int, y: int, colour: RGBA) -> None:
        at = ((self.oy + y) * self.width + self.ox + x) * 4
        self.pixels[at : at + 4] = bytes(colour)

    def rect(self, x0: int, y0: int, x1: int, y1: int, colour: RGBA) -> None:
        """Fills x0..x1 by y0..y1, inclusive."""
        for y in range(y0, y1 + 1):
            for x in range(x0, x1 + 1):
                self.dot(x, y, colour)

    def frame(self, x0: int, y0: int, x1: int, y1: int, fill: RGBA, edge: RGBA) -> None:
        self.rect(x0, y0, x1, y1, edge)
        self.rect(x0 + 1, y0 + 1, x1 - 1, y1 - 1, fill)

    def disc(self, cx: int, cy: int, radius: int, colour: RGBA) -> None:
        for y in range(cy - radius, cy + radius + 1):
            for x in range(cx - radius, cx + radius + 1):
                if (x - cx) ** 2 + (y - cy) ** 2 <= radius * radius + radius:
                    self.dot(x, y, colour)

    def png(self) -> bytes:
        """The image as PNG: 8-bit RGBA, unfiltered rows, zlib (no Pillow needed)."""

        def chunk(kind: bytes, data: bytes) -> bytes:
            body = kind + data
            return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

        stride = self.width * 4
        rows = b"".join(
            b"\0" + bytes(self.pixels[y * stride : (y + 1) * stride]) for y in range(self.height)
        )
        header = struct.pack(">IIBBBBB", self.width, self.height, 8, 6, 0, 0, 0)
        return (
            b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(rows, 9))
            + chunk(b"IEND", b"")
        )


def carpet(c: Canvas) -> None:
    c.rect(0, 0, 31, 31, rgb(84, 98, 122))
    for y in range(32):
        for x in range(32):
            if (x * 7 + y * 13) % 23 == 0:
                c.dot(x, y, rgb(98, 112, 138))
            elif (x * 11 + y * 5) % 29 == 0:
                c.dot(x, y, rgb(72, 85, 108))


def corridor(c: Canvas) -> None:
    c.rect(0, 0, 31, 31, rgb(160, 162, 158))
    for n in (0, 16):
        c.rect(n, 0, n, 31, rgb(142, 144, 140))
        c.rect(0, n, 31, n, rgb(142, 144, 140))


def kitchen(c: Canvas) -> None:
    for y in range(0, 32, 8):
        for x in range(0, 32, 8):
            light = (x + y) // 8 % 2 == 0
            c.rect(x, y, x + 7, y + 7, rgb(226, 224, 212) if light else rgb(176, 186, 198))


def wood(c: Canvas) -> None:
    for band in range(4):
        y0 = band * 8
        c.rect(0, y0, 31, y0 + 7, rgb(158, 112, 70) if band % 2 else rgb(150, 106, 66))
        c.rect(0, y0 + 7, 31, y0 + 7, rgb(118, 80, 48))
        joint = (band * 13 + 5) % 32
        c.rect(joint, y0, joint, y0 + 6, rgb(118, 80, 48))


def wall(c: Canvas) -> None:
    c.rect(0, 0, 31, 31, rgb(42, 44, 54))
    c.rect(0, 0, 31, 2, rgb(66, 68, 82))
    c.rect(0, 30, 31, 31, rgb(28, 29, 36))


def window(c: Canvas, across: bool) -> None:
    wall(c)
    glass, edge, shine = rgb(126, 178, 212), rgb(200, 204, 212), rgb(206, 232, 246)
    if across:
        c.frame(0, 11, 31, 20, glass, edge)
        c.rect(8, 13, 11, 13, shine)
        c.rect(22, 15, 24, 15, shine)
    else:
        c.frame(11, 0, 20, 31, glass, edge)
        c.rect(13, 8, 13, 11, shine)
        c.rect(15, 22, 15, 24, shine)


def desk_top(c: Canvas) -> None:
    c.frame(1, 2, 30, 29, rgb(170, 122, 74), rgb(112, 76, 44))


def desk_monitor(c: Canvas) -> None:
    desk_top(c)
    c.frame(8, 6, 23, 15, rgb(86, 166, 222), rgb(32, 34, 40))
    c.rect(10, 8, 13, 8, rgb(170, 214, 240))
    c.rect(14, 16, 17, 17, rgb(32, 34, 40))
    c.frame(8, 20, 23, 24, rgb(212, 212, 218), rgb(150, 150, 160))
    c.frame(25, 20, 27, 23, rgb(212, 212, 218), rgb(150, 150, 160))


def desk_papers(c: Canvas) -> None:
    desk_top(c)
    c.frame(5, 6, 14, 18, rgb(242, 242, 236), rgb(190, 190, 184))
    for y in (9, 11, 13, 15):
        c.rect(7, y, 12, y, rgb(150, 150, 160))
    c.frame(16, 14, 24, 22, rgb(236, 226, 150), rgb(190, 180, 110))
    c.disc(24, 8, 3, rgb(58, 80, 160))
    c.disc(24, 8, 1, rgb(70, 46, 30))


def table(c: Canvas) -> None:
    c.rect(0, 0, 31, 31, rgb(90, 60, 40))
    for x0, y, length in ((2, 6, 12), (18, 13, 10), (6, 21, 14), (22, 27, 8)):
        c.rect(x0, y, x0 + length, y, rgb(104, 70, 46))


def plant(c: Canvas) -> None:
    c.disc(16, 16, 12, rgb(172, 90, 52))
    c.disc(16, 16, 10, rgb(84, 58, 40))
    leaf, light = rgb(34, 104, 96), rgb(64, 146, 132)
    for dx, dy in ((0, -6), (6, -2), (4, 5), (-4, 5), (-6, -2)):
        c.disc(16 + dx, 16 + dy, 4, leaf)
        c.dot(16 + dx, 15 + dy, light)
    c.disc(16, 16, 3, light)


def counter(c: Canvas) -> None:
    c.frame(0, 0, 31, 31, rgb(198, 200, 206), rgb(150, 152, 162))


def sink(c: Canvas) -> None:
    counter(c)
    c.frame(6, 8, 25, 25, rgb(124, 136, 150), rgb(168, 176, 188))
    c.disc(16, 19, 1, rgb(80, 90, 100))
    c.rect(15, 3, 16, 9, rgb(226, 228, 236))


def fridge(c: Canvas) -> None:
    c.frame(1, 1, 30, 30, rgb(234, 236, 240), rgb(160, 164, 174))
    c.rect(2, 11, 29, 11, rgb(160, 164, 174))
    c.rect(25, 4, 26, 8, rgb(120, 124, 134))
    c.rect(25, 15, 26, 24, rgb(120, 124, 134))


def sofa(c: Canvas) -> None:
    dark, seat = rgb(70, 50, 92), rgb(112, 84, 140)
    c.frame(1, 3, 30, 28, dark, rgb(50, 36, 66))
    c.frame(7, 11, 24, 27, seat, rgb(90, 66, 114))
    c.rect(8, 12, 23, 12, rgb(136, 108, 164))


def cabinet(c: Canvas) -> None:
    c.frame(0, 0, 31, 31, rgb(122, 128, 138), rgb(82, 86, 96))
    for y in (10, 21):
        c.rect(1, y, 30, y, rgb(82, 86, 96))
    for y in (5, 15, 26):
        c.rect(13, y, 18, y + 1, rgb(196, 200, 208))


TILES: dict[int, Callable[[Canvas], None]] = {
    0: carpet,
    1: corridor,
    2: kitchen,
    3: wood,
    4: wall,
    WINDOW_ACROSS: lambda c: window(c, across=True),
    WINDOW_DOWN: lambda c: window(c, across=False),
    7: desk_monitor,
    8: desk_papers,
    9: table,
    10: plant,
    11: counter,
    12: sink,
    13: fridge,
    14: sofa,
    15: cabinet,
}


def tileset_png() -> bytes:
    canvas = Canvas(COLUMNS * TILE_PX, TILE_COUNT // COLUMNS * TILE_PX)
    for index, draw in TILES.items():
        canvas.tile(index)
        canvas.rect(0, 0, TILE_PX - 1, TILE_PX - 1, CLEAR)
        draw(canvas)
    return canvas.png()


def tileset_json(image: str) -> dict[str, object]:
    """The tileset as Tiled writes it (`.tsj`); `image` relative to the tileset file."""
    return {
        "columns": COLUMNS,
        "image": image,
        "imageheight": TILE_COUNT // COLUMNS * TILE_PX,
        "imagewidth": COLUMNS * TILE_PX,
        "margin": 0,
        "name": "office",
        "spacing": 0,
        "tilecount": TILE_COUNT,
        "tiledversion": "1.10.2",
        "tileheight": TILE_PX,
        "tilewidth": TILE_PX,
        "type": "tileset",
        "version": "1.10",
    }


def layers(rows: list[str]) -> tuple[list[int], list[int]]:
    """The floor and walls layers' gids: under a solid tile or a spawn lies the nearest floor."""
    height, width = len(rows), len(rows[0])
    if any(len(row) != width for row in rows):
        raise ValueError("rows must be the same length")
    floor = [0] * (width * height)
    walls = [0] * (width * height)
    for r, row in enumerate(rows):
        for c, ch in enumerate(row):
            if ch in SOLIDS:
                walls[r * width + c] = _wall_id(rows, c, r) + 1
            if ch in SOLIDS or ch in SPAWNS:
                floor[r * width + c] = _nearest_floor(rows, c, r) + 1
            else:
                floor[r * width + c] = FLOORS[ch] + 1
    return floor, walls


def _wall_id(rows: list[str], c: int, r: int) -> int:
    """Outer walls get windows in pairs of tiles where a room lies behind them."""
    height, width = len(rows), len(rows[0])
    ch = rows[r][c]
    if ch != "#":
        return SOLIDS[ch]
    if r in (0, height - 1) and 0 < c < width - 1 and c % 4 in (1, 2):
        inside = rows[1 if r == 0 else r - 1][c]
        return WINDOW_ACROSS if inside != "#" else SOLIDS[ch]
    if c in (0, width - 1) and 0 < r < height - 1 and r % 4 in (1, 2):
        inside = rows[r][1 if c == 0 else c - 1]
        return WINDOW_DOWN if inside != "#" else SOLIDS[ch]
    return SOLIDS[ch]


def _nearest_floor(rows: list[str], c: int, r: int) -> int:
    """The floor kind of the nearest floor tile (breadth-first, fixed neighbour order)."""
    seen, queue = {(c, r)}, deque([(c, r)])
    while queue:
        x, y = queue.popleft()
        if rows[y][x] in FLOORS:
            return FLOORS[rows[y][x]]
        for nx, ny in ((x + 1, y), (x - 1, y), (x, y + 1), (x, y - 1)):
            if 0 <= ny < len(rows) and 0 <= nx < len(rows[0]) and (nx, ny) not in seen:
                seen.add((nx, ny))
                queue.append((nx, ny))
    raise ValueError("a map needs some floor")


def map_json(rows: list[str], tileset: str) -> str:
    """A Tiled JSON map (`.tmj`) of the drawing; `tileset` is the `.tsj` relative to the map.

    Spawns are point objects at their tile's centre. Layer data is written a row per line so
    a redrawn map reads well in a diff.
    """
    height, width = len(rows), len(rows[0])
    floor, walls = layers(rows)
    spawns = [
        {
            "height": 0,
            "id": n,
            "name": "",
            "point": True,
            "rotation": 0,
            "type": SPAWNS[ch],
            "visible": True,
            "width": 0,
            "x": c * TILE_PX + TILE_PX // 2,
            "y": r * TILE_PX + TILE_PX // 2,
        }
        for n, (r, c, ch) in enumerate(
            ((r, c, ch) for r, row in enumerate(rows) for c, ch in enumerate(row) if ch in SPAWNS),
            start=1,
        )
    ]

    def tile_layer(layer_id: int, name: str) -> dict[str, object]:
        return {
            "data": f"@{name}@",
            "height": height,
            "id": layer_id,
            "name": name,
            "opacity": 1,
            "type": "tilelayer",
            "visible": True,
            "width": width,
            "x": 0,
            "y": 0,
        }

    document = {
        "compressionlevel": -1,
        "height": height,
        "infinite": False,
        "layers": [
            tile_layer(1, "floor"),
            tile_layer(2, "walls"),
            {
                "draworder": "topdown",
                "id": 3,
                "name": "spawns",
                "objects": spawns,
                "opacity": 1,
                "type": "objectgroup",
                "visible": True,
                "x": 0,
                "y": 0,
            },
        ],
        "nextlayerid": 4,
        "nextobjectid": len(spawns) + 1,
        "orientation": "orthogonal",
        "renderorder": "right-down",
        "tiledversion": "1.10.2",
        "tileheight": TILE_PX,
        "tilesets": [{"firstgid": 1, "source": tileset}],
        "tilewidth": TILE_PX,
        "type": "map",
        "version": "1.10",
        "width": width,
    }
    text = json.dumps(document, indent=1)
    for name, gids in (("floor", floor), ("walls", walls)):
        lines = (
            ", ".join(str(gid) for gid in gids[r * width : (r + 1) * width]) for r in range(height)
        )
        text = text.replace(f'"@{name}@"', "[\n   " + ",\n   ".join(lines) + "\n  ]")
    return text + "\n"


def main() -> None:
    IMAGE_PATH.parent.mkdir(parents=True, exist_ok=True)
    IMAGE_PATH.write_bytes(tileset_png())
    image = Path("..") / IMAGE_PATH.relative_to(HERE)
    TILESET_PATH.write_text(json.dumps(tileset_json(image.as_posix()), indent=1) + "\n")
    MAP_PATH.write_text(map_json(OFFICE, TILESET_PATH.name))
    print(f"wrote {MAP_PATH}, {TILESET_PATH} and {IMAGE_PATH}")


if __name__ == "__main__":
    main()
