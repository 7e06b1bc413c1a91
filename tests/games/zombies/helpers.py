"""Shared helpers for the Zombies rules tests: drawn maps, games and zombies put by hand."""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import TypeVar

from kogame.games.zombies import rules
from kogame.games.zombies.events import Event
from kogame.games.zombies.state import Input, Join, Options, State, Zombie
from kogame.games.zombies.tilemap import TILE, TileMap, from_rows

E = TypeVar("E")

RATE = 30  # ticks a second in these tests
C = TILE // 2


def centre(col: int, row: int) -> tuple[int, int]:
    return (col * TILE + C, row * TILE + C)


def game(
    rows: list[str], *people: str, bots: int = 0, max_players: int = 8, seed: int = 1
) -> tuple[TileMap, State]:
    """A game on the drawn map with `people` joined (tick 1)."""
    grid = from_rows("test", rows)
    state = rules.new_state(grid, Options(bots=bots, max_players=max_players), RATE, seed)
    rules.step(grid, state, [Join(person, person.title()) for person in people])
    return grid, state


def fight(state: State, wave: int = 1, to_release: int = 0) -> None:
    """Put the game in a fight with no release pending (zombies are put by hand)."""
    state.phase = "fight"
    state.wave = wave
    state.timer = 0
    state.to_release = to_release
    state.release_timer = 10**6


def add_zombie(state: State, x: int, y: int, hp: int = 100, speed: int = 50) -> Zombie:
    """A zombie at (x, y), also in the newest history frame (what clients are shown now)."""
    zombie = Zombie(state.next_zombie, x, y, hp, 0, speed)
    state.next_zombie += 1
    state.zombies.append(zombie)
    sync_history(state)
    return zombie


def sync_history(state: State) -> None:
    flat = tuple(v for z in state.zombies for v in (z.id, z.x, z.y))
    state.history[-1] = (state.tick, flat)


def run(grid: TileMap, state: State, inputs: Sequence[Input] = (), ticks: int = 1) -> list[Event]:
    """Step `ticks` times (the inputs go with the first) and return all the events."""
    events: list[Event] = []
    for k in range(ticks):
        _, made = rules.step(grid, state, inputs if k == 0 else ())
        events.extend(made)
    return events


def of_type(events: Sequence[Event], kind: type[E]) -> list[E]:
    return [event for event in events if isinstance(event, kind)]


def big_office(seed: int) -> TileMap:
    """A map larger than a window (so players are in different areas), walls here and there."""
    rng = random.Random(seed)
    width, height = rng.randrange(40, 70), rng.randrange(24, 44)
    rows = [
        "".join(
            "#" if r in (0, height - 1) or c in (0, width - 1) or rng.random() < 0.06 else "."
            for c in range(width)
        )
        for r in range(height)
    ]
    for c, r in ((width // 4, height // 2), (3 * width // 4, height // 2)):
        rows[r] = rows[r][:c] + "P" + rows[r][c + 1 :]
    for c, r in ((1, 1), (width - 2, 1), (1, height - 2), (width - 2, height - 2)):
        rows[r] = rows[r][:c] + "Z" + rows[r][c + 1 :]
    return from_rows("office", rows)
