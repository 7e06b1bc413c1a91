"""Rooms made before games declared their settings keep them: the columns become `options`."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

OLD = ("lobby", "0002_room_creation_limits")
BEFORE = [("snek", None), ("rooms", None), OLD]
AFTER = [("rooms", "0003_drop_settings_columns"), ("snek", "0001_carry_rooms")]


def test_a_snek_room_keeps_its_settings_as_options() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state([OLD]).apps.get_model("lobby", "RoomDefinition")
    old.objects.create(
        game="snek", slug="pit", name="Pit", board_size=20, tick_rate=12, max_players=4, bots=2
    )
    executor.loader.build_graph()
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps.get_model("rooms", "RoomDefinition")
    room = new.objects.get(slug="pit")
    assert (room.name, room.tick_rate, room.turn_based) == ("Pit", 12, False)
    assert room.options == {"size": 20, "max_players": 4, "bots": 2}
