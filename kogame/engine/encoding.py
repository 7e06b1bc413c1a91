"""Turning messages into the text of one WebSocket frame, once, with orjson."""

from typing import Any

import orjson


def encode(message: dict[str, Any]) -> str:
    return orjson.dumps(message).decode()
