"""Which pages may open a game socket: the site's own origins, compared in full.

Browsers send every WebSocket handshake with the `Origin` of the page that opened it, and
cookies ride along whatever that page was, so a socket from another site would play with the
visitor's own session. Channels' `AllowedHostsOriginValidator` compares the host name only:
`http://localhost:9999` (any local program) or `https://127.0.0.1` passed it. This compares
scheme, host and port, as Django's CSRF check does for forms: the origin must be the very
address the socket was opened at (`Host`, one of `ALLOWED_HOSTS`, with `ws`/`wss` read as
`http`/`https`), or one listed in `CSRF_TRUSTED_ORIGINS` (`https://*.example.com` covers
subdomains there too). Behind a TLS proxy the scheme comes from `X-Forwarded-Proto`, which
uvicorn trusts from the proxies in `FORWARDED_ALLOW_IPS`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from channels.security.websocket import WebsocketDenier
from django.conf import settings
from django.http.request import split_domain_port, validate_host
from django.utils.http import is_same_domain

from kogame.players.identity import ASGIApp, Scope

log = logging.getLogger(__name__)

_DEFAULT_PORTS = {"http": 80, "https": 443}
Origin = tuple[str, str, int]


def parse_origin(value: str) -> Origin | None:
    """(scheme, host, port) of an origin such as `https://example.com:8443`; None if it is
    not one (`null`, no host, a bad port, an unknown scheme)."""
    try:
        parts = urlsplit(value.strip().lower())
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in _DEFAULT_PORTS or not parts.hostname:
        return None
    return parts.scheme, parts.hostname, port or _DEFAULT_PORTS[parts.scheme]


def own_origin(scope: Scope) -> Origin | None:
    """The origin of the address this socket was opened at, if its host is one of ours."""
    host = _header(scope, b"host")
    domain, _ = split_domain_port(host)
    if not domain or not validate_host(domain, settings.ALLOWED_HOSTS):
        return None
    scheme = "https" if scope.get("scheme") == "wss" else "http"
    return parse_origin(f"{scheme}://{host}")


def trusted(origin: Origin, patterns: Iterable[str]) -> bool:
    """Whether `CSRF_TRUSTED_ORIGINS` lists this origin (a `*.` host covers subdomains)."""
    scheme, host, port = origin
    for pattern in patterns:
        wildcard = "://*." in pattern
        listed = parse_origin(pattern.replace("://*.", "://", 1))
        if listed is None or listed[0] != scheme or listed[2] != port:
            continue
        if host == listed[1] or (wildcard and is_same_domain(host, "." + listed[1])):
            return True
    return False


def allowed(scope: Scope) -> bool:
    origin = parse_origin(_header(scope, b"origin"))
    if origin is None:
        return False
    return origin == own_origin(scope) or trusted(origin, settings.CSRF_TRUSTED_ORIGINS)


class SameOriginValidator:
    """Refuses the handshake (HTTP 403) of a socket opened from anywhere but the site."""

    def __init__(self, inner: ASGIApp) -> None:
        self.inner = inner
        self.denier = WebsocketDenier.as_asgi()

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if allowed(scope):
            await self.inner(scope, receive, send)
            return
        log.info(
            "refused a WebSocket from origin %r to host %r (not one of the site's origins)",
            _header(scope, b"origin"),
            _header(scope, b"host"),
        )
        await self.denier(scope, receive, send)


def _header(scope: Scope, name: bytes) -> str:
    for key, value in scope.get("headers", ()):
        if key == name:
            return bytes(value).decode("latin1")
    return ""
