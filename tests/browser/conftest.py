"""Browser fixtures: the real server (`python -m kogame.serve`) and Debian's Chromium.

These tests run in their own pytest invocation (`make test-browser`): Playwright's sync API
keeps an event loop running that would disturb the asyncio tests.

The pages send a strict Content-Security-Policy (no 'unsafe-eval'), so write
`wait_for_function` predicates as functions (`"() => ..."`): Playwright evaluates a plain
expression with `eval` on every poll, which the policy blocks after the first.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

import pytest
from playwright.sync_api import Browser, Playwright, sync_playwright

from kogame.liveserver import serve
from tests.conftest import require_tool

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real Kogame server on a free loopback port, with its own database."""
    data = tmp_path_factory.mktemp("kogame-data")
    settings = {
        "KOGAME_SNEK_SIZE": "40",
        "KOGAME_SNEK_TICK_RATE": "10",
        "KOGAME_GRACE_SECONDS": "3",
        "KOGAME_SNEK_BOTS": "0",
        # Every room the tests make comes from 127.0.0.1, many from one browser.
        "KOGAME_ROOMS_PER_IP": "1000",
        "KOGAME_ROOMS_PER_PLAYER": "1000",
        # Zombies' small test maps (the shooting range) beside the shipped office.
        "KOGAME_ZOMBIE_MAPS": str(ROOT / "tests/games/zombies/maps"),
    }
    with serve(data, data / "server.log", settings) as (port, _):
        yield f"http://127.0.0.1:{port}"


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    chromium = require_tool("/usr/bin/chromium")
    browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture(autouse=True)
def close_pages(browser: Browser) -> Iterator[None]:
    """Close every page a test opened, whether or not it did: an open page keeps its room
    running and Chromium drawing it 60 times a second, and a suite's worth of them starved
    the server and the later tests of the 2 cores."""
    yield
    for context in browser.contexts:
        context.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


class RoomMaker(Protocol):
    def __call__(
        self,
        name: str = ...,
        *,
        public: bool = ...,
        bots: int = ...,
        board_size: int = ...,
        game: str = ...,
        options: dict[str, str] | None = ...,
    ) -> str: ...


@pytest.fixture(scope="session")
def new_room(browser: Browser, server_url: str) -> RoomMaker:
    """Makes a room through the lobby's form (a plain POST) and returns its page's path.

    Rooms exist only once made, so each test that wants a board to itself asks for one. They
    start without bots and on a 40-cell board unless asked, at 10 ticks a second. Another
    game's room gives its own settings in `options` (and may override the tick rate there).
    """
    numbers = itertools.count(1)

    def make(
        name: str = "",
        *,
        public: bool = True,
        bots: int = 0,
        board_size: int = 40,
        game: str = "snek",
        options: dict[str, str] | None = None,
    ) -> str:
        context = browser.new_context()
        try:
            context.request.get(f"{server_url}/")
            token = next(c["value"] for c in context.cookies() if c["name"] == "csrftoken")
            form: dict[str, str | float | bool] = {
                "csrfmiddlewaretoken": token,
                "name": name or f"Browser test {next(numbers)}",
                "game": game,
                "tick_rate": "10",
                "max_players": "12",
                "bots": str(bots),
            }
            form |= {"size": str(board_size)} if options is None else options
            if public:
                form["public"] = "on"
            response = context.request.post(
                f"{server_url}/",
                form=form,
                headers={"Referer": f"{server_url}/"},
                max_redirects=0,
            )
            assert response.status == 302, response.text()[:2000]
            path = response.headers["location"]
            assert path.startswith(f"/play/{game}/"), path
            return path
        finally:
            context.close()

    return make
