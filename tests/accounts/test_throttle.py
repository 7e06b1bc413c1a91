"""Login throttling: failed logins per address and per username lock both login forms."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
LIMIT = settings.AXES_FAILURE_LIMIT
LOGIN = "/accounts/login/"


def _try(client: Client, password: str, ip: str, username: str = "ada", path: str = LOGIN) -> int:
    form = {"username": username, "password": password}
    status: int = client.post(path, form, REMOTE_ADDR=ip).status_code
    return status


@pytest.fixture
def ada() -> User:
    return User.objects.create_user("ada", password=PASSWORD, is_staff=True)


def _settings_with(**env: str) -> list[str]:
    """The failure limit and cool-off seconds a process started with `env` would use."""
    names = ("KOGAME_LOGIN_FAILURE_LIMIT", "KOGAME_LOGIN_COOLOFF_MINUTES")
    environ = {k: v for k, v in os.environ.items() if k not in names} | env
    code = (
        "from django.conf import settings as s; "
        "print(s.AXES_FAILURE_LIMIT, int(s.AXES_COOLOFF_TIME.total_seconds()))"
    )
    command = [sys.executable, "-c", f"import django; django.setup(); {code}"]
    done = subprocess.run(command, env=environ, capture_output=True, text=True, check=True)
    return done.stdout.split()


def test_the_limits_come_from_the_environment_with_safe_defaults() -> None:
    assert _settings_with() == ["5", "900"]
    assert _settings_with(KOGAME_LOGIN_FAILURE_LIMIT="3", KOGAME_LOGIN_COOLOFF_MINUTES="60") == [
        "3",
        "3600",
    ]


def test_after_too_many_failures_from_one_address_even_the_right_password_waits(
    client: Client, ada: User
) -> None:
    for _ in range(LIMIT - 1):
        assert _try(client, "wrong", "10.0.0.1") == 200  # the form again, with its error
    assert _try(client, "wrong", "10.0.0.1") == 429
    locked = client.post(LOGIN, {"username": "ada", "password": PASSWORD}, REMOTE_ADDR="10.0.0.1")
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session
    page = locked.content.decode()
    assert "Too many tries" in page and "wait 15 minutes" in page
    assert '<link rel="stylesheet"' in page, "our page in the site's look, not bare text"
    assert locked["Retry-After"] == "900"
    # Another username from that address is refused too; the account from elsewhere is not.
    User.objects.create_user("bob", password=PASSWORD)
    assert _try(Client(), PASSWORD, "10.0.0.1", username="bob") == 429
    assert _try(Client(), PASSWORD, "10.0.0.9", username="bob") == 302


def test_failures_for_one_username_count_across_addresses(client: Client, ada: User) -> None:
    for attempt in range(LIMIT):
        _try(Client(), "wrong", f"10.0.1.{attempt}")
    assert _try(client, PASSWORD, "10.0.2.1") == 429
    assert "_auth_user_id" not in client.session


def test_the_admin_login_is_throttled_too(client: Client, ada: User) -> None:
    for _ in range(LIMIT):
        _try(client, "wrong", "10.0.3.1", path="/admin/login/")
    assert _try(client, PASSWORD, "10.0.3.1", path="/admin/login/") == 429
    assert _try(client, PASSWORD, "10.0.3.1") == 429, "and the address is locked everywhere"


def test_a_right_password_before_the_limit_logs_in_and_clears_ones_own_failures(
    client: Client, ada: User
) -> None:
    for _ in range(LIMIT - 1):
        _try(Client(), "wrong", "10.0.4.1")
    assert _try(client, PASSWORD, "10.0.4.1") == 302
    for _ in range(LIMIT - 1):
        _try(Client(), "wrong", "10.0.4.1")
    assert _try(Client(), PASSWORD, "10.0.4.1") == 302, "the earlier mistakes no longer count"


def test_logging_in_to_ones_own_account_does_not_clear_guesses_at_another(ada: User) -> None:
    User.objects.create_user("mallory", password=PASSWORD)
    for _ in range(LIMIT - 1):
        _try(Client(), "guess", "10.0.5.1")
    assert _try(Client(), PASSWORD, "10.0.5.1", username="mallory") == 302
    assert _try(Client(), "guess", "10.0.5.1") == 429
