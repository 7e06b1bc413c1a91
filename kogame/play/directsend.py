"""Writing a room's frames to uvicorn's WebSockets without building them once per client.

Every connection in a room gets the same text each tick. Through ASGI, uvicorn's `send`
builds a WebSocket frame for each connection (a coroutine, UTF-8 encoding, websockets'
frame serialiser): at 1,000 clients that was a third of the server's CPU per delivered
frame, besides the socket write itself (py-spy). A server's frames are unmasked, so a
text's frame bytes are the same for everyone: `text_frame` builds them once per text, and
the writer from `direct_writer` puts them straight on the connection's transport.

Compression works the same way. `kogame.serve` agrees permessage-deflate with
`server_no_context_takeover` (kogame/play/wsprotocol.py): each message is compressed on its
own, so one tick's compressed frame serves every connection that agreed it, deflated once
(`deflated_frame`, RSV1 set); a connection without the extension gets the plain frame, also
built once. Small frames stay plain for everyone.

It only writes directly when that is exactly what uvicorn would have written: the protocol is
uvicorn's websockets-sansio one (what `kogame.serve` runs) with no extension, or that
compression, agreed, no close frame has gone out, and the transport is neither closing nor
holding bytes it has not sent yet. Otherwise the writer says no, and the caller uses the ASGI
`send`; with any other server (daphne, Channels' test communicator) there is no writer at
all.
"""

from __future__ import annotations

import functools
import struct
import zlib
from collections.abc import Callable
from typing import Any

from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol
from websockets.extensions.permessage_deflate import PerMessageDeflate

from kogame.engine.outbox import DirectWrite

OPCODE_TEXT_FIN = 0x81
# Frames shorter than this stay plain even where compression was agreed: they shrink by 15% or
# less (`python -m bench.deflate`: 61 B grows to 62, 98 B shrinks to 84, 161 B to 112).
DEFLATE_FROM = 128
# RSV1 marks a compressed message (RFC 7692, section 6).
OPCODE_TEXT_FIN_RSV1 = 0xC1
# The deflate stream's empty final block, which a message leaves off (RFC 7692, 7.2.1).
_SYNC_TAIL = b"\x00\x00\xff\xff"


def _frame(first: int, payload: bytes) -> bytes:
    """One final, unmasked frame (RFC 6455, section 5.2) with this first byte."""
    size = len(payload)
    if size < 126:
        header = struct.pack("!BB", first, size)
    elif size < 1 << 16:
        header = struct.pack("!BBH", first, 126, size)
    else:
        header = struct.pack("!BBQ", first, 127, size)
    return header + payload


@functools.lru_cache(maxsize=16)
def text_frame(text: str) -> bytes:
    """One final, unmasked text frame carrying `text`."""
    return _frame(OPCODE_TEXT_FIN, text.encode())


def deflate(payload: bytes) -> bytes:
    """A message's payload as permessage-deflate sends it with no context taken over from
    earlier messages: raw deflate, level 1, its sync-flush tail left off."""
    encoder = zlib.compressobj(1, zlib.DEFLATED, -zlib.MAX_WBITS)
    data = encoder.compress(payload) + encoder.flush(zlib.Z_SYNC_FLUSH)
    return data[: -len(_SYNC_TAIL)]


@functools.lru_cache(maxsize=16)
def deflated_frame(text: str) -> bytes:
    """`text` as one compressed text frame (RSV1 set), the same bytes for every connection
    that negotiated permessage-deflate without server context takeover; below
    DEFLATE_FROM bytes the plain frame, which such a connection reads as well."""
    payload = text.encode()
    if len(payload) < DEFLATE_FROM:
        return text_frame(text)
    return _frame(OPCODE_TEXT_FIN_RSV1, deflate(payload))


def shares_compression(extensions: list[Any]) -> bool:
    """Whether the one extension agreed is permessage-deflate in which the server compresses
    each message afresh with a full window: then a message deflated once serves everyone."""
    if len(extensions) != 1 or not isinstance(extensions[0], PerMessageDeflate):
        return False
    agreed = extensions[0]
    return agreed.local_no_context_takeover and agreed.local_max_window_bits == zlib.MAX_WBITS


def direct_writer(send: Callable[..., Any]) -> DirectWrite | None:
    """A writer for the connection behind an ASGI `send`, or None if it cannot have one.

    The writer returns False, writing nothing, whenever the frame must go through `send`.
    """
    protocol = getattr(send, "__self__", None)
    if not isinstance(protocol, WebSocketsSansIOProtocol):
        return None
    conn = protocol.conn
    if not conn.extensions:
        frame = text_frame
    elif shares_compression(conn.extensions):
        frame = deflated_frame
    else:
        return None

    def write(text: str) -> bool:
        # Once per connection per tick, so only what must be checked, on as few objects as
        # can tell: a close frame sent (close_sent) or a transport closing or closed (which
        # uvicorn does in the same call as it answers a client's close, and as it fails a
        # connection); and nothing already waiting in the transport's buffer, stricter than
        # uvicorn's own `writable` (paused above the high-water mark), so a frame never
        # overtakes what an ASGI send left there.
        transport = protocol.transport
        if protocol.close_sent or transport.is_closing() or transport.get_write_buffer_size():
            return False
        transport.write(frame(text))
        return True

    return write
