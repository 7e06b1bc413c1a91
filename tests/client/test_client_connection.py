"""The browser's connection module under Node: a connection that stalls without closing (a
network cut that sends no reset) is noticed, said so, abandoned and replaced; a delta the game
cannot apply makes it ask for a snapshot.

`check_connection.mjs` drives `net.js` with a fake WebSocket and a clock moved by hand, and
reports each case with node:test.
"""

from __future__ import annotations

from pathlib import Path

from tests.client.nodetest import run_node_tests

CHECKER = Path(__file__).with_name("check_connection.mjs")


def test_the_connection_notices_a_stall_and_reconnects_and_resyncs() -> None:
    report = run_node_tests(CHECKER)
    assert "# pass 6" in report and "# fail 0" in report, report
