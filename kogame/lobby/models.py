"""Room definitions: what a room is called, who may find it, and the settings it starts with.

A definition outlives the running room: a room stops when it has been empty for a while and
starts again, from the same definition, when someone follows its link.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q

ROOM_SLUG_PATTERN = r"[a-z0-9-]{1,32}"

# Limits of the settings a player may choose; the database checks them too.
BOARD_SIZE = (16, 128)
TICK_RATE = (5, 30)
MAX_PLAYERS = (1, 32)
BOTS = (0, 8)


def _between(field: str, limits: tuple[int, int]) -> models.CheckConstraint:
    low, high = limits
    return models.CheckConstraint(
        condition=Q(**{f"{field}__gte": low, f"{field}__lte": high}),
        name=f"room_%(class)s_{field}_range",
    )


def _range_validators(limits: tuple[int, int]) -> list[MinValueValidator | MaxValueValidator]:
    return [MinValueValidator(limits[0]), MaxValueValidator(limits[1])]


class RoomDefinition(models.Model):
    game = models.CharField(max_length=32)
    slug = models.CharField(
        max_length=32, validators=[RegexValidator(f"^{ROOM_SLUG_PATTERN}$")], editable=False
    )
    name = models.CharField(max_length=40)
    public = models.BooleanField(
        default=True, help_text="Listed in the lobby; private rooms are reached by link only."
    )
    board_size = models.PositiveSmallIntegerField(
        default=48, validators=_range_validators(BOARD_SIZE)
    )
    tick_rate = models.PositiveSmallIntegerField(
        default=10, validators=_range_validators(TICK_RATE)
    )
    max_players = models.PositiveSmallIntegerField(
        default=12, validators=_range_validators(MAX_PLAYERS)
    )
    bots = models.PositiveSmallIntegerField(default=3, validators=_range_validators(BOTS))
    created_by = models.CharField(max_length=12, blank=True, help_text="Player id of the creator.")
    created_from = models.GenericIPAddressField(
        null=True, blank=True, help_text="Address the creator's request came from."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=["game", "slug"], name="room_unique_game_slug"),
            models.CheckConstraint(condition=Q(name__regex=r"\S"), name="room_name_not_blank"),
            _between("board_size", BOARD_SIZE),
            _between("tick_rate", TICK_RATE),
            _between("max_players", MAX_PLAYERS),
            _between("bots", BOTS),
        )
        # The room-creation limits count one creator's (or address's) recent rooms.
        indexes = (
            models.Index(fields=["created_by", "created_at"], name="room_creator_recent"),
            models.Index(fields=["created_from", "created_at"], name="room_address_recent"),
        )
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return f"{self.name} ({self.game}/{self.slug})"
