"""Snek's on-screen pad, sounds and kill feed under Node: pad directions, the remembered toggle,
which deltas make which sound, and the kill feed's lines (`check_snek_touch_and_sound.mjs`)."""

from __future__ import annotations

from pathlib import Path

from tests.client.nodetest import run_node_tests

CHECKER = Path(__file__).with_name("check_snek_touch_and_sound.mjs")


def test_the_pad_the_sounds_and_the_kill_feed() -> None:
    report = run_node_tests(CHECKER)
    assert "# pass 10" in report and "# fail 0" in report, report
