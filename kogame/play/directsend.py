"""Writing a room's frames to uvicorn's WebSockets without building them once per client.

Every connection in a room gets the same text each tick. Through ASGI, uvicorn's `send`
builds a WebSocket frame for each connection (a coroutine, UTF-8 encoding, websockets'
frame serialiser): at 1,000 clients that was a third of the server's CPU per delivered
frame, besides the socket write itself (py-spy). A server's frames are unmasked, so a
text's frame bytes are the same for everyone: `text_frame` builds them once per text, and
the writer from `direct_writer` puts them straight on the connection's transport.

It only does so when that is exactly what uvicorn would have written: the protocol is
uvicorn's websockets-sansio one (what `kogame.serve` runs) with no extension negotiated
(per-message deflate is off), the connection is open, and its transport is writable (not
above its high-water mark). Otherwise the writer says no, and the caller uses the ASGI
`send`; with any other server (daphne, Channels' test communicator) there is no writer at
all.
"""

from __future__ import annotations

import functools
import struct
from collections.abc import Callable
from typing import Any

from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol
from websockets.protocol import State

from kogame.engine.outbox import DirectWrite

OPCODE_TEXT_FIN = 0x81


@functools.lru_cache(maxsize=16)
def text_frame(text: str) -> bytes:
    """One final, unmasked text frame (RFC 6455, section 5.2) carrying `text`."""
    payload = text.encode()
    size = len(payload)
    if size < 126:
        header = struct.pack("!BB", OPCODE_TEXT_FIN, size)
    elif size < 1 << 16:
        header = struct.pack("!BBH", OPCODE_TEXT_FIN, 126, size)
    else:
        header = struct.pack("!BBQ", OPCODE_TEXT_FIN, 127, size)
    return header + payload


def direct_writer(send: Callable[..., Any]) -> DirectWrite | None:
    """A writer for the connection behind an ASGI `send`, or None if it cannot have one.

    The writer returns False, writing nothing, whenever the frame must go through `send`.
    """
    protocol = getattr(send, "__self__", None)
    if not isinstance(protocol, WebSocketsSansIOProtocol) or protocol.conn.extensions:
        return None
    conn = protocol.conn
    writable = protocol.writable

    def write(text: str) -> bool:
        transport = protocol.transport
        if (
            conn.state is not State.OPEN
            or protocol.close_sent
            or not writable.is_set()
            or transport.is_closing()
        ):
            return False
        transport.write(text_frame(text))
        return True

    return write
