"""Scores keep their game and the game's own figures: `length` and `kills` (the only game's
figures so far) move into `stats`, each score takes its match's game, and `cause` is no longer
limited to one game's causes (the recorder checks it against the game's declaration)."""

from typing import Any

from django.db import migrations, models
from django.db.models import F, OuterRef, Subquery
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, Coalesce, JSONObject


def _checked_at_once(schema_editor: Any) -> None:
    """PostgreSQL refuses to alter a table with foreign key checks still pending from an
    update earlier in the same transaction: have this migration's updates checked at once."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def figures_into_stats(apps: Any, schema_editor: Any) -> None:
    Score = apps.get_model("records", "Score")
    Match = apps.get_model("records", "Match")
    _checked_at_once(schema_editor)
    Score.objects.update(
        stats=JSONObject(length=F("length"), kills=F("kills")),
        game=Subquery(Match.objects.filter(pk=OuterRef("match_id")).values("game")[:1]),
    )


def stats_into_figures(apps: Any, schema_editor: Any) -> None:
    Score = apps.get_model("records", "Score")
    _checked_at_once(schema_editor)
    Score.objects.update(
        **{
            name: Coalesce(Cast(KT(f"stats__{name}"), models.PositiveIntegerField()), 0)
            for name in ("length", "kills")
        }
    )


class Migration(migrations.Migration):
    dependencies = [
        ("records", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="score",
            name="game",
            field=models.CharField(
                default="",
                help_text="The match's game: each game's boards rank only its scores.",
                max_length=32,
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="score",
            name="stats",
            field=models.JSONField(
                default=dict, help_text="The game's figures for the life, by name."
            ),
        ),
        migrations.AlterField(
            model_name="score",
            name="length",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AlterField(
            model_name="score",
            name="kills",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.RunPython(figures_into_stats, stats_into_figures, elidable=False),
        migrations.RemoveConstraint(model_name="score", name="score_length_not_negative"),
        migrations.RemoveConstraint(model_name="score", name="score_kills_not_negative"),
        migrations.RemoveConstraint(model_name="score", name="score_known_cause"),
        migrations.RemoveIndex(model_name="score", name="score_best"),
        migrations.RemoveIndex(model_name="score", name="score_at_best"),
        migrations.RemoveField(model_name="score", name="kills"),
        migrations.RemoveField(model_name="score", name="length"),
        migrations.AlterField(
            model_name="score",
            name="cause",
            field=models.CharField(help_text="How the life ended.", max_length=32),
        ),
        migrations.AddIndex(
            model_name="score",
            index=models.Index(
                models.F("game"),
                models.OrderBy(models.F("score"), descending=True),
                models.F("at"),
                name="score_game_best",
            ),
        ),
        migrations.AddIndex(
            model_name="score",
            index=models.Index(
                models.F("game"),
                models.F("at"),
                models.OrderBy(models.F("score"), descending=True),
                name="score_game_at_best",
            ),
        ),
        migrations.AddConstraint(
            model_name="score",
            constraint=models.CheckConstraint(
                condition=models.Q(("cause", ""), _negated=True), name="score_cause_not_blank"
            ),
        ),
    ]
