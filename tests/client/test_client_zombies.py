"""Zombies' browser module under Node: movement and interpolation (`check_zombies_predict.mjs`:
the shared move_box table, prediction with reconciliation against a simulated server under
random latency, entity interpolation), controls and sounds
(`check_zombies_controls_and_sound.mjs`), and the game module behind the shell's interface
with a stand-in canvas (`check_zombies_game.mjs`). The table (`fixtures/zombies_moves.json`)
is the contract between predict.js and the rules' geometry.py, so the rules are checked
against it here too."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.client.nodetest import run_node_tests

PREDICT = Path(__file__).with_name("check_zombies_predict.mjs")
CONTROLS = Path(__file__).with_name("check_zombies_controls_and_sound.mjs")
GAME = Path(__file__).with_name("check_zombies_game.mjs")
MOVES = Path(__file__).parent / "fixtures" / "zombies_moves.json"


def test_prediction_and_interpolation_in_the_browser_module() -> None:
    report = run_node_tests(PREDICT)
    assert "# fail 0" in report, report
    assert "# pass 0" not in report, report


def test_controls_and_sounds_in_the_browser_module() -> None:
    report = run_node_tests(CONTROLS)
    assert "# fail 0" in report, report
    assert "# pass 0" not in report, report


def test_the_game_module_behind_the_shells_interface() -> None:
    report = run_node_tests(GAME)
    assert "# fail 0" in report, report
    assert "# pass 0" not in report, report


def test_the_rules_move_boxes_as_the_shared_table_says() -> None:
    geometry = pytest.importorskip("kogame.games.zombies.geometry")
    from kogame.games.zombies.tilemap import TileMap

    table = json.loads(MOVES.read_text())
    rows = table["map"]["rows"]
    walls = tuple(1 if ch == "#" else 0 for row in rows for ch in row)
    grid = TileMap(
        name="table",
        width=table["map"]["width"],
        height=table["map"]["height"],
        floor=(1,) * len(walls),
        walls=walls,
        player_spawns=(),
        zombie_spawns=(),
        tileset="",
        tile_columns=1,
    )
    for case in table["cases"]:
        moved = geometry.move_box(grid, case["x"], case["y"], case["half"], case["dx"], case["dy"])
        assert list(moved) == case["expected"], case["case"]
