"""Player now lives in kogame.players: Score.player points there, and records forgets Player.

State only: the table (`records_player`) and the scores' foreign key column and constraint
stay as they are. The Player content type is renamed rather than left stale, so the
permissions and admin history that refer to it carry over.
"""

import django.db.models.deletion
from django.apps.registry import Apps
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor


def _move_content_type(apps: Apps, old: str, new: str) -> None:
    content_type = apps.get_model("contenttypes", "ContentType")
    if content_type.objects.filter(app_label=new, model="player").exists():
        return
    content_type.objects.filter(app_label=old, model="player").update(app_label=new)


def to_players(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _move_content_type(apps, "records", "players")


def to_records(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _move_content_type(apps, "players", "records")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("players", "0001_initial"),
        ("records", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="score",
                    name="player",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="scores",
                        to="players.player",
                    ),
                ),
                migrations.DeleteModel(name="Player"),
            ],
        ),
        migrations.RunPython(to_players, to_records),
    ]
