"""Snek state as protocol data: a full snapshot, or a delta built from one tick's events.

A delta is derived from the events `step` returned, so its cost follows what changed in the
tick rather than the size of the board or the number of body cells.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kogame.games.snek.board import Cell
from kogame.games.snek.events import Ate, Died, Event, FoodAdded, Moved, Released, Removed, Spawned
from kogame.games.snek.state import Snake, State, is_bot


def snake_data(snake: Snake) -> dict[str, Any]:
    return {
        "id": snake.id,
        "player": snake.player,
        "name": snake.name,
        "colour": snake.colour,
        "body": list(snake.body),
        "alive": snake.alive,
        "score": snake.score,
        "bot": is_bot(snake.player),
        "held_until": snake.held_until,
    }


def snapshot(state: State) -> dict[str, Any]:
    return {
        "tick": state.tick,
        "snakes": [snake_data(snake) for snake in state.snakes.values()],
        "food": list(state.board.food),
    }


def delta(state: State, events: Sequence[Event]) -> dict[str, Any]:
    """The changes of the tick `state` is now at, in the order a client applies them."""
    removed: list[int] = []
    spawned: list[dict[str, Any]] = []
    released: list[int] = []
    moved: list[tuple[int, int, int, int]] = []
    died: list[tuple[int, str, int | None]] = []
    scores: dict[int, int] = {}
    eaten: dict[Cell, None] = {}
    added: list[Cell] = []
    dead = {event.snake for event in events if isinstance(event, Died)}
    for event in events:
        match event:
            case Removed(snake):
                removed.append(snake)
            case Spawned(snake):
                spawned.append(snake_data(state.snakes[snake]))
            case Released(snake) if snake in state.snakes:  # not if its player left since
                released.append(snake)
            case Moved(snake, (x, y), trimmed) if snake not in dead:
                moved.append((snake, x, y, trimmed))
            case Died(snake, _, cause, _, killer):
                died.append((snake, cause.value, killer))
            case Ate(snake, cell, score):
                scores[snake] = score
                eaten[cell] = None
            case FoodAdded(cell):
                added.append(cell)
    parts: dict[str, Any] = {
        "removed": removed,
        "spawned": spawned,
        "released": released,
        "moved": moved,
        "died": died,
        "scores": list(scores.items()),
        "food_removed": list(eaten),
        "food_added": added,
    }
    return {"tick": state.tick} | {key: value for key, value in parts.items() if value}
