"""Browser fixtures: the real server (`python -m kogame.serve`) and Debian's Chromium.

These tests run in their own pytest invocation (`make test-browser`): Playwright's sync API
keeps an event loop running that would disturb the asyncio tests.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

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
    settings = {"KOGAME_BOARD_SIZE": "40", "KOGAME_TICK_RATE": "10", "KOGAME_GRACE_SECONDS": "3"}
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


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
