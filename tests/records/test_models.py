"""Matches and scores are checked by the database itself, not only by our code.

A score's cause and stats are each game's own: the recorder checks them against the game's
declaration (tests/records/test_recorder.py); the database only refuses a blank cause.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.test import TransactionTestCase

from kogame.players.models import Player
from kogame.records.models import Match, Score
from tests.records.results import T0

pytestmark = pytest.mark.django_db


def _match(key: str = "m1") -> Match:
    return Match.objects.create(key=key, game="snek", room="main", started_at=T0)


def _player(pk: str = "playerAAAAAA", name: str = "Ada") -> Player:
    return Player.objects.create(id=pk, name=name)


def _score(player: Player, match: Match, **fields: Any) -> Score:
    values = {
        "life": 1,
        "score": 1,
        "game": "snek",
        "stats": {"length": 5, "kills": 0},
        "cause": "wall",
        "duration": 1.0,
    }
    return Score.objects.create(player=player, match=match, at=T0, **(values | fields))


@pytest.mark.parametrize(
    "fields",
    [
        {"life": 0},
        {"score": -1},
        {"duration": -0.5},
        {"cause": ""},
    ],
)
def test_impossible_scores_are_refused_by_the_database(fields: dict[str, Any]) -> None:
    player, match = _player(), _match()
    with pytest.raises(IntegrityError), transaction.atomic():
        _score(player, match, **fields)
    assert not Score.objects.exists()


def test_a_player_has_one_score_per_life_in_a_match() -> None:
    player, match = _player(), _match()
    _score(player, match, life=1)
    _score(player, match, life=2)
    _score(player, _match("m2"), life=1)
    _score(_player("playerBBBBBB"), match, life=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        _score(player, match, life=1)
    assert Score.objects.count() == 4


def test_a_match_cannot_end_before_it_starts() -> None:
    match = _match()
    with pytest.raises(IntegrityError), transaction.atomic():
        Match.objects.filter(pk=match.pk).update(ended_at=T0.replace(hour=11))


def test_match_keys_are_unique() -> None:
    _match()
    with pytest.raises(IntegrityError), transaction.atomic():
        _match()


class TestManyViolationsInARow(TransactionTestCase):
    """Each refused write is its own transaction here, so none can spoil the next."""

    def test_every_constraint_holds_after_a_run_of_refused_writes(self) -> None:
        player, match = _player(), _match()
        bad_rows: list[dict[str, Any]] = [
            {"life": 0},
            {"score": -5},
            {"cause": ""},
            {"duration": -1.0},
        ]
        for fields in bad_rows:
            with self.subTest(fields=fields), self.assertRaises(IntegrityError):
                _score(player, match, **fields)
        with self.assertRaises(IntegrityError):
            Player.objects.filter(pk=player.pk).update(name=" ")
        with self.assertRaises(IntegrityError):
            Player.objects.filter(pk=player.pk).update(merged_into=player)
        _score(player, match)
        assert Score.objects.count() == 1
        assert Player.objects.get().name == "Ada"
