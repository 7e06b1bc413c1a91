"""This process's room host, how a room definition becomes a running room's config, and how
a room's results reach the records."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache

from django.conf import settings

from kogame.engine.game import LifeSummary
from kogame.engine.host import EmbeddedHost
from kogame.engine.room import Room, RoomConfig
from kogame.games import GAMES
from kogame.lobby.directory import RoomInfo
from kogame.records.recorder import LifeEnded, MatchClosed, MatchOpened, get_recorder


def room_config(info: RoomInfo) -> RoomConfig:
    return RoomConfig(
        name=info.name,
        public=info.public,
        tick_rate=info.tick_rate,
        grace_seconds=settings.KOGAME_GRACE_SECONDS,
        idle_seconds=settings.KOGAME_ROOM_IDLE_SECONDS,
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

    def life_ended(self, room: Room, life: LifeSummary, number: int) -> None:
        get_recorder().submit(
            LifeEnded(
                match=room.run_id,
                player=life.player,
                name=life.name,
                life=number,
                score=life.score,
                length=life.length,
                kills=life.kills,
                cause=life.cause,
                duration=life.ticks / room.config.tick_rate,
                at=_now(),
            )
        )

    def room_stopped(self, room: Room) -> None:
        get_recorder().submit(MatchClosed(key=room.run_id, at=_now()))


def _now() -> datetime:
    return datetime.now(UTC)


@cache
def get_host() -> EmbeddedHost:
    return EmbeddedHost(GAMES, listener=RecordingListener())
