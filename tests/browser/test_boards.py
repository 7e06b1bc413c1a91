"""The leaderboards and account pages on a phone: everything fits the width of the screen."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.test_lobby import PHONE, new_page, no_sideways_scroll

pytestmark = pytest.mark.browser

# Long names that do not break by themselves, in the longest room name the form allows.
PLAYER = "Wolfeschlegelsteinha"
PASSWORD = "correct horse battery staple"
ROOM = "An Extraordinarily Long Room Name, Truly"
SEED = f"""
from datetime import timedelta
from django.utils import timezone
from kogame.players.models import Player
from kogame.records.models import Match, Score
now = timezone.now()
match = Match.objects.create(
    key="boards-seed", game="snek", room="long-room-3f2a1c", started_at=now,
    settings={{"public": True, "name": {ROOM!r}}},
)
for n in range(30):
    name = {PLAYER!r}[: 18 - n % 5] + f"{{n:02d}}"
    player = Player.objects.create(id=f"seed{{n:08d}}", name=name)
    for life in range(1, 4):
        Score.objects.create(
            player=player, match=match, game="snek", life=life, score=n * life,
            stats={{"length": 3 + 2 * n * life, "kills": life}}, cause="snake",
            duration=12.5 * life, at=now - timedelta(minutes=n),
        )
"""


@pytest.fixture(scope="module")
def seeded(server_url: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    """Scores written into the browser-test server's database; returns the server's URL."""
    # The server's data directory: the one its fixture made, holding its log.
    (data,) = {
        log.parent.resolve()
        for log in tmp_path_factory.getbasetemp().glob("kogame-data*/server.log")
    }
    env = os.environ | {"KOGAME_DATA_DIR": str(data), "DJANGO_SETTINGS_MODULE": "kogame.settings"}
    subprocess.run([sys.executable, "-m", "django", "shell", "-c", SEED], env=env, check=True)
    return server_url


def _fits(page: Page) -> None:
    assert no_sideways_scroll(page), page.url
    for box in page.locator(".records-scroll").all():
        assert box.evaluate("(el) => el.scrollWidth <= el.clientWidth"), page.url


@pytest.mark.parametrize(
    "path",
    [
        "/leaderboard/snek/",
        "/leaderboard/snek/?view=lives",
        "/leaderboard/snek/today/",
        "/leaderboard/snek/long-room-3f2a1c/",
        "/players/seed00000029/",
    ],
)
def test_a_board_fits_a_phone_without_sideways_scrolling(
    browser: Browser, seeded: str, artifacts: Path, path: str
) -> None:
    page = new_page(browser, **PHONE)
    page.goto(f"{seeded}{path}")
    assert page.locator(".records-table tbody tr").count() > 0
    _fits(page)
    assert page.get_by_role("link", name=ROOM).first.is_visible(), "the room by its name"
    if path.startswith("/leaderboard/"):
        switch = page.get_by_role("navigation", name="Show")
        assert switch.get_by_role("link", name="Best per player").is_visible()
        assert switch.get_by_role("link", name="Every life").is_visible()
    name = path.strip("/").replace("/", "-").replace("?view=", "-") or "home"
    page.screenshot(path=str(artifacts / f"phone-{name}.png"), full_page=True)
    page.context.close()


@pytest.mark.parametrize("path", ["/accounts/register/", "/accounts/login/"])
def test_the_account_forms_fit_a_phone(browser: Browser, server_url: str, path: str) -> None:
    page = new_page(browser, **PHONE)
    page.goto(f"{server_url}{path}")
    _fits(page)
    card = page.locator(".records-card").bounding_box()
    assert card is not None and card["x"] >= 0 and card["x"] + card["width"] <= 390
    page.context.close()


def test_registering_on_a_phone_names_the_player_and_the_lobby_logs_out(
    browser: Browser, server_url: str, artifacts: Path
) -> None:
    page = new_page(browser, **PHONE)
    page.goto(f"{server_url}/accounts/register/")
    page.fill("#id_name", "Phone Ada")
    page.fill("#id_username", "phone-ada")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.screenshot(path=str(artifacts / "phone-register.png"), full_page=True)
    page.get_by_role("button", name="Create account").click()
    page.wait_for_url(re.compile(r"/players/[A-Za-z0-9_-]{12}/$"))
    assert page.locator("h1").inner_text().startswith("Phone Ada")

    page.goto(f"{server_url}/")
    assert no_sideways_scroll(page)
    nav = page.get_by_role("navigation", name="Site")
    nav.get_by_role("button", name="Log out").click()
    expect(nav.get_by_role("link", name="Log in")).to_be_visible()
    page.context.close()
