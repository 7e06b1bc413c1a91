from django.contrib import admin
from django.http import HttpRequest

from kogame.rooms.models import RoomDefinition


@admin.register(RoomDefinition)
class RoomDefinitionAdmin(admin.ModelAdmin[RoomDefinition]):
    list_display = ("name", "game", "slug", "public", "tick_rate", "turn_based", "options")
    list_filter = ("game", "public", "turn_based")
    search_fields = ("name", "slug")
    readonly_fields = ("slug", "created_by", "created_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        """Rooms are made with the lobby's form, which gives each its id."""
        return False
