"""The interface a game provides to the platform; the platform knows nothing else about it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Protocol, TypeVar

from kogame.engine.colours import Swatch
from kogame.engine.options import Setting, TickRates
from kogame.engine.results import Life, Results

S = TypeVar("S")
I = TypeVar("I")  # noqa: E741 - the conventional name for a game's input type
E = TypeVar("E")

Message = dict[str, Any]


class InputError(Exception):
    """A client message that cannot be carried out; `code` is the protocol's error code."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message

    def as_message(self) -> Message:
        return {"type": "error", "code": self.code, "message": self.message}


class Game(Protocol[S, I, E]):
    """A game: pure rules plus the translation between them and protocol messages, and what
    it declares to the platform (docs/games.md).

    Optional hooks, which the platform looks for and does without (kogame/engine/frames.py):
    `view`, `area_deltas` and `area_snapshot` split the world into areas, each connection
    getting its own area's frames (`AreaGame`); `private` gives single players a small part
    of the tick's frame, their `you` field (`PrivateGame`).
    """

    name: str  # the name in URLs and the environment: lower-case letters
    client_module: str  # the static path of the game's browser ES module (see play/js/main.js)
    title: str  # the name players read (capitalised, with spaces as it likes)
    settings: tuple[Setting, ...]  # what a room may choose (the lobby's form)
    tick_rates: TickRates  # the fixed clock rates it runs well at
    input_rate: float  # the most game messages a second one connection may send
    # How a life can end, the figures each life counts and what ranks the leaderboard.
    results: Results
    turn_based: bool  # whether it offers turn-based rooms as well as fixed-rate ones
    # The colours a player may pick on the join card, in order; () offers no choice.
    colours: tuple[Swatch, ...]

    def capacity(self, options: Mapping[str, Any]) -> int | None:
        """How many people may play at once in a room with these settings (None: no limit)."""

    def summary(self, options: Mapping[str, Any]) -> list[str]:
        """A few words on a room's settings for the lobby's list (board size, bots)."""

    def new_state(self, options: Mapping[str, Any], tick_rate: int, seed: int) -> S:
        """A fresh game; `options` are the room's game settings (already validated).

        A turn-based room passes its `tick_rate` unchanged: a game that counts time in
        ticks then counts turns, as if each turn lasted 1/tick_rate seconds.
        """

    def info(self, state: S) -> Message:
        """Fields a newcomer needs before the first snapshot (board size, delays, ...)."""

    def step(self, state: S, inputs: Sequence[I]) -> tuple[S, Sequence[E]]:
        """Advance one tick."""

    def snapshot(self, state: S) -> Message:
        """The whole state as plain data, including `tick`."""

    def delta(self, state: S, events: Sequence[E]) -> Message:
        """What the last tick changed, including `tick`."""

    def join(self, player: str, name: str, colour: str | None = None) -> I:
        """The input that brings `player` into play; `colour` is their choice ("#rrggbb",
        checked for form only), or None. What it means is the game's to say: it may snap it to
        its own colours, or ignore it."""

    def leave(self, player: str) -> I:
        """The input that takes `player` out of the game for good."""

    def parse_input(self, player: str, message: Mapping[str, Any]) -> I:
        """A game-specific client message as an input; raises InputError when invalid."""

    def input_message(self, action: I) -> Message:
        """The message fields that parse_input reads as `action` (one parse_input made): a
        web process forwards these to a room's owner, and nothing else the client sent."""

    def notices(self, events: Sequence[E]) -> Iterable[tuple[str, Message]]:
        """Messages for single players (refusals, waiting notices) that the tick produced."""

    def is_playing(self, state: S, player: str) -> bool:
        """Whether `player` has something in play that a reconnect could take back."""

    def has_place(self, state: S, player: str) -> bool:
        """Whether `player` holds a place in the game: in play, waiting, or between lives."""

    def players(self, state: S) -> int:
        """How many people (bots not counted) hold a place in the game: lobby figures."""

    def movers(self, state: S) -> frozenset[str]:
        """People whose move a turn-based room waits for this turn (until its deadline).

        Bots never count: they move at once, in the tick, through `bot_inputs`.
        """

    def bot_inputs(self, state: S) -> Sequence[I]:
        """This tick's inputs from the game's own AI players (joins, turns, leaves).

        Bots act only through ordinary inputs and see only what a client could see; the room
        adds these to the tick's inputs, so a replay of recorded inputs needs no AI.
        """

    def feed(self, state: S, events: Sequence[E]) -> Iterable[str]:
        """Plain-text notices for the room's chat feed (someone joined, died or left)."""

    def lives_ended(self, state: S, events: Sequence[E]) -> Iterable[Life]:
        """People's lives that ended this tick (bots' are not results)."""

    def named(self, state: S, events: Sequence[E]) -> Iterable[tuple[str, str]]:
        """(player, name) of each person whose join took effect this tick, under the name
        they now play as: the room's chat and the records use that name, and no other."""

    def save_state(self, state: S) -> bytes:
        """The whole state, to be restored by load_state in another process: exact, including
        the random generator, so a room taken over after a crash goes on as it would have.

        Reads the state without changing it (the room keeps playing it).
        """

    def load_state(self, data: bytes) -> S:
        """The state save_state wrote; ValueError for data it cannot restore exactly.

        The bytes come from a store shared between processes: loading must never run code
        from them (no pickle).
        """
