"""A tick's frames: each area's delta encoded once, and a small private part per player.

Encoding a frame costs far more than writing it (PITFALLS: 146 µs with json, 7 µs with orjson
for 50 entities), so a room never encodes per connection. A game may split its world into
areas (each connection gets its own area's frame) and may give a player a small part of
their own (an input acknowledged, a private notice). Each area's frame is encoded once per
tick, each private part once, and a connection with a part gets its area's text with the
part spliced in as a `"you"` field: a string operation, not another encoding. A connection
without a part gets the shared text itself.

The hooks are optional (`AreaGame`, `PrivateGame`); a game with none has one area,
`DEFAULT_AREA`, whose frames are its `delta` and `snapshot`, and no private parts: its frames
are exactly one `encode` of the delta and the room's fields, as they always were.

The same `TickFrames` is delivered in the room's process (embedded) and, in distributed mode,
travels once to each web process (kogame/cluster/messages.py, `Frame`), whose relay delivers
it to its own connections with the same `deliver`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from kogame.engine.encoding import encode
from kogame.engine.game import Game, Message

S = TypeVar("S", contravariant=True)
E = TypeVar("E", contravariant=True)

# The only area of a game that declares none.
DEFAULT_AREA = ""
# The field a player's private part is spliced into their frame as.
PRIVATE_FIELD = "you"
_AREA_HOOKS = ("view", "area_deltas", "area_snapshot")


class AreaGame(Protocol[S, E]):
    """Optional hooks of a game whose world is split into areas (all three, or none).

    An area is whatever one connection is shown: a region, a team's fog of war, a region with
    its borders. Areas may overlap; each is encoded once per tick however many see it. A
    connection whose area changes gets the new area's snapshot after that tick's frame.
    """

    def view(self, state: S, player: str) -> str:
        """The area whose frames `player`'s connection gets (watchers included)."""

    def area_deltas(self, state: S, events: Sequence[E]) -> Mapping[str, Message]:
        """What the last tick changed in each area, each including `tick` (replaces `delta`)."""

    def area_snapshot(self, state: S, area: str) -> Message:
        """The whole of one area as plain data, including `tick` (replaces `snapshot`)."""


class PrivateGame(Protocol[S, E]):
    """The optional hook of a game that tells single players things in the tick's frame."""

    def private(self, state: S, events: Sequence[E]) -> Mapping[str, Message]:
        """Each player's part of the last tick's frame (keep it small: "your input 41 was
        applied", a private notice). It reaches the client as the frame's `you` field;
        players without a part get the frame everyone in their area gets."""


class Recipient(Protocol):
    @property
    def player(self) -> str: ...

    def deliver(self, text: str) -> None: ...


class Framing:
    """A game's frame hooks, or the platform's defaults for those it lacks (looked up once)."""

    def __init__(self, game: Game[Any, Any, Any]) -> None:
        self.game = game
        hooks = [hook for hook in _AREA_HOOKS if callable(getattr(game, hook, None))]
        if hooks and len(hooks) != len(_AREA_HOOKS):
            raise TypeError(f"a game with areas needs all of {', '.join(_AREA_HOOKS)}")
        self.has_areas = bool(hooks)
        private = getattr(game, "private", None)
        self._private: Callable[[Any, Sequence[Any]], Mapping[str, Message]] | None = (
            private if callable(private) else None
        )
        self.has_private = self._private is not None

    def deltas(self, state: Any, events: Sequence[Any]) -> Mapping[str, Message]:
        if self.has_areas:
            return self.game.area_deltas(state, events)  # type: ignore[attr-defined,no-any-return]
        return {DEFAULT_AREA: self.game.delta(state, events)}

    def snapshot(self, state: Any, area: str) -> Message:
        if self.has_areas:
            return self.game.area_snapshot(state, area)  # type: ignore[attr-defined,no-any-return]
        return self.game.snapshot(state)

    def area_of(self, state: Any, player: str) -> str:
        if self.has_areas:
            return self.game.view(state, player)  # type: ignore[attr-defined,no-any-return]
        return DEFAULT_AREA

    def views(self, state: Any, players: Iterable[str]) -> dict[str, str]:
        """Each player's area; none at all for a game with one area."""
        if not self.has_areas:
            return {}
        view = self.game.view  # type: ignore[attr-defined]
        return {player: view(state, player) for player in players}

    def parts(self, state: Any, events: Sequence[Any], present: Iterable[str]) -> dict[str, str]:
        """The tick's private parts of the `present` players, each encoded once."""
        if self._private is None:
            return {}
        parts = self._private(state, events)
        if not parts:
            return {}
        return {player: encode(parts[player]) for player in present if player in parts}


@dataclass(frozen=True, slots=True)
class TickFrames:
    """One tick's frames as they travel: each area's text, each present player's encoded
    private part, and each player's area (empty for a game with one area)."""

    tick: int
    texts: Mapping[str, str]
    parts: Mapping[str, str] = field(default_factory=dict)
    views: Mapping[str, str] = field(default_factory=dict)

    def text_for(self, player: str) -> str | None:
        """What `player`'s connection is sent (None: its area has no frame this tick)."""
        text = self.texts.get(self.views.get(player, DEFAULT_AREA))
        part = self.parts.get(player)
        if text is None or part is None:
            return text
        return splice(text, part)

    def deliver(self, conns: Iterable[Recipient]) -> None:
        """Hand each connection its text, in the order given (players first)."""
        if not self.parts and not self.views:
            text = self.texts.get(DEFAULT_AREA)
            if text is not None:
                for conn in conns:
                    conn.deliver(text)
            return
        for conn in conns:
            own = self.text_for(conn.player)
            if own is not None:
                conn.deliver(own)


def encode_frames(
    tick: int,
    deltas: Mapping[str, Message],
    extra: Message,
    parts: Mapping[str, str] | None = None,
    views: Mapping[str, str] | None = None,
) -> TickFrames:
    """Each area's delta frame, with the room's own fields (`extra`: chat, counts) after the
    game's, encoded once.

    With `views` (a game with areas), only the areas someone looks at are encoded, and only
    those are read from `deltas`: a game may make its area frames lazily (docs/games.md)."""
    areas = set(views.values()) if views else deltas.keys()
    texts = {
        area: encode({"type": "delta"} | deltas[area] | extra) for area in areas if area in deltas
    }
    return TickFrames(tick, texts, parts or {}, views or {})


def splice(text: str, part: str) -> str:
    """An encoded JSON object with `part` (encoded JSON) added as its `you` field."""
    return f'{text[:-1]},"{PRIVATE_FIELD}":{part}}}'
