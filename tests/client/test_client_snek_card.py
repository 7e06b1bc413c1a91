"""Snek's death card rows, first-life hint and hold countdown under Node
(`check_snek_card.mjs`)."""

from __future__ import annotations

from pathlib import Path

from tests.client.nodetest import run_node_tests

CHECKER = Path(__file__).with_name("check_snek_card.mjs")


def test_the_death_card_the_hint_and_the_countdown() -> None:
    report = run_node_tests(CHECKER)
    assert "# pass 6" in report and "# fail 0" in report, report
