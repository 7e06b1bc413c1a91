"""Snek as seen by the platform: the rules behind the engine's `Game` interface."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from kogame.engine.colours import Swatch
from kogame.engine.game import InputError, Message
from kogame.engine.results import Life
from kogame.games.snek import ai, codec, declaration, palette, persist, rules
from kogame.games.snek.events import (
    Cause,
    Died,
    Event,
    Moved,
    NoRoom,
    Refusal,
    Refused,
    Removed,
    Spawned,
)
from kogame.games.snek.results import RESULTS
from kogame.games.snek.state import (
    Direction,
    Input,
    Join,
    Leave,
    Respawn,
    Settings,
    State,
    Turn,
    is_bot,
)

RESPAWN_DELAY_SECONDS = 1.5
# A person's new snake waits this long for its player's first turn (bots never wait)...
HOLD_SECONDS = 3
# ...and is placed with this much travel clear ahead of it, where the board has room.
CLEAR_RUN_SECONDS = 1.5
DEFAULTS = {"size": 48, "max_players": 12, "bots": 0}

_DIRECTIONS = {direction.value: direction for direction in Direction}

_REFUSALS = {
    Refusal.NOT_PLAYING: "Join the game first.",
    Refusal.NOT_DEAD: "You already have a snake in play.",
    Refusal.TOO_SOON: "Not yet: you can play again in a moment.",
    Refusal.ROOM_FULL: (
        "This room is full ({places}). You can watch, and join when someone leaves."
    ),
}
_NO_ROOM = "The board is full right now. You'll join as soon as there is space."
# The end of "Ada hit a wall": how each death reads in the room's feed.
_DEATHS = {
    Cause.WALL: "hit a wall",
    Cause.SELF: "ran into themselves",
    Cause.SNAKE: "ran into another snake",
    Cause.HEAD: "lost a head-on collision",
}
# The same, naming the snake credited with it: "Ada ran into Bex".
_KILLS = {Cause.SNAKE: "ran into {killer}", Cause.HEAD: "lost a head-on to {killer}"}


class SnekGame:
    name = "snek"
    client_module = "snek/js/game.js"
    title = "Snek"
    settings = declaration.SETTINGS
    tick_rates = declaration.TICK_RATES
    input_rate = declaration.INPUT_RATE
    turn_based = True
    results = RESULTS
    colours: tuple[Swatch, ...] = palette.SWATCHES

    def capacity(self, options: Mapping[str, Any]) -> int | None:
        value = options.get("max_players")
        return DEFAULTS["max_players"] if value is None else int(value)

    def summary(self, options: Mapping[str, Any]) -> list[str]:
        size = options.get("size") or DEFAULTS["size"]
        return [f"{size}\N{MULTIPLICATION SIGN}{size}"] + (
            ["AI snakes"] if options.get("bots") else []
        )

    def new_state(self, options: Mapping[str, Any], tick_rate: int, seed: int) -> State:
        """`size`, `max_players` and `bots` come from the room; a missing one (or None) is the
        default. Settings refuses values out of range with ValueError.

        A turn-based room passes its tick rate unchanged, so the respawn delay is the same
        number of ticks (turns) as in a fixed-rate room of that rate: a wait in turns, which
        keeps the rules free of clocks. So are the hold of a new snake (`HOLD_SECONDS` of ticks
        or turns) and the clear run looked for ahead of it (`CLEAR_RUN_SECONDS` of travel, at
        least two cells): a snake moves a cell a tick, so a run in cells is a time."""
        chosen = {
            key: default if options.get(key) is None else int(options[key])
            for key, default in DEFAULTS.items()
        }
        settings = Settings(
            width=chosen["size"],
            height=chosen["size"],
            respawn_delay_ticks=math.ceil(RESPAWN_DELAY_SECONDS * tick_rate),
            hold_ticks=math.ceil(HOLD_SECONDS * tick_rate),
            spawn_clear_ahead=max(2, math.ceil(CLEAR_RUN_SECONDS * tick_rate)),
            max_players=chosen["max_players"],
            bots=chosen["bots"],
        )
        return rules.new_game(settings, seed)

    def info(self, state: State) -> Message:
        return {
            "width": state.settings.width,
            "height": state.settings.height,
            "respawn_delay_ticks": state.settings.respawn_delay_ticks,
            "bots": state.settings.bots,
        }

    def step(self, state: State, inputs: Sequence[Input]) -> tuple[State, list[Event]]:
        return rules.step(state, inputs)

    def snapshot(self, state: State) -> Message:
        return codec.snapshot(state)

    def delta(self, state: State, events: Sequence[Event]) -> Message:
        return codec.delta(state, events)

    def join(self, player: str, name: str, colour: str | None = None) -> Input:
        """A choice of colour is snapped to the palette when the snake is placed."""
        return Join(player, name, colour)

    def leave(self, player: str) -> Input:
        return Leave(player)

    def parse_input(self, player: str, message: Mapping[str, Any]) -> Input:
        kind = message["type"]
        if kind == "turn":
            direction = message.get("direction")
            if not isinstance(direction, str) or direction not in _DIRECTIONS:
                raise InputError("bad_field", "'direction' must be one of up, down, left, right.")
            return Turn(player, _DIRECTIONS[direction])
        if kind == "respawn":
            return Respawn(player)
        raise InputError("unknown_type", f"Snek does not understand messages of type {kind!r}.")

    def input_message(self, action: Input) -> Message:
        if isinstance(action, Turn):
            return {"type": "turn", "direction": action.direction.value}
        if isinstance(action, Respawn):
            return {"type": "respawn"}
        raise ValueError(f"{action!r} is not an input a client sends")

    def notices(self, events: Sequence[Event]) -> Iterable[tuple[str, Message]]:
        for event in _news(events):
            if isinstance(event, Refused):
                places = f"{event.max_players} player{'' if event.max_players == 1 else 's'}"
                text = _REFUSALS[event.reason].format(places=places)
                yield event.player, {"type": "error", "code": event.reason.value, "message": text}
            elif isinstance(event, NoRoom):
                yield event.player, {"type": "waiting", "reason": "no_room", "message": _NO_ROOM}

    def is_playing(self, state: State, player: str) -> bool:
        snake = state.snake_for(player)
        return player in state.waiting or (snake is not None and snake.alive)

    def has_place(self, state: State, player: str) -> bool:
        return player in state.snake_of or player in state.waiting

    def players(self, state: State) -> int:
        return rules.players(state)

    def movers(self, state: State) -> frozenset[str]:
        """People with a live snake: a turn waits for their turn (or for going straight on,
        which a turn in the snake's own direction says). Bots and the dead never count."""
        return frozenset(snake.player for snake in state.alive() if not is_bot(snake.player))

    def bot_inputs(self, state: State) -> list[Input]:
        return ai.inputs(state)

    def save_state(self, state: State) -> bytes:
        return persist.save(state)

    def load_state(self, data: bytes) -> State:
        return persist.load(data)

    def feed(self, state: State, events: Sequence[Event]) -> Iterable[str]:
        """A person's first snake, death and leaving; bots' comings and goings are not news.

        A new life replaces the old snake (`Removed` with `left` false) and says nothing.
        """
        news = _news(events)
        renewed = {e.player for e in news if isinstance(e, Removed) and not e.left}
        for event in news:
            match event:
                case Spawned(snake, player) if not is_bot(player) and player not in renewed:
                    yield f"{state.snakes[snake].name} joined the game"
                case Died(snake, player, cause, _, killer) if not is_bot(player):
                    yield _death_news(state, snake, cause, killer)
                case Removed(player=player, name=name, left=True) if not is_bot(player):
                    yield f"{name} left the game"

    def named(self, state: State, events: Sequence[Event]) -> Iterable[tuple[str, str]]:
        """A snake placed for a person: a join (or a respawn) took effect under its name."""
        for event in _news(events):
            if isinstance(event, Spawned) and not is_bot(event.player):
                yield event.player, state.snakes[event.snake].name

    def lives_ended(self, state: State, events: Sequence[Event]) -> Iterable[Life]:
        return (
            event for event in _news(events) if isinstance(event, Life) and not is_bot(event.player)
        )


def _news(events: Sequence[Event]) -> list[Event]:
    """The tick's events other than moves: one `Moved` per live snake makes up nearly all of
    a tick's events, and notices, the feed and results never need them. A type check per
    event is the cheapest way past them (class patterns in `match` test each case in turn)."""
    return [event for event in events if event.__class__ is not Moved]


def _death_news(state: State, snake: int, cause: Cause, killer: int | None) -> str:
    name = state.snakes[snake].name
    if killer is None or cause not in _KILLS:
        return f"{name} {_DEATHS[cause]}"
    return f"{name} {_KILLS[cause].format(killer=state.snakes[killer].name)}"
