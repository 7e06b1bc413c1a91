"""Snek's rules: a tick is an ordered list of named, pure stages.

`step(state, inputs)` runs the stages in order and returns the state with the tick's events.
Nothing here touches I/O, a clock, asyncio or the global random module: the only randomness is
`state.rng`, seeded by `new_game`, so the same seed and inputs replay to the same game.
For speed `step` advances the state it is given in place (copying the board index every tick
would make a tick cost grow with the board's area); `snapshot` gives a plain-data copy.
"""

from __future__ import annotations

import random
import zlib
from collections import Counter, deque
from collections.abc import Callable, Iterator, Sequence
from itertools import islice

from kogame.engine.results import Life
from kogame.games.snek import palette
from kogame.games.snek.board import Board, Cell
from kogame.games.snek.events import (
    Ate,
    Cause,
    Died,
    Event,
    FoodAdded,
    NoRoom,
    Refusal,
    Refused,
    Released,
    Removed,
    Spawned,
    new_moved,
)
from kogame.games.snek.results import KILLS, LENGTH
from kogame.games.snek.state import (
    OFFSETS,
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
    is_bot,
)

# Above this many free cells a spawn tries random heads; at or below it, it tries them all.
SPAWN_SCAN_LIMIT = 256
SPAWN_RANDOM_TRIES = 32
# On a roomy board random tries can miss scattered room, so "no room" waits for a few ticks.
NO_ROOM_AFTER = 5
# Cells ahead of a new snake's head that must be free of snakes, so it is not born dying: the
# least a spawn accepts. It looks for `Settings.spawn_clear_ahead` cells first (see _find_spawn).
SPAWN_CLEAR_AHEAD = 2

# Cells of board per piece of food beyond one a live snake (see food_wanted).
FOOD_AREA = 256

Stage = Callable[[State, Sequence[Input], list[Event]], None]


def new_game(settings: Settings, seed: int) -> State:
    return State(
        settings=settings,
        rng=random.Random(seed),
        board=Board(settings.width, settings.height),
    )


def players(state: State) -> int:
    """People holding a place: with a snake listed (alive or between lives) or waiting for one.

    Bots are not counted: they make way for people and never fill a room.
    """
    listed = sum(1 for player in state.snake_of if not is_bot(player))
    waiting = sum(
        1 for player in state.waiting if player not in state.snake_of and not is_bot(player)
    )
    return listed + waiting


def apply_inputs(state: State, inputs: Sequence[Input], events: list[Event]) -> None:
    """Joins, leaves and respawn requests take effect; turns join each snake's short queue.

    A newcomer who would make more than `max_players` people is refused; someone who already
    holds a place (a reconnect) never is, and bots are not counted.
    """
    for item in inputs:
        match item:
            case Turn(player, direction):
                _queue_turn(state, player, direction, events)
            case Join(player, name, colour):
                if player in state.snake_of:
                    _request_respawn(state, player, events, name, colour, quiet=True)
                elif player not in state.waiting:
                    _admit(state, player, name, colour, events)
            case Leave(player):
                state.waiting.pop(player, None)
                snake = state.snake_for(player)
                if snake is not None:
                    _remove_snake(state, snake, events, left=True)
            case Respawn(player):
                _request_respawn(state, player, events)


def apply_turns(state: State, inputs: Sequence[Input], events: list[Event]) -> None:
    """Each live snake takes the next of its queued turns, one per tick."""
    for snake in state.snakes.values():
        if snake.queued_turns and snake.alive:
            snake.direction = snake.queued_turns.popleft()


def release_held(state: State, inputs: Sequence[Input], events: list[Event]) -> None:
    """A held snake whose hold ends this tick starts to move, this very tick.

    (A turn from its player released it already, in `apply_inputs`.)"""
    tick = state.tick
    for snake in state.snakes.values():
        if snake.held_until is not None and snake.held_until <= tick:
            _release(snake, events)


def move(state: State, inputs: Sequence[Input], events: list[Event]) -> None:
    """Every live snake steps forward at once, but for held ones; a snake still growing keeps
    its tail."""
    board = state.board
    advance = board.advance
    add = events.append
    for snake in state.snakes.values():
        if not snake.alive or snake.held_until is not None:
            continue
        body = snake.body
        x, y = body[0]
        dx, dy = OFFSETS[snake.direction._value_]
        head = (x + dx, y + dy)
        body.appendleft(head)
        if snake.pending_growth:
            snake.pending_growth -= 1
            board.occupy(head)
            add(new_moved((snake.id, head, 0)))
        else:
            advance(head, body.pop())
            add(new_moved((snake.id, head, 1)))


def eat(state: State, inputs: Sequence[Input], events: list[Event]) -> None:
    """A head on food eats it (two heads on one piece both eat) and will grow."""
    board = state.board
    food = board.food
    eaten: set[Cell] = set()
    for snake in state.snakes.values():
        if not snake.alive:
            continue
        head = snake.body[0]
        if head in food:
            snake.score += 1
            snake.pending_growth += state.settings.growth
            eaten.add(head)
            events.append(Ate(snake.id, head, snake.score))
    for cell in sorted(eaten):
        board.remove_food(cell)


def collide(state: State, inputs: Sequence[Input], events: list[Event]) -> None:
    """Decide every death from the positions after all snakes moved, never in list order.

    A held snake did not move, so it cannot die: it is an obstacle like any body, its head
    included. A snake that runs into it dies ("snake") and the held snake gets the kill."""
    alive = state.alive()
    # A head alone on its in-bounds cell survives: no body is there, no other head, and no
    # swap either (a swap puts the other snake's neck under this head). Most snakes stop here,
    # and most ticks have no one else to look at.
    board = state.board
    segments, width, height = board.occupancy, board.width, board.height
    suspects: list[Snake] = []
    for snake in alive:
        x, y = head = snake.body[0]
        if (
            segments[head] != 1 or not (0 <= x < width and 0 <= y < height)
        ) and snake.held_until is None:
            suspects.append(snake)
    if not suspects:
        return
    # Only heads on a suspect's head or neck matter: those it shares a cell or swaps with.
    near = {cell for snake in suspects for cell in (snake.body[0], snake.body[1])}
    heads: dict[Cell, list[Snake]] = {}
    for snake in alive:
        if snake.body[0] in near and snake.held_until is None:
            heads.setdefault(snake.body[0], []).append(snake)
    deaths = [(snake, cause) for snake in suspects if (cause := _death_cause(state, snake, heads))]
    killers = [_killer(alive, snake, cause, heads) for snake, cause in deaths]
    for killer in killers:
        if killer is not None:
            killer.kills += 1
    for (snake, cause), killer in zip(deaths, killers, strict=True):
        snake.alive = False
        snake.died_at = state.tick
        by = None if killer is None else killer.id
        events.append(Died(snake.id, snake.player, cause, snake.score, by))
        events.append(_life_over(state, snake, cause.value))


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


def food_wanted(width: int, height: int, alive: int) -> int:
    """One piece per live snake (at least one) and one more per 256 cells of board: a big
    board is not a desert, and a crowded one still feeds everyone."""
    return max(1, alive) + width * height // FOOD_AREA


def spawn_food(state: State, inputs: Sequence[Input], events: list[Event]) -> None:
    """Keep the board stocked: `food_wanted` pieces, never on a snake."""
    board = state.board
    wanted = food_wanted(board.width, board.height, len(state.alive()))
    while len(board.food) < wanted:
        cell = board.random_free(state.rng)
        if cell is None:
            return
        board.add_food(cell)
        events.append(FoodAdded(cell))


def spawn_players(state: State, inputs: Sequence[Input], events: list[Event]) -> None:
    """Place waiting players on free room; those who do not fit wait and are told once.

    Cells ahead of snakes placed this tick (their whole clear run) are kept clear for them, so
    two newcomers are never put in each other's path.
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
        body, heading, run = placement
        ahead_of_newcomers.update(_cells_ahead(body[0], heading, run))
        del state.waiting[player]
        old = state.snake_for(player)
        colour = pick_colour(state, player, waiting.colour)
        if old is not None:
            _remove_snake(state, old, events, left=False)
        _add_snake(state, player, waiting.name, colour, body, heading)
        events.append(Spawned(state.snake_of[player], player))


STAGES: tuple[Stage, ...] = (
    apply_inputs,
    apply_turns,
    release_held,
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
    if not snake.alive:
        return
    if snake.held_until is not None:
        # Any key starts a held snake, even one that would not turn it (straight on, or back).
        _release(snake, events)
    if len(snake.queued_turns) >= state.settings.max_queued_turns:
        return
    last = snake.queued_turns[-1] if snake.queued_turns else snake.direction
    if direction not in (last, last.opposite):
        snake.queued_turns.append(direction)


def _release(snake: Snake, events: list[Event]) -> None:
    snake.held_until = None
    events.append(Released(snake.id))


def pick_colour(state: State, player: str, choice: str | None) -> str:
    """The colour of `player`'s next snake, one of the palette's.

    Their choice (snapped to the palette) when no other snake listed in the room has it;
    otherwise the colour of their last life, so a snake keeps its colour from life to life;
    otherwise a colour no other snake has: the nearest to their choice, or with no choice the
    first free one from a place in the palette that depends only on the player's id (so
    someone who comes back often gets their colour again). Only when every colour is taken
    do two snakes share one: the least used.
    """
    others = [snake.colour for snake in state.snakes.values() if snake.player != player]
    taken = set(others)
    wanted = None if choice is None else palette.nearest(choice)
    if wanted is not None and wanted not in taken:
        return wanted
    old = state.snake_for(player)
    if old is not None:
        return old.colour
    free = [colour for colour in palette.PALETTE if colour not in taken]
    if wanted is not None and free:
        return palette.nearest(wanted, free)
    start = zlib.crc32(player.encode()) % len(palette.PALETTE)
    ordered = palette.PALETTE[start:] + palette.PALETTE[:start]
    uses = Counter(others)
    return min(ordered, key=lambda colour: uses[colour])


def _admit(state: State, player: str, name: str, colour: str | None, events: list[Event]) -> None:
    """A newcomer waits to be placed, unless the room already has `max_players` people."""
    limit = state.settings.max_players
    if not is_bot(player) and players(state) >= limit:
        events.append(Refused(player, Refusal.ROOM_FULL, max_players=limit))
    else:
        state.waiting[player] = Waiting(name, colour=colour)


def _request_respawn(
    state: State,
    player: str,
    events: list[Event],
    name: str | None = None,
    colour: str | None = None,
    quiet: bool = False,
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
            state.waiting[player] = Waiting(name or snake.name, colour=colour)


def _remove_snake(state: State, snake: Snake, events: list[Event], *, left: bool) -> None:
    """Take a snake off the list: its player `left`, or a new life replaces it."""
    for cell in snake.body:
        state.board.vacate(cell)
    del state.snakes[snake.id]
    del state.snake_of[snake.player]
    if left and snake.alive:
        events.append(_life_over(state, snake, "left"))
    events.append(Removed(snake.id, snake.player, snake.name, left))


def _life_over(state: State, snake: Snake, cause: str) -> Life:
    return Life(
        player=snake.player,
        name=snake.name,
        score=snake.score,
        cause=cause,
        ticks=state.tick - snake.born,
        stats={LENGTH.name: len(snake.body), KILLS.name: snake.kills},
    )


def _killer(
    alive: list[Snake], snake: Snake, cause: Cause, heads: dict[Cell, list[Snake]]
) -> Snake | None:
    """Who gets the kill: the owner of the body hit, or the longer snake of a head-on."""
    head = snake.body[0]
    if cause is Cause.SNAKE:
        return _owner(alive, snake, head)
    if cause is Cause.HEAD:
        winners = _longest(_rivals(snake, heads))
        if len(winners) == 1 and winners[0] is not snake:
            return winners[0]
    return None


def _owner(alive: list[Snake], snake: Snake, cell: Cell) -> Snake | None:
    """The snake other than `snake` whose body (not its head) covers `cell`.

    Another head on the cell is a fellow victim, not the owner: when two heads meet on a
    third snake's body, the body's snake gets both kills. A held snake's head is not: it did
    not move there, it was hit.

    Runs only for a snake that hit another one, a few per tick at most, but reads every snake.
    A body is a chain of neighbouring cells, so its cells lie fewer steps from its head than
    its length: a snake farther away is passed over without reading its body.
    """
    x, y = cell
    for other in alive:
        body = other.body
        ox, oy = head = body[0]
        if (
            (head != cell or other.held_until is not None)
            and abs(ox - x) + abs(oy - y) < len(body)
            and other is not snake
            and cell in body
        ):
            return other
    return None


def _add_snake(
    state: State, player: str, name: str, colour: str, body: list[Cell], heading: Direction
) -> None:
    snake_id = state.next_snake_id
    state.next_snake_id += 1
    for cell in body:
        state.board.occupy(cell)
    state.snakes[snake_id] = Snake(
        id=snake_id,
        player=player,
        name=name,
        colour=colour,
        body=deque(body),
        direction=heading,
        born=state.tick,
        held_until=None
        if is_bot(player) or not state.settings.hold_ticks
        else state.tick + state.settings.hold_ticks,
    )
    state.snake_of[player] = snake_id


def _death_cause(state: State, snake: Snake, heads: dict[Cell, list[Snake]]) -> Cause | None:
    board = state.board
    head = snake.head
    if not board.in_bounds(head):
        return Cause.WALL
    rivals = _rivals(snake, heads)
    # Segments under the head other than heads; a swap partner's neck is part of a head-on.
    if board.segments_at(head) - len(rivals) > 0:
        return Cause.SELF if head in islice(snake.body, 1, None) else Cause.SNAKE
    if len(rivals) > 1:
        winners = _longest(rivals)
        if len(snake.body) < len(winners[0].body) or len(winners) > 1:
            return Cause.HEAD
    return None


def _rivals(snake: Snake, heads: dict[Cell, list[Snake]]) -> list[Snake]:
    """The snake itself and every head it meets: on its cell, or swapped with it."""
    head = snake.body[0]
    swapped = [other for other in heads.get(snake.body[1], ()) if other.body[1] == head]
    return heads[head] + swapped


def _longest(snakes: list[Snake]) -> list[Snake]:
    longest = max(len(other.body) for other in snakes)
    return [other for other in snakes if len(other.body) == longest]


def _find_spawn(state: State, reserved: set[Cell]) -> tuple[list[Cell], Direction, int] | None:
    """A free straight body heading away from the nearest wall, with a clear run ahead: the
    body, its heading and how many cells ahead are clear (of snakes and the wall).

    It looks for `spawn_clear_ahead` clear cells, capped to what a head near the middle of the
    board can have, and takes the first candidate that has them; if none does it takes the
    one with the longest run, down to SPAWN_CLEAR_AHEAD. The candidates are the same as ever
    (every free cell on a crowded board, a few random ones on a roomy board), and each costs
    at most `wanted` cell reads more, so the spawn's cost does not grow with the board.
    """
    board = state.board
    wanted = _run_wanted(state.settings)
    best: tuple[list[Cell], Direction, int] | None = None
    for head in _spawn_candidates(state):
        heading = _away_from_nearest_wall(board, head)
        body = [heading.opposite.ahead(head, i) for i in range(state.settings.start_length)]
        if not all(board.is_free(cell) and cell not in reserved for cell in body):
            continue
        run = _clear_run(board, head, heading, wanted)
        if run >= wanted:
            return body, heading, run
        if run >= SPAWN_CLEAR_AHEAD and (best is None or run > best[2]):
            best = body, heading, run
    return best


def _run_wanted(settings: Settings) -> int:
    """`spawn_clear_ahead`, but no more than a head in the middle of the board has ahead of it
    when it heads away from its nearest wall (and never under SPAWN_CLEAR_AHEAD)."""
    middle = (min(settings.width, settings.height) - 1) // 2
    return max(SPAWN_CLEAR_AHEAD, min(settings.spawn_clear_ahead, middle))


def _clear_run(board: Board, head: Cell, heading: Direction, limit: int) -> int:
    """How many cells ahead of `head`, up to `limit`, are on the board and free of snakes."""
    for steps in range(1, limit + 1):
        cell = heading.ahead(head, steps)
        if not board.in_bounds(cell) or board.segments_at(cell):
            return steps - 1
    return limit


def _cells_ahead(head: Cell, heading: Direction, run: int) -> list[Cell]:
    return [heading.ahead(head, i) for i in range(1, run + 1)]


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
