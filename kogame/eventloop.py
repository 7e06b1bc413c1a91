"""Which event loop a Kogame process runs on: uvloop where it is installed (a dependency
where it builds), else asyncio's own. The web server (kogame/serve.py, through uvicorn) and
the engine worker (`manage.py engine`) choose the same way: `--loop`, else
`KOGAME_EVENT_LOOP`, else "auto"."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable, Coroutine
from typing import Any

LOOPS = ("auto", "asyncio", "uvloop")


def default_loop() -> str:
    return os.environ.get("KOGAME_EVENT_LOOP", "auto")


def runner(loop: str) -> Callable[[Coroutine[Any, Any, None]], None]:
    """What runs a process's main coroutine on `loop`; ValueError for "uvloop" without it."""
    if loop not in LOOPS:
        raise ValueError(f"unknown event loop {loop!r}: one of {', '.join(LOOPS)}")
    if loop == "asyncio":
        return asyncio.run
    try:
        import uvloop
    except ImportError as missing:
        if loop == "uvloop":
            raise ValueError("uvloop is not installed here") from missing
        return asyncio.run
    run: Callable[[Coroutine[Any, Any, None]], None] = uvloop.run
    return run
