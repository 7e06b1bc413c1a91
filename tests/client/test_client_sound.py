"""The page's sound switch under Node: silent until a gesture, mute remembered, never an error.

`check_sound.mjs` runs `play/js/sound.js` with a pretend audio context and storage.
"""

from __future__ import annotations

from pathlib import Path

from tests.client.nodetest import run_node_tests

CHECKER = Path(__file__).with_name("check_sound.mjs")


def test_the_sound_board() -> None:
    report = run_node_tests(CHECKER)
    assert "# pass 4" in report and "# fail 0" in report, report
