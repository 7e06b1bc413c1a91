"""Room definitions move from the lobby app to the rooms app: the table stays as it is."""

import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [("lobby", "0002_room_creation_limits")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="RoomDefinition",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("game", models.CharField(max_length=32)),
                        (
                            "slug",
                            models.CharField(
                                editable=False,
                                max_length=32,
                                validators=[
                                    django.core.validators.RegexValidator("^[a-z0-9-]{1,32}$")
                                ],
                            ),
                        ),
                        ("name", models.CharField(max_length=40)),
                        (
                            "public",
                            models.BooleanField(
                                default=True,
                                help_text=(
                                    "Listed in the lobby; private rooms are reached by link only."
                                ),
                            ),
                        ),
                        (
                            "board_size",
                            models.PositiveSmallIntegerField(
                                default=48,
                                validators=[
                                    django.core.validators.MinValueValidator(16),
                                    django.core.validators.MaxValueValidator(128),
                                ],
                            ),
                        ),
                        (
                            "tick_rate",
                            models.PositiveSmallIntegerField(
                                default=10,
                                validators=[
                                    django.core.validators.MinValueValidator(5),
                                    django.core.validators.MaxValueValidator(30),
                                ],
                            ),
                        ),
                        (
                            "max_players",
                            models.PositiveSmallIntegerField(
                                default=12,
                                validators=[
                                    django.core.validators.MinValueValidator(1),
                                    django.core.validators.MaxValueValidator(32),
                                ],
                            ),
                        ),
                        (
                            "bots",
                            models.PositiveSmallIntegerField(
                                default=3,
                                validators=[
                                    django.core.validators.MinValueValidator(0),
                                    django.core.validators.MaxValueValidator(8),
                                ],
                            ),
                        ),
                        (
                            "created_by",
                            models.CharField(
                                blank=True, help_text="Player id of the creator.", max_length=12
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                    ],
                    options={
                        "db_table": "lobby_roomdefinition",
                        "ordering": ("-created_at",),
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("game", "slug"), name="room_unique_game_slug"
                            ),
                            models.CheckConstraint(
                                condition=models.Q(("name__regex", "\\S")),
                                name="room_name_not_blank",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    ("board_size__gte", 16), ("board_size__lte", 128)
                                ),
                                name="room_roomdefinition_board_size_range",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(("tick_rate__gte", 5), ("tick_rate__lte", 30)),
                                name="room_roomdefinition_tick_rate_range",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    ("max_players__gte", 1), ("max_players__lte", 32)
                                ),
                                name="room_roomdefinition_max_players_range",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(("bots__gte", 0), ("bots__lte", 8)),
                                name="room_roomdefinition_bots_range",
                            ),
                        ],
                    },
                ),
                migrations.AddField(
                    model_name="roomdefinition",
                    name="created_from",
                    field=models.GenericIPAddressField(
                        blank=True, help_text="Address the creator's request came from.", null=True
                    ),
                ),
                migrations.AddIndex(
                    model_name="roomdefinition",
                    index=models.Index(
                        fields=["created_by", "created_at"], name="room_creator_recent"
                    ),
                ),
                migrations.AddIndex(
                    model_name="roomdefinition",
                    index=models.Index(
                        fields=["created_from", "created_at"], name="room_address_recent"
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
