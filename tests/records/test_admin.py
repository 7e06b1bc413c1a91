"""The admin shows matches and scores to staff, and lets nobody forge a score."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from kogame.players.models import Player
from kogame.records.models import Match, Score
from tests.records.results import T0

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client: Client) -> Client:
    client.force_login(User.objects.create_superuser("root", password="correct horse battery"))
    return client


@pytest.fixture
def score() -> Score:
    player = Player.objects.create(id="playerAAAAAA", name="Ada")
    match = Match.objects.create(key="m1", game="snek", room="main", started_at=T0)
    return Score.objects.create(
        player=player, match=match, life=1, score=3, game="snek",
        stats={"length": 9, "kills": 1}, cause="wall",
        duration=2.0, at=T0,
    )  # fmt: skip


@pytest.mark.parametrize("model", ["match", "score"])
def test_staff_can_list_and_search(staff: Client, score: Score, model: str) -> None:
    response = staff.get(f"/admin/records/{model}/?q=a")
    assert response.status_code == 200


def test_scores_are_read_only_even_for_a_superuser(staff: Client, score: Score) -> None:
    assert staff.get("/admin/records/score/add/").status_code == 403
    page = staff.get(f"/admin/records/score/{score.pk}/change/")
    assert page.status_code == 200 and b'name="score"' not in page.content
    staff.post(f"/admin/records/score/{score.pk}/change/", {"score": 999})
    assert Score.objects.get().score == 3


def test_nobody_adds_matches_by_hand(staff: Client) -> None:
    assert staff.get("/admin/records/match/add/").status_code == 403


def test_the_admin_is_behind_a_staff_login(client: Client, score: Score) -> None:
    response = client.get("/admin/records/score/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
