"""A room whose tick raises stops alone: its players are told, other rooms keep ticking."""

from __future__ import annotations

from typing import Any

import pytest

from kogame.games.snek.game import SnekGame
from tests.play.wsclient import connect_and_greet, embedded_host, running_room

pytestmark = pytest.mark.django_db(transaction=True)


async def test_a_failing_room_stops_alone_and_tells_its_players(
    caplog: pytest.LogCaptureFixture,
) -> None:
    healthy = await connect_and_greet("/ws/play/snek/healthy/")
    doomed = await connect_and_greet("/ws/play/snek/doomed/")
    room = running_room("doomed")

    class BrokenSnek(SnekGame):
        def step(self, state: Any, inputs: Any) -> Any:
            raise RuntimeError("boom")

    room.game = BrokenSnek()
    error = await doomed.error()
    assert error["code"] == "room_failed"
    assert await doomed.close_code() == 1011
    assert "snek/doomed failed" in caplog.text
    first = await healthy.receive_until(lambda m: m["type"] == "delta")
    second = await healthy.receive_until(lambda m: m["type"] == "delta")
    assert second["tick"] == first["tick"] + 1
    assert ("snek", "doomed") not in embedded_host().rooms
    await healthy.close()
