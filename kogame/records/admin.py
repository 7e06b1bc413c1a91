"""Admin for players, matches and scores: read-mostly, since the game writes them.

Scores are never added or edited by hand (they are what happened); players can be renamed
(e.g. to remove an offensive name), and matches are shown as recorded.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from kogame.records.declared import line
from kogame.records.models import Match, Player, Score


@admin.register(Player)
class PlayerAdmin(admin.ModelAdmin[Player]):
    list_display = ("name", "id", "user", "created_at", "last_seen")
    list_filter = (("user", admin.EmptyFieldListFilter), "created_at")
    search_fields = ("name", "id", "user__username")
    readonly_fields = ("id", "user", "merged_into", "created_at", "last_seen")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Player, form: Any, change: bool) -> None:
        """Write only what the form changed (the name): saving the whole row would put back
        the account link and last-seen time as they were when the page was loaded."""
        obj.save(update_fields=form.changed_data)


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
