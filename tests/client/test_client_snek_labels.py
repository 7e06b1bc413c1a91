"""Snek's name tags keep off their own snake and off each other, under Node
(`check_snek_labels.mjs`)."""

from __future__ import annotations

from pathlib import Path

from tests.client.nodetest import run_node_tests

CHECKER = Path(__file__).with_name("check_snek_labels.mjs")


def test_name_tags_cover_nothing_of_their_own_and_keep_apart() -> None:
    report = run_node_tests(CHECKER)
    assert "# pass 8" in report and "# fail 0" in report, report
