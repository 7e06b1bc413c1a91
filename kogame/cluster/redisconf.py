"""How every Redis client of distributed mode connects: retry a command on a fresh
connection after a dropped one, so a Redis restart costs a moment, not a manual restart."""

from __future__ import annotations

from typing import Any

from redis.asyncio import Redis
from redis.backoff import ExponentialBackoff
from redis.exceptions import ConnectionError, TimeoutError
from redis.retry import Retry


def client_options() -> dict[str, Any]:
    return {
        "retry": Retry(ExponentialBackoff(cap=1.0, base=0.05), retries=5),
        "retry_on_error": [ConnectionError, TimeoutError, ConnectionResetError],
        "health_check_interval": 2,
        "socket_keepalive": True,
    }


def connect(url: str) -> Redis:
    return Redis.from_url(url, **client_options())
