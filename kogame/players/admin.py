"""Admin for players: renamed by staff (e.g. to remove an offensive name), never added by hand."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from kogame.players.models import Player


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
