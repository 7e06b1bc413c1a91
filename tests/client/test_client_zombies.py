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
FRAMES = Path(__file__).with_name("check_zombies_frames.mjs")
WALKER = "walker"
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


def test_the_browser_module_follows_the_servers_frames(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Records one connection's frames in a random game (the platform's rule: its area's
    delta each tick; when its area changes, that delta, then the new area's snapshot) with
    the zombies each tick's snapshot lists, for `check_zombies_frames.mjs` to follow."""
    from kogame.games.zombies import codec, rules
    from kogame.games.zombies.state import Act, Input, Join, Options
    from kogame.games.zombies.views import REGION, area_of
    from tests.games.zombies.helpers import big_office
    from tests.games.zombies.players import Crowd

    grid = big_office(3)
    state = rules.new_state(grid, Options(bots=4, max_players=6), 30, 3)
    crowd = Crowd(3, people=2)
    walker = {"seq": 0}

    def inputs() -> list[Input]:
        """The crowd's, and the walker's: a new one of the 8 directions every 40 ticks."""
        walker["seq"] += 1
        move = 1 + (state.tick // 40) % 8
        return [*crowd.inputs(grid, state), Act(WALKER, walker["seq"], move, 0, False, state.tick)]

    state, _events = rules.step(grid, state, [Join(WALKER, "Walker")])
    while len(state.zombies) < 10:  # the first zombies come out
        state, _events = rules.step(grid, state, inputs())
    steps: list[dict[str, object]] = []
    area = ""
    for _ in range(400):
        state, events = rules.step(grid, state, inputs())
        me = state.players[WALKER]
        now = area_of(grid, me.x, me.y)
        snapshot = {"type": "snapshot"} | codec.snapshot(grid, state, now)
        messages = (
            [] if not area else [{"type": "delta"} | codec.AreaFrames(grid, state, events)[now]]
        )
        if now != area:
            messages.append(snapshot)
            area = now
        flat, hurt = (
            snapshot["z"],
            dict(zip(snapshot["zh"][::2], snapshot["zh"][1::2], strict=True)),
        )
        full = rules.zombie_health(state.wave)
        zombies = sorted(
            [flat[i], flat[i + 1], flat[i + 2], hurt.get(flat[i], full)]
            for i in range(0, len(flat), 3)
        )
        steps.append({"messages": messages, "zombies": zombies})
    recorded = {"map": {"tile": 32, "width": grid.width}, "region": REGION, "steps": steps}
    frames = tmp_path / "frames.json"
    frames.write_text(json.dumps(recorded))
    monkeypatch.setenv("ZOMBIES_FRAMES", str(frames))
    report = run_node_tests(FRAMES)
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
