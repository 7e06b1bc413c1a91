"""Room definitions: what a room is called, who may find it, and the settings it starts with.

A definition outlives the running room: a room stops when it has been empty for a while and
starts again, from the same definition, when someone follows its link. Its game's settings are
stored as data (`options`), checked against the game's declaration whenever a definition is
validated or saved.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q

from kogame.engine.options import clean_options
from kogame.engine.registry import GAMES
from kogame.engine.spec import ROOM_SLUG_PATTERN, RoomSpec

# The move deadline a turn-based room may choose, in milliseconds.
TURN_DEADLINE_MS = (100, 10_000)
DEFAULT_TURN_DEADLINE_MS = 500


class RoomDefinition(models.Model):
    game = models.CharField(max_length=32)
    slug = models.CharField(
        max_length=32, validators=[RegexValidator(f"^{ROOM_SLUG_PATTERN}$")], editable=False
    )
    name = models.CharField(max_length=40)
    public = models.BooleanField(
        default=True, help_text="Listed in the lobby; private rooms are reached by link only."
    )
    tick_rate = models.PositiveSmallIntegerField(default=10)
    turn_based = models.BooleanField(default=False)
    turn_deadline_ms = models.PositiveIntegerField(
        default=DEFAULT_TURN_DEADLINE_MS,
        validators=[MinValueValidator(TURN_DEADLINE_MS[0]), MaxValueValidator(TURN_DEADLINE_MS[1])],
    )
    options = models.JSONField(default=dict, blank=True, help_text="The game's room settings.")
    created_by = models.CharField(max_length=12, blank=True, help_text="Player id of the creator.")
    created_from = models.GenericIPAddressField(
        null=True, blank=True, help_text="Address the creator's request came from."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "lobby_roomdefinition"  # made by the lobby app before rooms had their own
        constraints = (
            models.UniqueConstraint(fields=["game", "slug"], name="room_unique_game_slug"),
            models.CheckConstraint(condition=Q(name__regex=r"\S"), name="room_name_not_blank"),
        )
        # The room-creation limits count one creator's (or address's) recent rooms.
        indexes = (
            models.Index(fields=["created_by", "created_at"], name="room_creator_recent"),
            models.Index(fields=["created_from", "created_at"], name="room_address_recent"),
        )
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return f"{self.name} ({self.game}/{self.slug})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Uniqueness is the database's to enforce: create_room retries on IntegrityError.
        self.full_clean(validate_unique=False, validate_constraints=False)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        """The game's declaration decides the tick rate, the clock and the options."""
        game = GAMES.get(self.game)
        if game is None:
            raise ValidationError({"game": "There is no such game here."})
        errors: dict[str, Any] = {}
        if self.tick_rate not in game.tick_rates:
            rates = game.tick_rates
            errors["tick_rate"] = f"Choose between {rates.low} and {rates.high} ticks per second."
        if self.turn_based and not game.turn_based:
            errors["turn_based"] = f"{game.title} has no turn-based rooms."
        try:
            self.options = clean_options(game.settings, self.options or {})
        except ValueError as error:
            errors["options"] = str(error)
        if errors:
            raise ValidationError(errors)

    def spec(self) -> RoomSpec:
        return RoomSpec(
            game=self.game,
            slug=self.slug,
            name=self.name,
            public=self.public,
            tick_rate=self.tick_rate,
            options=self.options,
            turn_deadline_ms=self.turn_deadline_ms if self.turn_based else None,
        )
