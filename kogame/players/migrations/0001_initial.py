"""The Player model moves here from kogame.records: in Django's state only.

Its table (`records_player`) was created by records' first migration and stays as it is, rows
and all; this migration depends on that one so the table exists whenever this state does.
records.0002_player_moved_to_players then removes the model from records' state.
"""

import django.db.models.deletion
import django.db.models.functions.text
import django.db.models.lookups
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("records", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Player",
                    fields=[
                        ("id", models.CharField(max_length=12, primary_key=True, serialize=False)),
                        ("name", models.CharField(max_length=20)),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                        ("last_seen", models.DateTimeField(default=django.utils.timezone.now)),
                        (
                            "merged_into",
                            models.ForeignKey(
                                blank=True,
                                help_text="The account's player this history was moved to.",
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="merged_players",
                                to="players.player",
                            ),
                        ),
                        (
                            "user",
                            models.OneToOneField(
                                blank=True,
                                help_text="The account this player logged in to.",
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="player",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "records_player",
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(("name__regex", "\\S")),
                                name="player_name_not_blank",
                            ),
                            models.CheckConstraint(
                                condition=django.db.models.lookups.LessThanOrEqual(
                                    django.db.models.functions.text.Length("name"), 20
                                ),
                                name="player_name_max_length",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(("merged_into", models.F("id")), _negated=True),
                                name="player_not_merged_into_itself",
                            ),
                        ],
                    },
                ),
            ],
        ),
    ]
