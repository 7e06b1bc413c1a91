"""The old settings columns go: each game's app carried its rooms' values into `options`
first (a migration of the game's app that runs before this one, e.g. snek 0001)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("rooms", "0002_options")]

    operations = [
        migrations.RemoveField(
            model_name="roomdefinition",
            name="board_size",
        ),
        migrations.RemoveField(
            model_name="roomdefinition",
            name="bots",
        ),
        migrations.RemoveField(
            model_name="roomdefinition",
            name="max_players",
        ),
    ]
