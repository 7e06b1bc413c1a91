"""This process's room host, how a room definition becomes a running room's config, and how
a room's results reach the records."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache
from typing import Any

import orjson
from channels.layers import get_channel_layer
from django.conf import settings
from redis import Redis as SyncRedis

from kogame.cluster import keys
from kogame.cluster.redisconf import connect
from kogame.cluster.relay import RelayHost
from kogame.engine.host import EmbeddedHost
from kogame.engine.results import Life
from kogame.engine.room import Room, RoomConfig
from kogame.games import GAMES
from kogame.lobby.directory import RoomInfo
from kogame.records.recorder import (
    LifeEnded,
    MatchClosed,
    MatchOpened,
    PlayerNamed,
    get_recorder,
)


def room_config(info: RoomInfo) -> RoomConfig:
    return RoomConfig(
        name=info.name,
        public=info.public,
        tick_rate=info.tick_rate,
        grace_seconds=settings.KOGAME_GRACE_SECONDS,
        idle_seconds=settings.KOGAME_ROOM_IDLE_SECONDS,
        dead_idle_seconds=settings.KOGAME_DEAD_IDLE_SECONDS,
        options={"size": info.board_size, "max_players": info.max_players, "bots": info.bots},
    )


class RecordingListener:
    """Hands each run of a room, and each life that ends in it, to the results recorder.

    `submit` only appends to a bounded queue, so the tick never waits for the database.
    """

    def room_started(self, room: Room) -> None:
        config = room.config
        match_settings = {"name": config.name, "public": config.public} | dict(config.options)
        get_recorder().submit(
            MatchOpened(
                key=room.run_id,
                game=room.game_name,
                room=room.room_id,
                settings=match_settings | {"tick_rate": config.tick_rate},
                at=_now(),
            )
        )

    def life_ended(self, room: Room, life: Life, number: int) -> None:
        get_recorder().submit(
            LifeEnded(
                match=room.run_id,
                game=room.game_name,
                life=life,
                number=number,
                duration=life.ticks / room.config.tick_rate,
                at=_now(),
            )
        )

    def player_named(self, room: Room, player: str, name: str) -> None:
        get_recorder().submit(PlayerNamed(player, name))

    def room_stopped(self, room: Room) -> None:
        get_recorder().submit(MatchClosed(key=room.run_id, at=_now()))


def room_figures(room: Room) -> dict[str, Any]:
    """What the lobby shows of a running room (also what engine workers publish to Redis)."""
    return figures(room.game_name, room.room_id, room.config, room.presence)


def figures(
    game: str, room_id: str, config: RoomConfig, presence: tuple[int, int] = (0, 0)
) -> dict[str, Any]:
    """A room's lobby entry from its config and (players, spectators)."""
    players, spectators = presence
    return {
        "game": game,
        "id": room_id,
        "name": config.name,
        "public": config.public,
        "players": players,
        "spectators": spectators,
        "max_players": config.options.get("max_players"),
        "bots": config.options.get("bots", 0),
        "tick_rate": config.tick_rate,
        "board_size": config.options.get("size"),
    }


def _now() -> datetime:
    return datetime.now(UTC)


@cache
def get_host() -> EmbeddedHost | RelayHost:
    """Rooms in this process (embedded), or relays to engine workers (with Redis)."""
    if settings.KOGAME_REDIS_URL:
        return RelayHost(GAMES, connect(settings.KOGAME_REDIS_URL), get_channel_layer())
    return EmbeddedHost(
        GAMES,
        listener=RecordingListener(),
        max_rooms=settings.KOGAME_MAX_ROOMS,
        exempt=frozenset({settings.KOGAME_DEFAULT_ROOM}),
    )


@cache
def _stats_store() -> SyncRedis:
    return SyncRedis.from_url(settings.KOGAME_REDIS_URL, socket_timeout=2)


STATS_FRESH_MS = 5000


def live_figures() -> list[dict[str, Any]]:
    """Figures of every running room: this process's, or all engine workers' (from Redis)."""
    host = get_host()
    if isinstance(host, EmbeddedHost):
        return [room_figures(room) for room in list(host.rooms.values())]
    fresh_since = int(datetime.now(UTC).timestamp() * 1000) - STATS_FRESH_MS
    stored = _stats_store().hgetall(keys.STATS)
    figures = [orjson.loads(value) for value in stored.values()]
    return [entry for entry in figures if entry.pop("at", 0) >= fresh_since]
