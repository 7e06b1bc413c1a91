"""A room, described once: from its stored definition (or the environment, for a game's
default room) to the running room, the engine worker that owns it and the lobby's list."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

ROOM_SLUG_PATTERN = r"[a-z0-9-]{1,32}"
_SLUG = re.compile(ROOM_SLUG_PATTERN)


def valid_slug(slug: str) -> bool:
    return _SLUG.fullmatch(slug) is not None


@dataclass(frozen=True)
class RoomSpec:
    """`options` are the game's settings (checked against its declaration); a room with a
    `turn_deadline_ms` is turn-based, otherwise it ticks `tick_rate` times a second."""

    game: str
    slug: str
    name: str = ""
    public: bool = True
    tick_rate: int = 10
    options: Mapping[str, Any] = field(default_factory=dict)
    turn_deadline_ms: int | None = None

    @property
    def url(self) -> str:
        return f"/play/{self.game}/{self.slug}/"

    @property
    def turn_based(self) -> bool:
        return self.turn_deadline_ms is not None

    def as_data(self) -> dict[str, Any]:
        """Plain data, for messages between processes and match records."""
        return {
            "game": self.game,
            "slug": self.slug,
            "name": self.name,
            "public": self.public,
            "tick_rate": self.tick_rate,
            "options": dict(self.options),
            "turn_deadline_ms": self.turn_deadline_ms,
        }

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> RoomSpec:
        return cls(**data)


@dataclass(frozen=True)
class RoomTiming:
    """How long a room waits for people: the operator's choice, the same for every room."""

    grace_seconds: float = 10.0
    idle_seconds: float = 60.0
    # A player dead this long (between lives, still holding a place) without any input gives
    # the place up: in a full room they would otherwise keep everyone else out.
    dead_idle_seconds: float = 60.0

    def __post_init__(self) -> None:
        if self.grace_seconds < 0 or self.idle_seconds < 0:
            raise ValueError("grace_seconds and idle_seconds cannot be negative")
        if self.dead_idle_seconds <= 0:
            raise ValueError("dead_idle_seconds must be positive")
