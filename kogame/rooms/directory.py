"""Where rooms are looked up and made: the one place that knows a room's settings.

The default room of each game is not stored: it is described by the process's settings
(`KOGAME_<GAME>_<SETTING>`, README "Configuration"), so an operator changes it with
environment variables. Every other room has a RoomDefinition row.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.text import slugify

from kogame.engine.options import Kind, Value, parse
from kogame.engine.registry import GAMES
from kogame.engine.spec import RoomSpec, RoomTiming, valid_slug
from kogame.rooms.models import DEFAULT_TURN_DEADLINE_MS, RoomDefinition

# 96 random bits: a private room's link cannot be guessed.
PRIVATE_SLUG_BYTES = 12
PUBLIC_SUFFIX_BYTES = 3
_SLUG_ATTEMPTS = 5
# Environment settings every game's default room has besides the game's own.
CLOCK_SETTINGS = ("tick_rate", "turn_based", "turn_deadline_ms")


def default_room(game: str) -> RoomSpec:
    """Raises ValueError when the environment gives a setting the game does not declare, or
    a value of the wrong type (the system check in checks.py says so at start-up)."""
    declared = GAMES[game]
    prefix = f"KOGAME_{game.upper()}_"
    given = dict(settings.KOGAME_ROOM_DEFAULTS.get(game, {}))

    def value(name: str, kind: Kind, default: Value) -> Any:
        text = given.pop(name, None)
        try:
            return default if text is None else parse(kind, text)
        except ValueError as error:
            raise ValueError(f"{prefix}{name.upper()}: {error}") from None

    tick_rate = value("tick_rate", "int", declared.tick_rates.default)
    turn_based = value("turn_based", "bool", False)
    deadline = value("turn_deadline_ms", "int", DEFAULT_TURN_DEADLINE_MS)
    options = {s.name: value(s.name, s.kind, s.default) for s in declared.settings}
    if given:
        unknown = ", ".join(prefix + name.upper() for name in sorted(given))
        raise ValueError(f"{unknown}: {declared.title} has no such setting")
    return RoomSpec(
        game=game,
        slug=settings.KOGAME_DEFAULT_ROOM,
        name=settings.KOGAME_DEFAULT_ROOM_NAME,
        public=True,
        tick_rate=tick_rate,
        options=options,
        turn_deadline_ms=deadline if turn_based else None,
    )


def room_timing() -> RoomTiming:
    return RoomTiming(
        grace_seconds=settings.KOGAME_GRACE_SECONDS,
        idle_seconds=settings.KOGAME_ROOM_IDLE_SECONDS,
        dead_idle_seconds=settings.KOGAME_DEAD_IDLE_SECONDS,
    )


def find_room(game: str, slug: str) -> RoomSpec | None:
    """The room at /play/<game>/<slug>/, or None if there is no such room."""
    if game not in GAMES or not valid_slug(slug):
        return None
    if slug == settings.KOGAME_DEFAULT_ROOM:
        return default_room(game)
    row = RoomDefinition.objects.filter(game=game, slug=slug).first()
    return None if row is None else row.spec()


def create_room(definition: RoomDefinition) -> RoomSpec:
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
        return definition.spec()
    raise RuntimeError("could not find a free room slug")


def _new_slug(name: str, public: bool) -> str:
    if not public:
        return secrets.token_hex(PRIVATE_SLUG_BYTES)
    # slugify keeps underscores, which room ids do not allow.
    stem = slugify(name).replace("_", "-")[:24].strip("-") or "room"
    return f"{stem}-{secrets.token_hex(PUBLIC_SUFFIX_BYTES)}"
