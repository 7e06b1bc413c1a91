"""The page's clock arithmetic under Node: the turn-based countdown and the in-between frames.

`check_clock.mjs` runs `clock.js`, the pure part of the page shell that says how full the turn
bar is and how far the board is drawn between two ticks, and reports each case with node:test.
"""

from __future__ import annotations

from pathlib import Path

from tests.client.nodetest import run_node_tests

CHECKER = Path(__file__).with_name("check_clock.mjs")


def test_the_turn_countdown_and_frame_interpolation() -> None:
    report = run_node_tests(CHECKER)
    assert "# pass 3" in report and "# fail 0" in report, report
