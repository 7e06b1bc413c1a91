"""Zombies as a player sees it, in real Chromium: the map drawn, the player moving with the
keys, a zombie coming out in front on the shooting range dying to the player's shots, a
second browser seeing the first player move, and the on-screen stick on a phone."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, ViewportSize
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.browser.conftest import RoomMaker

pytestmark = pytest.mark.browser

RANGE = {"map": "range", "max_players": "8", "bots": "0", "tick_rate": "30"}


DESKTOP = ViewportSize(width=1440, height=900)
SIDEWAYS = ViewportSize(width=844, height=390)
UPRIGHT = ViewportSize(width=390, height=844)


def phone(browser: Browser, url: str, viewport: ViewportSize = SIDEWAYS) -> Page:
    """`url` on a touch-first phone, in a context of its own (the test's teardown closes it)."""
    page = browser.new_page(viewport=viewport, has_touch=True, is_mobile=True)
    page.goto(url)
    return page


def join(
    browser: Browser, server_url: str, path: str, name: str, *, on_phone: bool = False
) -> Page:
    if on_phone:
        page = phone(browser, server_url + path)
    else:
        page = browser.new_page(viewport=DESKTOP)
        page.goto(server_url + path)
    page.fill("#name", name)
    page.locator("form button[type=submit]", has_text="Play").click()
    page.wait_for_function("() => window.kogame.state && window.kogame.state()?.me")
    return page


def me(page: Page) -> dict[str, Any]:
    state = page.evaluate("() => window.kogame.state()")
    assert state is not None
    return dict(state["me"])


# The board's colour at map pixel (x, y), as a string ("r,g,b").
PIXEL = """(x, y) => {
    const canvas = document.querySelector("#board canvas, canvas");
    const at = window.kogame.screenOf(x, y);
    const scale = canvas.width / canvas.getBoundingClientRect().width;
    const data = canvas.getContext("2d").getImageData(
        Math.round(at.x * scale), Math.round(at.y * scale), 1, 1).data;
    return `${data[0]},${data[1]},${data[2]}`;
}"""


def map_drawn(page: Page, wall: tuple[int, int], floor: tuple[int, int]) -> bool:
    """Whether the board shows a wall and a floor tile in different colours, waiting up to
    5 s: the board is drawn on the animation frames after the welcome, not with it."""
    try:
        page.wait_for_function(
            f"([w, f]) => ({PIXEL})(w[0], w[1]) !== ({PIXEL})(f[0], f[1])",
            arg=[list(wall), list(floor)],
            timeout=5000,
        )
    except PlaywrightTimeout:
        return False
    return True


def test_the_map_is_drawn_and_the_player_moves_with_the_keys(
    browser: Browser, server_url: str, new_room: RoomMaker
) -> None:
    path = new_room(game="zombies", options=RANGE)
    page = join(browser, server_url, path, "Ada")
    start = me(page)["server"]
    wall, floor = (16, 16), (16 * 32 + 16, 3 * 32 + 16)
    assert map_drawn(page, wall, floor), "walls and floor are drawn, not left blank"
    page.keyboard.down("d")
    page.wait_for_timeout(600)
    page.keyboard.up("d")
    page.wait_for_function(
        "(x) => window.kogame.state().me.server.x > x + 32 * 16", arg=start["x"], timeout=5000
    )
    # Standing still, the commands still in flight change nothing: the prediction comes to
    # rest exactly where the server puts the player.
    page.wait_for_function(
        """() => {
            const m = window.kogame.state().me;
            return m.predicted.x === m.server.x && m.predicted.y === m.server.y;
        }"""
    )
    after = me(page)
    assert after["server"]["y"] == start["y"], "east is east"
    page.close()


def test_a_zombie_in_front_dies_when_the_player_shoots_and_others_see_it(
    browser: Browser, server_url: str, new_room: RoomMaker
) -> None:
    path = new_room(game="zombies", options=RANGE)
    page = join(browser, server_url, path, "Ada")
    other = join(browser, server_url, path, "Bex")
    # The range's zombies come out at its right end, in line with the player's spawn.
    page.wait_for_function("() => window.kogame.state().zombies.length > 0", timeout=10000)
    mine = me(page)["server"]
    target = page.evaluate(
        "(p) => window.kogame.screenOf(p[0], p[1])", [mine["x"] // 16 + 200, mine["y"] // 16]
    )
    box = page.locator("canvas").first.bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + target["x"], box["y"] + target["y"])
    page.mouse.down()
    page.wait_for_function(
        """() => {
            const me = window.kogame.state().players.find((p) => p.name === "Ada");
            return me && me.kills >= 1;
        }""",
        timeout=15000,
    )
    page.mouse.up()
    other.wait_for_function(
        """() => window.kogame.state().players.some((p) => p.name === "Ada" && p.kills >= 1)"""
    )
    before = other.evaluate(
        """() => window.kogame.state().players.find((p) => p.name === "Ada").y"""
    )
    page.keyboard.down("s")
    page.wait_for_timeout(500)
    page.keyboard.up("s")
    other.wait_for_function(
        """(y) => window.kogame.state().players.find((p) => p.name === "Ada").y > y + 16""",
        arg=before,
        timeout=5000,
    )
    other.close()
    page.close()


def test_on_a_phone_held_sideways_the_left_stick_moves_the_player(
    browser: Browser, server_url: str, new_room: RoomMaker, artifacts: Path
) -> None:
    page = join(browser, server_url, new_room(game="zombies", options=RANGE), "Ada", on_phone=True)
    move, board_box = page.locator("[title='Move']"), page.locator("#board")
    move.wait_for(state="visible")
    board_box.wait_for(state="visible")
    stick, board = move.bounding_box(), board_box.bounding_box()
    assert stick is not None and board is not None
    assert board["x"] <= stick["x"] and stick["y"] + stick["height"] <= board["y"] + board["height"]
    page.screenshot(path=artifacts / "zombies-phone-landscape.png")
    start = me(page)["server"]["x"]
    centre = (stick["x"] + stick["width"] / 2, stick["y"] + stick["height"] / 2)
    page.mouse.move(*centre)
    page.mouse.down()
    page.mouse.move(centre[0] + stick["width"] / 2, centre[1], steps=4)
    page.wait_for_function(
        "(x) => window.kogame.state().me.server.x > x + 16 * 16", arg=start, timeout=5000
    )
    page.mouse.up()


def test_on_a_phone_held_sideways_the_scoreboard_shows_every_name_whole(
    browser: Browser, server_url: str, new_room: RoomMaker, artifacts: Path
) -> None:
    """Two columns of scores leave the names little room beside the board: a tag ("Bot",
    "You") goes under the name rather than cutting two bots down to "Bot…" each."""
    path = new_room(game="zombies", options=RANGE | {"bots": "2"})
    page = join(browser, server_url, path, "Gentle Heron", on_phone=True)
    page.wait_for_function("() => document.querySelectorAll('#scores .who').length === 3")
    page.screenshot(path=artifacts / "zombies-phone-landscape-scores.png")
    cut = page.evaluate(
        """() => [...document.querySelectorAll('#scores .who')]
            .filter((name) => name.scrollWidth > name.clientWidth)
            .map((name) => name.textContent)"""
    )
    assert cut == []


def test_the_controls_read_as_two_columns_on_a_phone(
    browser: Browser, server_url: str, new_room: RoomMaker, artifacts: Path
) -> None:
    """What each control does starts at one edge, whether it is keys or words."""
    page = phone(browser, server_url + new_room(game="zombies", options=RANGE), UPRIGHT)
    page.get_by_role("tab", name="Invite & help").tap()
    page.locator("#panel-help summary").wait_for(state="visible")
    if page.get_attribute("#panel-help", "open") is None:
        page.tap("#panel-help summary")
    page.locator("#panel-help").screenshot(path=artifacts / "zombies-phone-controls.png")
    lefts = page.evaluate(
        "() => [...document.querySelectorAll('#panel-help dd')]"
        ".map((how) => Math.round(how.getBoundingClientRect().left))"
    )
    assert len(lefts) >= 5 and len(set(lefts)) == 1, lefts


def test_a_watcher_on_a_phone_follows_each_player_with_a_tap(
    browser: Browser, server_url: str, new_room: RoomMaker, artifacts: Path
) -> None:
    """No F key on a phone: a tap on the board follows the next player, as F does."""
    path = new_room(game="zombies", options=RANGE | {"bots": "1"})
    join(browser, server_url, path, "Ada")  # and a bot: two players to follow
    page = phone(browser, f"{server_url}{path}?watch=1")
    page.wait_for_function("() => document.querySelectorAll('#scores .who').length === 2")
    assert page.evaluate("window.kogame.followed") is None
    page.tap("#board canvas")
    page.wait_for_function("() => window.kogame.followed !== null", timeout=3000)
    first = page.evaluate("window.kogame.followed")
    page.screenshot(path=artifacts / "zombies-phone-watcher-following.png")
    page.tap("#board canvas")
    page.wait_for_function(
        "(first) => window.kogame.followed !== first", arg=first, timeout=3000
    )  # the next player, or the whole map if the scores reordered the two in between


def test_walking_across_areas_the_prediction_goes_on(
    browser: Browser, server_url: str, new_room: RoomMaker
) -> None:
    """Every 2 tiles walked the player's area changes and its snapshot (shared, without
    `you`) follows: the page goes on predicting through it (it once dropped its prediction
    until the next delta, and with it the commands in flight), sending each `act` with a
    new, higher `seq`, and comes to rest where the server puts the player."""
    path = new_room(game="zombies", options=RANGE | {"map": "office"})
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    acts: list[int] = []
    snapshots: list[int] = []

    def watch(socket: Any) -> None:
        socket.on("framesent", lambda text: acts.extend(_act_seq(text)))
        socket.on("framereceived", lambda text: snapshots.extend(_snapshot_tick(text)))

    page.on("websocket", watch)
    page.goto(server_url + path)
    page.fill("#name", "Ada")
    page.locator("form button[type=submit]", has_text="Play").click()
    page.wait_for_function("() => window.kogame.state && window.kogame.state()?.me")
    # From now on, count the animation frames that find no prediction.
    page.evaluate(
        """() => {
            window.framesWithoutMe = 0;
            const look = () => {
                if (!window.kogame.state()?.me) window.framesWithoutMe += 1;
                requestAnimationFrame(look);
            };
            requestAnimationFrame(look);
        }"""
    )
    start, seen = me(page)["server"], len(snapshots)
    page.keyboard.down("d")
    page.wait_for_timeout(3000)
    page.keyboard.up("d")
    page.wait_for_function(
        """() => {
            const m = window.kogame.state().me;
            return m.predicted.x === m.server.x && m.predicted.y === m.server.y;
        }""",
        timeout=5000,
    )
    # The office's first corridor east is about 7 tiles long from the spawn.
    assert me(page)["server"]["x"] > start["x"] + 4 * 32 * 16, "walked over 4 tiles east"
    assert len(snapshots) - seen >= 2, "crossed into new areas, each with its snapshot"
    assert page.evaluate("window.framesWithoutMe") == 0, "predicting all the way"
    assert acts == list(range(acts[0], acts[0] + len(acts))), "every act a seq of its own, in order"
    page.close()


def _act_seq(text: str | bytes) -> list[int]:
    message = json.loads(text)
    return [message["seq"]] if message.get("type") == "act" else []


def _snapshot_tick(text: str | bytes) -> list[int]:
    message = json.loads(text) if isinstance(text, str) else {}
    return [message["tick"]] if message.get("type") == "snapshot" else []
