"""Serve Kogame with uvicorn, configured for WebSocket fan-out.

`python -m kogame.serve --host 127.0.0.1 --port 8000`. The flags live here, once, for
`make run`, deployments and the browser tests (docs/architecture.md says why each is set).
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
from types import FrameType

import uvicorn

from kogame.eventloop import LOOPS, default_loop
from kogame.gctuning import tune_gc

# Frames are at most 4 KiB by protocol; anything far larger is refused before it is buffered.
WS_MAX_SIZE = 64 * 1024
# How long a clean shutdown waits for queued game results to reach the database.
SHUTDOWN_FLUSH_SECONDS = 30.0

log = logging.getLogger(__name__)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument(
        "--loop",
        choices=LOOPS,
        default=default_loop(),
        help="event loop (default: KOGAME_EVENT_LOOP, else auto: uvloop when installed)",
    )
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kogame.settings")
    from django.core.checks import run_checks

    from kogame.asgi import application
    from kogame.play.wsprotocol import SharedDeflateProtocol

    # As `runserver` does: refuse to start on settings that would fail every game.
    errors = [message for message in run_checks() if message.is_serious()]
    if errors:
        parser.exit(2, "".join(f"{error}\n" for error in errors))
    tune_gc()
    # uvicorn shuts down gracefully on SIGTERM/SIGINT, then raises the signal again for the
    # handler that was there before it. Ignoring it there lets `run` return, so the results
    # still queued are written before exit; a second signal during that ends the process.
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, _shut_down_already)
    uvicorn.run(
        application,
        host=args.host,
        port=args.port,
        loop=args.loop,
        # websockets-sansio, agreeing compression in the form that is shared by every
        # connection: each frame is deflated once per tick (kogame/play/wsprotocol.py).
        ws=SharedDeflateProtocol,
        ws_max_size=WS_MAX_SIZE,
        lifespan="off",
        proxy_headers=True,
        log_level=os.environ.get("KOGAME_LOG_LEVEL", "info").lower(),
    )
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    flush_results()


def _shut_down_already(signum: int, frame: FrameType | None) -> None:
    """The signal uvicorn handled (by shutting down) and raised again: nothing left to do."""


def flush_results() -> None:
    """Write the game results still queued, so a clean shutdown loses none; say how it went."""
    from kogame.records.recorder import get_recorder

    recorder = get_recorder()
    if recorder.flush(SHUTDOWN_FLUSH_SECONDS):
        log.info("shutdown: all results written (%d by this process)", recorder.written)
    else:
        log.error("shutdown: %d results could not be written", recorder.pending)


if __name__ == "__main__":
    main()
