"""Scores recorded before games declared their results keep their figures and their game."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.records.results import T0

BEFORE = [("records", "0001_initial")]
AFTER = [("records", "0002_score_stats")]

pytestmark = pytest.mark.django_db(transaction=True)


def _migrate(targets: list[tuple[str, str]]) -> Any:
    """Migrate to `targets`; the app registry as of then."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def old_apps() -> Iterator[Any]:
    yield _migrate(BEFORE)
    executor = MigrationExecutor(connection)
    _migrate(executor.loader.graph.leaf_nodes())


def test_length_and_kills_become_stats_and_each_score_takes_its_matchs_game(
    old_apps: Any,
) -> None:
    old_apps.get_model("records", "Player").objects.create(id="playerAAAAAA", name="Ada")
    match = old_apps.get_model("records", "Match").objects.create(
        key="m1", game="snek", room="main", started_at=T0
    )
    for life, (length, kills, cause) in enumerate([(9, 2, "head"), (12, 0, "left")], start=1):
        old_apps.get_model("records", "Score").objects.create(
            player_id="playerAAAAAA", match=match, life=life, score=life, length=length,
            kills=kills, cause=cause, duration=1.0, at=T0,
        )  # fmt: skip
    scores = _migrate(AFTER).get_model("records", "Score").objects.order_by("life")
    assert [(s.game, s.stats, s.cause) for s in scores] == [
        ("snek", {"length": 9, "kills": 2}, "head"),
        ("snek", {"length": 12, "kills": 0}, "left"),
    ]
    back = _migrate(BEFORE).get_model("records", "Score").objects.order_by("life")
    assert [(s.length, s.kills) for s in back] == [(9, 2), (12, 0)], "and back again"
