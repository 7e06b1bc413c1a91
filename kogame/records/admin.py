"""Admin for matches and scores: read-only, since the game writes them.

Scores are never added or edited by hand (they are what happened), and matches are shown as
recorded. Players have their own admin (kogame/players/admin.py).
"""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from kogame.records.declared import line
from kogame.records.models import Match, Score


@admin.register(Match)
class MatchAdmin(admin.ModelAdmin[Match]):
    list_display = ("key", "game", "room", "started_at", "ended_at")
    list_filter = ("game", "started_at")
    search_fields = ("key", "room")
    readonly_fields = ("key", "game", "room", "settings", "started_at", "ended_at")
    date_hierarchy = "started_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(Score)
class ScoreAdmin(admin.ModelAdmin[Score]):
    list_display = ("player", "game", "score", "figures", "cause", "life", "match", "at")
    list_filter = ("game", "cause", "at")
    list_select_related = ("player", "match")
    search_fields = ("player__name", "player__id", "match__room", "match__key")
    date_hierarchy = "at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.display(description="Stats")
    def figures(self, obj: Score) -> str:
        """The game's stats under their declared labels."""
        stats = line(obj).stats
        return ", ".join(f"{label} {value}" for label, value in stats if value is not None)

    def has_change_permission(self, request: HttpRequest, obj: Score | None = None) -> bool:
        return False
