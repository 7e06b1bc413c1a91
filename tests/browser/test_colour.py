"""Choosing a colour on the join card: keyboard and mouse, on the board and the scoreboard,
remembered for the next visit."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from tests.browser.conftest import RoomMaker
from tests.browser.test_play import open_room, play, wait_until_drawn

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/colour-shots")
TEAL, PERIWINKLE = "#00ccaa", "#7777ff"


def scoreboard_swatch(page: Page) -> str:
    """The colour of the swatch before our own name on the scoreboard, as #rrggbb."""
    page.wait_for_selector("#scores tr.is-me .swatch")
    rgb: str = page.evaluate(
        "() => getComputedStyle(document.querySelector('#scores tr.is-me .swatch')).backgroundColor"
    )
    red, green, blue = (int(part) for part in rgb[rgb.index("(") + 1 : -1].split(","))
    return f"#{red:02x}{green:02x}{blue:02x}"


def test_a_colour_picked_on_the_join_card_is_the_snakes_and_is_remembered(
    browser: Browser, server_url: str, new_room: RoomMaker
) -> None:
    path = new_room()
    page = open_room(browser, server_url, path, viewport={"width": 1440, "height": 900})
    radios = page.get_by_role("radio")
    assert radios.count() == 12
    assert page.get_by_role("group", name="Your colour (optional)").is_visible()
    page.get_by_role("radio", name="Teal").check()
    snake = play(page, "Ada")
    assert snake["colour"] == TEAL
    wait_until_drawn(page, TEAL)
    assert scoreboard_swatch(page) == TEAL
    # The same browser comes back: its choice is checked again (from the player's row). Once
    # the new tab's socket says Ada is playing, the card is hidden: looked at after that, not
    # in a race with it.
    again = page.context.new_page()
    again.goto(f"{server_url}{path}")
    again.wait_for_function("() => document.getElementById('kogame').dataset.playing === 'true'")
    assert again.get_by_role("radio", name="Teal", include_hidden=True).is_checked()


def test_the_keyboard_picks_a_colour_with_the_arrow_keys(
    browser: Browser, server_url: str, new_room: RoomMaker
) -> None:
    path = new_room()
    page = open_room(browser, server_url, path, viewport={"width": 390, "height": 844})
    page.get_by_role("radio", name="Cornflower").check()
    page.get_by_role("radio", name="Cornflower").focus()
    page.keyboard.press("ArrowRight")
    assert page.get_by_role("radio", name="Periwinkle").is_checked()
    page.focus("#name")
    page.keyboard.press("Enter")
    page.wait_for_function("() => window.kogame.mySnake() && window.kogame.mySnake().alive")
    wait_until_drawn(page, PERIWINKLE)
    assert page.evaluate("localStorage.getItem('kogame.colour')") == PERIWINKLE


@pytest.mark.parametrize("size", [(1440, 900), (390, 844), (844, 390)], ids=str)
def test_the_join_card_fits_each_screen(
    browser: Browser, server_url: str, new_room: RoomMaker, size: tuple[int, int]
) -> None:
    """Screens for a person to look at (in /tmp/colour-shots); the card must fit the view."""
    width, height = size
    page = open_room(
        browser, server_url, new_room(bots=3), viewport={"width": width, "height": height}
    )
    page.get_by_role("radio", name="Aqua").check()
    page.get_by_role("radio", name="Aqua").focus()
    card = page.locator("#panel-join").bounding_box()
    assert card is not None
    assert card["x"] >= 0 and card["x"] + card["width"] <= width
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"join-{width}x{height}.png"))


def test_snakes_are_outlined_and_tags_keep_off_your_own_snake(
    browser: Browser, server_url: str, new_room: RoomMaker
) -> None:
    """A screen of the board in play, for a person to look at (in /tmp/colour-shots)."""
    page = open_room(
        browser,
        server_url,
        new_room(bots=4, board_size=24),
        viewport={"width": 1440, "height": 900},
    )
    page.get_by_role("radio", name="Apricot").check()
    snake = play(page, "Ada")
    page.keyboard.press("ArrowDown" if snake["body"][0][1] < 10 else "ArrowUp")
    page.wait_for_timeout(300)
    SHOTS.mkdir(exist_ok=True)
    page.locator("#board").screenshot(path=str(SHOTS / "board-1440x900.png"))
