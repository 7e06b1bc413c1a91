"""The strict Content-Security-Policy and session-less pages, in real Chromium.

A violated policy shows in the console and as a `securitypolicyviolation` event: the pages
are played with both watched.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    Request,
    WebSocketRoute,
)

from tests.browser.conftest import RoomMaker

pytestmark = pytest.mark.browser

# Collects every policy violation the page reports, from the very first script on.
WATCH_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


class Watched:
    """A fresh browser (no cookies) whose console, policy violations and requests are kept."""

    def __init__(self, context: BrowserContext) -> None:
        self.context = context
        self.console: list[str] = []
        self.requests: list[str] = []
        context.add_init_script(WATCH_VIOLATIONS)
        self.page = context.new_page()
        self.page.on("console", self._console)
        self.page.on("request", lambda request: self._request(request))

    def _console(self, message: ConsoleMessage) -> None:
        self.console.append(f"{message.type}: {message.text}")

    def _request(self, request: Request) -> None:
        self.requests.append(f"{request.method} {request.url}")

    def violations(self, page: Page | None = None) -> list[str]:
        policy = [line for line in self.console if "Content Security Policy" in line]
        events: list[str] = (page or self.page).evaluate("window.__violations")
        return policy + events

    def session(self) -> str | None:
        return next((c["value"] for c in self.context.cookies() if c["name"] == "sessionid"), None)


@pytest.fixture
def watched(browser: Browser) -> Iterator[Watched]:
    context = browser.new_context()
    yield Watched(context)
    context.close()


def connected(page: Page) -> None:
    page.wait_for_function("() => document.getElementById('kogame').dataset.status === 'connected'")


def join(page: Page, name: str) -> None:
    page.fill("#name", name)
    page.click("#panel-join button[type=submit]")
    page.wait_for_function("() => window.kogame.mySnake() && window.kogame.mySnake().alive")


def test_a_new_browser_gets_a_player_from_the_endpoint_and_plays_with_no_violation(
    watched: Watched, server_url: str, new_room: RoomMaker
) -> None:
    page = watched.page
    page.goto(f"{server_url}{new_room()}")
    connected(page)  # the socket (ws:, same origin) is allowed by connect-src 'self'
    assert f"POST {server_url}/play/player" in watched.requests
    assert watched.session(), "the endpoint stored the session the socket plays as"
    join(page, "Careful")
    player = page.evaluate("window.kogame.playerId")
    assert page.evaluate("window.kogame.mySnake().player") == player
    page.keyboard.press("ArrowUp")
    page.wait_for_timeout(300)  # a few ticks drawn on the canvas
    assert watched.violations() == []
    assert not [line for line in watched.console if line.startswith("error")], watched.console
    # The next visit already has its player: no second request for one.
    page.reload()
    connected(page)
    assert watched.requests.count(f"POST {server_url}/play/player") == 1
    assert page.evaluate("window.kogame.playerId") == player


@pytest.mark.parametrize(
    "path",
    ["/", "/leaderboard/", "/accounts/login/", "/accounts/register/", "/admin/login/"],
)
def test_other_pages_load_with_no_violation_and_store_no_session(
    watched: Watched, server_url: str, path: str
) -> None:
    watched.page.goto(f"{server_url}{path}")
    watched.page.wait_for_load_state("networkidle")
    assert watched.violations() == []
    assert watched.session() is None


def test_a_socket_closed_for_want_of_a_player_gets_one_and_connects_again(
    watched: Watched, server_url: str, new_room: RoomMaker
) -> None:
    """The session is gone (expired, or logged out elsewhere) when the socket reconnects."""
    sockets: list[WebSocketRoute] = []

    def through(route: WebSocketRoute) -> None:
        route.connect_to_server()
        sockets.append(route)

    page = watched.page
    page.route_web_socket(re.compile(r"/ws/play/"), through)
    page.goto(f"{server_url}{new_room()}")
    connected(page)
    first = page.evaluate("window.kogame.playerId")
    watched.context.clear_cookies(name="sessionid")
    sockets[0].close(code=1001, reason="going away")
    page.wait_for_function(
        "(first) => window.kogame.status === 'connected' && window.kogame.playerId !== first",
        arg=first,
    )
    assert watched.requests.count(f"POST {server_url}/play/player") == 2, "asked after the 4001"
    assert len(sockets) == 3, "dropped, closed with 4001, then connected with the new player"
    join(page, "Second try")
