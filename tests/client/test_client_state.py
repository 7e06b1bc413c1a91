"""The browser's state module, run by Node over long random games from the real rules.

A client that applies deltas after one snapshot must hold exactly what a fresh snapshot shows:
this feeds `state.js` the frames a client would receive, with fresh snapshots interleaved as
expectations, and `check_deltas.mjs` compares them.
"""

from __future__ import annotations

import itertools
import random
import subprocess
from pathlib import Path
from typing import Any

import orjson
import pytest

from kogame.games.snek import codec, rules
from kogame.games.snek.state import Direction, Input, Join, Leave, Respawn, Settings, Turn
from tests.conftest import require_tool

CHECKER = Path(__file__).with_name("check_deltas.mjs")


def random_game_frames(seed: int, ticks: int, players: int) -> list[dict[str, Any]]:
    """Frames of a busy game: joins, leaves, turns and respawns chosen by a seeded script."""
    script = random.Random(seed)
    state = rules.new_game(Settings(width=16, height=16, respawn_delay_ticks=3), seed)
    names = [f"p{n:011d}" for n in range(players)]
    frames: list[dict[str, Any]] = [{"type": "snapshot"} | codec.snapshot(state)]
    for tick in range(ticks):
        inputs: list[Input] = []
        for player in names:
            roll = script.random()
            if roll < 0.05:
                inputs.append(Join(player, player))
            elif roll < 0.07:
                inputs.append(Leave(player))
            elif roll < 0.12:
                inputs.append(Respawn(player))
            elif roll < 0.5:
                inputs.append(Turn(player, script.choice(list(Direction))))
        state, events = rules.step(state, inputs)
        frames.append({"type": "delta"} | codec.delta(state, events))
        if tick % 25 == 24:
            frames.append({"type": "snapshot"} | codec.snapshot(state))
    return frames


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_applying_deltas_in_the_browser_module_matches_fresh_snapshots(
    seed: int, tmp_path: Path
) -> None:
    node = require_tool("node")
    frames = random_game_frames(seed, ticks=1500, players=6)
    assert sum(1 for f in frames if f["type"] == "delta" and "died" in f) > 10
    path = tmp_path / "frames.json"
    path.write_bytes(orjson.dumps({"frames": frames}))
    result = subprocess.run(
        [node, str(CHECKER), str(path)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "checked 60 snapshots" in result.stdout


def test_the_checker_notices_a_wrong_delta(tmp_path: Path) -> None:
    node = require_tool("node")
    frames = random_game_frames(7, ticks=100, players=4)
    moved = next(
        delta
        for delta, after in itertools.pairwise(frames)
        if delta.get("moved") and after["type"] == "snapshot"
    )
    snake, x, y, trim = moved["moved"][0]
    moved["moved"][0] = (snake, x + 1, y, trim)
    path = tmp_path / "frames.json"
    path.write_bytes(orjson.dumps({"frames": frames}))
    result = subprocess.run([node, str(CHECKER), str(path)], capture_output=True, timeout=60)
    assert result.returncode == 1
