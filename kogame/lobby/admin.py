from django.contrib import admin

from kogame.lobby.models import RoomDefinition


@admin.register(RoomDefinition)
class RoomDefinitionAdmin(admin.ModelAdmin[RoomDefinition]):
    list_display = ("name", "game", "slug", "public", "board_size", "tick_rate", "max_players")
    list_filter = ("game", "public")
    search_fields = ("name", "slug")
    readonly_fields = ("slug", "created_by", "created_at")
