"""Snek states drawn as ASCII pictures, so rule cases read like the game.

A picture is rows of cells separated by spaces; `x` grows rightwards and `y` downwards:

    . . . . .
    . A a a .
    . . * . .

- `.` is an empty cell and `*` a piece of food.
- An uppercase letter is a snake's head and the same letter in lowercase its body. The body is
  the one path that starts at the head and steps through every cell of that letter, cell to
  adjacent cell. When a snake touches itself there can be more than one such path: then give
  the snake's direction in `directions` (its neck is the cell behind the head), or as a last
  resort its cells, head first, in `bodies`.
- Snake `a` belongs to player "a" (named "A"); ids follow the letters' alphabetical order from 1.
  A snake's direction is the way its head last moved, from its neck, unless given. Letters in
  `bots` are AI players instead: player "bot:<id>", named "Bot <LETTER>".

The picture is the top-left corner of the board: a board is at least 10x10 (the rules'
minimum), and cells beyond the picture are empty. `render` draws the same window back and
refuses to leave out a snake or food that lies outside it.
"""

from __future__ import annotations

import textwrap
from collections import deque
from collections.abc import Collection, Iterable, Mapping, Sequence

from kogame.games.snek import palette, rules
from kogame.games.snek.board import Cell
from kogame.games.snek.events import Event, FoodAdded
from kogame.games.snek.state import BOT_PREFIX, MIN_BOARD, Direction, Settings, Snake, State

EMPTY = "."
FOOD = "*"


def rows(picture: str) -> list[list[str]]:
    """The picture's cells, row by row, checked to be a rectangle of known symbols."""
    lines = [line.split() for line in textwrap.dedent(picture).splitlines() if line.strip()]
    if not lines or any(len(line) != len(lines[0]) for line in lines):
        raise ValueError("a picture is a rectangle of cells")
    for line in lines:
        for symbol in line:
            if symbol not in (EMPTY, FOOD) and not (len(symbol) == 1 and symbol.isalpha()):
                raise ValueError(f"unknown cell {symbol!r}")
    return lines


def window(picture: str) -> tuple[int, int]:
    """The picture's width and height, in cells."""
    cells = rows(picture)
    return len(cells[0]), len(cells)


def parse(
    picture: str,
    *,
    width: int | None = None,
    height: int | None = None,
    seed: int = 0,
    directions: Mapping[str, Direction] | None = None,
    bodies: Mapping[str, Sequence[Cell]] | None = None,
    pending: Mapping[str, int] | None = None,
    scores: Mapping[str, int] | None = None,
    settings: Mapping[str, int] | None = None,
    bots: Collection[str] = (),
    held: Mapping[str, int] | None = None,
) -> State:
    """A fresh game (`rules.new_game`) holding the snakes and food of `picture`.

    `pending` gives a snake's pending growth (it ate recently), `scores` its score and
    `settings` any other `Settings` fields (e.g. `growth`, `respawn_delay_ticks`), and `held`
    the tick a held snake's hold ends (it stands still until then, or until its player turns).
    """
    cells = rows(picture)
    width = width or max(MIN_BOARD, len(cells[0]))
    height = height or max(MIN_BOARD, len(cells))
    state = rules.new_game(Settings(width=width, height=height, **(settings or {})), seed)
    heads: dict[str, Cell] = {}
    segments: dict[str, set[Cell]] = {}
    for y, line in enumerate(cells):
        for x, symbol in enumerate(line):
            if symbol == FOOD:
                state.board.add_food((x, y))
            elif symbol.isupper():
                if symbol.lower() in heads:
                    raise ValueError(f"snake {symbol} has two heads")
                heads[symbol.lower()] = (x, y)
            elif symbol != EMPTY:
                segments.setdefault(symbol, set()).add((x, y))
    if set(segments) - set(heads):
        raise ValueError(f"snakes without a head: {sorted(set(segments) - set(heads))}")
    for snake_id, letter in enumerate(sorted(heads), start=1):
        given = (bodies or {}).get(letter)
        direction = (directions or {}).get(letter)
        body = (
            list(given) if given else _body(heads[letter], segments.get(letter, set()), direction)
        )
        if len(body) < 2:
            raise ValueError(f"snake {letter} needs a body behind its head")
        neck_dx, neck_dy = body[0][0] - body[1][0], body[0][1] - body[1][1]
        player, name = (
            (f"{BOT_PREFIX}{snake_id}", f"Bot {letter.upper()}")
            if letter in bots
            else (letter, letter.upper())
        )
        snake = Snake(
            id=snake_id,
            player=player,
            name=name,
            colour=palette.PALETTE[(snake_id - 1) % len(palette.PALETTE)],
            body=deque(body),
            direction=direction or _direction_of((neck_dx, neck_dy)),
            score=(scores or {}).get(letter, 0),
            pending_growth=(pending or {}).get(letter, 0),
            held_until=(held or {}).get(letter),
        )
        for cell in body:
            state.board.occupy(cell)
        state.snakes[snake_id] = snake
        state.snake_of[player] = snake_id
        state.next_snake_id = snake_id + 1
    return state


def render(state: State, size: tuple[int, int] | None = None, hide: Collection[Cell] = ()) -> str:
    """The picture of `state`'s live snakes and food (less the `hide` cells) in a window.

    The window is the whole board unless `size` (width, height) is given; anything that would
    fall outside it, or two things drawn on one cell, is an error rather than left out.
    """
    width, height = size or (state.settings.width, state.settings.height)
    grid = [[EMPTY] * width for _ in range(height)]

    def draw(cell: Cell, symbol: str) -> None:
        x, y = cell
        if not (0 <= x < width and 0 <= y < height):
            raise AssertionError(f"{symbol!r} at {cell} is outside the {width}x{height} window")
        if grid[y][x] != EMPTY:
            raise AssertionError(f"{symbol!r} and {grid[y][x]!r} are both drawn at {cell}")
        grid[y][x] = symbol

    for cell in state.board.food:
        if cell not in hide:
            draw(cell, FOOD)
    for snake in state.alive():
        letter = letter_of(snake)
        for index, cell in enumerate(snake.body):
            draw(cell, letter.upper() if index == 0 else letter)
    return "\n".join(" ".join(line) for line in grid)


def tidy(picture: str) -> str:
    """`picture` in `render`'s exact layout, for comparing."""
    return "\n".join(" ".join(line) for line in rows(picture))


def letter_of(snake: Snake) -> str:
    """The letter a snake is drawn with: its player's, for players named by one letter."""
    if len(snake.player) == 1 and snake.player.isalpha():
        return snake.player.lower()
    return chr(ord("a") + (snake.id - 1) % 26)


def food_added(events: Iterable[Event]) -> set[Cell]:
    """The cells where `events` put new food (random, so cases usually hide them)."""
    return {event.cell for event in events if isinstance(event, FoodAdded)}


def _direction_of(offset: Cell) -> Direction:
    for direction in Direction:
        if direction.offset == offset:
            return direction
    raise ValueError(f"a neck must be next to its head, not {offset} away")


def _body(head: Cell, rest: set[Cell], direction: Direction | None) -> list[Cell]:
    """The only path from `head` through every cell of `rest` (neck fixed by `direction`)."""
    found: list[list[Cell]] = []

    def walk(path: list[Cell], left: set[Cell]) -> None:
        if len(found) > 1:
            return
        if not left:
            found.append(list(path))
            return
        x, y = path[-1]
        steps = [(x + dx, y + dy) for dx, dy in ((0, -1), (1, 0), (0, 1), (-1, 0))]
        if len(path) == 1 and direction is not None:
            steps = [direction.opposite.ahead(head)]
        for cell in steps:
            if cell in left:
                path.append(cell)
                walk(path, left - {cell})
                path.pop()

    walk([head], set(rest))
    if len(found) != 1:
        problem = "no path" if not found else "more than one path"
        raise ValueError(f"{problem} from head {head} through its body: give its direction")
    return found[0]
