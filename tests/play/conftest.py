"""WebSocket test fixtures: a clean room host per test, and small, quick rooms."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest

from kogame.records.recorder import get_recorder
from kogame.rooms.hosting import get_host


@pytest.fixture(autouse=True)
async def fresh_host(results_writer: None) -> AsyncIterator[None]:
    """Every test starts with no rooms and leaves none running."""
    yield
    await get_host().shutdown()
    # Results of the test's rooms are written before its database is cleared.
    await asyncio.to_thread(get_recorder().flush, 5.0)


@pytest.fixture(autouse=True)
def fast_rooms(settings: Any) -> None:
    """Small boards and quick ticks keep WebSocket tests short."""
    settings.KOGAME_ROOM_DEFAULTS = {
        "snek": {"tick_rate": "30", "size": "16", "max_players": "12", "bots": "0"}
    }
    settings.KOGAME_GRACE_SECONDS = 0.5
    settings.KOGAME_ROOM_IDLE_SECONDS = 60
