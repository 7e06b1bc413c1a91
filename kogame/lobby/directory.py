"""Where rooms are looked up and made: the one place that knows a room's settings.

The default room of each game is not stored: it is described by the process's settings, so an
operator changes it with environment variables. Every other room has a RoomDefinition row.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.text import slugify

from kogame.games import GAMES
from kogame.lobby.models import ROOM_SLUG_PATTERN, RoomDefinition

_SLUG = re.compile(ROOM_SLUG_PATTERN)
# 96 random bits: a private room's link cannot be guessed.
PRIVATE_SLUG_BYTES = 12
PUBLIC_SUFFIX_BYTES = 3
_SLUG_ATTEMPTS = 5


@dataclass(frozen=True)
class RoomInfo:
    game: str
    slug: str
    name: str
    public: bool
    board_size: int
    tick_rate: int
    max_players: int
    bots: int

    @property
    def url(self) -> str:
        return f"/play/{self.game}/{self.slug}/"


def valid_slug(slug: str) -> bool:
    return _SLUG.fullmatch(slug) is not None


def default_room(game: str) -> RoomInfo:
    return RoomInfo(
        game=game,
        slug=settings.KOGAME_DEFAULT_ROOM,
        name=settings.KOGAME_DEFAULT_ROOM_NAME,
        public=True,
        board_size=settings.KOGAME_BOARD_SIZE,
        tick_rate=settings.KOGAME_TICK_RATE,
        max_players=settings.KOGAME_MAX_PLAYERS,
        bots=settings.KOGAME_BOTS,
    )


def find_room(game: str, slug: str) -> RoomInfo | None:
    """The room at /play/<game>/<slug>/, or None if there is no such room."""
    if game not in GAMES or not valid_slug(slug):
        return None
    if slug == settings.KOGAME_DEFAULT_ROOM:
        return default_room(game)
    row = RoomDefinition.objects.filter(game=game, slug=slug).first()
    return None if row is None else _info(row)


def create_room(definition: RoomDefinition) -> RoomInfo:
    """Save a new (validated, unsaved) definition under a fresh slug.

    Public rooms get a readable slug from their name; private ones an unguessable token.
    """
    for _ in range(_SLUG_ATTEMPTS):
        definition.slug = _new_slug(definition.name, definition.public)
        try:
            with transaction.atomic():
                definition.save()
        except IntegrityError:
            continue
        return _info(definition)
    raise RuntimeError("could not find a free room slug")


def _new_slug(name: str, public: bool) -> str:
    if not public:
        return secrets.token_hex(PRIVATE_SLUG_BYTES)
    # slugify keeps underscores, which room ids do not allow.
    stem = slugify(name).replace("_", "-")[:24].strip("-") or "room"
    return f"{stem}-{secrets.token_hex(PUBLIC_SUFFIX_BYTES)}"


def _info(row: RoomDefinition) -> RoomInfo:
    return RoomInfo(
        game=row.game,
        slug=row.slug,
        name=row.name,
        public=row.public,
        board_size=row.board_size,
        tick_rate=row.tick_rate,
        max_players=row.max_players,
        bots=row.bots,
    )
