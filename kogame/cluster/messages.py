"""The messages of distributed mode, as typed classes, and their compact form on the wire.

Web processes post a room's owner `Attach`, `Detach`, `Join`, `Spectate`, `Say`, `Act` and
`Sync` in the room's mailbox (kogame/cluster/mailbox.py); the owner sends a web process
`Frame` (once per process: on the room's Redis pub/sub channel, kogame/cluster/framebus.py,
or through the room's frames group), `Direct` and `Close` (in the process's mailbox) and
`Owner` (through the room's frames group). On the wire (JSON in mailboxes and over pub/sub,
msgpack through the channel layer) each is a map with its `type` and its fields, a field left
out when it has its default value: a message from another version or from anyone else is read
field by field (`parse`) and refused as `Malformed`, never half-used. Receivers route by
class (`match`).
"""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, TypeAlias

import orjson

from kogame.engine.colours import is_hex_colour
from kogame.engine.frames import DEFAULT_AREA, TickFrames


class Malformed(ValueError):
    """A message with an unknown type, or a field missing or of the wrong type."""


@dataclass(frozen=True, slots=True)
class Attach:
    TYPE: ClassVar[str] = "attach"
    conn: str
    web: str  # the web process's channel, where messages for the client go
    player: str


@dataclass(frozen=True, slots=True)
class Detach:
    TYPE: ClassVar[str] = "detach"
    conn: str


@dataclass(frozen=True, slots=True)
class Join:
    """A join; `colour` is the player's choice, checked for form at the edge and again here
    (a game may rely on it), and left out on the wire when there is none."""

    TYPE: ClassVar[str] = "join"
    player: str
    name: str
    colour: str | None = None

    def __post_init__(self) -> None:
        if self.colour is not None and not is_hex_colour(self.colour):
            raise Malformed(f"join with a colour not written #rrggbb: {self.colour!r}")


@dataclass(frozen=True, slots=True)
class Spectate:
    TYPE: ClassVar[str] = "spectate"
    player: str


@dataclass(frozen=True, slots=True)
class Say:
    TYPE: ClassVar[str] = "say"
    player: str
    text: str


@dataclass(frozen=True, slots=True)
class Act:
    """A game input, as the game's `input_message` writes it (never the client's fields)."""

    TYPE: ClassVar[str] = "act"
    player: str
    fields: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Sync:
    TYPE: ClassVar[str] = "sync"
    conn: str


@dataclass(frozen=True, slots=True)
class Direct:
    """A text for one client; `playing` is set on a welcome only (whether the client's player
    is still in play, which puts the connection with the players)."""

    TYPE: ClassVar[str] = "kogame.direct"
    conn: str
    text: str
    playing: bool | None = None


@dataclass(frozen=True, slots=True)
class Close:
    TYPE: ClassVar[str] = "kogame.close"
    conn: str
    code: int


@dataclass(frozen=True, slots=True)
class Owner:
    """A new owner runs the room: web processes attach their clients to it again."""

    TYPE: ClassVar[str] = "kogame.owner"
    room: str


@dataclass(frozen=True, slots=True)
class Frame:
    """A tick's frames for every web process with clients in the room.

    On the wire a game with one area and no private parts sends its frame as `text`, as it
    always did; otherwise `texts` (area -> text), `parts` (player -> encoded private part)
    and `views` (player -> area) come as maps, each left out when empty.
    """

    TYPE: ClassVar[str] = "kogame.frame"
    room: str
    frames: TickFrames

    def to_dict(self) -> dict[str, Any]:
        frames = self.frames
        wire: dict[str, Any] = {"type": self.TYPE, "room": self.room, "tick": frames.tick}
        if set(frames.texts) == {DEFAULT_AREA}:
            wire["text"] = frames.texts[DEFAULT_AREA]
        else:
            wire["texts"] = dict(frames.texts)
        if frames.parts:
            wire["parts"] = dict(frames.parts)
        if frames.views:
            wire["views"] = dict(frames.views)
        return wire

    @classmethod
    def from_dict(cls, wire: Mapping[str, Any]) -> Frame:
        room = _field(wire, "room", str)
        tick = _field(wire, "tick", int)
        if "text" in wire:
            texts = {DEFAULT_AREA: _field(wire, "text", str)}
        else:
            texts = _field(wire, "texts", dict[str, str])
        parts = _field(wire, "parts", dict[str, str], {})
        views = _field(wire, "views", dict[str, str], {})
        return cls(room, TickFrames(tick, texts, parts, views))


# What an owner reads in a room's mailbox, and what a web process reads (its mailbox, its
# channel, its frame subscription).
ToRoom: TypeAlias = Attach | Detach | Join | Spectate | Say | Act | Sync
ToWeb: TypeAlias = Frame | Direct | Close | Owner
ClusterMessage: TypeAlias = ToRoom | ToWeb
_SIMPLE = (*typing.get_args(ToRoom), Direct, Close, Owner)
_BY_TYPE: dict[str, type[ClusterMessage]] = {kind.TYPE: kind for kind in (*_SIMPLE, Frame)}
_REQUIRED: Any = object()
# Each simple class's fields: (name, type, default or _REQUIRED).
_FIELDS = {
    kind: [
        (
            f.name,
            typing.get_type_hints(kind)[f.name],
            _REQUIRED if f.default is dataclasses.MISSING else f.default,
        )
        for f in dataclasses.fields(kind)
    ]
    for kind in _SIMPLE
}


def to_dict(message: ClusterMessage) -> dict[str, Any]:
    """The message's wire form: its type, then each field that differs from its default."""
    if isinstance(message, Frame):
        return message.to_dict()
    wire: dict[str, Any] = {"type": message.TYPE}
    for name, _, default in _FIELDS[type(message)]:
        value = getattr(message, name)
        if default is _REQUIRED or value != default:
            wire[name] = value
    return wire


def to_json(message: ClusterMessage) -> bytes:
    """The message as JSON, as it travels in mailboxes and over pub/sub."""
    return orjson.dumps(to_dict(message))


def from_json(data: Any) -> ClusterMessage:
    """The message a JSON payload holds; `Malformed` if it holds none."""
    if not isinstance(data, bytes):
        raise Malformed(f"payload is {type(data).__name__}")
    try:
        wire = orjson.loads(data)
    except orjson.JSONDecodeError as error:
        raise Malformed(f"not JSON ({error})") from None
    if not isinstance(wire, dict):
        raise Malformed(f"not a map but {type(wire).__name__}")
    return parse(wire)


def parse(wire: Mapping[str, Any]) -> ClusterMessage:
    """The message a wire map holds; Malformed if it holds none."""
    name = wire.get("type")
    kind = _BY_TYPE.get(name) if isinstance(name, str) else None
    if kind is None:
        raise Malformed(f"unknown message type {name!r}")
    if kind is Frame:
        return Frame.from_dict(wire)
    values = {field: _field(wire, field, hint, default) for field, hint, default in _FIELDS[kind]}
    return kind(**values)


def _field(wire: Mapping[str, Any], name: str, hint: Any, default: Any = _REQUIRED) -> Any:
    if name not in wire:
        if default is _REQUIRED:
            raise Malformed(f"{wire.get('type')!r} message without {name!r}")
        return default
    value = wire[name]
    if not _fits(value, hint):
        raise Malformed(f"{wire.get('type')!r} message with a bad {name!r}")
    return value


def _fits(value: Any, hint: Any) -> bool:
    if hint is bool:
        return isinstance(value, bool)
    if hint is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if hint is str:
        return isinstance(value, str)
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is dict:
        key_type, value_type = args
        return isinstance(value, dict) and all(
            _fits(k, key_type) and (value_type is Any or _fits(v, value_type))
            for k, v in value.items()
        )
    if args and type(None) in args:  # X | None
        return value is None or any(_fits(value, arg) for arg in args if arg is not type(None))
    raise TypeError(f"no wire check for {hint!r}")
