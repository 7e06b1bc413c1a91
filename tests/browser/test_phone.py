"""The room page on phones and around the board: fitting the screen either way up, the
on-screen pad, the chat handing the keys back, and the sound and full-screen switches."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, FloatRect, Page

from tests.browser.conftest import RoomMaker
from tests.browser.test_play import KEYS, my_snake, open_room, play, wait_until_heading

pytestmark = pytest.mark.browser

DESKTOP: dict[str, Any] = {"viewport": {"width": 1440, "height": 900}}
UPRIGHT = {"width": 390, "height": 844}
SIDEWAYS = {"width": 844, "height": 390}
TOUCH: dict[str, Any] = {"device_scale_factor": 3, "is_mobile": True, "has_touch": True}
DIRECTIONS = {(0, -1): "up", (0, 1): "down", (-1, 0): "left", (1, 0): "right"}


def perpendicular(snake: dict[str, Any]) -> tuple[int, int]:
    """A turn the server accepts: across the snake's current heading."""
    (hx, hy), (nx, ny) = snake["body"][0], snake["body"][1]
    return (hy - ny, hx - nx)


def box(page: Page, selector: str) -> FloatRect:
    found = page.locator(selector).bounding_box()
    assert found is not None, f"{selector} is not shown"
    return found


def assert_fits(page: Page) -> None:
    """No page scrolling either way, and the whole board on the screen."""
    viewport = page.viewport_size
    assert viewport is not None
    sizes = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.scrollHeight]"
    )
    assert sizes[0] <= viewport["width"] and sizes[1] <= viewport["height"], sizes
    board = box(page, "#board")
    assert board["x"] >= 0 and board["y"] >= 0
    assert board["x"] + board["width"] <= viewport["width"]
    assert board["y"] + board["height"] <= viewport["height"]


@pytest.mark.parametrize("viewport", [UPRIGHT, SIDEWAYS], ids=["upright", "sideways"])
def test_a_phone_shows_the_whole_board_without_scrolling_either_way_up(
    browser: Browser,
    server_url: str,
    new_room: RoomMaker,
    artifacts: Path,
    viewport: dict[str, int],
) -> None:
    page = open_room(browser, server_url, new_room(), viewport=viewport, **TOUCH)
    which = "upright" if viewport is UPRIGHT else "sideways"
    assert_fits(page)
    board, card = box(page, "#board"), box(page, "#panel-join")
    assert board["width"] >= 300 and board["height"] >= 300
    assert card["height"] <= board["height"] * 0.6, "the join card leaves most of the board seen"
    page.screenshot(path=str(artifacts / f"phone-{which}-join.png"))

    play(page, "Pocket")
    page.wait_for_function("() => document.getElementById('board').dataset.overlay === 'none'")
    assert_fits(page)
    assert page.is_visible("#scores-title"), "the scoreboard is the first tab"
    assert page.is_hidden("#chat-input")
    page.tap("#tab-chat")
    assert page.is_visible("#chat-input") and page.is_hidden("#scores-title")
    chat = box(page, "#chat-input")
    assert chat["y"] + chat["height"] <= viewport["height"], "the chat box is on the screen"
    assert_fits(page)
    page.screenshot(path=str(artifacts / f"phone-{which}-playing.png"))


def test_a_long_notice_on_a_phone_spreads_across_the_board_rather_than_down_it(
    browser: Browser, server_url: str, new_room: RoomMaker, artifacts: Path
) -> None:
    """The toast sits centred on the board; it once wrapped at half the board's width (its
    left edge is the board's middle), making a tall oval of a two-line message."""
    room = new_room(options={"size": "40", "max_players": "1"})
    play(open_room(browser, server_url, room), "Ada")
    page = open_room(browser, server_url, room, viewport=UPRIGHT, **TOUCH)
    page.fill("#name", "Bea")
    page.click("#panel-join button[type=submit]")
    page.wait_for_selector("#toast", state="visible")
    assert "This room is full" in page.inner_text("#toast")
    page.screenshot(path=str(artifacts / "phone-upright-room-full.png"))
    toast, board = box(page, "#toast"), box(page, "#board")
    assert toast["width"] > 0.6 * board["width"], (toast, board)


def test_the_on_screen_pad_steers_the_snake_and_stays_on_once_turned_on(
    browser: Browser, server_url: str, new_room: RoomMaker, artifacts: Path
) -> None:
    room = new_room()
    page = open_room(browser, server_url, room, viewport=UPRIGHT, **TOUCH)
    assert page.is_hidden("#pad"), "the pad is optional: off at first"
    page.tap("#pad-toggle")
    assert page.is_visible("#pad")
    assert page.get_attribute("#pad-toggle", "aria-pressed") == "true"
    assert_fits(page)

    turn = perpendicular(play(page, "Thumbs"))
    page.tap(f'.pad-button[data-direction="{DIRECTIONS[turn]}"]')
    wait_until_heading(page, turn)
    page.screenshot(path=str(artifacts / "phone-upright-pad.png"))

    page.reload()
    page.wait_for_function("() => document.getElementById('kogame').dataset.status === 'connected'")
    assert page.is_visible("#pad"), "the choice is remembered"


def test_after_sending_a_chat_line_the_arrow_keys_steer_again(
    browser: Browser, server_url: str, new_room: RoomMaker
) -> None:
    page = open_room(browser, server_url, new_room(), **DESKTOP)
    hint = page.inner_text("#chat-hint")
    assert "Enter" in hint and "Esc" in hint, "the chat box says how to get the keys back"
    page.click("#join-watch")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "chat-input", "Enter opens the chat"
    page.keyboard.type("x")
    page.keyboard.press("Escape")
    assert page.evaluate("document.activeElement.id") != "chat-input", "Esc leaves it"
    assert page.input_value("#chat-input") == "x", "without sending"

    page.click("#watch-play")
    play(page, "Chatty")
    page.fill("#chat-input", "on my way")
    page.keyboard.press("Enter")
    page.locator("#chat .chat-line.is-me", has_text="on my way").wait_for()
    assert page.evaluate("document.activeElement.id") != "chat-input"
    turn = perpendicular(my_snake(page))
    page.keyboard.press(KEYS[turn])
    wait_until_heading(page, turn)


def test_the_desktop_page_keeps_its_side_column_and_remembers_the_sound_switch(
    browser: Browser, server_url: str, new_room: RoomMaker, artifacts: Path
) -> None:
    page = open_room(browser, server_url, new_room(bots=2), **DESKTOP)
    assert_fits(page)
    for shown in ["#scores-title", "#chat-input", "#invite-url", "#sound", "#fullscreen"]:
        assert page.is_visible(shown), shown
    assert page.is_hidden(".side-tabs") and page.is_hidden("#pad-toggle")
    page.screenshot(path=str(artifacts / "desktop-1440-join.png"))

    assert page.get_attribute("#sound", "aria-pressed") == "true", "sound is on by default"
    page.click("#sound")
    assert page.get_attribute("#sound", "aria-pressed") == "false"
    page.reload()
    page.wait_for_function("() => document.getElementById('kogame').dataset.status === 'connected'")
    assert page.get_attribute("#sound", "aria-pressed") == "false", "muting is remembered"
    page.click("#sound")
    assert page.evaluate("localStorage.getItem('kogame.muted')") == "false"

    play(page, "Wide")
    page.wait_for_timeout(300)
    page.screenshot(path=str(artifacts / "desktop-1440-playing.png"))
