"""Player moved from records to players in Django's state only: existing rows stay put."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.state import StateApps
from django.utils import timezone

from kogame.players.models import Player
from kogame.records.models import Score

pytestmark = pytest.mark.django_db(transaction=True)

# main before the move: records had Player, and there was no players app.
BEFORE = [("records", "0001_initial"), ("players", None)]
MOVED = {"records", "players"}


@pytest.fixture
def old_apps() -> Iterator[StateApps]:
    """The database migrated back to before the move; migrated forward again afterwards."""
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    others = [node for node in executor.loader.graph.leaf_nodes() if node[0] not in MOVED]
    yield executor.loader.project_state([*others, ("records", "0001_initial")]).apps
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()


def migrate_to_now() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()


def test_players_and_their_scores_written_before_the_move_are_there_after(
    old_apps: StateApps,
) -> None:
    user = old_apps.get_model("auth", "User").objects.create(username="ada")
    old_player = old_apps.get_model("records", "Player")
    ada = old_player.objects.create(id="playerAAAAAA", name="Ada", user_id=user.pk)
    old_player.objects.create(id="playerBBBBBB", name="Bob", merged_into=ada)
    match = old_apps.get_model("records", "Match").objects.create(
        key="m1", game="snek", room="main", started_at=timezone.now()
    )
    old_apps.get_model("records", "Score").objects.create(
        player=ada, match=match, life=1, score=3, length=9, kills=0, cause="wall",
        duration=2.0, at=timezone.now(),
    )  # fmt: skip

    migrate_to_now()

    assert Player._meta.db_table == "records_player"
    assert Player.objects.get(pk="playerAAAAAA").user.username == "ada"  # type: ignore[union-attr]
    assert Player.objects.get(pk="playerBBBBBB").merged_into_id == "playerAAAAAA"
    score = Score.objects.select_related("player").get()
    assert (score.player.name, score.score) == ("Ada", 3)


def test_permissions_on_players_carry_over(old_apps: StateApps) -> None:
    content_types = old_apps.get_model("contenttypes", "ContentType").objects
    content_types.filter(app_label="players").delete()  # a database made before the app
    old = content_types.get_or_create(app_label="records", model="player")[0]
    permission = old_apps.get_model("auth", "Permission").objects.get_or_create(
        content_type=old, codename="change_player", defaults={"name": "Can change player"}
    )[0]
    user = old_apps.get_model("auth", "User").objects.create(username="mod")
    user.user_permissions.add(permission)

    migrate_to_now()

    from django.contrib.auth.models import User

    assert ContentType.objects.get_for_model(Player).pk == old.pk
    assert not ContentType.objects.filter(app_label="records", model="player").exists()
    assert User.objects.get(username="mod").has_perm("players.change_player")
