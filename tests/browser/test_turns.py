"""The page shell's side of turn-based rooms: a countdown to the move deadline over the board,
and whether this player's move for the turn is in.

The room says how it keeps time in its `welcome` (`clock`); these tests put a turn-based clock
into the welcome on its way to the page, so they need nothing from the server's rooms.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, WebSocketRoute

from tests.browser.conftest import RoomMaker

pytestmark = pytest.mark.browser

TURNS = {"kind": "turns", "deadline_ms": 500}
FILL = "() => document.getElementById('turn-fill').style.transform"


def open_with_clock(browser: Browser, server_url: str, path: str, held: list[bool]) -> Page:
    """The room at `path` whose welcome says it is turn-based; frames stop while `held[0]`."""
    page = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()

    def through(route: WebSocketRoute) -> None:
        server = route.connect_to_server()

        def to_page(message: str | bytes) -> None:
            msg = json.loads(message)
            if msg["type"] == "welcome":
                msg["clock"] = TURNS
            elif msg["type"] in ("snapshot", "delta") and held[0]:
                return
            route.send(json.dumps(msg))

        server.on_message(to_page)

    page.route_web_socket(re.compile(r"/ws/play/"), through)
    page.goto(f"{server_url}{path}")
    page.wait_for_function("() => document.getElementById('kogame').dataset.status === 'connected'")
    return page


def test_a_turn_based_room_counts_down_to_the_move_deadline(
    browser: Browser, server_url: str, new_room: RoomMaker, artifacts: Path
) -> None:
    held = [False]
    page = open_with_clock(browser, server_url, new_room(), held)
    page.wait_for_selector("#turn-bar", state="visible")
    assert "Turn-based" in page.inner_text("#turn-text")
    page.fill("#name", "Mover")
    page.click("#panel-join button[type=submit]")
    page.wait_for_function("() => window.kogame.mySnake() && window.kogame.mySnake().alive")
    assert page.inner_text("#turn-text") == "Turn-based: make your move"
    page.screenshot(path=str(artifacts / "desktop-turns.png"))
    held[0] = True  # no frame comes: the deadline runs out
    page.wait_for_function(f"() => ({FILL})() === 'scaleX(0)'", timeout=2000)
    held[0] = False  # the next frame opens a new turn (after a sync: ticks were missed)
    page.wait_for_function(
        f"() => parseFloat(({FILL})().slice(7)) > 0.5", timeout=10000, polling="raf"
    )


def test_once_the_player_has_moved_the_bar_says_the_move_is_in_until_the_next_turn(
    browser: Browser, server_url: str, new_room: RoomMaker, artifacts: Path
) -> None:
    held = [False]
    page = open_with_clock(browser, server_url, new_room(), held)
    page.fill("#name", "Mover")
    page.click("#panel-join button[type=submit]")
    page.wait_for_function("() => window.kogame.mySnake() && window.kogame.mySnake().alive")
    held[0] = True  # the turn stays open
    page.wait_for_timeout(200)
    assert page.inner_text("#turn-text") == "Turn-based: make your move"
    page.keyboard.press("ArrowLeft")
    page.wait_for_function(
        "() => document.getElementById('turn-text').textContent"
        " === 'Your move is in: waiting for the others'",
        timeout=2000,
    )
    page.screenshot(path=str(artifacts / "desktop-turns-moved.png"))
    held[0] = False  # the next frame opens a new turn
    page.wait_for_function(
        "() => document.getElementById('turn-text').textContent === 'Turn-based: make your move'",
        timeout=10000,
    )


def test_a_room_with_a_fixed_clock_shows_no_countdown(
    browser: Browser, server_url: str, new_room: RoomMaker
) -> None:
    page = browser.new_context().new_page()
    page.goto(f"{server_url}{new_room()}")
    page.wait_for_function("() => window.kogame.status === 'connected'")
    page.wait_for_timeout(300)
    assert page.is_hidden("#turn-bar")
