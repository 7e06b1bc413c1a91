"""WebSocket routes; names are validated by the consumer so bad ones get a clear close code."""

from django.urls import re_path

from kogame.play.consumers import PlayConsumer

websocket_urlpatterns = [
    re_path(r"^ws/play/(?P<game>[^/]+)/(?P<room>[^/]+)/$", PlayConsumer.as_asgi()),
]
