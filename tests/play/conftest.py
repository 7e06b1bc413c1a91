"""WebSocket test fixtures: a clean room host per test, and small, quick rooms."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest

from kogame.play.rooms import get_host
from kogame.records.recorder import get_recorder


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
    settings.KOGAME_TICK_RATE = 30
    settings.KOGAME_BOARD_SIZE = 16
    settings.KOGAME_GRACE_SECONDS = 0.5
    settings.KOGAME_ROOM_IDLE_SECONDS = 60
    settings.KOGAME_MAX_PLAYERS = 12
    settings.KOGAME_BOTS = 0
