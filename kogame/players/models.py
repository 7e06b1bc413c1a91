"""The Player row, with its limits checked by the database itself.

The table keeps the name it was created with (`records_player`): the model moved here from
kogame.records without the database being touched.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone

from kogame.engine.colours import HEX_COLOUR_PATTERN
from kogame.players.constants import NAME_MAX_LENGTH, PLAYER_ID_LENGTH


class Player(models.Model):
    """Someone who played: the server-issued id from their session, a display name, and the
    colour they chose to play in (blank: no choice)."""

    id = models.CharField(primary_key=True, max_length=PLAYER_ID_LENGTH)
    name = models.CharField(max_length=NAME_MAX_LENGTH)
    colour = models.CharField(
        max_length=7,
        blank=True,
        default="",
        # In the database too: rows inserted without it (code that predates it, old
        # migrations' models) get no choice rather than an error.
        db_default="",
        validators=[RegexValidator(HEX_COLOUR_PATTERN, "Write a colour like #3a86ff.")],
        help_text="The colour they last chose on a join card, as #rrggbb; blank for none.",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="player",
        help_text="The account this player logged in to.",
    )
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged_players",
        help_text="The account's player this history was moved to.",
    )
    created_at = models.DateTimeField(default=timezone.now)
    last_seen = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "records_player"
        constraints = (
            models.CheckConstraint(condition=Q(name__regex=r"\S"), name="player_name_not_blank"),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("name"), NAME_MAX_LENGTH),
                name="player_name_max_length",
            ),
            models.CheckConstraint(
                condition=~Q(merged_into=F("id")), name="player_not_merged_into_itself"
            ),
            models.CheckConstraint(
                condition=Q(colour="") | Q(colour__regex=HEX_COLOUR_PATTERN),
                name="player_colour_blank_or_hex",
            ),
        )

    def __str__(self) -> str:
        return f"{self.name} ({self.pk})"
