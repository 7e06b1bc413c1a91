"""The old settings columns go: each game's app carried its rooms' values into `options`
first (a migration in the game's own app that runs before this one)."""

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
