"""Maps drawn in Tiled: reading a `.tmj` file into a `TileMap`, and finding the maps on offer.

Maps are data anyone can draw (Tiled's JSON format, read by pytiled-parser). A map needs three
layers: `floor` (tiles), `walls` (tiles; any tile there is solid) and `spawns` (objects: points
or rectangles of class `player` or `zombie`). Every problem is a `MapError` naming the file and
what is wrong, so a bad map fails at start-up (system check `zombies.E001`), never in a room.

Every map is drawn with the shipped tileset image (`TILESET_IMAGE`): the client draws tiles
from it by id. A map's own tileset entry is read only for its tile size and columns, so a map
dropped in from elsewhere must use the shipped `maps/office.tsj` (or a copy of it).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TypeVar

import pytiled_parser
from pytiled_parser.layer import Layer, ObjectLayer, TileLayer
from pytiled_parser.tiled_object import Point as PointObject
from pytiled_parser.tiled_object import Rectangle, TiledObject
from pytiled_parser.tileset import Tileset

from kogame.games.zombies.tilemap import SUB, TILE, TILE_PX, Point, TileMap

MAPS_DIR = Path(__file__).resolve().parent / "maps"
# A folder of extra maps; a map there overrides a shipped one of the same name.
MAPS_ENV = "KOGAME_ZOMBIE_MAPS"
TILESET_IMAGE = "zombies/tiles/office.png"
# Players and zombies are boxes of this half-size around their centre (the contract's
# PLAYER_HALF and ZOMBIE_HALF): a spawn must leave room for one, or it would start in a wall.
CLEARANCE = 10 * SUB
SPAWN_KINDS = ("player", "zombie")

L = TypeVar("L", TileLayer, ObjectLayer)


class MapError(ValueError):
    """A map that cannot be played; str is "<file>: <problem>"."""

    def __init__(self, path: Path, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


def shipped_maps() -> dict[str, Path]:
    """The maps that come with the game."""
    return {path.stem: path for path in sorted(MAPS_DIR.glob("*.tmj"))}


def available_maps() -> dict[str, Path]:
    """The maps rooms may name: the shipped ones, then those in the folder `MAPS_ENV` names."""
    found = shipped_maps()
    if folder := os.environ.get(MAPS_ENV):
        extra = Path(folder)
        if not extra.is_dir():
            raise MapError(extra, f"{MAPS_ENV} names this folder, which does not exist")
        found.update({path.stem: path for path in sorted(extra.glob("*.tmj"))})
    return found


def load_map(path: Path) -> TileMap:
    """The map in a Tiled JSON file; MapError saying what is wrong with it otherwise."""
    try:
        return _read(path)
    except MapError:
        raise
    except FileNotFoundError as error:
        missing = Path(error.filename or path)
        if missing == path:
            raise MapError(path, "there is no such file") from None
        raise MapError(path, f"the file it refers to, {missing}, does not exist") from None
    except OSError as error:
        raise MapError(path, f"it cannot be read ({error.strerror or error})") from None
    except json.JSONDecodeError as error:
        raise MapError(path, f"it is not valid JSON ({error})") from None
    except KeyError as error:
        raise MapError(path, f"it is not a Tiled map: the field {error} is missing") from None
    except Exception as error:  # pytiled-parser's own, on anything it cannot follow
        raise MapError(path, f"it is not a Tiled map Kogame can read ({error})") from None


def _read(path: Path) -> TileMap:
    # pytiled-parser reports bad JSON as "unknown format": check it first to say where.
    if not isinstance(json.loads(path.read_text(encoding="utf-8")), dict):
        raise MapError(path, "it is not a Tiled map: it holds no JSON object")
    tiled = pytiled_parser.parse_map(path)
    if tiled.orientation != "orthogonal":
        raise MapError(path, f"its orientation is {tiled.orientation}; it must be orthogonal")
    if tiled.infinite:
        raise MapError(path, "it is an infinite map; turn off Infinite in the map's properties")
    if tuple(tiled.tile_size) != (TILE_PX, TILE_PX):
        size = "x".join(str(n) for n in tiled.tile_size)
        raise MapError(path, f"its tiles are {size} px; they must be {TILE_PX}x{TILE_PX}")
    width, height = int(tiled.map_size.width), int(tiled.map_size.height)
    if width < 1 or height < 1:
        raise MapError(path, f"it is {width}x{height} tiles; it must have at least one tile")
    if len(tiled.tilesets) != 1 or 1 not in tiled.tilesets:
        raise MapError(path, "it must use exactly one tileset, the shipped office tileset")
    tileset = tiled.tilesets[1]
    if (tileset.tile_width, tileset.tile_height) != (TILE_PX, TILE_PX):
        raise MapError(path, f"its tileset's tiles must be {TILE_PX}x{TILE_PX} px")
    if tileset.columns < 1:
        raise MapError(path, "its tileset must be one image of tiles, the shipped office.png")
    floor = _tiles(path, _layer(path, tiled.layers, "floor", TileLayer), width, height, tileset)
    walls = _tiles(path, _layer(path, tiled.layers, "walls", TileLayer), width, height, tileset)
    spawns: dict[str, list[Point]] = {kind: [] for kind in SPAWN_KINDS}
    for thing in _layer(path, tiled.layers, "spawns", ObjectLayer).tiled_objects:
        kind, centre = _spawn(path, thing)
        spawns[kind].append(centre)
    tilemap = TileMap(
        name=path.stem,
        width=width,
        height=height,
        floor=floor,
        walls=walls,
        player_spawns=tuple(spawns["player"]),
        zombie_spawns=tuple(spawns["zombie"]),
        tileset=TILESET_IMAGE,
        tile_columns=tileset.columns,
    )
    for kind in SPAWN_KINDS:
        if not spawns[kind]:
            raise MapError(
                path, f"it has no {kind} spawn (a point or rectangle of class '{kind}' in 'spawns')"
            )
        for x, y in spawns[kind]:
            _check_clear(path, tilemap, kind, x, y)
    return tilemap


def _layer(path: Path, layers: list[Layer], name: str, kind: type[L]) -> L:
    found = [layer for layer in layers if layer.name == name]
    what = "an object layer" if kind is ObjectLayer else "a tile layer"
    if not found:
        raise MapError(path, f"it has no layer named '{name}' ({what})")
    if len(found) > 1:
        raise MapError(path, f"it has {len(found)} layers named '{name}'; it must have one")
    layer = found[0]
    if not isinstance(layer, kind):
        raise MapError(path, f"its layer '{name}' must be {what}")
    return layer


def _tiles(
    path: Path, layer: TileLayer, width: int, height: int, tileset: Tileset
) -> tuple[int, ...]:
    """The layer's tile ids, row by row; each must be 0 or a tile of the tileset."""
    rows = layer.data or []
    if len(rows) != height or any(len(row) != width for row in rows):
        raise MapError(
            path, f"its layer '{layer.name}' is not the map's size ({width}x{height} tiles)"
        )
    for r, row in enumerate(rows):
        for c, gid in enumerate(row):
            if not 0 <= gid <= tileset.tile_count:
                raise MapError(
                    path,
                    f"its layer '{layer.name}' has tile id {gid} at column {c}, row {r}, which "
                    "the tileset does not have (flipped or rotated tiles are not supported)",
                )
    return tuple(gid for row in rows for gid in row)


def _spawn(path: Path, thing: TiledObject) -> tuple[str, Point]:
    """A spawn's kind and its centre in units: a point's place or a rectangle's middle."""
    where = f"object {thing.id} in layer 'spawns'"
    if thing.class_ not in SPAWN_KINDS:
        raise MapError(path, f"{where} has class '{thing.class_}'; it must be player or zombie")
    if isinstance(thing, PointObject):
        x, y = thing.coordinates
    elif isinstance(thing, Rectangle) and not thing.rotation:
        x = thing.coordinates.x + thing.size.width / 2
        y = thing.coordinates.y + thing.size.height / 2
    else:
        raise MapError(path, f"{where} must be a point or an unrotated rectangle")
    return thing.class_, (round(x * SUB), round(y * SUB))


def _check_clear(path: Path, tilemap: TileMap, kind: str, x: int, y: int) -> None:
    """A spawn must be on the map with room for a box around it, clear of walls."""
    where = f"its {kind} spawn at ({x // SUB}, {y // SUB}) px"
    if tilemap.is_solid(x // TILE, y // TILE):
        raise MapError(path, f"{where} is in a wall or off the map")
    columns = range((x - CLEARANCE) // TILE, (x + CLEARANCE - 1) // TILE + 1)
    rows = range((y - CLEARANCE) // TILE, (y + CLEARANCE - 1) // TILE + 1)
    if any(tilemap.is_solid(c, r) for c in columns for r in rows):
        raise MapError(
            path, f"{where} is within {CLEARANCE // SUB} px of a wall; move it into the open"
        )
