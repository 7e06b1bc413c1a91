"""Rooms, the lobby, watching and chat, seen from real Chromium against the real server."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, WebSocketRoute, expect

from tests.browser.conftest import RoomMaker

pytestmark = pytest.mark.browser

DESKTOP: dict[str, Any] = {"viewport": {"width": 1280, "height": 800}}
PHONE: dict[str, Any] = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 3,
    "is_mobile": True,
    "has_touch": True,
}
MARKUP = "<b>hi</b><img src=x onerror=alert(1)>"


def new_page(browser: Browser, **context: Any) -> Page:
    """A page in a new browser context: its own cookies, so its own player."""
    return browser.new_context(**context).new_page()


def open_lobby(browser: Browser, server_url: str, **context: Any) -> Page:
    page = new_page(browser, **context)
    page.goto(f"{server_url}/")
    page.wait_for_selector("#rooms")
    return page


def open_room(page: Page, url: str) -> Page:
    page.goto(url)
    wait_connected(page)
    return page


def wait_connected(page: Page) -> None:
    page.wait_for_function("() => document.getElementById('kogame').dataset.status === 'connected'")


def create_room(page: Page, name: str, *, public: bool = True, **numbers: int) -> str:
    """Fill in the lobby's form and submit it; returns the room page's path."""
    page.fill("#id_name", name)
    page.set_checked("#id_public", public)
    for field, value in numbers.items():
        page.fill(f"#id_{field}", str(value))
    page.click("#room-form button[type=submit]")
    page.wait_for_url(re.compile(r"/play/snek/[a-z0-9-]+/$"))
    wait_connected(page)
    path = page.evaluate("location.pathname")
    assert isinstance(path, str)
    return path


def slug_of(path: str) -> str:
    return path.rstrip("/").rsplit("/", 1)[-1]


def play(page: Page, name: str) -> None:
    page.fill("#name", name)
    page.click("#panel-join button[type=submit]")
    page.wait_for_function("() => window.kogame.mySnake() && window.kogame.mySnake().alive")


def listed_room_ids(context: BrowserContext, server_url: str) -> list[str]:
    response = context.request.get(f"{server_url}/api/rooms")
    assert response.ok
    return [room["id"] for room in response.json()["rooms"]]


def no_sideways_scroll(page: Page) -> bool:
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport = page.viewport_size
    assert viewport is not None
    return bool(width <= viewport["width"])


def test_a_room_made_in_one_lobby_appears_in_another_without_a_reload(
    browser: Browser, server_url: str, artifacts: Path
) -> None:
    watcher = open_lobby(browser, server_url, **DESKTOP)
    default_rooms = watcher.locator('#rooms [data-room="main"]')
    assert default_rooms.count() == 2, "each game's default room is listed"
    assert default_rooms.first.is_visible()
    watcher.evaluate("window.stillTheSamePage = true")

    creator = open_lobby(browser, server_url)
    path = create_room(creator, "Lunchtime League", bots=2)
    assert creator.inner_text("#room-name") == "Lunchtime League"

    room = watcher.locator(f'#rooms [data-room="{slug_of(path)}"]')
    room.wait_for(timeout=10_000)
    assert watcher.evaluate("window.stillTheSamePage") is True, "the list updated in place"
    assert "Lunchtime League" in room.inner_text()
    assert room.locator(".room-game").text_content() == "Snek"
    assert "0/12 playing" in room.locator(".room-players").inner_text()
    watcher.screenshot(path=str(artifacts / "desktop-lobby.png"), full_page=True)

    room.get_by_role("link", name="Watch").click()
    watcher.wait_for_url(re.compile(r"\?watch=1$"))
    wait_connected(watcher)
    assert watcher.inner_text("#room-name") == "Lunchtime League"
    assert watcher.evaluate("window.kogame.watching") is True
    assert watcher.is_visible("#watch-bar")
    assert watcher.is_hidden("#panel-join")


def test_a_private_room_is_reached_only_through_its_invite_link(
    browser: Browser, server_url: str, artifacts: Path
) -> None:
    owner = open_lobby(
        browser, server_url, permissions=["clipboard-read", "clipboard-write"], **DESKTOP
    )
    path = create_room(owner, "Secret Den", public=False)
    assert "Only people with the link can join" in owner.inner_text(".side")
    invite = owner.get_attribute("#invite", "data-url")
    assert invite is not None and invite == f"{server_url}{path}"
    assert owner.input_value("#invite-url") == invite

    owner.click("#invite")
    owner.wait_for_function(
        "() => document.getElementById('invite-label').textContent === 'Link copied'"
    )
    assert owner.evaluate("navigator.clipboard.readText()") == invite
    owner.screenshot(path=str(artifacts / "desktop-private-room.png"))

    friend = open_room(new_page(browser), invite)
    play(friend, "Friend")
    assert friend.inner_text("#room-name") == "Secret Den"

    stranger = open_lobby(browser, server_url)
    stranger.wait_for_timeout(500)
    assert stranger.locator(f'#rooms [data-room="{slug_of(path)}"]').count() == 0
    assert "Secret Den" not in stranger.inner_text("#rooms")
    assert slug_of(path) not in listed_room_ids(stranger.context, server_url)


def test_chat_reaches_the_other_player_as_plain_text_and_never_steers(
    browser: Browser, server_url: str, new_room: RoomMaker
) -> None:
    room = new_room()
    ada = new_page(browser, **DESKTOP)
    sent: list[dict[str, Any]] = []

    def record(route: WebSocketRoute) -> None:
        server = route.connect_to_server()

        def from_page(message: str | bytes) -> None:
            if isinstance(message, str):
                sent.append(json.loads(message))
            server.send(message)

        route.on_message(from_page)

    ada.route_web_socket(re.compile(r"/ws/play/"), record)
    open_room(ada, f"{server_url}{room}")
    play(ada, "Ada")
    bob = open_room(new_page(browser), f"{server_url}{room}")
    bob.wait_for_selector("#chat .chat-line.is-notice >> text=Ada")

    turns_before = sum(1 for m in sent if m["type"] == "turn")
    ada.click("#chat-input")
    ada.keyboard.type("wasd hello there")
    ada.keyboard.press("ArrowLeft")
    ada.keyboard.press("Enter")
    line = bob.locator("#chat .chat-line", has_text="wasd hello there")
    line.wait_for()
    assert line.locator(".chat-name").inner_text() == "Ada"
    assert re.fullmatch(r"\d\d:\d\d", line.locator(".chat-time").inner_text())
    assert sum(1 for m in sent if m["type"] == "turn") == turns_before, "typing never steers"
    assert ada.input_value("#chat-input") == ""
    mine = ada.locator("#chat .chat-line.is-me", has_text="wasd hello there")
    mine.wait_for()

    ada.fill("#chat-input", MARKUP)
    ada.click("#chat-send")
    literal = bob.locator("#chat .chat-text", has_text="onerror")
    literal.wait_for()
    assert literal.inner_text() == MARKUP
    assert bob.locator("#chat b, #chat img").count() == 0
    assert ada.locator("#chat b, #chat img").count() == 0

    ada.fill("#chat-input", "   ")
    ada.press("#chat-input", "Enter")
    ada.wait_for_timeout(300)
    assert not any(m["type"] == "chat" and not m["text"].strip() for m in sent)


def test_watching_shows_the_board_without_the_join_card_and_play_switches_over(
    browser: Browser, server_url: str, new_room: RoomMaker
) -> None:
    room = new_room()
    runner = open_room(new_page(browser), f"{server_url}{room}")
    play(runner, "Runner")
    runner_id = runner.evaluate("window.kogame.playerId")

    watcher = open_room(new_page(browser, **DESKTOP), f"{server_url}{room}?watch=1")
    assert watcher.evaluate("window.kogame.watching") is True
    assert watcher.get_attribute("#board", "data-overlay") == "none"
    assert watcher.is_hidden("#panel-join")
    assert watcher.is_visible("#watch-bar")
    assert watcher.is_hidden("#spectate")
    watcher.wait_for_function(
        "(p) => window.kogame.state.snakes.some((s) => s.player === p)", arg=runner_id
    )
    watcher.wait_for_function(
        "() => document.getElementById('presence').textContent === '1/12 playing · 1 watching'"
    )
    runner.wait_for_function(
        "() => document.getElementById('presence').textContent.includes('1 watching')"
    )

    watcher.click("#watch-play")  # no saved name yet: it asks for one
    watcher.wait_for_selector("#panel-join", state="visible")
    assert watcher.is_hidden("#watch-bar")
    play(watcher, "Watcher")
    assert watcher.evaluate("window.kogame.watching") is False
    assert watcher.evaluate("location.search") == "", "a reload would not drop back to watching"
    watcher.wait_for_function(
        "() => document.getElementById('presence').textContent === '2/12 playing · 0 watching'"
    )

    watcher.click("#spectate")
    watcher.wait_for_function("() => window.kogame.watching && !window.kogame.mySnake()")
    assert watcher.is_visible("#watch-bar")
    assert watcher.get_attribute("#board", "data-overlay") == "none"

    watcher.click("#watch-play")  # the name is saved now: straight back in
    watcher.wait_for_function("() => window.kogame.mySnake() && window.kogame.mySnake().alive")
    assert watcher.evaluate("window.kogame.mySnake().name") == "Watcher"


def test_a_join_refused_because_the_room_is_full_leaves_the_player_watching(
    browser: Browser, server_url: str
) -> None:
    owner = open_lobby(browser, server_url)
    path = create_room(owner, "Solo Run", max_players=1, bots=0)
    play(owner, "Solo")
    late = open_room(new_page(browser), f"{server_url}{path}")
    late.fill("#name", "Latecomer")
    late.click("#panel-join button[type=submit]")
    late.wait_for_function("() => window.kogame.watching === true")
    assert late.is_visible("#toast")
    assert late.inner_text("#toast").strip() != ""
    assert late.is_visible("#watch-bar")
    assert late.get_attribute("#board", "data-overlay") == "none"
    assert late.evaluate("window.kogame.mySnake()") is None
    late.wait_for_function(
        "() => document.getElementById('presence').textContent === '1/1 playing · 1 watching'"
    )


def test_a_bad_setting_is_explained_and_makes_no_room(browser: Browser, server_url: str) -> None:
    page = open_lobby(browser, server_url, **DESKTOP)
    page.fill("#id_name", "Tiny Board")
    page.fill("#id_size", "5")
    # The server must explain it even when the browser does not check the limits first.
    page.eval_on_selector("#room-form", "(form) => { form.noValidate = true; }")
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        page.click("#room-form button[type=submit]")
    assert answer.value.status == 400
    page.wait_for_selector("#form-alert")
    assert page.get_attribute("#id_size", "aria-invalid") == "true"
    error = page.inner_text("#id_size_error")
    assert "16" in error
    assert page.input_value("#id_size") == "5"
    assert page.input_value("#id_name") == "Tiny Board", "what was typed is kept"
    assert "Tiny Board" not in page.inner_text("#rooms")
    names = [r["name"] for r in page.context.request.get(f"{server_url}/api/rooms").json()["rooms"]]
    assert "Tiny Board" not in names


def test_screenshots_of_the_lobby_and_a_room_with_chat(
    browser: Browser, server_url: str, artifacts: Path
) -> None:
    creator = open_lobby(browser, server_url, **DESKTOP)
    path = create_room(creator, "Friday Night Snakes", bots=3)
    play(creator, "Ada")
    friend = open_room(new_page(browser, **PHONE), f"{server_url}{path}")
    play(friend, "Grace")
    friend.click("#tab-chat")  # on a phone the side panels are tabs
    for page, text in [
        (creator, "Anyone up for a rematch?"),
        (friend, "Always. Watch out for the bots!"),
        (creator, "gg"),
    ]:
        page.fill("#chat-input", text)
        page.press("#chat-input", "Enter")
        friend.locator("#chat .chat-text", has_text=text).wait_for()
    creator.locator("#chat .chat-text", has_text="gg").wait_for()
    creator.wait_for_function("() => window.kogame.state.snakes.some((s) => s.bot)")
    assert creator.locator("#scores .tag-bot").count() >= 1
    creator.wait_for_timeout(300)
    creator.screenshot(path=str(artifacts / "desktop-room-chat.png"))
    friend.screenshot(path=str(artifacts / "phone-room-chat.png"))
    friend.screenshot(path=str(artifacts / "phone-room-chat-full.png"), full_page=True)
    assert no_sideways_scroll(friend)

    watcher = open_room(new_page(browser, **PHONE), f"{server_url}{path}?watch=1")
    watcher.wait_for_timeout(300)
    watcher.screenshot(path=str(artifacts / "phone-watching.png"))
    assert no_sideways_scroll(watcher)

    lobby = open_lobby(browser, server_url, **PHONE)
    lobby.locator(f'#rooms [data-room="{slug_of(path)}"]').wait_for()
    lobby.screenshot(path=str(artifacts / "phone-lobby.png"), full_page=True)
    assert no_sideways_scroll(lobby)

    lobby.fill("#id_name", "x" * 5)
    lobby.fill("#id_tick_rate", "99")
    lobby.eval_on_selector("#room-form", "(form) => { form.noValidate = true; }")
    lobby.click("#room-form button[type=submit]")
    lobby.wait_for_selector("#form-alert")
    lobby.locator("#id_tick_rate").scroll_into_view_if_needed()
    lobby.screenshot(path=str(artifacts / "phone-lobby-error.png"))
    assert no_sideways_scroll(lobby)


@pytest.mark.parametrize("way_up", ["upright", "sideways"])
def test_an_unknown_room_says_so_and_leads_back_to_the_lobby(
    browser: Browser, server_url: str, artifacts: Path, way_up: str
) -> None:
    width, height = 390, 844
    if way_up == "sideways":
        width, height = height, width
    page = new_page(browser, **PHONE | {"viewport": {"width": width, "height": height}})
    response = page.goto(f"{server_url}/play/snek/no-such-room/")
    assert response is not None and response.status == 404
    page.screenshot(path=str(artifacts / f"phone-{way_up}-not-found.png"))
    expect(page.get_by_text("The room may have closed")).to_be_visible()
    site = page.get_by_role("navigation", name="Site")
    expect(site.get_by_role("link", name="Leaderboards")).to_be_visible()
    page.get_by_role("link", name="Go to the lobby").click()
    page.wait_for_selector("#rooms")
