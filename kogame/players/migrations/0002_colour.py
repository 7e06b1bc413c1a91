"""A player's colour choice: blank (none) or "#rrggbb", checked by the database too."""

import django.core.validators
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("players", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="player",
            name="colour",
            field=models.CharField(
                blank=True,
                db_default="",
                default="",
                help_text="The colour they last chose on a join card, as #rrggbb; blank for none.",
                max_length=7,
                validators=[
                    django.core.validators.RegexValidator(
                        "^#[0-9a-f]{6}$", "Write a colour like #3a86ff."
                    )
                ],
            ),
        ),
        migrations.AddConstraint(
            model_name="player",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("colour", ""), ("colour__regex", "^#[0-9a-f]{6}$"), _connector="OR"
                ),
                name="player_colour_blank_or_hex",
            ),
        ),
    ]
