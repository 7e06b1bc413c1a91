"""Snek rooms made before games declared their settings kept them in columns of the room
definition; this carries them into the room's `options`, before rooms 0003 drops the columns."""

from typing import Any

from django.db import migrations


def carry(apps: Any, schema_editor: Any) -> None:
    rooms = apps.get_model("rooms", "RoomDefinition")
    for room in rooms.objects.filter(game="snek"):
        room.options = {"size": room.board_size, "max_players": room.max_players, "bots": room.bots}
        room.save(update_fields=["options"])


def back(apps: Any, schema_editor: Any) -> None:
    rooms = apps.get_model("rooms", "RoomDefinition")
    for room in rooms.objects.filter(game="snek"):
        options = room.options or {}
        room.board_size = options.get("size", 48)
        room.max_players = options.get("max_players", 12)
        room.bots = options.get("bots", 3)
        room.save(update_fields=["board_size", "max_players", "bots"])


class Migration(migrations.Migration):
    dependencies = [("rooms", "0002_options")]
    run_before = [("rooms", "0003_drop_settings_columns")]

    operations = [migrations.RunPython(carry, back)]
