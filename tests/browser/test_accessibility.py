"""Every page a player sees, checked with axe-core (the Deque rules, run in the page) at a
desktop and a phone size: the lobby, a Snek room before and during play, a Zombies room, a
leaderboard and the account forms. Any violation fails, with axe's own summary. Pages ask
for reduced motion, so no element is caught halfway through a fade."""

from __future__ import annotations

from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, ViewportSize

from tests.browser.conftest import RoomMaker
from tests.browser.test_play import open_room, play

pytestmark = pytest.mark.browser

SIZES: dict[str, ViewportSize] = {
    "desktop": {"width": 1440, "height": 900},
    "phone": {"width": 390, "height": 844},
}
AXE = Axe()


def violations(page: Page) -> list[str]:
    """Each violation as 'rule (impact): first element - what to fix'."""
    found: list[dict[str, Any]] = AXE.run(page).response["violations"]
    return [
        f"{v['id']} ({v['impact']}): {v['nodes'][0]['target']} - "
        f"{v['nodes'][0].get('failureSummary', '')}"
        for v in found
    ]


@pytest.mark.parametrize("size", SIZES.values(), ids=SIZES.keys())
@pytest.mark.parametrize(
    "path", ["/", "/leaderboard/snek/", "/accounts/register/", "/accounts/login/"]
)
def test_the_site_pages_have_no_axe_violations(
    browser: Browser, server_url: str, path: str, size: ViewportSize
) -> None:
    page = browser.new_page(viewport=size, reduced_motion="reduce")
    page.goto(server_url + path)
    assert violations(page) == []


@pytest.mark.parametrize("size", SIZES.values(), ids=SIZES.keys())
def test_a_snek_room_has_no_axe_violations_before_and_while_playing(
    browser: Browser, server_url: str, new_room: RoomMaker, size: ViewportSize
) -> None:
    page = open_room(browser, server_url, new_room(bots=2), viewport=size, reduced_motion="reduce")
    assert violations(page) == [], "the join card"
    play(page, "Ada")
    assert violations(page) == [], "playing"


@pytest.mark.parametrize("size", SIZES.values(), ids=SIZES.keys())
def test_a_zombies_room_has_no_axe_violations(
    browser: Browser, server_url: str, new_room: RoomMaker, size: ViewportSize
) -> None:
    path = new_room(
        game="zombies", options={"map": "range", "max_players": "8", "bots": "1", "tick_rate": "30"}
    )
    page = open_room(browser, server_url, path, viewport=size, reduced_motion="reduce")
    assert violations(page) == []
