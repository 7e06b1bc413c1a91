"""A player's connection when the network misbehaves: real Chromium, the real server, and a
TCP proxy between them that can cut the network without closing anything.

A cut that sends no reset (Wi-Fi gone, a NAT entry lost) leaves the WebSocket open with
nothing arriving: the page once showed "Connected · 1 ms" over a frozen board while the snake
died unseen. `context.set_offline` need not cut an open WebSocket in Chromium; the proxy does.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, WebSocket

from tests.browser.conftest import RoomMaker
from tests.browser.test_play import KEYS, my_snake, play, wait_until_heading

pytestmark = pytest.mark.browser

# Big enough that a snake left going straight lives well past a reconnect (64+ cells ahead).
BOARD = 128


class Link:
    """One proxied TCP connection. Frozen: nothing more is forwarded either way, ever, and
    neither side is closed."""

    def __init__(self) -> None:
        self.frozen = False
        self.writers: list[asyncio.StreamWriter] = []


class StallingProxy:
    """Forwards TCP between the browser and the server, in its own thread and event loop.

    `network_down` freezes every open connection (see Link) and holds new ones, unforwarded,
    until `network_up`; `stall` is both at once: what was open freezes, new connections flow.
    """

    def __init__(self, upstream_port: int) -> None:
        self.upstream_port = upstream_port
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.links: list[Link] = []
        # Set while the network is up (an Event binds to the loop that first waits on it).
        self.up = asyncio.Event()
        self.up.set()
        self.server: asyncio.Server | None = None
        self.port = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.thread.start()
        asyncio.run_coroutine_threadsafe(self._listen(), self.loop).result(5)

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self._close(), self.loop).result(5)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)
        self.loop.close()

    def network_down(self) -> None:
        self._run(self._down)

    def network_up(self) -> None:
        self._run(self.up.set)

    def stall(self) -> None:
        self.network_down()
        self.network_up()

    def opened_since(self, count: int) -> int:
        """How many connections the browser opened after the first `count`."""
        return len(self.links) - count

    def _run(self, action: Any) -> None:
        async def run() -> None:
            action()

        asyncio.run_coroutine_threadsafe(run(), self.loop).result(5)

    def _down(self) -> None:
        self.up.clear()
        for link in self.links:
            link.frozen = True

    async def _listen(self) -> None:
        self.server = await asyncio.start_server(self._accept, "127.0.0.1", 0)
        self.port = self.server.sockets[0].getsockname()[1]

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        link = Link()
        link.writers.append(writer)
        self.links.append(link)
        # Cancelled when the proxy stops: asyncio would log a cancelled connection handler.
        with contextlib.suppress(asyncio.CancelledError, OSError):
            await self.up.wait()  # while the network is down, nothing reaches the server
            upstream_reader, upstream_writer = await asyncio.open_connection(
                "127.0.0.1", self.upstream_port
            )
            link.writers.append(upstream_writer)
            await asyncio.gather(
                self._pipe(link, reader, upstream_writer),
                self._pipe(link, upstream_reader, writer),
            )
        for each in link.writers:
            each.close()

    async def _pipe(
        self, link: Link, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        while data := await reader.read(65536):
            if link.frozen:
                await asyncio.Event().wait()  # forever: the bytes are lost, the socket stays
            writer.write(data)
            await writer.drain()
        writer.close()

    async def _close(self) -> None:
        if self.server is not None:
            self.server.close()
        for link in self.links:
            for writer in link.writers:
                writer.close()
        tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


@pytest.fixture
def proxy(server_url: str) -> Iterator[StallingProxy]:
    port = urlsplit(server_url).port
    assert port is not None
    proxy = StallingProxy(port)
    proxy.start()
    yield proxy
    proxy.stop()


DESKTOP: dict[str, Any] = {"viewport": {"width": 1440, "height": 900}}
PHONE: dict[str, Any] = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
}


def open_through(
    browser: Browser, proxy: StallingProxy, path: str, device: dict[str, Any] = DESKTOP
) -> tuple[Page, list[str]]:
    """A new player on the room page, loaded through the proxy; also the WebSocket URLs the
    page opens, in order."""
    # The page's Content-Security-Policy forbids eval, which Playwright's string predicates use.
    context = browser.new_context(**device, bypass_csp=True)
    page = context.new_page()
    sockets: list[str] = []

    def opened(socket: WebSocket) -> None:
        sockets.append(socket.url)

    page.on("websocket", opened)
    page.goto(f"{proxy.url}{path}")
    page.wait_for_function("() => document.getElementById('kogame').dataset.status === 'connected'")
    return page, sockets


# Every status-pill label and notice title the page shows, noted as it changes.
NOTE_WHAT_THE_PAGE_SAYS = """() => {
    window.said = [];
    const note = () => {
        const notice = document.getElementById('panel-notice');
        const title = notice.hidden ? '' : document.getElementById('notice-title').textContent;
        const said = `${document.getElementById('status-label').textContent} | ${title}`;
        if (window.said.at(-1) !== said) window.said.push(said);
    };
    new MutationObserver(note).observe(document.getElementById('kogame'),
        { subtree: true, childList: true, characterData: true, attributes: true });
    note();
}"""

SAME_SNAKE_IN_PLAY = """(id) => window.kogame.status === 'connected'
    && window.kogame.welcome.playing
    && window.kogame.mySnake()?.id === id && window.kogame.mySnake().alive"""


def steer(page: Page, snake: dict[str, Any]) -> None:
    """Turn the snake a quarter and wait until the board shows it going the new way."""
    (hx, hy), (nx, ny) = snake["body"][0], snake["body"][1]
    turn = (hy - ny, hx - nx)  # perpendicular to its heading
    page.locator("#canvas").focus()
    page.keyboard.press(KEYS[turn])
    wait_until_heading(page, turn)


def test_a_stalled_connection_is_noticed_and_a_new_one_takes_the_same_snake_back(
    browser: Browser, new_room: RoomMaker, proxy: StallingProxy
) -> None:
    page, sockets = open_through(browser, proxy, new_room(board_size=BOARD))
    snake = play(page, "Steady")
    player = page.evaluate("window.kogame.playerId")
    page.evaluate(NOTE_WHAT_THE_PAGE_SAYS)
    before = len(proxy.links)
    proxy.stall()
    page.wait_for_function("() => window.kogame.status !== 'connected'", timeout=4000)
    page.wait_for_function(SAME_SNAKE_IN_PLAY, arg=snake["id"], timeout=5000)
    said = page.evaluate("window.said")
    assert said[0].startswith("Connected"), said
    assert any(s.endswith("| Connection lost") for s in said), said
    assert said[-1].startswith("Connected") and said[-1].endswith("| "), said
    assert page.evaluate("window.kogame.playerId") == player
    assert len(sockets) == 2 and proxy.opened_since(before) >= 1, "through a new connection"
    steer(page, my_snake(page))


@pytest.mark.parametrize(("device", "name"), [(DESKTOP, "desktop"), (PHONE, "phone")])
def test_while_the_network_stays_down_the_page_says_so_and_comes_back_when_it_returns(
    browser: Browser,
    new_room: RoomMaker,
    proxy: StallingProxy,
    artifacts: Path,
    device: dict[str, Any],
    name: str,
) -> None:
    page, sockets = open_through(browser, proxy, new_room(board_size=BOARD), device)
    snake = play(page, "Patient")
    proxy.network_down()
    page.wait_for_selector("#panel-notice", state="visible", timeout=4000)
    assert page.inner_text("#notice-title") == "Connection lost"
    assert page.inner_text("#status-label").startswith("Reconnecting")
    page.wait_for_timeout(1000)  # attempts are made, and held: still lost
    assert page.is_visible("#panel-notice")
    assert page.is_visible("#notice-text"), "on a phone too: the board's notices explain"
    one_line = page.evaluate(
        """() => { const presence = document.getElementById('presence');
            const line = parseFloat(getComputedStyle(presence).lineHeight);
            return presence.getBoundingClientRect().height < 1.5 * line; }"""
    )
    assert one_line, "beside the wider status, who is here keeps to one line"
    assert "Your snake waits for you" in page.inner_text("#notice-text")
    page.screenshot(path=str(artifacts / f"{name}-connection-lost.png"))
    proxy.network_up()
    page.wait_for_function(SAME_SNAKE_IN_PLAY, arg=snake["id"], timeout=8000)
    assert not page.is_visible("#panel-notice")
    assert len(sockets) >= 2
    steer(page, my_snake(page))
