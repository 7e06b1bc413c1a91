"""A player's name and colour are checked by the database itself, not only by our code."""

from __future__ import annotations

import pytest
from django.db import DataError, IntegrityError, transaction

from kogame.players.models import Player

pytestmark = pytest.mark.django_db


def _player(pk: str = "playerAAAAAA", name: str = "Ada") -> Player:
    return Player.objects.create(id=pk, name=name)


@pytest.mark.parametrize("name", ["", "   ", "x" * 21], ids=["empty", "blank", "too long"])
def test_a_player_name_must_be_a_visible_name_of_at_most_20_characters(name: str) -> None:
    # SQLite has no length limit of its own (the check constraint refuses the name there);
    # PostgreSQL's varchar(20) refuses it first, as a DataError.
    with pytest.raises((IntegrityError, DataError)), transaction.atomic():
        _player(name=name)
    assert not Player.objects.exists()


def test_a_name_of_20_characters_is_fine() -> None:
    assert _player(name="é" * 20).name == "é" * 20


@pytest.mark.parametrize("colour", ["red", "#FFFFFF", "#fff", "#00ccaa "])
def test_a_player_colour_is_blank_or_lower_case_hex(colour: str) -> None:
    with pytest.raises((IntegrityError, DataError)), transaction.atomic():
        Player.objects.create(id="playerAAAAAA", name="Ada", colour=colour)
    assert not Player.objects.exists()


def test_a_player_has_no_colour_until_they_choose_one() -> None:
    player = _player()
    assert player.colour == ""
    Player.objects.filter(pk=player.pk).update(colour="#00ccaa")
    player.refresh_from_db()
    assert player.colour == "#00ccaa"
