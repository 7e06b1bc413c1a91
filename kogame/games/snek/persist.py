"""Snek's whole state as bytes, so a room outlives its process: saved by one, loaded by another.

An engine worker saves each room to a shared store every few seconds and another worker
restores it after a crash; from then on the game must go exactly as it would have (the same
future for the same inputs). So everything that shapes the future is kept, not only what a
client sees: the random generator's state, queued turns, pending growth, the waiting list in
its order, and the board's free-cell list in its own order. Random picks index into that list,
and its order (and the covered cells it still holds, see board.py) comes from the game's
history, so it cannot be rebuilt from the snakes and food; everything else on the board can,
and is rebuilt through the board's own methods.

The format is JSON (orjson), never pickle: the bytes come from a shared store, and loading them
must not be able to run anything. One document, version `VERSION`:

- `version`: this format's number; another one is refused, not guessed at.
- `settings`: every field of `Settings`, by name.
- `tick`, `next_snake_id`: as in `State`.
- `rng`: `random.Random.getstate()`: [version, [625 ints], gauss_next or null].
- `snakes`: in `State.snakes` order, each an object with every field of `Snake`; cells are
  [x, y], directions their values ("up", ...). `snake_of` is not stored: it maps each snake's
  player to its id, and the rules add and remove both together, so it is rebuilt in order.
- `waiting`: in order, each [player, name, told_no_room, failed_ticks].
- `food`: the board's food cells, in its order, as [x, y].
- `free`: the board's free list, in order, each cell as `x + y * width` (the bulk of a big
  board's state: a compact list of ints).

`load` checks everything and raises ValueError for data it cannot restore exactly, rather than
hand back a game that would crash or drift later.
"""

from __future__ import annotations

import random
from collections import deque
from dataclasses import asdict, fields
from typing import Any, TypeVar

import orjson

from kogame.games.snek.board import Board, Cell
from kogame.games.snek.state import Direction, Settings, Snake, State, Waiting

VERSION = 1

_TOP = ("version", "settings", "tick", "next_snake_id", "rng", "snakes", "waiting", "food", "free")
_SETTINGS = tuple(field.name for field in fields(Settings))
_SNAKE = tuple(field.name for field in fields(Snake))

T = TypeVar("T")


def save(state: State) -> bytes:
    """The whole state as bytes for `load`; reads the state without changing it."""
    board = state.board
    document = {
        "version": VERSION,
        "settings": asdict(state.settings),
        "tick": state.tick,
        "next_snake_id": state.next_snake_id,
        "rng": state.rng.getstate(),
        "snakes": [_snake_data(snake) for snake in state.snakes.values()],
        "waiting": [
            [player, waiting.name, waiting.told_no_room, waiting.failed_ticks]
            for player, waiting in state.waiting.items()
        ],
        "food": list(board.food),
        # Read, not `free_cells()`: that drops covered cells and so would change the future.
        "free": board.free_order(),
    }
    return orjson.dumps(document)


def load(data: bytes) -> State:
    """The state `save` wrote; ValueError when `data` is not one this version can restore."""
    try:
        document = orjson.loads(data)
    except orjson.JSONDecodeError as error:
        raise ValueError(f"saved Snek state is not JSON: {error}") from error
    version = document.get("version") if isinstance(document, dict) else None
    if type(version) is not int or version != VERSION:
        raise ValueError(f"saved Snek state has format version {version!r}, not {VERSION}")
    _, settings_data, tick, next_snake_id, rng_data, snakes_data, waiting_data, food, free = (
        _record(document, _TOP, "state")
    )
    settings = _settings(settings_data)
    next_snake_id = _typed(next_snake_id, int, "next_snake_id")
    snakes = _snakes(snakes_data, settings, next_snake_id)
    return State(
        settings=settings,
        rng=_rng(rng_data),
        board=_board(settings, snakes, food, free),
        tick=_typed(tick, int, "tick"),
        next_snake_id=next_snake_id,
        snakes=snakes,
        snake_of={snake.player: snake.id for snake in snakes.values()},
        waiting=_waiting(waiting_data),
    )


def _settings(value: object) -> Settings:
    """Every field, as saved: one left out would silently take its default."""
    values = _record(value, _SETTINGS, "settings")
    return Settings(
        **{name: _typed(item, int, name) for name, item in zip(_SETTINGS, values, strict=True)}
    )


def _snakes(value: object, settings: Settings, next_snake_id: int) -> dict[int, Snake]:
    """The snakes by id, in order; ids must stay below `next_snake_id` (a new snake would
    overwrite one otherwise) and a player can have one snake at most."""
    snakes: dict[int, Snake] = {}
    players: set[str] = set()
    for item in _typed(value, list, "snakes"):
        snake = _snake(item, settings)
        if snake.id in snakes or snake.id >= next_snake_id or snake.player in players:
            raise ValueError(f"snake {snake.id}: id or player taken, or not below next_snake_id")
        snakes[snake.id] = snake
        players.add(snake.player)
    return snakes


def _waiting(value: object) -> dict[str, Waiting]:
    waiting: dict[str, Waiting] = {}
    for item in _typed(value, list, "waiting"):
        player, name, told, failed = _fields(item, 4, "waiting")
        if _typed(player, str, "waiting player") in waiting:
            raise ValueError(f"{player!r} is waiting twice")
        waiting[player] = Waiting(
            _typed(name, str, "waiting name"),
            _typed(told, bool, "told_no_room"),
            _typed(failed, int, "failed_ticks"),
        )
    return waiting


def _snake_data(snake: Snake) -> dict[str, Any]:
    return {
        "id": snake.id,
        "player": snake.player,
        "name": snake.name,
        "colour": snake.colour,
        "body": list(snake.body),
        "direction": snake.direction.value,
        "alive": snake.alive,
        "score": snake.score,
        "pending_growth": snake.pending_growth,
        "queued_turns": [turn.value for turn in snake.queued_turns],
        "died_at": snake.died_at,
        "born": snake.born,
        "kills": snake.kills,
    }


def _snake(value: object, settings: Settings) -> Snake:
    """A snake as saved. Between ticks a live one has a body on the board of two cells at least
    (the rules read a neck) and no death tick; a dead one has a death tick and no body."""
    (snake_id, player, name, colour, body, heading, alive, score, growth, turns, died_at, born,
     kills) = _record(value, _SNAKE, "snake")  # fmt: skip
    snake = Snake(
        id=_typed(snake_id, int, "snake id"),
        player=_typed(player, str, "player"),
        name=_typed(name, str, "name"),
        colour=_typed(colour, str, "colour"),
        body=deque(_cell(cell, settings) for cell in _typed(body, list, "body")),
        direction=_direction(heading),
        alive=_typed(alive, bool, "alive"),
        score=_typed(score, int, "score"),
        pending_growth=_typed(growth, int, "pending_growth"),
        queued_turns=deque(_direction(turn) for turn in _typed(turns, list, "queued_turns")),
        died_at=None if died_at is None else _typed(died_at, int, "died_at"),
        born=_typed(born, int, "born"),
        kills=_typed(kills, int, "kills"),
    )
    if snake.alive and (len(snake.body) < 2 or snake.died_at is not None):
        raise ValueError(f"snake {snake.id} is alive without a body, or with a death tick")
    if not snake.alive and (snake.body or snake.died_at is None):
        raise ValueError(f"snake {snake.id} is dead with a body, or without a death tick")
    return snake


def _rng(value: object) -> random.Random:
    version, internal, gauss_next = _fields(value, 3, "rng")
    if gauss_next is not None:
        gauss_next = _typed(gauss_next, float, "rng gauss_next")
    rng = random.Random()
    try:
        rng.setstate((version, tuple(_ints(internal, "rng state")), gauss_next))
    except (TypeError, ValueError, OverflowError) as error:
        raise ValueError(f"saved random generator state is invalid: {error}") from error
    return rng


def _board(settings: Settings, snakes: dict[int, Snake], food: object, free: object) -> Board:
    """The board rebuilt from the snakes and food, with its free list put back as saved."""
    board = Board(settings.width, settings.height)
    for snake in snakes.values():
        for cell in snake.body:
            if board.segments_at(cell):
                raise ValueError(f"two snake segments on {cell}")
            board.occupy(cell)
    for item in _typed(food, list, "food"):
        cell = _cell(item, settings)
        if not board.is_free(cell):
            raise ValueError(f"food on {cell}, which is not free")
        board.add_food(cell)
    board.restore_free_order(_ints(free, "free"))
    return board


def _cell(value: object, settings: Settings) -> Cell:
    x, y = _ints(_fields(value, 2, "cell"), "cell")
    if not (0 <= x < settings.width and 0 <= y < settings.height):
        raise ValueError(f"cell {value!r} is not on the board")
    return (x, y)


def _direction(value: object) -> Direction:
    return Direction(_typed(value, str, "direction"))


def _record(value: object, keys: tuple[str, ...], what: str) -> list[Any]:
    """The values of an object that must have exactly `keys`, in that order: a field missing
    or unknown means data from another format, which would not restore exactly."""
    if not isinstance(value, dict) or value.keys() != set(keys):
        raise ValueError(f"{what}: expected an object with the fields {', '.join(keys)}")
    return [value[key] for key in keys]


def _fields(value: object, count: int, what: str) -> list[Any]:
    """The items of an array that must hold `count` of them."""
    if not isinstance(value, list) or len(value) != count:
        raise ValueError(f"{what}: expected an array of {count} items")
    return value


def _ints(value: object, what: str) -> list[int]:
    items: list[int] = _typed(value, list, what)
    for item in items:  # inline, not `_typed`: a big board's free list holds 65k
        if type(item) is not int:
            raise ValueError(f"{what}: expected int, got {type(item).__name__}")
    return items


def _typed(value: object, kind: type[T], what: str) -> T:
    """`value` if it is exactly a `kind`: a bool is not taken for an int, nor an int for a float
    (what is loaded must be what was saved)."""
    if not isinstance(value, kind) or type(value) is not kind:
        raise ValueError(f"{what}: expected {kind.__name__}, got {type(value).__name__}")
    return value
