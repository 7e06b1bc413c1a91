"""This process's room host, configured from Django settings."""

from __future__ import annotations

from functools import cache

from django.conf import settings

from kogame.engine.host import EmbeddedHost
from kogame.engine.room import RoomConfig
from kogame.games import GAMES


def room_config(game_name: str, room_id: str) -> RoomConfig:
    return RoomConfig(
        tick_rate=settings.KOGAME_TICK_RATE,
        grace_seconds=settings.KOGAME_GRACE_SECONDS,
        idle_seconds=settings.KOGAME_ROOM_IDLE_SECONDS,
        options={"size": settings.KOGAME_BOARD_SIZE},
    )


@cache
def get_host() -> EmbeddedHost:
    return EmbeddedHost(GAMES, room_config)
