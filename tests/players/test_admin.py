"""The admin shows players to staff and lets them rename one, but not add one."""

from __future__ import annotations

import pytest
from django.contrib.admin.sites import site
from django.contrib.auth.models import User
from django.test import Client, RequestFactory

from kogame.players.admin import PlayerAdmin
from kogame.players.models import Player

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client: Client) -> Client:
    client.force_login(User.objects.create_superuser("root", password="correct horse battery"))
    return client


def test_staff_can_list_and_search_players(staff: Client) -> None:
    Player.objects.create(id="playerAAAAAA", name="Ada")
    response = staff.get("/admin/players/player/?q=a")
    assert response.status_code == 200


def test_nobody_adds_players_by_hand(staff: Client) -> None:
    assert staff.get("/admin/players/player/add/").status_code == 403


def test_renaming_in_the_admin_keeps_an_account_link_made_meanwhile() -> None:
    Player.objects.create(id="playerAAAAAA", name="Ada")
    loaded = Player.objects.get()  # the admin's page, loaded before the login below
    user = User.objects.create_user("ada")
    Player.objects.filter(pk="playerAAAAAA").update(user=user)
    loaded.name = "Ada L."

    class Form:
        changed_data = ("name",)

    request = RequestFactory().post("/admin/")
    PlayerAdmin(Player, site).save_model(request, loaded, Form(), change=True)
    row = Player.objects.get()
    assert (row.name, row.user) == ("Ada L.", user)
