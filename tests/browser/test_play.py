"""A player's view: real Chromium against the real server, playing Snek."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, WebSocketRoute

from tests.browser.conftest import RoomMaker

pytestmark = pytest.mark.browser

KEYS = {(0, -1): "ArrowUp", (0, 1): "ArrowDown", (-1, 0): "ArrowLeft", (1, 0): "ArrowRight"}


def open_room(browser: Browser, server_url: str, path: str, **context: Any) -> Page:
    """A new browser (its own cookies, so its own player) on the room page at `path`."""
    page = browser.new_context(**context).new_page()
    page.goto(f"{server_url}{path}")
    page.wait_for_function("() => document.getElementById('kogame').dataset.status === 'connected'")
    return page


def play(page: Page, name: str) -> dict[str, Any]:
    page.fill("#name", name)
    page.click("#panel-join button[type=submit]")
    page.wait_for_function("() => window.kogame.mySnake() && window.kogame.mySnake().alive")
    return my_snake(page)


def start(page: Page, snake: dict[str, Any]) -> None:
    """A new snake waits for its player's first turn: press the key of the way it heads."""
    (hx, hy), (nx, ny) = snake["body"][0], snake["body"][1]
    page.keyboard.press(KEYS[(hx - nx, hy - ny)])
    page.wait_for_function("() => window.kogame.mySnake()?.heldUntil === null", timeout=3000)


def my_snake(page: Page) -> dict[str, Any]:
    snake = page.evaluate("JSON.parse(JSON.stringify(window.kogame.mySnake()))")
    assert isinstance(snake, dict)
    return snake


def wait_until_heading(page: Page, turn: tuple[int, int]) -> None:
    """Wait until our snake moves by `turn` (dx, dy) each tick. It may have died since (a
    wall two cells away, on a loaded machine that checks rarely): its body still shows which
    way it last went."""
    page.wait_for_function(
        """([dx, dy]) => {
            const s = window.kogame.mySnake();
            return s && s.body.length > 1 && s.body[0][0] - s.body[1][0] === dx
                && s.body[0][1] - s.body[1][1] === dy;
        }""",
        arg=list(turn),
        timeout=5000,
    )


# How many canvas pixels are close to a `#rrggbb` colour.
COUNT_PIXELS = """(hex) => {
    const c = document.getElementById('canvas');
    const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    const want = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
    let n = 0;
    for (let i = 0; i < data.length; i += 4) {
        const d = Math.abs(data[i] - want[0]) + Math.abs(data[i + 1] - want[1])
            + Math.abs(data[i + 2] - want[2]);
        if (d < 40) n++;
    }
    return n;
}"""


def wait_until_drawn(page: Page, colour: str) -> None:
    """Wait until more than 50 canvas pixels have `colour` (a snake of it is on screen)."""
    page.wait_for_function(f"(hex) => ({COUNT_PIXELS})(hex) > 50", arg=colour, timeout=3000)


def wait_until_sized(page: Page) -> list[int]:
    """The canvas's backing size once it follows the element (after the first resize)."""
    page.wait_for_function(
        "() => { const c = document.getElementById('canvas'); "
        "return c.width === Math.round(c.clientWidth * devicePixelRatio); }"
    )
    size = page.evaluate(
        "(() => { const c = document.getElementById('canvas'); return [c.width, c.height]; })()"
    )
    return [int(n) for n in size]


def test_the_page_loads_and_shows_the_board(
    browser: Browser, server_url: str, new_room: RoomMaker, artifacts: Path
) -> None:
    page = open_room(browser, server_url, new_room(), viewport={"width": 1280, "height": 800})
    size = wait_until_sized(page)
    assert size[0] >= 300 and size[0] == size[1]
    assert page.is_visible("#panel-join")
    assert page.title().startswith("Snek")
    page.screenshot(path=str(artifacts / "desktop-join.png"))


def test_a_player_joins_and_their_snake_is_drawn_on_the_canvas(
    browser: Browser, server_url: str, new_room: RoomMaker, artifacts: Path
) -> None:
    page = open_room(browser, server_url, new_room(), viewport={"width": 1280, "height": 800})
    snake = play(page, "Ada")
    assert snake["name"] == "Ada"
    assert len(snake["body"]) >= 3
    page.wait_for_function("() => document.getElementById('kogame').dataset.playing === 'true'")
    wait_until_drawn(page, snake["colour"])
    page.screenshot(path=str(artifacts / "desktop-playing.png"))


def test_an_arrow_key_changes_the_snakes_direction(
    browser: Browser, server_url: str, new_room: RoomMaker
) -> None:
    page = open_room(browser, server_url, new_room())
    snake = play(page, "Turner")
    (hx, hy), (nx, ny) = snake["body"][0], snake["body"][1]
    heading = (hx - nx, hy - ny)
    turn = (heading[1], heading[0])  # perpendicular
    page.locator("#canvas").focus()
    page.keyboard.press(KEYS[turn])
    page.wait_for_function(
        """([dx, dy]) => {
            const s = window.kogame.mySnake();
            if (!s || s.body.length < 2) return false;
            return s.body[0][0] - s.body[1][0] === dx && s.body[0][1] - s.body[1][1] === dy;
        }""",
        arg=list(turn),
        timeout=5000,
    )


def test_chromium_agrees_to_shared_compression_and_the_game_plays_on_it(
    browser: Browser, server_url: str, new_room: RoomMaker
) -> None:
    """The frames of a room with 8 bots are large enough to go compressed (deflated once per
    tick for every connection, kogame/play/directsend.py); the browser inflates them."""
    context = browser.new_context()
    page = context.new_page()
    devtools = context.new_cdp_session(page)
    devtools.send("Network.enable")
    agreed: list[str] = []

    def handshake(event: dict[str, Any]) -> None:
        headers = {k.lower(): v for k, v in event["response"]["headers"].items()}
        agreed.append(headers.get("sec-websocket-extensions", ""))

    devtools.on("Network.webSocketHandshakeResponseReceived", handshake)
    page.goto(f"{server_url}{new_room(bots=8)}")
    page.wait_for_function("() => document.getElementById('kogame').dataset.status === 'connected'")
    assert agreed and "permessage-deflate" in agreed[0]
    assert "server_no_context_takeover" in agreed[0]
    # The board keeps following the room from its (compressed) deltas, bots and all.
    tick = page.evaluate("window.kogame.toPlain().tick")
    page.wait_for_function(
        "(t) => { const s = window.kogame.toPlain(); return s.tick >= t + 20"
        " && Object.keys(s.snakes).length >= 8; }",
        arg=tick,
        timeout=15000,
    )
    assert play(page, "Squeezed")["alive"]
    context.close()


def test_wasd_keys_steer_too(browser: Browser, server_url: str, new_room: RoomMaker) -> None:
    page = open_room(browser, server_url, new_room())
    snake = play(page, "Wasd")
    (_, hy), (_, ny) = snake["body"][0], snake["body"][1]
    # Moving sideways, "s" turns it down; moving up or down, "d" turns it right.
    turn = (0, 1) if hy == ny else (1, 0)
    key = {(0, 1): "s", (1, 0): "d"}[turn]
    page.keyboard.press(key)
    wait_until_heading(page, turn)


def test_a_second_browser_sees_the_first_player(
    browser: Browser, server_url: str, new_room: RoomMaker, artifacts: Path
) -> None:
    room = new_room()
    second = open_room(browser, server_url, room, viewport={"width": 1280, "height": 800})
    first = open_room(browser, server_url, room)
    snake = play(first, "First")
    player = first.evaluate("window.kogame.playerId")
    assert player != second.evaluate("window.kogame.playerId")
    second.wait_for_function(
        "(p) => window.kogame.state.snakes.some((s) => s.player === p && s.alive)", arg=player
    )
    # A snake that never turns meets a wall within a few seconds: look while it is alive.
    wait_until_drawn(second, snake["colour"])
    assert "First" in second.inner_text("#scores")
    second.screenshot(path=str(artifacts / "desktop-watching.png"))


def test_after_dying_the_score_shows_and_space_plays_again(
    browser: Browser, server_url: str, new_room: RoomMaker, artifacts: Path
) -> None:
    page = open_room(browser, server_url, new_room())
    snake = play(page, "Mortal")
    start(page, snake)
    # A snake that never turns meets a wall within one board width (40 cells, 10 ticks/s).
    page.wait_for_selector("#panel-dead", state="visible", timeout=8000)
    assert "You scored" in page.inner_text("#panel-dead")
    page.screenshot(path=str(artifacts / "desktop-dead.png"))
    page.wait_for_timeout(1600)
    page.keyboard.press("Space")
    page.wait_for_function(
        "(old) => { const s = window.kogame.mySnake(); return s && s.alive && s.id !== old; }",
        arg=snake["id"],
        timeout=5000,
    )


def test_the_phone_layout_fits_without_sideways_scrolling(
    browser: Browser, server_url: str, new_room: RoomMaker, artifacts: Path
) -> None:
    page = open_room(
        browser,
        server_url,
        new_room(),
        viewport={"width": 390, "height": 844},
        device_scale_factor=3,
        is_mobile=True,
        has_touch=True,
    )
    page.screenshot(path=str(artifacts / "phone-join.png"))
    snake = play(page, "Pocket")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    canvas = page.locator("#canvas").bounding_box()
    assert canvas is not None and canvas["width"] >= 300
    backing = page.evaluate("document.getElementById('canvas').width")
    assert backing >= canvas["width"] * 2.5, "the canvas is drawn at the screen's pixel density"
    wait_until_drawn(page, snake["colour"])
    page.screenshot(path=str(artifacts / "phone-playing.png"))


def test_a_dropped_connection_reconnects_and_resumes_the_same_snake(
    browser: Browser, server_url: str, new_room: RoomMaker
) -> None:
    page = browser.new_context().new_page()
    sockets: list[WebSocketRoute] = []

    def through(route: WebSocketRoute) -> None:
        route.connect_to_server()
        sockets.append(route)

    page.route_web_socket(re.compile(r"/ws/play/"), through)
    page.goto(f"{server_url}{new_room()}")
    page.wait_for_function("() => document.getElementById('kogame').dataset.status === 'connected'")
    snake = play(page, "Phoenix")
    sockets[0].close(code=1001, reason="going away")
    page.wait_for_function("() => document.getElementById('kogame').dataset.status !== 'connected'")
    page.wait_for_function(
        "(id) => window.kogame.status === 'connected' && window.kogame.mySnake()?.id === id",
        arg=snake["id"],
        timeout=5000,
    )
    assert len(sockets) == 2
    assert my_snake(page)["alive"] is True
