"""A Snek life from start to end in Chromium: the new snake waits at its spawn (blinking, with
a countdown) and a steering hint until its player's first turn, and the death card tells how
the life went, who ended it, and offers to watch them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser

from tests.browser.conftest import RoomMaker
from tests.browser.test_play import KEYS, my_snake, open_room, play

pytestmark = pytest.mark.browser

DESKTOP = {"viewport": {"width": 1440, "height": 900}}
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 3,
    "is_mobile": True,
    "has_touch": True,
}
SIDEWAYS = PHONE | {"viewport": {"width": 844, "height": 390}}

# Steers our snake at the nearest body cell (not the head: a head-on between equals has no
# winner) of `target`'s snake, never straight back and never at a wall two cells ahead (a
# turn that reaches the server a tick late must not be fatal); runs in the page until we die.
CHASE = """(target) => {
    const names = {"0,-1": "up", "0,1": "down", "-1,0": "left", "1,0": "right"};
    const timer = setInterval(() => {
        const me = window.kogame.mySnake();
        const them = window.kogame.state?.snakes.find((s) => s.player === target && s.alive);
        if (!me || !me.alive) { clearInterval(timer); return; }
        if (!them || me.body.length < 2) return;
        const { width, height } = window.kogame.welcome;
        const [hx, hy] = me.body[0];
        const heading = [hx - me.body[1][0], hy - me.body[1][1]];
        const safe = ([dx, dy]) => (dx !== -heading[0] || dy !== -heading[1])
            && [1, 2].every((n) => {
                const [x, y] = [hx + n * dx, hy + n * dy];
                return x >= 0 && y >= 0 && x < width && y < height;
            });
        const distance = ([x, y]) => Math.abs(x - hx) + Math.abs(y - hy);
        const [tx, ty] = them.body.slice(1).reduce((a, b) => (distance(a) <= distance(b) ? a : b));
        const towards = [];
        if (tx !== hx) towards.push([Math.sign(tx - hx), 0]);
        if (ty !== hy) towards.push([0, Math.sign(ty - hy)]);
        const all = [[0, -1], [0, 1], [-1, 0], [1, 0]];
        const step = towards.find(safe) ?? (safe(heading) ? heading : all.find(safe));
        if (step) window.kogame.send({type: "turn", direction: names[step.join(",")]});
    }, 30);
}"""

# Keeps our snake alive on an empty board once it moves: clockwise before a wall.
CIRCLE = """() => {
    const clockwise = {"0,-1": "right", "1,0": "down", "0,1": "left", "-1,0": "up"};
    setInterval(() => {
        const me = window.kogame.mySnake();
        if (!me || !me.alive || me.heldUntil !== null || me.body.length < 2) return;
        const [hx, hy] = me.body[0];
        const [dx, dy] = [hx - me.body[1][0], hy - me.body[1][1]];
        const [x, y] = [hx + 3 * dx, hy + 3 * dy];
        const { width, height } = window.kogame.welcome;
        if (x < 0 || y < 0 || x >= width || y >= height) {
            window.kogame.send({type: "turn", direction: clockwise[`${dx},${dy}`]});
        }
    }, 30);
}"""


def heading(snake: dict[str, Any]) -> tuple[int, int]:
    (hx, hy), (nx, ny) = snake["body"][0], snake["body"][1]
    return hx - nx, hy - ny


@pytest.mark.parametrize(
    ("device", "words"),
    [
        pytest.param(DESKTOP, "Arrow keys / WASD / swipe to steer", id="desktop"),
        pytest.param(PHONE, "Swipe or use the pad to steer", id="phone"),
    ],
)
def test_a_new_snake_waits_for_its_first_turn_under_a_hint_that_then_fades(
    browser: Browser,
    server_url: str,
    new_room: RoomMaker,
    artifacts: Path,
    device: dict[str, Any],
    words: str,
) -> None:
    page = open_room(browser, server_url, new_room(), **device)
    snake = play(page, "Newt")
    tick = page.evaluate("window.kogame.state.tick")
    assert snake["heldUntil"] is not None and snake["heldUntil"] > tick
    assert page.evaluate("window.kogame.hint()")["text"] == words
    page.wait_for_function("(t) => window.kogame.state.tick >= t + 8", arg=tick)
    assert my_snake(page)["body"] == snake["body"], "held: it has not moved"
    name = "desktop" if device is DESKTOP else "phone"
    page.screenshot(path=str(artifacts / f"{name}-held.png"))

    turn = heading(snake)[::-1]  # perpendicular
    page.keyboard.press(KEYS[turn])
    page.wait_for_function(
        """([dx, dy]) => {
            const s = window.kogame.mySnake();
            return s.heldUntil === null && s.body[0][0] - s.body[1][0] === dx
                && s.body[0][1] - s.body[1][1] === dy;
        }""",
        arg=list(turn),
        timeout=3000,
    )
    page.wait_for_function("() => window.kogame.hint() === null", timeout=3000)


@pytest.mark.parametrize(
    ("device", "name"),
    [
        pytest.param(DESKTOP, "desktop"),
        pytest.param(PHONE, "phone"),
        pytest.param(SIDEWAYS, "phone-sideways"),
    ],
)
def test_the_death_card_tells_the_life_and_offers_to_watch_the_killer(
    browser: Browser,
    server_url: str,
    new_room: RoomMaker,
    artifacts: Path,
    device: dict[str, Any],
    name: str,
) -> None:
    """Ada chases Bex, who never moves: a turn-based room holds Bex's new snake 30 turns, and
    each turn waits its deadline for Bex's move, so Ada's turns are never late."""
    options = {"size": "16", "turn_based": "on", "turn_deadline_ms": "250"}
    room = new_room(options=options)
    ada = open_room(browser, server_url, room, **device)
    play(ada, "Ada")
    bex = open_room(browser, server_url, room)
    play(bex, "Bex")
    bex.evaluate(CIRCLE)  # once its hold is over, if Ada is still on her way
    ada.evaluate(CHASE, bex.evaluate("window.kogame.playerId"))
    ada.wait_for_selector("#panel-dead", state="visible", timeout=20000)

    card = ada.evaluate("window.kogame.deathCard()")
    assert ada.evaluate("window.kogame.mySnake().cause") == "snake"
    labels = [label for label, _ in card["rows"]]
    assert labels == ["Length", "Time alive", "Rank", "Killed by", "Best today"]
    rows = ada.inner_text("#dead-rows")
    assert "Killed by\nBex" in rows and "of 2" in rows and " turns" in rows
    cut = ada.evaluate(
        """() => [...document.querySelectorAll('#dead-rows dd')]
            .filter((value) => value.scrollWidth > value.clientWidth)
            .map((value) => value.textContent)"""
    )
    assert cut == [], "every value on the card is shown whole"
    card_box, board_box = (
        ada.locator("#panel-dead").bounding_box(),
        ada.locator("#board").bounding_box(),
    )
    assert card_box is not None and board_box is not None
    assert card_box["y"] + card_box["height"] <= board_box["y"] + board_box["height"], (
        "on the board"
    )
    assert ada.is_visible("#dead-watch")
    assert ada.inner_text("#dead-watch") == "Watch Bex"
    ada.screenshot(path=str(artifacts / f"{name}-dead-card.png"))

    ada.click("#dead-watch")
    ada.wait_for_selector("#follow-bar", state="visible")
    assert ada.is_hidden("#panel-dead")
    assert ada.inner_text("#follow-text") == "Watching Bex"
    ada.screenshot(path=str(artifacts / f"{name}-following.png"))
    dead = my_snake(ada)["id"]
    ada.wait_for_timeout(15 * 250 + 500)  # the respawn delay: 15 turns
    ada.keyboard.press("Space")
    ada.wait_for_function(
        "(old) => { const s = window.kogame.mySnake(); return s && s.alive && s.id !== old; }",
        arg=dead,
        timeout=5000,
    )
    assert ada.is_hidden("#follow-bar")
