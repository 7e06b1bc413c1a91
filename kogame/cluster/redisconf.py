"""How every Redis client of distributed mode connects: retry a command on a fresh
connection after a dropped one, so a Redis restart costs a moment, not a manual restart."""

from __future__ import annotations

from typing import Any

from channels_redis.core import RedisChannelLayer
from redis.asyncio import Redis
from redis.asyncio.retry import Retry
from redis.backoff import ExponentialBackoff
from redis.exceptions import ConnectionError, TimeoutError


def client_options() -> dict[str, Any]:
    return {
        "retry": Retry(ExponentialBackoff(cap=1.0, base=0.05), retries=5),
        "retry_on_error": [ConnectionError, TimeoutError, ConnectionResetError],
        "health_check_interval": 2,
        "socket_keepalive": True,
    }


def layer_options() -> dict[str, Any]:
    """For the channel layer: a read may wait out a whole blocking receive (5 s), then more.

    With redis-py's default 5 s socket timeout a receive on a quiet channel raced the server's
    own 5 s wait: the client gave up and dropped the connection (a new one every quiet 5 s),
    and a message the server popped for it at that instant would have been lost with it.
    """
    waiting = RedisChannelLayer.brpop_timeout
    return client_options() | {"socket_timeout": waiting + 5, "socket_connect_timeout": 5}


def connect(url: str) -> Redis:
    return Redis.from_url(url, **client_options())
