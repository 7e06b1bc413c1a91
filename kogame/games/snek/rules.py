"""Snek's rules: a tick is an ordered list of named, pure stages.

`step(state, inputs)` runs the stages in order and returns the state with the tick's events.
Nothing here touches I/O, a clock, asyncio or the global random module: the only randomness is
`state.rng`, seeded by `new_game`, so the same seed and inputs replay to the same game.
For speed `step` advances the state it is given in place (copying the board index every tick
would make a tick cost grow with the board's area); `snapshot` gives a plain-data copy.
"""

from __future__ import annotations

import random
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from itertools import islice

from kogame.games.snek.board import Board, Cell
from kogame.games.snek.events import (
    Ate,
    Cause,
    Died,
    Event,
    FoodAdded,
    Moved,
    NoRoom,
    Refusal,
    Refused,
    Removed,
    Spawned,
)
from kogame.games.snek.state import (
    Direction,
    Input,
    Join,
    Leave,
    Respawn,
    Settings,
    Snake,
    State,
    Turn,
    Waiting,
)

PALETTE = (
    "#f4a261",
    "#2a9d8f",
    "#e76f51",
    "#8ecae6",
    "#e9c46a",
    "#b5179e",
    "#80ed99",
    "#ff8fab",
    "#4cc9f0",
    "#c77dff",
    "#ffd166",
    "#06d6a0",
)

# Above this many free cells a spawn tries random heads; at or below it, it tries them all.
SPAWN_SCAN_LIMIT = 256
SPAWN_RANDOM_TRIES = 32
# On a roomy board random tries can miss scattered room, so "no room" waits for a few ticks.
NO_ROOM_AFTER = 5
# Cells ahead of a new snake's head that must be free of snakes, so it is not born dying.
SPAWN_CLEAR_AHEAD = 2

Stage = Callable[[State, Sequence[Input], list[Event]], None]


def new_game(settings: Settings, seed: int) -> State:
    return State(
        settings=settings,
        rng=random.Random(seed),
        board=Board(settings.width, settings.height),
    )


def apply_inputs(state: State, inputs: Sequence[Input], events: list[Event]) -> None:
    """Joins, leaves and respawn requests take effect; turns join each snake's short queue."""
    for item in inputs:
        match item:
            case Join(player, name):
                if player in state.snake_of:
                    _request_respawn(state, player, events, name, quiet=True)
                elif player not in state.waiting:
                    state.waiting[player] = Waiting(name)
            case Leave(player):
                state.waiting.pop(player, None)
                snake = state.snake_for(player)
                if snake is not None:
                    _remove_snake(state, snake, events)
            case Respawn(player):
                _request_respawn(state, player, events)
            case Turn(player, direction):
                _queue_turn(state, player, direction, events)


def apply_turns(state: State, inputs: Sequence[Input], events: list[Event]) -> None:
    """Each live snake takes the next of its queued turns, one per tick."""
    for snake in state.alive():
        if snake.queued_turns:
            snake.direction = snake.queued_turns.popleft()


def move(state: State, inputs: Sequence[Input], events: list[Event]) -> None:
    """Every live snake steps forward at once; a snake still growing keeps its tail."""
    board = state.board
    for snake in state.alive():
        body = snake.body
        head = snake.direction.ahead(body[0])
        body.appendleft(head)
        board.occupy(head)
        if snake.pending_growth:
            snake.pending_growth -= 1
            trimmed = 0
        else:
            board.vacate(body.pop())
            trimmed = 1
        events.append(Moved(snake.id, head, trimmed))


def eat(state: State, inputs: Sequence[Input], events: list[Event]) -> None:
    """A head on food eats it (two heads on one piece both eat) and will grow."""
    board = state.board
    eaten: set[Cell] = set()
    for snake in state.alive():
        if snake.head in board.food:
            snake.score += 1
            snake.pending_growth += state.settings.growth
            eaten.add(snake.head)
            events.append(Ate(snake.id, snake.head, snake.score))
    for cell in sorted(eaten):
        board.remove_food(cell)


def collide(state: State, inputs: Sequence[Input], events: list[Event]) -> None:
    """Decide every death from the positions after all snakes moved, never in list order."""
    board = state.board
    alive = state.alive()
    heads: dict[Cell, list[Snake]] = {}
    for snake in alive:
        heads.setdefault(snake.body[0], []).append(snake)
    # A head alone on its in-bounds cell survives: no body is there, no other head, and no
    # swap either (a swap puts the other snake's neck under this head). Most snakes stop here.
    suspects = [snake for snake in alive if not board.alone_at(snake.body[0])]
    deaths = [(snake, cause) for snake in suspects if (cause := _death_cause(state, snake, heads))]
    for snake, cause in deaths:
        snake.alive = False
        snake.died_at = state.tick
        events.append(Died(snake.id, snake.player, cause, snake.score))


def remove_dead(state: State, inputs: Sequence[Input], events: list[Event]) -> None:
    """Snakes that died this tick leave the board (they stay listed, without a body)."""
    board = state.board
    for snake in state.snakes.values():
        if not snake.alive and snake.body:
            for cell in snake.body:
                board.vacate(cell)
            snake.body.clear()
            snake.queued_turns.clear()
            snake.pending_growth = 0


def spawn_food(state: State, inputs: Sequence[Input], events: list[Event]) -> None:
    """Keep about one piece of food per live snake, and always at least one."""
    board = state.board
    wanted = max(1, len(state.alive()))
    while len(board.food) < wanted:
        cell = board.random_free(state.rng)
        if cell is None:
            return
        board.add_food(cell)
        events.append(FoodAdded(cell))


def spawn_players(state: State, inputs: Sequence[Input], events: list[Event]) -> None:
    """Place waiting players on free room; those who do not fit wait and are told once.

    Cells ahead of snakes placed this tick are kept clear for them, so two newcomers are
    never put in each other's path.
    """
    ahead_of_newcomers: set[Cell] = set()
    for player, waiting in list(state.waiting.items()):
        placement = _find_spawn(state, ahead_of_newcomers)
        if placement is None:
            waiting.failed_ticks += 1
            sure = state.board.free_count <= SPAWN_SCAN_LIMIT
            if not waiting.told_no_room and (sure or waiting.failed_ticks >= NO_ROOM_AFTER):
                waiting.told_no_room = True
                events.append(NoRoom(player))
            continue
        body, heading = placement
        ahead_of_newcomers.update(_cells_ahead(body[0], heading))
        del state.waiting[player]
        old = state.snake_for(player)
        if old is not None:
            _remove_snake(state, old, events)
        _add_snake(state, player, waiting.name, body, heading)
        events.append(Spawned(state.snake_of[player], player))


STAGES: tuple[Stage, ...] = (
    apply_inputs,
    apply_turns,
    move,
    eat,
    collide,
    remove_dead,
    spawn_food,
    spawn_players,
)


def step(state: State, inputs: Sequence[Input]) -> tuple[State, list[Event]]:
    """Advance the game by one tick."""
    state.tick += 1
    events: list[Event] = []
    for stage in STAGES:
        stage(state, inputs, events)
    return state, events


def _queue_turn(state: State, player: str, direction: Direction, events: list[Event]) -> None:
    snake = state.snake_for(player)
    if snake is None:
        if player not in state.waiting:
            events.append(Refused(player, Refusal.NOT_PLAYING))
        return
    if not snake.alive or len(snake.queued_turns) >= state.settings.max_queued_turns:
        return
    last = snake.queued_turns[-1] if snake.queued_turns else snake.direction
    if direction not in (last, last.opposite):
        snake.queued_turns.append(direction)


def _request_respawn(
    state: State, player: str, events: list[Event], name: str | None = None, quiet: bool = False
) -> None:
    """Queue a dead player's next life once the delay has passed.

    `quiet` is for a `join` from someone already playing (a reconnect): nothing to refuse.
    """
    snake = state.snake_for(player)
    if snake is None and player not in state.waiting:
        events.append(Refused(player, Refusal.NOT_PLAYING))
    elif snake is None or snake.alive or player in state.waiting:
        if not quiet:
            events.append(Refused(player, Refusal.NOT_DEAD))
    else:
        assert snake.died_at is not None
        ticks_left = snake.died_at + state.settings.respawn_delay_ticks - state.tick
        if ticks_left > 0:
            events.append(Refused(player, Refusal.TOO_SOON, ticks_left))
        else:
            state.waiting[player] = Waiting(name or snake.name)


def _remove_snake(state: State, snake: Snake, events: list[Event]) -> None:
    for cell in snake.body:
        state.board.vacate(cell)
    del state.snakes[snake.id]
    del state.snake_of[snake.player]
    events.append(Removed(snake.id))


def _add_snake(state: State, player: str, name: str, body: list[Cell], heading: Direction) -> None:
    snake_id = state.next_snake_id
    state.next_snake_id += 1
    for cell in body:
        state.board.occupy(cell)
    state.snakes[snake_id] = Snake(
        id=snake_id,
        player=player,
        name=name,
        colour=PALETTE[(snake_id - 1) % len(PALETTE)],
        body=deque(body),
        direction=heading,
    )
    state.snake_of[player] = snake_id


def _death_cause(state: State, snake: Snake, heads: dict[Cell, list[Snake]]) -> Cause | None:
    board = state.board
    head = snake.head
    if not board.in_bounds(head):
        return Cause.WALL
    heads_here = heads[head]
    swapped = [other for other in heads.get(snake.body[1], ()) if other.body[1] == head]
    # Segments under the head other than heads; a swap partner's neck is part of a head-on.
    if board.segments_at(head) - len(heads_here) - len(swapped) > 0:
        return Cause.SELF if head in islice(snake.body, 1, None) else Cause.SNAKE
    rivals = heads_here + swapped
    if len(rivals) > 1:
        longest = max(len(other.body) for other in rivals)
        winners = [other for other in rivals if len(other.body) == longest]
        if len(snake.body) < longest or len(winners) > 1:
            return Cause.HEAD
    return None


def _find_spawn(state: State, reserved: set[Cell]) -> tuple[list[Cell], Direction] | None:
    """A free straight body heading away from the nearest wall, with clear cells ahead."""
    board = state.board
    for head in _spawn_candidates(state):
        heading = _away_from_nearest_wall(board, head)
        body = [heading.opposite.ahead(head, i) for i in range(state.settings.start_length)]
        ahead = _cells_ahead(head, heading)
        if all(board.is_free(cell) and cell not in reserved for cell in body) and all(
            board.in_bounds(cell) and not board.segments_at(cell) for cell in ahead
        ):
            return body, heading
    return None


def _cells_ahead(head: Cell, heading: Direction) -> list[Cell]:
    return [heading.ahead(head, i) for i in range(1, SPAWN_CLEAR_AHEAD + 1)]


def _spawn_candidates(state: State) -> Iterator[Cell]:
    board = state.board
    if board.free_count <= SPAWN_SCAN_LIMIT:
        yield from board.free_cells()
        return
    for _ in range(SPAWN_RANDOM_TRIES):
        cell = board.random_free(state.rng)
        if cell is not None:
            yield cell


def _away_from_nearest_wall(board: Board, cell: Cell) -> Direction:
    x, y = cell
    distances = (
        (x, Direction.RIGHT),
        (board.width - 1 - x, Direction.LEFT),
        (y, Direction.DOWN),
        (board.height - 1 - y, Direction.UP),
    )
    return min(distances, key=lambda pair: pair[0])[1]
