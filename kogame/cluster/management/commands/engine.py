"""`manage.py engine`: run one engine worker (distributed mode); start as many as you like."""

from __future__ import annotations

import asyncio
import signal
from typing import Any

from channels.layers import get_channel_layer
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from kogame.cluster.redisconf import connect
from kogame.cluster.worker import EngineWorker
from kogame.games import GAMES
from kogame.records.recorder import stop_recorder
from kogame.serve import tune_gc


class Command(BaseCommand):
    help = "Run an engine worker: it owns rooms (Redis leases) and runs their tick loops."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--name", help="Worker name in logs and leases (default: host:pid)")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.KOGAME_REDIS_URL:
            raise CommandError("Set KOGAME_REDIS_URL: engine workers share rooms through Redis.")
        tune_gc()
        asyncio.run(self._run(options.get("name")))
        # Results of the last ticks are written before the process ends.
        stop_recorder(timeout=30.0)

    async def _run(self, name: str | None) -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, stop.set)
        redis = connect(settings.KOGAME_REDIS_URL)
        worker = EngineWorker(GAMES, redis, get_channel_layer(), name=name)
        try:
            await worker.run(stop)
        finally:
            await redis.aclose()
