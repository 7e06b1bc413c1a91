"""The event loop a process runs on: uvloop by default where it is installed, asyncio's on
request, and a clear refusal of anything else."""

from __future__ import annotations

import asyncio

import pytest
import uvloop

from kogame.eventloop import runner


def loop_type(loop: str) -> type:
    seen: list[type] = []

    async def main() -> None:
        seen.append(type(asyncio.get_running_loop()))

    runner(loop)(main())
    return seen[0]


def test_auto_and_uvloop_run_on_uvloop_and_asyncio_on_asyncio() -> None:
    assert loop_type("auto") is uvloop.Loop
    assert loop_type("uvloop") is uvloop.Loop
    assert not issubclass(loop_type("asyncio"), uvloop.Loop)


def test_an_unknown_loop_is_refused_with_the_choices() -> None:
    with pytest.raises(ValueError, match="auto, asyncio, uvloop"):
        runner("trio")
