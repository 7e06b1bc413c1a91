"""Frames written straight to uvicorn's transport are exactly what its ASGI send writes.

A real uvicorn server (the protocol `kogame.serve` runs) in this event loop, a tiny ASGI
app that hands its `send` to the test, and a real `websockets` client.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
import uvicorn
from hypothesis import given
from hypothesis import strategies as st
from websockets.asyncio.client import ClientConnection, connect
from websockets.client import ClientProtocol
from websockets.frames import Frame, Opcode
from websockets.protocol import State
from websockets.uri import parse_uri

from kogame.liveserver import free_port
from kogame.play.directsend import direct_writer, text_frame


@given(st.text(max_size=300) | st.sampled_from(["x" * n for n in (125, 126, 65535, 65536)]))
def test_a_text_frame_reads_back_as_its_text(text: str) -> None:
    client = ClientProtocol(parse_uri("ws://127.0.0.1/"), state=State.OPEN)
    client.receive_data(text_frame(text))
    (frame,) = client.events_received()
    assert isinstance(frame, Frame)
    assert frame.opcode is Opcode.TEXT and frame.fin
    assert bytes(frame.data).decode() == text


class Server:
    """uvicorn on a free port; each accepted WebSocket's `send` goes to `sends`."""

    def __init__(self, deflate: bool) -> None:
        self.port = free_port()
        self.sends: asyncio.Queue[Callable[..., Any]] = asyncio.Queue()
        self.done = asyncio.Event()
        config = uvicorn.Config(
            self.app,
            port=self.port,
            ws="websockets-sansio",
            ws_per_message_deflate=deflate,
            interface="asgi3",
            lifespan="off",
            log_level="warning",
        )
        self.server = uvicorn.Server(config)

    async def app(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        assert scope["type"] == "websocket"
        await receive()
        await send({"type": "websocket.accept"})
        await self.sends.put(send)
        await self.done.wait()


@pytest.fixture(params=[False], ids=["no deflate"])
async def server(request: pytest.FixtureRequest) -> AsyncIterator[Server]:
    server = Server(deflate=request.param)
    task = asyncio.create_task(server.server.serve())
    while not server.server.started:  # noqa: ASYNC110 (uvicorn only offers this flag)
        await asyncio.sleep(0.01)
    yield server
    server.done.set()
    server.server.should_exit = True
    await asyncio.wait_for(task, 10)


async def _client(server: Server, **options: Any) -> tuple[ClientConnection, Callable[..., Any]]:
    client = await connect(f"ws://127.0.0.1:{server.port}/", **options)
    send = await asyncio.wait_for(server.sends.get(), 5)
    return client, send


async def test_direct_frames_and_asgi_sends_arrive_intact_and_in_order(server: Server) -> None:
    client, send = await _client(server, compression=None)
    write = direct_writer(send)
    assert write is not None
    assert write("one")
    await send({"type": "websocket.send", "text": "two"})
    assert write("three " + "é" * 100)
    assert write("four" * 20_000)
    assert [await client.recv() for _ in range(4)] == [
        "one",
        "two",
        "three " + "é" * 100,
        "four" * 20_000,
    ]
    await client.close()


async def test_a_client_that_stops_reading_is_left_to_the_asgi_send(server: Server) -> None:
    client, send = await _client(server, compression=None, max_queue=1)
    write = direct_writer(send)
    assert write is not None
    big = "x" * 200_000
    written = 0
    while written < 1000 and write(big):
        written += 1
    assert written < 1000, "the writer refuses once the transport's buffer is full"
    for _ in range(written):
        assert await asyncio.wait_for(client.recv(), 10) == big
    await client.close()


async def test_a_closed_connection_is_not_written_to(server: Server) -> None:
    client, send = await _client(server, compression=None)
    write = direct_writer(send)
    assert write is not None
    await send({"type": "websocket.close", "code": 1000})
    assert not write("too late")
    await client.close()


@pytest.mark.parametrize("server", [True], ids=["deflate"], indirect=True)
async def test_a_connection_with_compression_has_no_direct_writer(server: Server) -> None:
    client, send = await _client(server, compression="deflate")
    assert direct_writer(send) is None
    await client.close()


def test_other_servers_have_no_direct_writer() -> None:
    async def send(message: dict[str, Any]) -> None:
        pass

    assert direct_writer(send) is None
