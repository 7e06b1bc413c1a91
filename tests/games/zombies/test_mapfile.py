"""Maps from Tiled files: the shipped office, the test range, and every way a file can be bad."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kogame.games.zombies import mapgen
from kogame.games.zombies.checks import check_maps
from kogame.games.zombies.mapfile import MAPS_DIR, MAPS_ENV, MapError, available_maps, load_map
from kogame.games.zombies.tilemap import SUB, TILE, TileMap

RANGE = Path(__file__).parent / "maps" / "range.tmj"
WALL, CARPET = 5, 1  # gids in the office tileset

Raw = dict[str, Any]


def walkable(tilemap: TileMap) -> set[tuple[int, int]]:
    return {
        (c, r)
        for r in range(tilemap.height)
        for c in range(tilemap.width)
        if not tilemap.is_solid(c, r)
    }


def reached(tilemap: TileMap, starts: list[tuple[int, int]]) -> set[tuple[int, int]]:
    """Tiles a walker reaches from `starts` stepping to the four neighbours."""
    seen, todo = set(starts), list(starts)
    while todo:
        c, r = todo.pop()
        for step in ((c + 1, r), (c - 1, r), (c, r + 1), (c, r - 1)):
            if step not in seen and not tilemap.is_solid(*step):
                seen.add(step)
                todo.append(step)
    return seen


def tile_of(point: tuple[int, int]) -> tuple[int, int]:
    return point[0] // TILE, point[1] // TILE


@pytest.fixture(scope="module")
def office() -> TileMap:
    return load_map(MAPS_DIR / "office.tmj")


def test_the_office_is_60_by_40_tiles_drawn_from_the_shipped_tileset(office: TileMap) -> None:
    assert (office.name, office.width, office.height) == ("office", 60, 40)
    assert office.tileset == "zombies/tiles/office.png"
    assert office.tile_columns == 8
    assert all(office.floor)  # floor everywhere, under walls and furniture too
    assert len(office.player_spawns) >= 4
    assert len(office.zombie_spawns) >= 8


def test_every_floor_tile_of_the_office_is_reachable_from_the_player_spawns(
    office: TileMap,
) -> None:
    starts = [tile_of(spawn) for spawn in office.player_spawns]
    assert reached(office, starts) == walkable(office)


def test_no_spawn_of_the_office_is_in_a_wall(office: TileMap) -> None:
    for spawn in office.player_spawns + office.zombie_spawns:
        assert not office.is_solid(*tile_of(spawn))


def test_the_office_has_no_passage_narrower_than_two_tiles(office: TileMap) -> None:
    for c, r in walkable(office):
        across = office.is_solid(c - 1, r) and office.is_solid(c + 1, r)
        down = office.is_solid(c, r - 1) and office.is_solid(c, r + 1)
        assert not (across or down), f"tile ({c}, {r}) is a one-tile gap"


def test_zombies_spawn_far_from_the_players_in_the_middle(office: TileMap) -> None:
    for zx, zy in office.zombie_spawns:
        for px, py in office.player_spawns:
            assert max(abs(zx - px), abs(zy - py)) >= 10 * TILE


def test_the_range_has_a_player_facing_a_zombie_across_open_floor() -> None:
    tilemap = load_map(RANGE)
    assert (tilemap.width, tilemap.height) == (16, 10)
    ((px, py),) = tilemap.player_spawns
    ((zx, zy),) = tilemap.zombie_spawns
    assert py == zy and px < zx
    row = py // TILE
    assert not any(tilemap.is_solid(c, row) for c in range(px // TILE, zx // TILE + 1))
    assert sum(tilemap.solid) > 2 * 16 + 2 * 8  # a wall segment inside besides the outer walls


# A tiny map with an embedded tileset, changed by each test below into one bad file or another.
TINY: Raw = {
    "type": "map",
    "version": "1.10",
    "orientation": "orthogonal",
    "renderorder": "right-down",
    "infinite": False,
    "width": 5,
    "height": 3,
    "tilewidth": 32,
    "tileheight": 32,
    "nextlayerid": 4,
    "nextobjectid": 3,
    "tilesets": [
        {
            "firstgid": 1,
            "name": "office",
            "image": "office.png",
            "imagewidth": 256,
            "imageheight": 64,
            "columns": 8,
            "tilecount": 16,
            "tilewidth": 32,
            "tileheight": 32,
            "margin": 0,
            "spacing": 0,
        }
    ],
    "layers": [
        {
            "type": "tilelayer",
            "id": 1,
            "name": "floor",
            "width": 5,
            "height": 3,
            "x": 0,
            "y": 0,
            "opacity": 1,
            "visible": True,
            "data": [CARPET] * 15,
        },
        {
            "type": "tilelayer",
            "id": 2,
            "name": "walls",
            "width": 5,
            "height": 3,
            "x": 0,
            "y": 0,
            "opacity": 1,
            "visible": True,
            "data": [WALL] * 5 + [WALL, 0, 0, 0, WALL] + [WALL] * 5,
        },
        {
            "type": "objectgroup",
            "id": 3,
            "name": "spawns",
            "draworder": "topdown",
            "x": 0,
            "y": 0,
            "opacity": 1,
            "visible": True,
            "objects": [
                {
                    "id": 1,
                    "type": "player",
                    "name": "",
                    "point": True,
                    "x": 48,
                    "y": 48,
                    "width": 0,
                    "height": 0,
                    "rotation": 0,
                    "visible": True,
                },
                {
                    "id": 2,
                    "class": "zombie",
                    "name": "",
                    "x": 96,
                    "y": 32,
                    "width": 32,
                    "height": 32,
                    "rotation": 0,
                    "visible": True,
                },
            ],
        },
    ],
}


def write(tmp_path: Path, change: Callable[[Raw], object] = lambda raw: None) -> Path:
    raw = copy.deepcopy(TINY)
    change(raw)
    path = tmp_path / "tiny.tmj"
    path.write_text(json.dumps(raw))
    return path


def spawns(raw: Raw) -> list[Raw]:
    objects: list[Raw] = raw["layers"][2]["objects"]
    return objects


def test_a_tiny_map_with_a_point_and_a_rectangle_spawn_loads(tmp_path: Path) -> None:
    tilemap = load_map(write(tmp_path))
    assert tilemap.name == "tiny"
    assert tilemap.player_spawns == ((48 * SUB, 48 * SUB),)
    assert tilemap.zombie_spawns == ((112 * SUB, 48 * SUB),)  # the rectangle's centre
    assert tilemap.solid == bytes([1] * 5 + [1, 0, 0, 0, 1] + [1] * 5)


BAD_MAPS: dict[str, tuple[Callable[[Raw], object], str]] = {
    "missing walls layer": (
        lambda raw: raw["layers"].pop(1),
        "it has no layer named 'walls' (a tile layer)",
    ),
    "walls as an object layer": (
        lambda raw: raw["layers"][1].update(type="objectgroup", objects=[], draworder="topdown"),
        "its layer 'walls' must be a tile layer",
    ),
    "wrong tile size": (
        lambda raw: raw.update(tilewidth=16, tileheight=16),
        "its tiles are 16x16 px; they must be 32x32",
    ),
    "spawn in a wall": (
        lambda raw: spawns(raw)[0].update(x=16, y=16),
        "its player spawn at (16, 16) px is in a wall",
    ),
    "spawn touching a wall": (
        lambda raw: spawns(raw)[0].update(x=36, y=48),
        "its player spawn at (36, 48) px is within 10 px of a wall",
    ),
    "spawn off the map": (
        lambda raw: spawns(raw)[0].update(x=500, y=48),
        "is in a wall or off the map",
    ),
    "no zombie spawn": (
        lambda raw: spawns(raw).pop(1),
        "it has no zombie spawn",
    ),
    "spawn of another class": (
        lambda raw: spawns(raw)[1].update({"class": "boss"}),
        "object 2 in layer 'spawns' has class 'boss'; it must be player or zombie",
    ),
    "spawn as an ellipse": (
        lambda raw: spawns(raw)[1].update(ellipse=True),
        "object 2 in layer 'spawns' must be a point or an unrotated rectangle",
    ),
    "layer of another size": (
        lambda raw: raw["layers"][0].update(width=4, data=[CARPET] * 12),
        "its layer 'floor' is not the map's size (5x3 tiles)",
    ),
    "tile the tileset lacks": (
        lambda raw: raw["layers"][1]["data"].__setitem__(0, 17),
        "its layer 'walls' has tile id 17 at column 0, row 0",
    ),
    "flipped tile": (
        lambda raw: raw["layers"][1]["data"].__setitem__(0, WALL | 0x80000000),
        "flipped or rotated tiles are not supported",
    ),
    "isometric": (
        lambda raw: raw.update(orientation="isometric"),
        "its orientation is isometric; it must be orthogonal",
    ),
    "infinite": (lambda raw: raw.update(infinite=True), "it is an infinite map"),
    "two tilesets": (
        lambda raw: raw["tilesets"].append({**raw["tilesets"][0], "firstgid": 17}),
        "it must use exactly one tileset",
    ),
    "tileset of single images": (
        lambda raw: raw["tilesets"][0].update(columns=0),
        "its tileset must be one image of tiles",
    ),
    "missing tileset file": (
        lambda raw: raw.update(tilesets=[{"firstgid": 1, "source": "gone.tsj"}]),
        "gone.tsj, does not exist",
    ),
    "no tilesets field": (
        lambda raw: raw.pop("tilesets"),
        "it is not a Tiled map: the field 'tilesets' is missing",
    ),
}


@pytest.mark.parametrize("case", BAD_MAPS)
def test_a_bad_map_is_a_map_error_naming_the_file_and_the_problem(
    tmp_path: Path, case: str
) -> None:
    change, problem = BAD_MAPS[case]
    path = write(tmp_path, change)
    with pytest.raises(MapError) as caught:
        load_map(path)
    assert str(caught.value).startswith(f"{path}: ")
    assert problem in str(caught.value)


def test_a_file_that_is_not_json_is_a_map_error(tmp_path: Path) -> None:
    path = tmp_path / "scribble.tmj"
    path.write_text("this is not { json")
    with pytest.raises(MapError, match=r"scribble\.tmj: it is not valid JSON \(Expecting value"):
        load_map(path)


def test_a_missing_file_is_a_map_error(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.tmj"
    with pytest.raises(MapError) as caught:
        load_map(path)
    assert str(caught.value) == f"{path}: there is no such file"


def test_map_error_is_a_value_error_keeping_the_path_and_the_problem() -> None:
    error = MapError(Path("a.tmj"), "it is bad")
    assert isinstance(error, ValueError)
    assert (error.path, error.problem, str(error)) == (
        Path("a.tmj"),
        "it is bad",
        "a.tmj: it is bad",
    )


def test_available_maps_are_the_shipped_ones_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(MAPS_ENV, raising=False)
    assert available_maps() == {"office": MAPS_DIR / "office.tmj"}


def test_maps_dropped_in_a_folder_are_added_and_override_shipped_ones_by_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "office.tmj").write_text("{}")
    (tmp_path / "warehouse.tmj").write_text("{}")
    (tmp_path / "notes.txt").write_text("not a map")
    monkeypatch.setenv(MAPS_ENV, str(tmp_path))
    assert available_maps() == {
        "office": tmp_path / "office.tmj",
        "warehouse": tmp_path / "warehouse.tmj",
    }


def test_a_maps_folder_that_does_not_exist_is_a_map_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(MAPS_ENV, str(tmp_path / "gone"))
    with pytest.raises(MapError, match="KOGAME_ZOMBIE_MAPS names this folder"):
        available_maps()


def test_the_shipped_maps_pass_the_system_check(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(MAPS_ENV, raising=False)
    assert check_maps() == []


def test_the_system_check_names_a_bad_dropped_in_map_and_its_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = write(tmp_path, lambda raw: spawns(raw).pop(1))
    monkeypatch.setenv(MAPS_ENV, str(tmp_path))
    (error,) = check_maps()
    assert error.id == "zombies.E001"
    assert error.msg.startswith(f"{bad}: it has no zombie spawn")


def test_the_system_check_reports_a_missing_maps_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(MAPS_ENV, str(tmp_path / "gone"))
    (error,) = check_maps()
    assert error.id == "zombies.E001"
    assert str(tmp_path / "gone") in error.msg


def test_the_shipped_office_files_are_what_mapgen_draws() -> None:
    """Edit the drawing in mapgen.py and rerun it, rather than the generated files by hand."""
    assert (MAPS_DIR / "office.tmj").read_text() == mapgen.map_json(mapgen.OFFICE, "office.tsj")
    assert mapgen.IMAGE_PATH.read_bytes() == mapgen.tileset_png()
    assert len(mapgen.IMAGE_PATH.read_bytes()) < 20_000
