"""Accounts: register, log in and out, and an anonymous player's history joining the account."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.http import HttpRequest
from django.test import Client

from kogame.accounts.merge import adopt_player
from kogame.players.identity import SESSION_KEY
from kogame.players.models import Player
from kogame.records.models import Match, Score

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
AT = datetime(2026, 5, 4, 12, 0, tzinfo=UTC)


def _anonymous(client: Client) -> str:
    """Visit a page as a new browser; the player id it was given."""
    client.get("/me/")
    player: str = client.session[SESSION_KEY]
    return player


def _lives(player: str, match: Match, *lives: int) -> None:
    Player.objects.get_or_create(id=player, defaults={"name": "Someone"})
    Score.objects.bulk_create(
        Score(player_id=player, match=match, life=life, score=life, game="snek",
              stats={"length": 5, "kills": 0}, cause="wall", duration=1.0, at=AT)
        for life in lives
    )  # fmt: skip


def _match(key: str) -> Match:
    return Match.objects.create(key=key, game="snek", room="main", started_at=AT)


def _log_in(client: Client, username: str = "ada") -> None:
    response = client.post("/accounts/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302, response.content


def test_registering_keeps_the_browsers_player_and_logs_in(client: Client) -> None:
    player = _anonymous(client)
    anonymous_session = client.session.session_key
    response = client.post(
        "/accounts/register/",
        {"name": "Ada", "username": "ada", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == "/me/"
    user = User.objects.get(username="ada")
    assert Player.objects.get(pk=player).user == user
    assert client.session[SESSION_KEY] == player, "the player id survived the login"
    assert client.session.session_key != anonymous_session, "the session key was rotated"
    assert client.session["_auth_user_id"] == str(user.pk)


def test_a_refused_registration_says_why(client: Client) -> None:
    response = client.post(
        "/accounts/register/", {"username": "ada", "password1": PASSWORD, "password2": "other"}
    )
    assert response.status_code == 400
    assert not User.objects.exists()
    assert b"didn" in response.content  # "The two password fields didn't match."


def test_logging_in_to_a_new_account_brings_the_history_along(client: Client) -> None:
    User.objects.create_user("ada", password=PASSWORD)
    player = _anonymous(client)
    _lives(player, _match("m1"), 1, 2)
    _log_in(client)
    assert client.session[SESSION_KEY] == player
    assert Player.objects.filter(pk=player, user__username="ada").exists()
    assert Score.objects.filter(player=player).count() == 2


def test_logging_in_from_a_second_device_merges_into_the_accounts_player(client: Client) -> None:
    user = User.objects.create_user("ada", password=PASSWORD)
    Player.objects.create(id="accountAAAAA", name="Ada", user=user)
    shared, only_here = _match("shared"), _match("only-here")
    _lives("accountAAAAA", shared, 1, 2)
    anonymous = _anonymous(client)
    _lives(anonymous, shared, 1, 2, 3)
    _lives(anonymous, only_here, 1)
    _log_in(client)

    assert client.session[SESSION_KEY] == "accountAAAAA", "the session now plays as the account"
    lives = sorted(Score.objects.values_list("player_id", "match__key", "life", "score"))
    assert lives == [
        ("accountAAAAA", "only-here", 1, 1),
        # The same match from two devices: the moved lives follow the account's own.
        ("accountAAAAA", "shared", 1, 1),
        ("accountAAAAA", "shared", 2, 2),
        ("accountAAAAA", "shared", 3, 1),
        ("accountAAAAA", "shared", 4, 2),
        ("accountAAAAA", "shared", 5, 3),
    ]
    assert Player.objects.get(pk=anonymous).merged_into_id == "accountAAAAA"
    assert client.get(f"/players/{anonymous}/")["Location"] == "/players/accountAAAAA/"


def test_logging_out_forgets_the_player_and_needs_a_post(client: Client) -> None:
    User.objects.create_user("ada", password=PASSWORD)
    player = _anonymous(client)
    _log_in(client)
    asked = client.get("/accounts/logout/")
    assert asked.status_code == 200
    assert client.session["_auth_user_id"], "a GET does not log out"
    assert client.post("/accounts/logout/").status_code == 302
    assert SESSION_KEY not in client.session
    assert _anonymous(client) != player, "a new anonymous player, not the account's"


def test_logging_in_as_someone_else_never_merges_the_first_accounts_player(
    client: Client,
) -> None:
    User.objects.create_user("ada", password=PASSWORD)
    User.objects.create_user("bob", password=PASSWORD)
    _anonymous(client)
    _log_in(client, "ada")
    ada = client.session[SESSION_KEY]
    # The login page sends a logged-in user away; other ways in (the admin's form) do not.
    # (django-axes needs the request to count failures.)
    assert client.login(request=HttpRequest(), username="bob", password=PASSWORD)
    bob = client.session[SESSION_KEY]
    assert bob != ada
    assert Player.objects.filter(pk=ada, user__username="ada").exists()
    assert Player.objects.filter(pk=bob, user__username="bob").exists()
    assert Player.objects.get(pk=ada).merged_into is None


def test_forms_refuse_posts_without_a_csrf_token() -> None:
    User.objects.create_user("ada", password=PASSWORD)
    client = Client(enforce_csrf_checks=True)
    form = {"username": "ada", "password": PASSWORD}
    assert client.post("/accounts/login/", form).status_code == 403
    registration = {"name": "Bob", "username": "bob", "password1": PASSWORD, "password2": PASSWORD}
    assert client.post("/accounts/register/", registration).status_code == 403
    page = client.get("/accounts/login/")
    assert page.status_code == 200
    token = page.cookies["csrftoken"].value
    form["csrfmiddlewaretoken"] = token
    assert client.post("/accounts/login/", form).status_code == 302


def test_a_browser_without_a_player_gets_one_for_the_account() -> None:
    user = User.objects.create_user("ada", password=PASSWORD)
    player = adopt_player(user, None)
    assert Player.objects.get(pk=player).user == user
    assert Player.objects.get(pk=player).name == "ada"
    assert adopt_player(user, None) == player


def test_a_colour_chosen_before_logging_in_is_the_accounts_unless_it_has_one() -> None:
    ada = User.objects.create_user("ada", password=PASSWORD)
    Player.objects.create(id="adaADAadaADA", name="Ada", user=ada)
    Player.objects.create(id="anonAAAAAAAA", name="Anon", colour="#00ccaa")
    Player.objects.create(id="anonBBBBBBBB", name="Anon", colour="#7777ff")
    adopt_player(ada, "anonAAAAAAAA")
    adopt_player(ada, "anonBBBBBBBB")
    assert Player.objects.get(pk="adaADAadaADA").colour == "#00ccaa"


def test_another_accounts_player_is_never_taken_over() -> None:
    ada = User.objects.create_user("ada", password=PASSWORD)
    bob = User.objects.create_user("bob", password=PASSWORD)
    Player.objects.create(id="adaADAadaADA", name="Ada", user=ada)
    _lives("adaADAadaADA", _match("m1"), 1)
    bobs = adopt_player(bob, "adaADAadaADA")
    assert bobs != "adaADAadaADA"
    assert Score.objects.get().player_id == "adaADAadaADA"
    Player.objects.create(id="bobBOBbobBOB", name="Bob")
    assert adopt_player(ada, bobs) == "adaADAadaADA", "bob's player is not merged into ada's"
    assert Player.objects.get(pk=bobs).merged_into is None


def test_logging_out_by_address_asks_first_and_says_when_not_logged_in(client: Client) -> None:
    away = client.get("/accounts/logout/")
    assert away.status_code == 200
    assert b"You are not logged in" in away.content
    assert b'href="/accounts/login/"' in away.content
    User.objects.create_user("ada", password=PASSWORD)
    _log_in(client)
    asked = client.get("/accounts/logout/").content.decode()
    assert "Log out?" in asked and "ada" in asked
    assert '<form class="records-form" method="post" action="/accounts/logout/">' in asked


@pytest.mark.parametrize(
    ("password", "said"),
    [
        ("a", b"too short"),
        ("ada-lovelace", b"too similar to the username"),
        ("password123", b"too common"),
        ("8304917265", b"entirely numeric"),
    ],
)
def test_weak_passwords_are_refused_with_the_reason(
    client: Client, password: str, said: bytes
) -> None:
    registration = {"username": "ada-lovelace", "password1": password, "password2": password}
    response = client.post("/accounts/register/", registration)
    assert response.status_code == 400
    assert said in response.content
    assert not User.objects.exists()


def test_a_good_password_is_accepted(client: Client) -> None:
    registration = {
        "name": "Ada",
        "username": "ada-lovelace",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    assert client.post("/accounts/register/", registration).status_code == 302
    assert User.objects.get().check_password(PASSWORD)


def _register(client: Client, name: str, username: str = "ada") -> Any:
    form = {"name": name, "username": username, "password1": PASSWORD, "password2": PASSWORD}
    return client.post("/accounts/register/", form)


def test_registering_sets_the_display_name_and_keeps_the_history(client: Client) -> None:
    player = _anonymous(client)
    _lives(player, _match("m1"), 1, 2)
    assert _register(client, "  Ada L.  ").status_code == 302
    adopted = Player.objects.select_related("user").get(pk=player)
    assert adopted.user is not None
    assert (adopted.name, adopted.user.username) == ("Ada L.", "ada")
    assert Score.objects.filter(player=player).count() == 2
    assert "Ada L." in client.get(f"/players/{player}/").content.decode()


def test_registering_from_a_new_browser_names_the_new_player(client: Client) -> None:
    assert _register(client, "Grace").status_code == 302
    assert Player.objects.get(user__username="ada").name == "Grace"


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("", "This field is required."),
        ("   ", "This field is required."),
        ("x" * 21, "at most 20 characters"),
        ("bad\u0007bell", "printable characters"),
    ],
)
def test_a_display_name_is_checked_as_a_players_name(client: Client, name: str, said: str) -> None:
    response = _register(client, name)
    assert response.status_code == 400
    assert said in response.content.decode()
    assert not User.objects.exists()


def test_the_register_form_starts_from_the_players_current_name(client: Client) -> None:
    player = _anonymous(client)
    Player.objects.filter(pk=player).update(name="Brisk Otter")
    page = client.get("/accounts/register/").content.decode()
    assert 'value="Brisk Otter"' in page


@pytest.mark.parametrize("url", ["/accounts/register/", "/accounts/login/"])
def test_the_account_forms_use_the_sites_fields_and_short_help(client: Client, url: str) -> None:
    page = client.get(url).content.decode()
    assert 'class="records-card"' in page
    assert page.count('class="field"') == page.count("<input") - 1, "all but the CSRF token"
    assert "<ul>" not in page, "no raw list of every password rule"
    assert "Your password can" not in page


def test_a_wrong_password_is_said_in_the_forms_alert(client: Client) -> None:
    User.objects.create_user("ada", password=PASSWORD)
    response = client.post("/accounts/login/", {"username": "ada", "password": "wrong"})
    page = response.content.decode()
    assert '<div class="records-alert" role="alert">' in page
    assert "Please enter a correct username and password" in page


def test_the_lobby_offers_logging_out_with_a_post_when_logged_in(client: Client) -> None:
    guest = client.get("/").content.decode()
    assert 'href="/accounts/login/"' in guest and 'action="/accounts/logout/"' not in guest
    User.objects.create_user("ada", password=PASSWORD)
    _log_in(client)
    page = client.get("/").content.decode()
    nav = page[page.index('<nav class="top-nav"') : page.index("</nav>")]
    assert '<form class="top-nav-form" method="post" action="/accounts/logout/">' in nav
    assert 'name="csrfmiddlewaretoken"' in nav
    assert '<button class="top-nav-button" type="submit">Log out</button>' in nav
    assert 'href="/accounts/login/"' not in nav
