"""Game sockets open only from the site's own pages: scheme, host and port all count."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from typing import Any

import pytest
import uvicorn
from channels.testing import WebsocketCommunicator
from django.test import override_settings
from hypothesis import given
from hypothesis import strategies as st
from websockets.asyncio.client import connect
from websockets.exceptions import InvalidStatus

from kogame.asgi import application
from kogame.liveserver import free_port
from kogame.play.origin import allowed, parse_origin

Headers = list[tuple[bytes, bytes]]


def _scope(origin: str | None, host: str, scheme: str = "ws") -> dict[str, Any]:
    headers: Headers = [(b"host", host.encode())]
    if origin is not None:
        headers.append((b"origin", origin.encode()))
    return {"type": "websocket", "scheme": scheme, "headers": headers}


@pytest.mark.parametrize(
    ("origin", "host", "scheme"),
    [
        ("http://127.0.0.1:8000", "127.0.0.1:8000", "ws"),
        ("http://localhost:8000", "localhost:8000", "ws"),
        ("http://127.0.0.1", "127.0.0.1", "ws"),
        ("http://127.0.0.1:80", "127.0.0.1", "ws"),
        ("https://localhost", "localhost", "wss"),
        ("HTTP://LOCALHOST:8000", "localhost:8000", "ws"),
    ],
)
def test_the_page_the_socket_was_opened_from_is_allowed(
    origin: str, host: str, scheme: str
) -> None:
    assert allowed(_scope(origin, host, scheme))


@pytest.mark.parametrize(
    ("origin", "host", "scheme"),
    [
        ("http://localhost:9999", "localhost:8000", "ws"),  # another program on this machine
        ("https://127.0.0.1", "127.0.0.1:8000", "ws"),  # another scheme and port
        ("https://127.0.0.1:8000", "127.0.0.1:8000", "ws"),  # another scheme
        ("http://127.0.0.1:8000", "127.0.0.1:8000", "wss"),  # a plain page, a TLS socket
        ("http://localhost:8000", "127.0.0.1:8000", "ws"),  # another host of ours
        ("http://evil.example", "evil.example", "ws"),  # a host that is not ours
        ("null", "127.0.0.1:8000", "ws"),
        ("", "127.0.0.1:8000", "ws"),
        (None, "127.0.0.1:8000", "ws"),
        ("http://127.0.0.1:8000", "", "ws"),
        ("ftp://127.0.0.1:8000", "127.0.0.1:8000", "ws"),
        ("http://127.0.0.1:99999", "127.0.0.1:99999", "ws"),
    ],
)
def test_any_other_origin_is_refused(origin: str | None, host: str, scheme: str) -> None:
    assert not allowed(_scope(origin, host, scheme))


@override_settings(
    ALLOWED_HOSTS=["games.example.com", "127.0.0.1"],
    CSRF_TRUSTED_ORIGINS=["https://games.example.com", "https://*.example.org"],
)
@pytest.mark.parametrize(
    ("origin", "expected"),
    [
        ("https://games.example.com", True),
        ("https://games.example.com:443", True),
        ("http://games.example.com", False),
        ("https://games.example.com:8443", False),
        ("https://play.example.org", True),
        ("https://a.b.example.org", True),
        ("http://play.example.org", False),
        ("https://example.org.evil.com", False),
    ],
)
def test_trusted_origins_are_allowed_with_their_scheme_and_port(
    origin: str, expected: bool
) -> None:
    # A TLS proxy in front: the socket reaches us as plain ws at an internal address.
    assert allowed(_scope(origin, "127.0.0.1:8000")) is expected


@given(st.text(max_size=40))
def test_parsing_any_origin_header_never_fails(value: str) -> None:
    parsed = parse_origin(value)
    assert parsed is None or parsed[0] in ("http", "https")


async def _handshake(headers: Headers) -> bool:
    communicator = WebsocketCommunicator(application, "/ws/play/snek/main/", headers=headers)
    connected, _ = await communicator.connect()
    await communicator.disconnect()
    return bool(connected)


@pytest.mark.django_db(transaction=True)
async def test_the_application_refuses_a_socket_from_another_port_or_scheme() -> None:
    host = (b"host", b"127.0.0.1:8000")
    assert not await _handshake([host, (b"origin", b"http://localhost:9999")])
    assert not await _handshake([host, (b"origin", b"https://127.0.0.1")])


@pytest.fixture
async def real_server() -> AsyncIterator[int]:
    """The real application under uvicorn, in this process."""
    port = free_port()
    config = uvicorn.Config(
        application, port=port, ws="websockets-sansio", lifespan="off", log_level="info"
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    while not server.started:  # noqa: ASYNC110 (uvicorn only offers this flag)
        await asyncio.sleep(0.01)
    yield port
    server.should_exit = True
    await asyncio.wait_for(task, 10)


@pytest.mark.django_db(transaction=True)
async def test_a_socket_to_a_path_with_no_route_is_refused_quietly(
    real_server: int, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    origin = f"http://127.0.0.1:{real_server}"
    for path in ("/ws/nothing/", "/", "/ws/play/snek/main/extra/"):
        with pytest.raises(InvalidStatus) as refused:
            await connect(f"ws://127.0.0.1:{real_server}{path}", origin=origin)  # type: ignore[arg-type]
        assert refused.value.response.status_code == 403
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING or r.exc_info]
    assert any("no such path" in r.getMessage() for r in caplog.records)
