"""Frames written straight to uvicorn's transport are exactly what its ASGI send writes.

A real uvicorn server (the protocol `kogame.serve` runs) in this event loop, a tiny ASGI
app that hands its `send` to the test, and a real `websockets` client.
"""

from __future__ import annotations

import asyncio
import zlib
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
from kogame.play.directsend import DEFLATE_FROM, deflated_frame, direct_writer, text_frame
from kogame.play.wsprotocol import SharedDeflateProtocol


@given(st.text(max_size=300) | st.sampled_from(["x" * n for n in (125, 126, 65535, 65536)]))
def test_a_text_frame_reads_back_as_its_text(text: str) -> None:
    client = ClientProtocol(parse_uri("ws://127.0.0.1/"), state=State.OPEN)
    client.receive_data(text_frame(text))
    (frame,) = client.events_received()
    assert isinstance(frame, Frame)
    assert frame.opcode is Opcode.TEXT and frame.fin
    assert bytes(frame.data).decode() == text


def _inflate(frame: bytes) -> tuple[int, str]:
    """(first byte, text) of one unmasked frame, inflated if RSV1 says it is compressed."""
    size = frame[1] & 0x7F
    start = 2 if size < 126 else 4 if size == 126 else 10
    payload = frame[start:]
    if frame[0] & 0x40:
        payload = zlib.decompressobj(-zlib.MAX_WBITS).decompress(payload + b"\x00\x00\xff\xff")
    return frame[0], payload.decode()


@given(st.text(min_size=DEFLATE_FROM, max_size=2000) | st.sampled_from(["{}" * 40_000]))
def test_a_deflated_frame_inflates_to_its_text(text: str) -> None:
    first, inflated = _inflate(deflated_frame(text))
    assert (first, inflated) == (0xC1, text)  # FIN, RSV1 (compressed), text


@given(st.text(max_size=(DEFLATE_FROM - 1) // 4))
def test_a_small_frame_stays_plain_even_with_compression(text: str) -> None:
    assert deflated_frame(text) == text_frame(text)
    assert _inflate(deflated_frame(text)) == (0x81, text)


class Server:
    """uvicorn on a free port; each accepted WebSocket's `send` goes to `sends`."""

    def __init__(self, deflate: bool | str) -> None:
        self.port = free_port()
        self.sends: asyncio.Queue[Callable[..., Any]] = asyncio.Queue()
        self.done = asyncio.Event()
        config = uvicorn.Config(
            self.app,
            port=self.port,
            ws=SharedDeflateProtocol if deflate == "shared" else "websockets-sansio",
            ws_per_message_deflate=bool(deflate),
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


async def test_a_connection_the_client_closed_is_not_written_to(server: Server) -> None:
    client, send = await _client(server, compression=None)
    write = direct_writer(send)
    assert write is not None
    await client.close()  # returns once the server has answered the close frame
    assert not write("after the client left")


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


async def _written(send: Callable[..., Any], text: str) -> bytes:
    """What the direct writer put on the connection's transport for `text`."""
    protocol = send.__self__  # type: ignore[attr-defined]
    transport = protocol.transport
    written: list[bytes] = []
    real, transport.write = transport.write, written.append
    try:
        assert direct_writer(send) is not None
        assert direct_writer(send)(text)  # type: ignore[misc]
    finally:
        transport.write = real
    real(written[0])
    return written[0]


@pytest.mark.parametrize("server", ["shared"], ids=["shared deflate"], indirect=True)
async def test_compression_is_agreed_so_that_one_deflated_frame_serves_everyone(
    server: Server,
) -> None:
    """The server adds server_no_context_takeover even when the client did not ask."""
    first, first_send = await _client(server, compression="deflate")
    second, second_send = await _client(server, compression="deflate")
    plain, plain_send = await _client(server, compression=None)
    assert first.response is not None
    agreed = first.response.headers["Sec-WebSocket-Extensions"]
    assert "permessage-deflate" in agreed and "server_no_context_takeover" in agreed
    text = '{"type":"delta","tick":1,"moved":' + "[1,2,3,0]," * 60 + "[1,2,3,0]]}"
    bytes_one = await _written(first_send, text)
    assert bytes_one == await _written(second_send, text)
    assert bytes_one[0] == 0xC1 and len(bytes_one) < len(text) / 2
    assert await _written(plain_send, text) == text_frame(text)
    await first_send({"type": "websocket.send", "text": "through the ASGI send"})
    assert [await first.recv(), await first.recv()] == [text, "through the ASGI send"]
    assert await second.recv() == text and await plain.recv() == text
    for client in (first, second, plain):
        await client.close()


def test_other_servers_have_no_direct_writer() -> None:
    async def send(message: dict[str, Any]) -> None:
        pass

    assert direct_writer(send) is None
