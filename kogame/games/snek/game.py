"""Snek as seen by the platform: the rules behind the engine's `Game` interface."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from kogame.engine.game import InputError, Message
from kogame.games.snek import codec, rules
from kogame.games.snek.events import Event, NoRoom, Refusal, Refused
from kogame.games.snek.state import Direction, Input, Join, Leave, Respawn, Settings, State, Turn

RESPAWN_DELAY_SECONDS = 1.5

_DIRECTIONS = {direction.value: direction for direction in Direction}

_REFUSALS = {
    Refusal.NOT_PLAYING: "Join the game first.",
    Refusal.NOT_DEAD: "You already have a snake in play.",
    Refusal.TOO_SOON: "Not yet: you can play again in a moment.",
}
_NO_ROOM = "The board is full right now. You'll join as soon as there is space."


class SnekGame:
    name = "snek"

    def new_state(self, options: Mapping[str, Any], tick_rate: int, seed: int) -> State:
        size = int(options.get("size", 48))
        settings = Settings(
            width=size,
            height=size,
            respawn_delay_ticks=math.ceil(RESPAWN_DELAY_SECONDS * tick_rate),
        )
        return rules.new_game(settings, seed)

    def info(self, state: State) -> Message:
        return {
            "width": state.settings.width,
            "height": state.settings.height,
            "respawn_delay_ticks": state.settings.respawn_delay_ticks,
        }

    def step(self, state: State, inputs: Sequence[Input]) -> tuple[State, list[Event]]:
        return rules.step(state, inputs)

    def snapshot(self, state: State) -> Message:
        return codec.snapshot(state)

    def delta(self, state: State, events: Sequence[Event]) -> Message:
        return codec.delta(state, events)

    def join(self, player: str, name: str) -> Input:
        return Join(player, name)

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

    def notices(self, events: Sequence[Event]) -> Iterable[tuple[str, Message]]:
        for event in events:
            if isinstance(event, Refused):
                message = {"type": "error", "code": event.reason.value}
                yield event.player, message | {"message": _REFUSALS[event.reason]}
            elif isinstance(event, NoRoom):
                yield event.player, {"type": "waiting", "reason": "no_room", "message": _NO_ROOM}

    def is_playing(self, state: State, player: str) -> bool:
        snake = state.snake_for(player)
        return player in state.waiting or (snake is not None and snake.alive)
