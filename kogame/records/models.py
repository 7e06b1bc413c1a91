"""Matches and scores, with their limits checked by the database itself.

The results queue, the accounts merge and the admin all write these rows; constraints in the
schema keep every writer honest, and the indexes are the ones the leaderboards read through.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q

from kogame.players.models import Player


class Match(models.Model):
    """One run of a room: from the moment it starts ticking until it stops."""

    key = models.CharField(max_length=32, unique=True, help_text="Made by the room (uuid hex).")
    game = models.CharField(max_length=32)
    room = models.CharField(max_length=32, help_text="The room's slug.")
    settings = models.JSONField(default=dict)
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "matches"
        constraints = (
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=F("started_at")),
                name="match_ends_after_it_starts",
            ),
        )
        indexes = (models.Index(fields=["game", "room"], name="match_game_room"),)

    def __str__(self) -> str:
        return f"{self.game}/{self.room} at {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def listed_room(self) -> str | None:
        """The room's slug if it may be shown to anyone: a private room's slug is its invite."""
        return self.room if self.room and self.settings.get("public", False) else None


class Cause(models.TextChoices):
    """How a life ended (the names Snek's rules use)."""

    WALL = "wall", "Hit a wall"
    SELF = "self", "Hit itself"
    SNAKE = "snake", "Hit another snake"
    HEAD = "head", "Lost a head-on"
    LEFT = "left", "Left the game"


class Score(models.Model):
    """One life of one player in one match: what they achieved and how it ended."""

    # The unique (player, match, life) constraint and the indexes below start with these
    # columns, so separate single-column indexes would only slow writes down.
    player = models.ForeignKey(
        Player, on_delete=models.CASCADE, related_name="scores", db_index=False
    )
    match = models.ForeignKey(
        Match, on_delete=models.CASCADE, related_name="scores", db_index=False
    )
    life = models.PositiveIntegerField(help_text="1 for the player's first life in the match.")
    score = models.PositiveIntegerField()
    length = models.PositiveIntegerField()
    kills = models.PositiveIntegerField()
    cause = models.CharField(max_length=8, choices=Cause.choices)
    duration = models.FloatField(help_text="Seconds alive.")
    at = models.DateTimeField(help_text="When the life ended.")

    class Meta:
        constraints = (
            models.UniqueConstraint(
                fields=["player", "match", "life"], name="score_one_per_player_match_life"
            ),
            models.CheckConstraint(condition=Q(life__gte=1), name="score_life_from_one"),
            models.CheckConstraint(condition=Q(score__gte=0), name="score_score_not_negative"),
            models.CheckConstraint(condition=Q(length__gte=0), name="score_length_not_negative"),
            models.CheckConstraint(condition=Q(kills__gte=0), name="score_kills_not_negative"),
            models.CheckConstraint(
                condition=Q(duration__gte=0), name="score_duration_not_negative"
            ),
            models.CheckConstraint(condition=Q(cause__in=Cause.values), name="score_known_cause"),
        )
        indexes = (
            # All-time best, today's best (a range of `at`), a room's best, a player's history.
            models.Index(F("score").desc(), "at", name="score_best"),
            models.Index("at", F("score").desc(), name="score_at_best"),
            models.Index("match", F("score").desc(), name="score_match_best"),
            models.Index("player", F("at").desc(), name="score_player_recent"),
        )

    def __str__(self) -> str:
        return f"{self.player_id}: {self.score} (life {self.life} of match {self.match_id})"
