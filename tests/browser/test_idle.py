"""A dead player who does nothing gives their place up: real Chromium against a server whose
dead-idle time is short (`KOGAME_DEAD_IDLE_SECONDS`), in a room with one place."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from kogame.liveserver import serve

pytestmark = pytest.mark.browser

IDLE_SECONDS = 6


@pytest.fixture(scope="module")
def one_place_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The default room of a server of its own: one place, a small board, no bots."""
    data = tmp_path_factory.mktemp("kogame-idle")
    settings = {
        "KOGAME_SNEK_SIZE": "16",
        "KOGAME_SNEK_TICK_RATE": "10",
        "KOGAME_SNEK_MAX_PLAYERS": "1",
        "KOGAME_SNEK_BOTS": "0",
        "KOGAME_DEAD_IDLE_SECONDS": str(IDLE_SECONDS),
    }
    with serve(data, data / "server.log", settings) as (port, _):
        yield f"http://127.0.0.1:{port}/play/snek/main/"


def visitor(browser: Browser, url: str) -> Page:
    # The page's Content-Security-Policy forbids eval, which Playwright's string predicates use.
    context = browser.new_context(viewport={"width": 1440, "height": 900}, bypass_csp=True)
    page = context.new_page()
    page.goto(url)
    page.wait_for_function("() => window.kogame.status === 'connected'")
    return page


def join(page: Page, name: str) -> None:
    page.fill("#name", name)
    page.click("#panel-join button[type=submit]")


def test_a_dead_player_who_stays_away_is_asked_to_play_again_and_the_place_goes_to_another(
    browser: Browser, one_place_url: str, artifacts: Path
) -> None:
    ada = visitor(browser, one_place_url)
    bea = visitor(browser, one_place_url)
    join(ada, "Ada")
    # Held for 3 s at its spawn (10 ticks/s), then a wall within a board's width.
    ada.wait_for_selector("#panel-dead", state="visible", timeout=12000)
    join(bea, "Bea")  # while Ada's place is still hers
    bea.wait_for_selector("#toast", state="visible")
    assert "This room is full (1 player)." in bea.inner_text("#toast")
    bea.wait_for_function("() => window.kogame.watching")

    ada.wait_for_selector("#panel-join", state="visible", timeout=(IDLE_SECONDS + 4) * 1000)
    assert ada.inner_text("#panel-join .card-title") == "Still there?"
    assert "You were away for a while" in ada.inner_text("#panel-join .card-lead")
    assert not ada.evaluate("window.kogame.playing")
    ada.screenshot(path=str(artifacts / "desktop-idle.png"))

    bea.click("#watch-play")  # under the name she gave before
    bea.wait_for_function("() => window.kogame.mySnake()?.alive", timeout=5000)
    assert bea.evaluate("window.kogame.mySnake().name") == "Bea"
