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

- `version`: this format's number; another one is refused, not guessed at
  (versions 1 and 2 are read, see below).
- `settings`: every field of `Settings`, by name.
- `tick`, `next_snake_id`: as in `State`.
- `rng`: `random.Random.getstate()`: [version, [625 ints], gauss_next or null].
- `snakes`: in `State.snakes` order, each an object with every field of `Snake`; cells are
  [x, y], directions their values ("up", ...), `held_until` a tick or null. `snake_of` is not
  stored: it maps each snake's player to its id, and the rules add and remove both together,
  so it is rebuilt in order.
- `waiting`: in order, each [player, name, told_no_room, failed_ticks, colour] (the colour
  the player chose as "#rrggbb", or null).
- `food`: the board's food cells, in its order, as [x, y].
- `free`: the board's free list, in order, each cell as `x + y * width` (the bulk of a big
  board's state: a compact list of ints).

`load` checks everything and raises ValueError for data it cannot restore exactly, rather than
hand back a game that would crash or drift later.

Version 1 (before new snakes were held at their spawn) had no `hold_ticks` or
`spawn_clear_ahead` setting and no snake `held_until`. It is still read, exactly: a game saved
then had no holds and spawned with the two clear cells that are now the setting's least value,
so `load` fills in 0, 2 and null and the game goes on as it would have.

Version 2 (before players chose colours) had four items per waiting player, without the
colour. It is read with null for it: nobody had chosen one.
"""

from __future__ import annotations

from collections import deque
from dataclasses import asdict, fields
from typing import Any

import orjson

from kogame.engine import saved
from kogame.engine.colours import is_hex_colour
from kogame.games.snek.board import Board, Cell
from kogame.games.snek.state import Direction, Settings, Snake, State, Waiting

VERSION = 3
# What version 1 lacked, and the values that make a version 1 game go on exactly as it would.
_V1_SETTINGS = {"hold_ticks": 0, "spawn_clear_ahead": 2}
_V1_SNAKE = {"held_until": None}

_TOP = ("version", "settings", "tick", "next_snake_id", "rng", "snakes", "waiting", "food", "free")
_SETTINGS = tuple(field.name for field in fields(Settings))
_SNAKE = tuple(field.name for field in fields(Snake))


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
            [player, waiting.name, waiting.told_no_room, waiting.failed_ticks, waiting.colour]
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
    if type(version) is not int or version not in (1, 2, VERSION):
        raise ValueError(f"saved Snek state has format version {version!r}, not {VERSION}")
    if version == 1:
        document = _from_v1(document)
    if version in (1, 2):
        document = _from_v2(document)
    _, settings_data, tick, next_snake_id, rng_data, snakes_data, waiting_data, food, free = (
        saved.record(document, _TOP, "state")
    )
    settings = _settings(settings_data)
    next_snake_id = saved.typed(next_snake_id, int, "next_snake_id")
    snakes = _snakes(snakes_data, settings, next_snake_id)
    return State(
        settings=settings,
        rng=saved.generator(rng_data),
        board=_board(settings, snakes, food, free),
        tick=saved.typed(tick, int, "tick"),
        next_snake_id=next_snake_id,
        snakes=snakes,
        snake_of={snake.player: snake.id for snake in snakes.values()},
        waiting=_waiting(waiting_data),
    )


def _from_v1(document: dict[str, Any]) -> dict[str, Any]:
    """A version 1 document with version 2's fields added (a field it should not have, or a
    part of the wrong type, is left for the strict readers to refuse)."""
    upgraded = dict(document)
    settings = document.get("settings")
    if isinstance(settings, dict) and not _V1_SETTINGS.keys() & settings.keys():
        upgraded["settings"] = settings | _V1_SETTINGS
    if isinstance(snakes := document.get("snakes"), list):
        upgraded["snakes"] = [
            snake | _V1_SNAKE if isinstance(snake, dict) and "held_until" not in snake else snake
            for snake in snakes
        ]
    return upgraded


def _from_v2(document: dict[str, Any]) -> dict[str, Any]:
    """A version 2 document with a null colour for each waiting player (anything else is left
    for the strict readers to refuse)."""
    waiting = document.get("waiting")
    if not isinstance(waiting, list):
        return document
    return document | {
        "waiting": [
            [*item, None] if isinstance(item, list) and len(item) == 4 else item for item in waiting
        ]
    }


def _settings(value: object) -> Settings:
    """Every field, as saved: one left out would silently take its default."""
    values = saved.record(value, _SETTINGS, "settings")
    return Settings(
        **{name: saved.typed(item, int, name) for name, item in zip(_SETTINGS, values, strict=True)}
    )


def _snakes(value: object, settings: Settings, next_snake_id: int) -> dict[int, Snake]:
    """The snakes by id, in order; ids must stay below `next_snake_id` (a new snake would
    overwrite one otherwise) and a player can have one snake at most."""
    snakes: dict[int, Snake] = {}
    players: set[str] = set()
    for item in saved.typed(value, list, "snakes"):
        snake = _snake(item, settings)
        if snake.id in snakes or snake.id >= next_snake_id or snake.player in players:
            raise ValueError(f"snake {snake.id}: id or player taken, or not below next_snake_id")
        snakes[snake.id] = snake
        players.add(snake.player)
    return snakes


def _waiting(value: object) -> dict[str, Waiting]:
    waiting: dict[str, Waiting] = {}
    for item in saved.typed(value, list, "waiting"):
        player, name, told, failed, colour = saved.items(item, 5, "waiting")
        if saved.typed(player, str, "waiting player") in waiting:
            raise ValueError(f"{player!r} is waiting twice")
        waiting[player] = Waiting(
            saved.typed(name, str, "waiting name"),
            saved.typed(told, bool, "told_no_room"),
            saved.typed(failed, int, "failed_ticks"),
            None if colour is None else _colour(colour, "waiting colour"),
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
        "held_until": snake.held_until,
    }


def _snake(value: object, settings: Settings) -> Snake:
    """A snake as saved. Between ticks a live one has a body on the board of two cells at least
    (the rules read a neck) and no death tick; a dead one has a death tick and no body."""
    (snake_id, player, name, colour, body, heading, alive, score, growth, turns, died_at, born,
     kills, held_until) = saved.record(value, _SNAKE, "snake")  # fmt: skip
    snake = Snake(
        id=saved.typed(snake_id, int, "snake id"),
        player=saved.typed(player, str, "player"),
        name=saved.typed(name, str, "name"),
        colour=_colour(colour, "colour"),
        body=deque(_cell(cell, settings) for cell in saved.typed(body, list, "body")),
        direction=_direction(heading),
        alive=saved.typed(alive, bool, "alive"),
        score=saved.typed(score, int, "score"),
        pending_growth=saved.typed(growth, int, "pending_growth"),
        queued_turns=deque(_direction(turn) for turn in saved.typed(turns, list, "queued_turns")),
        died_at=None if died_at is None else saved.typed(died_at, int, "died_at"),
        born=saved.typed(born, int, "born"),
        kills=saved.typed(kills, int, "kills"),
        held_until=None if held_until is None else saved.typed(held_until, int, "held_until"),
    )
    if snake.alive and (len(snake.body) < 2 or snake.died_at is not None):
        raise ValueError(f"snake {snake.id} is alive without a body, or with a death tick")
    if not snake.alive and snake.held_until is not None:
        raise ValueError(f"snake {snake.id} is dead and held")
    if not snake.alive and (snake.body or snake.died_at is None):
        raise ValueError(f"snake {snake.id} is dead with a body, or without a death tick")
    return snake


def _board(settings: Settings, snakes: dict[int, Snake], food: object, free: object) -> Board:
    """The board rebuilt from the snakes and food, with its free list put back as saved."""
    board = Board(settings.width, settings.height)
    for snake in snakes.values():
        for cell in snake.body:
            if board.segments_at(cell):
                raise ValueError(f"two snake segments on {cell}")
            board.occupy(cell)
    for item in saved.typed(food, list, "food"):
        cell = _cell(item, settings)
        if not board.is_free(cell):
            raise ValueError(f"food on {cell}, which is not free")
        board.add_food(cell)
    board.restore_free_order(saved.ints(free, "free"))
    return board


def _cell(value: object, settings: Settings) -> Cell:
    x, y = saved.ints(saved.items(value, 2, "cell"), "cell")
    if not (0 <= x < settings.width and 0 <= y < settings.height):
        raise ValueError(f"cell {value!r} is not on the board")
    return (x, y)


def _colour(value: object, what: str) -> str:
    if not is_hex_colour(value):
        raise ValueError(f"{what} {value!r} is not a #rrggbb colour")
    return value


def _direction(value: object) -> Direction:
    return Direction(saved.typed(value, str, "direction"))
