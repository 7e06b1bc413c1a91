"""Snek's on-screen pad and sounds under Node: pad directions, the remembered toggle, and which
deltas make which sound (`check_snek_touch_and_sound.mjs`)."""

from __future__ import annotations

from pathlib import Path

from tests.client.nodetest import run_node_tests

CHECKER = Path(__file__).with_name("check_snek_touch_and_sound.mjs")


def test_the_pad_and_the_sounds() -> None:
    report = run_node_tests(CHECKER)
    assert "# pass 8" in report and "# fail 0" in report, report
