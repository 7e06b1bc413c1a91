"""WebSocket test fixtures: a clean room host per test, and small, quick rooms."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from kogame.play.rooms import get_host


@pytest.fixture(autouse=True)
async def fresh_host() -> AsyncIterator[None]:
    """Every test starts with no rooms and leaves none running."""
    yield
    await get_host().shutdown()


@pytest.fixture(autouse=True)
def fast_rooms(settings: Any) -> None:
    """Small boards and quick ticks keep WebSocket tests short."""
    settings.KOGAME_TICK_RATE = 30
    settings.KOGAME_BOARD_SIZE = 16
    settings.KOGAME_GRACE_SECONDS = 0.5
    settings.KOGAME_ROOM_IDLE_SECONDS = 60
