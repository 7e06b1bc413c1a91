"""Room definitions now belong to the rooms app (its 0001 takes the table over as it is)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("lobby", "0002_room_creation_limits"), ("rooms", "0001_initial")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="RoomDefinition")],
            database_operations=[],
        ),
    ]
