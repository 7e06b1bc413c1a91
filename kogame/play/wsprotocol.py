"""uvicorn's WebSocket protocol, agreeing permessage-deflate in the one form that lets a
room compress each frame once for everyone (kogame/play/directsend.py).

With `server_no_context_takeover` the server compresses every message on its own, with no
memory of earlier ones, so the same compressed bytes are right for every connection. RFC 7692
lets a server add that parameter to its answer even when the browser did not ask for it, and
browsers accept it. The server's window stays at its full 15 bits unless the browser asks for
less; such a connection (and one without the extension) gets plain frames.
"""

from __future__ import annotations

from typing import Any

from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol
from websockets.extensions.permessage_deflate import ServerPerMessageDeflateFactory
from websockets.server import ServerProtocol


class SharedDeflateProtocol(WebSocketsSansIOProtocol):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        compression = ServerPerMessageDeflateFactory(
            server_no_context_takeover=True,
            # Level 1 for what websockets compresses itself (welcomes, snapshots): as fast as
            # the shared frames, which deflate once per tick at the same level.
            compress_settings={"level": 1},
        )
        self.conn = ServerProtocol(
            extensions=[compression],
            max_size=self.config.ws_max_size,
            logger=self.conn.logger,
        )
