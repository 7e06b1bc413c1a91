from django.contrib import admin
from django.http import HttpRequest

from kogame.lobby.models import RoomDefinition


@admin.register(RoomDefinition)
class RoomDefinitionAdmin(admin.ModelAdmin[RoomDefinition]):
    list_display = ("name", "game", "slug", "public", "board_size", "tick_rate", "max_players")
    list_filter = ("game", "public")
    search_fields = ("name", "slug")
    readonly_fields = ("slug", "created_by", "created_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        """Rooms are made with the lobby's form, which gives each its id."""
        return False
