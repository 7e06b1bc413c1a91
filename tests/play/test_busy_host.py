"""A socket that would start one room more than this process may run is told the server is
busy, and closed with a code the client retries after."""

from __future__ import annotations

import pytest

from kogame.engine.host import CLOSE_BUSY
from tests.play.wsclient import connect_and_greet, embedded_host, open_client

pytestmark = pytest.mark.django_db(transaction=True)


async def test_one_room_too_many_is_refused_and_running_rooms_stay_open(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    host = embedded_host()
    monkeypatch.setattr(host, "max_rooms", 1)
    player = await connect_and_greet("/ws/play/snek/first/")
    refused = await open_client("/ws/play/snek/second/")
    error = await refused.receive()
    assert error["type"] == "error" and error["code"] == "server_busy"
    assert "The server is busy right now" in error["message"]
    assert await refused.close_code() == CLOSE_BUSY == 4013
    assert set(host.rooms) == {("snek", "first")}
    watcher = await connect_and_greet("/ws/play/snek/first/")
    await watcher.counted(0, 2)
    await player.close()
    await watcher.close()
