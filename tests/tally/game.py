"""Tally's rules and its side of the platform's Game interface, in one small module.

Each player counts up by pressing "add" (by 2 in a room with `doubles`); a life ends when they
"bank" their count, or when it reaches the room's goal. No bots, no board, no clock of its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import orjson

from kogame.engine.colours import Swatch
from kogame.engine.game import InputError, Message
from kogame.engine.options import Setting, TickRates
from kogame.engine.results import Life, Results, Stat

Input = tuple[
    str, ...
]  # ("join", player, name), ("add", player), ("bank", player), ("leave", player)


@dataclass(frozen=True)
class Counter:
    name: str
    count: int = 0
    presses: int = 0
    since: int = 0


@dataclass(frozen=True)
class State:
    tick: int
    goal: int
    step: int
    counters: Mapping[str, Counter]
    counter: str = "beads"


@dataclass(frozen=True)
class Joined:
    player: str
    name: str


@dataclass(frozen=True)
class Ended:
    player: str
    counter: Counter
    cause: str
    tick: int


Event = Joined | Ended


class TallyGame:
    name = "tally"
    title = "Tally"
    client_module = "tally/js/game.js"
    settings: tuple[Setting, ...] = (
        Setting("goal", "Goal", 10, low=2, high=100, help="A life ends at this count."),
        Setting("doubles", "Doubles", False, kind="bool", help="Each press counts two."),
        Setting(
            "counter", "Counter", "beads", kind="choice", choices=("beads", "coins"),
            help="What the page counts with.",
        ),
    )  # fmt: skip
    tick_rates = TickRates(low=1, high=30, default=5)
    input_rate = 10.0
    turn_based = False
    colours: tuple[Swatch, ...] = ()
    results = Results(
        causes={"goal": "Reached the goal", "banked": "Banked the count"},
        stats=(Stat("presses", "Presses"),),
        ranks_by="score",
    )

    def capacity(self, options: Mapping[str, Any]) -> int | None:
        return None

    def summary(self, options: Mapping[str, Any]) -> list[str]:
        return [f"to {options.get('goal', 10)}"]

    def new_state(self, options: Mapping[str, Any], tick_rate: int, seed: int) -> State:
        counter = str(options.get("counter", "beads"))
        if counter not in {"beads", "coins"}:
            raise ValueError(f"Tally has no counter {counter!r}")
        step = 2 if options.get("doubles") else 1
        return State(0, int(options.get("goal", 10)), step, {}, counter)

    def info(self, state: State) -> Message:
        return {"goal": state.goal, "counter": state.counter}

    def step(self, state: State, inputs: Sequence[Input]) -> tuple[State, list[Event]]:
        counters, events, tick = dict(state.counters), list[Event](), state.tick + 1
        for kind, player, *rest in inputs:
            counter = counters.get(player)
            if counter is None:
                if kind == "join":
                    counters[player] = Counter(rest[0], since=tick)
                    events.append(Joined(player, rest[0]))
                continue
            if kind == "leave":
                events.append(Ended(player, counters.pop(player), "left", tick))
                continue
            if kind == "add":
                counter = replace(counter, count=counter.count + state.step)
                counters[player] = counter = replace(counter, presses=counter.presses + 1)
            if kind == "bank" or (kind == "add" and counter.count >= state.goal):
                events.append(Ended(player, counter, "goal" if kind == "add" else "banked", tick))
                counters[player] = Counter(counter.name, since=tick)
        return replace(state, tick=tick, counters=counters), events

    def snapshot(self, state: State) -> Message:
        return {"tick": state.tick, "counts": {p: c.count for p, c in state.counters.items()}}

    def delta(self, state: State, events: Sequence[Event]) -> Message:
        return self.snapshot(state)

    def join(self, player: str, name: str, colour: str | None = None) -> Input:
        return ("join", player, name)

    def leave(self, player: str) -> Input:
        return ("leave", player)

    def parse_input(self, player: str, message: Mapping[str, Any]) -> Input:
        if message["type"] in {"add", "bank"}:
            return (message["type"], player)
        raise InputError("unknown_type", f"Tally does not understand {message['type']!r}.")

    def input_message(self, action: Input) -> Message:
        return {"type": action[0]}

    def notices(self, events: Sequence[Event]) -> Iterable[tuple[str, Message]]:
        return ()

    def is_playing(self, state: State, player: str) -> bool:
        return player in state.counters

    def has_place(self, state: State, player: str) -> bool:
        return player in state.counters

    def players(self, state: State) -> int:
        return len(state.counters)

    def movers(self, state: State) -> frozenset[str]:
        return frozenset()  # never turn-based

    def bot_inputs(self, state: State) -> Sequence[Input]:
        return ()

    def feed(self, state: State, events: Sequence[Event]) -> Iterable[str]:
        for e in events:
            if isinstance(e, Ended) and e.cause != "left":
                yield f"{e.counter.name} reached {e.counter.count}"

    def lives_ended(self, state: State, events: Sequence[Event]) -> Iterable[Life]:
        for e in events:
            if isinstance(e, Ended):
                ticks = e.tick - e.counter.since
                stats = {"presses": e.counter.presses}
                yield Life(e.player, e.counter.name, e.counter.count, e.cause, ticks, stats)

    def named(self, state: State, events: Sequence[Event]) -> Iterable[tuple[str, str]]:
        return ((e.player, e.name) for e in events if isinstance(e, Joined))

    def save_state(self, state: State) -> bytes:
        counters = {p: [c.name, c.count, c.presses, c.since] for p, c in state.counters.items()}
        return orjson.dumps([state.tick, state.goal, state.step, counters, state.counter])

    def load_state(self, data: bytes) -> State:
        tick, goal, step, counters, counter = orjson.loads(data)
        return State(tick, goal, step, {p: Counter(*c) for p, c in counters.items()}, counter)
