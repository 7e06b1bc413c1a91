"""Engine test fixtures: the event loop's clock, moved by hand."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest


class Clock:
    """The event loop's clock, moved by hand (the room reads time only from its loop)."""

    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
async def clock() -> AsyncIterator[Clock]:
    loop = asyncio.get_running_loop()
    fake = Clock(loop.time())
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(loop, "time", fake)
        yield fake
