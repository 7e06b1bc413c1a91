"""WebSocket routes; names are validated by the consumer so bad ones get a clear close code.

Any other path is refused at the handshake (HTTP 403), quietly: without a route of its own,
Channels' router raises, and the server answered 500 and logged a traceback for every probe.
"""

import logging

from channels.security.websocket import WebsocketDenier
from django.urls import re_path

from kogame.play.consumers import PlayConsumer

log = logging.getLogger(__name__)


class NoSuchSocket(WebsocketDenier):
    async def connect(self) -> None:
        log.debug("refused a WebSocket to %s: no such path", self.scope.get("path"))
        await self.close()


websocket_urlpatterns = [
    re_path(r"^ws/play/(?P<game>[^/]+)/(?P<room>[^/]+)/$", PlayConsumer.as_asgi()),
    re_path(r"", NoSuchSocket.as_asgi()),
]
