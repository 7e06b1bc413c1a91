"""ASGI entry point: Django for HTTP, Channels consumers for WebSockets."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kogame.settings")
django_asgi_app = get_asgi_application()

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.sessions import CookieMiddleware  # noqa: E402

from kogame.play.origin import SameOriginValidator  # noqa: E402
from kogame.play.routing import websocket_urlpatterns  # noqa: E402
from kogame.players.identity import PlayerMiddleware  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": SameOriginValidator(
            CookieMiddleware(PlayerMiddleware(URLRouter(websocket_urlpatterns)))
        ),
    }
)
