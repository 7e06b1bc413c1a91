"""The wiring of rooms: this process's room host, how a room's results reach the records, and
what the lobby lists of a running room."""

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
from kogame.cluster.worker import Site
from kogame.engine.game import Game
from kogame.engine.host import EmbeddedHost
from kogame.engine.registry import GAMES
from kogame.engine.results import Life
from kogame.engine.room import Room
from kogame.engine.spec import RoomSpec
from kogame.records.recorder import (
    LifeEnded,
    MatchClosed,
    MatchOpened,
    PlayerNamed,
    get_recorder,
)
from kogame.rooms.directory import find_room, room_timing


class RecordingListener:
    """Hands each run of a room, and each life that ends in it, to the results recorder.

    `submit` only appends to a bounded queue, so the tick never waits for the database.
    """

    def room_started(self, room: Room) -> None:
        spec = room.spec
        match_settings = {"name": spec.name, "public": spec.public} | dict(spec.options)
        clock = {"tick_rate": spec.tick_rate}
        if spec.turn_based:
            clock["turn_deadline_ms"] = spec.turn_deadline_ms  # type: ignore[assignment]
        get_recorder().submit(
            MatchOpened(
                key=room.run_id,
                game=room.game_name,
                room=room.room_id,
                settings=match_settings | clock,
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
                duration=life.ticks / room.spec.tick_rate,
                at=_now(),
            )
        )

    def player_named(self, room: Room, player: str, name: str) -> None:
        get_recorder().submit(PlayerNamed(player, name))

    def room_stopped(self, room: Room) -> None:
        get_recorder().submit(MatchClosed(key=room.run_id, at=_now()))


def room_entry(room: Room) -> dict[str, Any]:
    """What the lobby shows of a running room (also what engine workers publish to Redis)."""
    return entry(room.game, room.spec, room.presence)


def entry(
    game: Game[Any, Any, Any], spec: RoomSpec, presence: tuple[int, int] = (0, 0)
) -> dict[str, Any]:
    """A room's lobby entry from its description and (players, spectators)."""
    players, spectators = presence
    return {
        "game": spec.game,
        "title": game.title,
        "id": spec.slug,
        "name": spec.name,
        "public": spec.public,
        "players": players,
        "spectators": spectators,
        "max_players": game.capacity(spec.options),
        "tick_rate": spec.tick_rate,
        "turn_based": spec.turn_based,
        "summary": game.summary(spec.options),
    }


def _now() -> datetime:
    return datetime.now(UTC)


@cache
def get_host() -> EmbeddedHost | RelayHost:
    """Rooms in this process (embedded), or relays to engine workers (with Redis)."""
    if settings.KOGAME_REDIS_URL:
        url = settings.KOGAME_REDIS_URL
        frames_url = url if settings.KOGAME_FRAMES_VIA == "pubsub" else None
        return RelayHost(GAMES, connect(url), get_channel_layer(), frames_url)
    return EmbeddedHost(
        GAMES,
        listener=RecordingListener(),
        timing=room_timing,
        max_rooms=settings.KOGAME_MAX_ROOMS,
        exempt=frozenset({settings.KOGAME_DEFAULT_ROOM}),
    )


def worker_site() -> Site:
    """What this site's engine workers need: its rooms, its results and its lobby entries."""
    return Site(
        find_room=find_room, listener=RecordingListener(), entry=room_entry, timing=room_timing
    )


@cache
def _stats_store() -> SyncRedis:
    return SyncRedis.from_url(settings.KOGAME_REDIS_URL, socket_timeout=2)


STATS_FRESH_MS = 5000


def live_entries() -> list[dict[str, Any]]:
    """Lobby entries of every running room: this process's, or all engine workers' (from Redis)."""
    host = get_host()
    if isinstance(host, EmbeddedHost):
        return [room_entry(room) for room in list(host.rooms.values())]
    fresh_since = int(datetime.now(UTC).timestamp() * 1000) - STATS_FRESH_MS
    stored = _stats_store().hgetall(keys.STATS)
    entries = [orjson.loads(value) for value in stored.values()]
    return [item for item in entries if item.pop("at", 0) >= fresh_since]
