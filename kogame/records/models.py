"""Matches and scores, with their limits checked by the database itself.

The results queue, the accounts merge and the admin all write these rows; constraints in the
schema keep every writer honest, and the indexes are the ones the leaderboards read through.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q

from kogame.engine.results import NAME_MAX_LENGTH as CAUSE_MAX_LENGTH
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

    @property
    def listed_name(self) -> str | None:
        """The room's name as it was when this run started (its definition's, or the default
        room's), or its slug for runs recorded without one; None for a private room."""
        if self.listed_room is None:
            return None
        name = self.settings.get("name")
        return name if isinstance(name, str) and name.strip() else self.room


class Score(models.Model):
    """One life of one player in one match: what they achieved and how it ended.

    What a life can achieve is the game's to say (kogame/engine/results.py): `cause` is one of
    its declared causes and `stats` its declared figures, checked against the declaration by
    the recorder before writing, since the database cannot know every game's.
    """

    # The unique (player, match, life) constraint and the indexes below start with these
    # columns, so separate single-column indexes would only slow writes down.
    player = models.ForeignKey(
        Player, on_delete=models.CASCADE, related_name="scores", db_index=False
    )
    match = models.ForeignKey(
        Match, on_delete=models.CASCADE, related_name="scores", db_index=False
    )
    game = models.CharField(
        max_length=32, help_text="The match's game: each game's boards rank only its scores."
    )
    life = models.PositiveIntegerField(help_text="1 for the player's first life in the match.")
    score = models.PositiveIntegerField()
    cause = models.CharField(max_length=CAUSE_MAX_LENGTH, help_text="How the life ended.")
    stats = models.JSONField(default=dict, help_text="The game's figures for the life, by name.")
    duration = models.FloatField(help_text="Seconds alive.")
    at = models.DateTimeField(help_text="When the life ended.")

    class Meta:
        constraints = (
            models.UniqueConstraint(
                fields=["player", "match", "life"], name="score_one_per_player_match_life"
            ),
            models.CheckConstraint(condition=Q(life__gte=1), name="score_life_from_one"),
            models.CheckConstraint(condition=Q(score__gte=0), name="score_score_not_negative"),
            models.CheckConstraint(
                condition=Q(duration__gte=0), name="score_duration_not_negative"
            ),
            models.CheckConstraint(condition=~Q(cause=""), name="score_cause_not_blank"),
        )
        indexes = (
            # A game's all-time best, its best today (a range of `at`), a room's best, a
            # player's history.
            models.Index("game", F("score").desc(), "at", name="score_game_best"),
            models.Index("game", "at", F("score").desc(), name="score_game_at_best"),
            models.Index("match", F("score").desc(), name="score_match_best"),
            models.Index("player", F("at").desc(), name="score_player_recent"),
        )

    def __str__(self) -> str:
        return f"{self.player_id}: {self.score} (life {self.life} of match {self.match_id})"
