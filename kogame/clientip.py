"""The address a request came from, the one place every per-IP limit asks.

Behind a reverse proxy the TCP peer is the proxy. uvicorn (kogame/serve.py runs it with
`proxy_headers`) already replaces the peer with the client named in `X-Forwarded-For` when the
peer is trusted (`FORWARDED_ALLOW_IPS`, 127.0.0.1 by default), so `REMOTE_ADDR` is the client
here, and a client cannot forge its address by sending that header itself.
"""

from __future__ import annotations

from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR") or "")
