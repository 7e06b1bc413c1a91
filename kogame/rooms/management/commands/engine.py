"""`manage.py engine`: run one engine worker (distributed mode); start as many as you like."""

from __future__ import annotations

import asyncio
import signal
from typing import Any

from channels.layers import get_channel_layer
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from prometheus_client import start_http_server

from kogame import monitoring
from kogame.cluster.framebus import FramePublisher
from kogame.cluster.mailbox import check_redis
from kogame.cluster.redisconf import connect
from kogame.cluster.worker import EngineWorker
from kogame.engine.registry import GAMES
from kogame.eventloop import LOOPS, default_loop, runner
from kogame.gctuning import tune_gc
from kogame.records.recorder import stop_recorder
from kogame.rooms.hosting import worker_site


class Command(BaseCommand):
    help = "Run an engine worker: it owns rooms (Redis leases) and runs their tick loops."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--name", help="Worker name in logs and leases (default: host:pid)")
        parser.add_argument(
            "--metrics",
            metavar="HOST:PORT",
            help="Serve Prometheus metrics (ticks, rooms, connections, results) at "
            "http://HOST:PORT/metrics, e.g. 127.0.0.1:9101 (default: none)",
        )
        parser.add_argument(
            "--loop",
            choices=LOOPS,
            default=default_loop(),
            help="event loop (default: KOGAME_EVENT_LOOP, else auto: uvloop when installed)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.KOGAME_REDIS_URL:
            raise CommandError("Set KOGAME_REDIS_URL: engine workers share rooms through Redis.")
        metrics = _address(options["metrics"]) if options.get("metrics") else None
        try:
            run = runner(options["loop"])
        except ValueError as error:
            raise CommandError(str(error)) from error
        tune_gc()
        run(self._run(options.get("name"), metrics))
        # Results of the last ticks are written before the process ends.
        stop_recorder(timeout=30.0)

    async def _run(self, name: str | None, metrics: tuple[str, int] | None) -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, stop.set)
        redis = connect(settings.KOGAME_REDIS_URL)
        try:
            await check_redis(redis)
        except RuntimeError as error:
            await redis.aclose()
            raise CommandError(str(error)) from error
        frames = FramePublisher(redis) if settings.KOGAME_FRAMES_VIA == "pubsub" else None
        worker = EngineWorker(
            GAMES, redis, get_channel_layer(), worker_site(), name=name, frames=frames
        )
        if metrics is not None:
            # list() copies in one call: the metrics thread reads while the loop changes `owned`.
            monitoring.report_rooms(lambda: [owned.room for owned in list(worker.owned.values())])
            host, port = metrics
            # prometheus_client's own server, in a thread: scrapes never touch the tick loop.
            start_http_server(port, addr=host)
        try:
            await worker.run(stop)
        finally:
            await redis.aclose()


def _address(value: str) -> tuple[str, int]:
    host, _, port = value.rpartition(":")
    if not host or not port.isdigit():
        raise CommandError(f"--metrics wants HOST:PORT, e.g. 127.0.0.1:9101 (got {value!r})")
    return host, int(port)
