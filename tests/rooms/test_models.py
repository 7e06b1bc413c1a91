"""Room definitions are checked when they are saved (and by the database), not only by the form."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from kogame.rooms.models import RoomDefinition

pytestmark = pytest.mark.django_db


def _room(**fields: Any) -> RoomDefinition:
    return RoomDefinition.objects.create(**({"game": "snek", "slug": "r", "name": "R"} | fields))


@pytest.mark.parametrize(
    "fields",
    [
        {"options": {"size": 8}},
        {"options": {"size": 129}},
        {"tick_rate": 4},
        {"tick_rate": 31},
        {"options": {"max_players": 0}},
        {"options": {"max_players": 33}},
        {"options": {"bots": 9}},
        {"options": {"bots": "2"}},
        {"options": {"colour": 1}},
        {"game": "chess"},
        {"turn_based": True, "turn_deadline_ms": 50},
        {"name": "  "},
    ],
)
def test_out_of_range_settings_are_refused_when_saved(fields: dict[str, Any]) -> None:
    with pytest.raises((IntegrityError, ValidationError)), transaction.atomic():
        _room(**fields)
    assert not RoomDefinition.objects.exists()


def test_a_slug_is_unique_within_a_game() -> None:
    _room()
    with pytest.raises(IntegrityError), transaction.atomic():
        _room()
    assert RoomDefinition.objects.count() == 1


def test_a_slug_collision_is_retried_with_a_fresh_slug(monkeypatch: pytest.MonkeyPatch) -> None:
    from kogame.rooms import directory

    _room(slug="taken")
    slugs = iter(["taken", "free"])
    monkeypatch.setattr(directory, "_new_slug", lambda name, public: next(slugs))
    info = directory.create_room(RoomDefinition(game="snek", name="Second"))
    assert info.slug == "free"
    assert directory.find_room("snek", "free") == info


@pytest.mark.parametrize("name", ["snake_pit", "__", "Été à la plage!", "x" * 40])
def test_a_public_room_gets_an_id_its_link_can_reach(name: str) -> None:
    from kogame.engine.spec import valid_slug
    from kogame.rooms import directory

    info = directory.create_room(RoomDefinition(game="snek", name=name))
    assert valid_slug(info.slug)
    assert directory.find_room("snek", info.slug) == info
