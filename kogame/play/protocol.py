"""What clients may say: parsing and validation of incoming frames at the edge.

Platform messages (`join`, `spectate`, `chat`, `sync`, `ping`) are parsed here; anything
else with a `type` is handed to the game's own parser. Every failure is an InputError with a
protocol error code.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import orjson

from kogame.engine.colours import is_hex_colour
from kogame.engine.game import InputError
from kogame.players.names import clean_name

MAX_FRAME_BYTES = 4096
MAX_CHAT_LENGTH = 200
# Client messages are flat objects; deep nesting only ever comes from an attacker, and
# decoders further along have depth limits of their own (msgpack's between processes).
MAX_DEPTH = 8


@dataclass(frozen=True)
class JoinMessage:
    name: str | None
    colour: str | None = None


@dataclass(frozen=True)
class SpectateMessage:
    pass


@dataclass(frozen=True)
class ChatMessage:
    text: str


@dataclass(frozen=True)
class SyncMessage:
    pass


@dataclass(frozen=True)
class PingMessage:
    t: float


@dataclass(frozen=True)
class GameMessage:
    """A message for the game itself (a move, say), validated by the game."""

    fields: dict[str, Any]


ClientMessage = (
    JoinMessage | SpectateMessage | ChatMessage | SyncMessage | PingMessage | GameMessage
)


def frame_too_large(text: str) -> bool:
    """Over the limit in UTF-8 bytes; only long texts need encoding to tell."""
    if len(text) > MAX_FRAME_BYTES:
        return True
    return len(text) * 4 > MAX_FRAME_BYTES and len(text.encode()) > MAX_FRAME_BYTES


def parse(text: str) -> ClientMessage:
    try:
        data = orjson.loads(text)
    except orjson.JSONDecodeError:
        raise InputError("bad_json", "That message is not valid JSON.") from None
    if too_deep(data):
        raise InputError("bad_json", f"Messages cannot nest more than {MAX_DEPTH} levels deep.")
    if not isinstance(data, dict):
        raise InputError("not_object", "Messages must be JSON objects.")
    kind = data.get("type")
    if not isinstance(kind, str):
        raise InputError("missing_type", "Messages need a string 'type' field.")
    if kind == "join":
        name = data.get("name")
        colour = data.get("colour")
        return JoinMessage(
            None if name is None else clean_name(name),
            None if colour is None else clean_colour(colour),
        )
    if kind == "spectate":
        return SpectateMessage()
    if kind == "chat":
        return ChatMessage(clean_chat(data.get("text")))
    if kind == "sync":
        return SyncMessage()
    if kind == "ping":
        t = data.get("t")
        if isinstance(t, bool) or not isinstance(t, int | float) or not math.isfinite(t):
            raise InputError("bad_field", "'t' must be a number.")
        return PingMessage(t)
    return GameMessage(data)


def too_deep(value: object) -> bool:
    """Whether objects and arrays nest more than MAX_DEPTH levels (the message is level 1).

    A walk with a stack of its own, not recursion: no nesting can exhaust Python's stack, and
    a frame of 4096 bytes holds at most a couple of thousand values to look at.
    """
    stack: list[tuple[dict[str, Any] | list[Any], int]] = []
    if isinstance(value, dict | list):
        stack.append((value, 1))
    while stack:
        container, depth = stack.pop()
        for child in container.values() if isinstance(container, dict) else container:
            if isinstance(child, dict | list):
                if depth == MAX_DEPTH:
                    return True
                stack.append((child, depth + 1))
    return False


def clean_colour(raw: object) -> str:
    """A colour choice as "#rrggbb" in lower case: the platform checks its form and carries it;
    the game decides what it means."""
    colour = raw.lower() if isinstance(raw, str) else None
    if not is_hex_colour(colour):
        raise InputError("bad_colour", "'colour' must be a colour written like #3a86ff.")
    return colour


def clean_chat(raw: object) -> str:
    """A chat line with its whitespace collapsed: 1-200 printable characters."""
    text = " ".join(raw.split()) if isinstance(raw, str) else ""
    if not 1 <= len(text) <= MAX_CHAT_LENGTH or not text.isprintable():
        raise InputError("bad_chat", f"Chat messages need 1 to {MAX_CHAT_LENGTH} characters.")
    return text
