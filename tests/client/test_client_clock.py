"""The page's clock arithmetic under Node: the turn-based countdown and the in-between frames.

`check_clock.mjs` runs `clock.js`, the pure part of the page shell that says how full the turn
bar is and how far the board is drawn between two ticks, and reports each case with node:test.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.conftest import require_tool

CHECKER = Path(__file__).with_name("check_clock.mjs")


def test_the_turn_countdown_and_frame_interpolation() -> None:
    node = require_tool("node")
    result = subprocess.run([node, str(CHECKER)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "# pass 3" in result.stdout and "# fail 0" in result.stdout, result.stdout
