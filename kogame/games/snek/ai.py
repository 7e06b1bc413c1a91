"""Snek's AI players ("bots"): a pure function from what a client can see to ordinary inputs.

What a bot sees is what a client's snapshot holds: the board's size, every snake's body (so its
head, and its direction from head and neck) and the food. It reads them through the board's
indexes of those same facts (which cells bodies cover, food filed by block and by key), and
reads the roster (who holds a place) only to decide when bots come and go. It never reads queued
turns or the random generator, and it remembers nothing between ticks: `inputs(state)` depends
on the state alone and changes nothing in it.

What a bot does goes through the inputs a client's messages become: `Join`, `Turn`, `Respawn`
and `Leave`. The room adds them to the tick's inputs, so a replay of recorded inputs needs no AI.

How it steers, cheaply, since a room may hold hundreds of bots and a tick has little time:
- Most ticks a bot only checks that the cell ahead is on the board and free, that no other
  head is next to that cell (it could move there too), and that no food lies just beside its
  own head; then it goes on. That is a handful of set and dict lookups.
- On its planning ticks (every tick in a small room, down to one in `PLAN_EVERY` in a crowded
  one, staggered by snake id), or when one of those checks fails, it thinks: it picks a target
  among the food close by (`Board.food_near`), then ranks the moves onto free cells by the
  steps left to the target, then straight before turns; a move next to another head comes
  after all the others.
- Turns are where snakes trap themselves, so a turn is only taken if it has room: when its
  cell touches an obstacle, a small flood fill (twice the snake's length, capped) counts the
  room behind it, and a pocket too small for the snake loses to a move with room.
- Thinking has a budget: at most `THINKS_PER_TICK` bots think in one tick, so a crowded tick
  (many bots blocked at once, say) costs no more than a fixed amount. The bots that must move
  (a check failed) come first, then those on their planning tick. Each group is taken in
  snake-id order from a place that moves on with the tick number, so who is left out varies
  from tick to tick without the bots remembering anything. A bot left out that must move
  dodges (the first safe move, food first, without a food search or a flood fill); one left
  out on its planning tick goes on, as its checks allow.
Ties always break the same way (straight, then the turns in `Direction` order), so the same
state always gives the same inputs.
"""

from __future__ import annotations

from collections.abc import Mapping, Set

from kogame.games.snek.board import Board, Cell
from kogame.games.snek.state import (
    BOT_PREFIX,
    OFFSETS,
    Direction,
    Input,
    Join,
    Leave,
    Respawn,
    Snake,
    State,
    Turn,
    is_bot,
)

# fmt: off
NAMES = (
    "Rex", "Ivy", "Max", "Zoe", "Kit", "Gus", "Pip", "Nia",
    "Hal", "Jet", "Lou", "Oz", "Rue", "Sky", "Tam", "Fin",
)
# fmt: on

# In a room of up to this many snakes every bot plans every tick; in a fuller one each plans
# less often (about this many plan per tick), but at least once in PLAN_EVERY ticks. Between
# plans a bot goes straight while it safely can.
PLANNERS_PER_TICK = 32
PLAN_EVERY = 16
# At most this many bots think in one tick (see the module docstring): twice the planners.
THINKS_PER_TICK = 2 * PLANNERS_PER_TICK
# How far, in steps, a bot looks for food; with none that near it goes straight.
FOOD_REACH = 64
# The flood fill that judges a turn counts at most this many cells.
ROOM_LIMIT = 16

# The moves a snake heading one way can make, in ranking order: straight, then the two turns.
# Keyed by the heading's value: hashing an Enum member runs Python code, a str does not.
_CHOICES = {
    heading.value: (heading, *(d for d in Direction if d not in (heading, heading.opposite)))
    for heading in Direction
}


def bot_player(number: int) -> str:
    return f"{BOT_PREFIX}{number}"


def bot_number(player: str) -> int:
    return int(player.removeprefix(BOT_PREFIX))


def bot_name(number: int) -> str:
    """A bot's name: Bot Rex, Bot Ivy, ...; past the list of names, Bot Rex 2 and so on."""
    name = NAMES[(number - 1) % len(NAMES)]
    lap = (number - 1) // len(NAMES)
    return f"Bot {name}" if lap == 0 else f"Bot {name} {lap + 1}"


def plan_interval(snakes: int) -> int:
    """How many ticks apart each bot plans in a room listing `snakes` snakes."""
    return max(1, min(PLAN_EVERY, -(-snakes // PLANNERS_PER_TICK)))


def inputs(state: State) -> list[Input]:
    """This tick's bot inputs: respawns and turns of the bots in play, then joins or leaves."""
    sight = Sight(state)
    occupied, heads, food, steps = sight.occupied, sight.heads, sight.food, sight.steps
    width, height, stride, tick = sight.width, sight.height, sight.stride, state.tick
    interval = plan_interval(len(state.snakes))
    sent: list[Input] = []
    bots: list[str] = []
    # Bots that must think (a check below failed), and those on their planning tick.
    forced: list[Snake] = []
    planning: list[Snake] = []
    # A bot that died at or before this tick may come back in the next one.
    due = tick + 1 - state.settings.respawn_delay_ticks
    for snake in state.snakes.values():
        player = snake.player
        if not player.startswith(BOT_PREFIX):
            continue
        bots.append(player)
        if not snake.alive:
            if snake.died_at is not None and snake.died_at <= due and player not in state.waiting:
                sent.append(Respawn(player))
            continue
        # Most ticks end here: the cell ahead free, no other head next to it (which could
        # move there too), no food just beside the head, and not a planning tick.
        hx, hy = snake.body[0]
        dx, dy, forward, side = steps[snake.direction._value_]
        ax, ay = hx + dx, hy + dy
        if 0 <= ax < width and 0 <= ay < height and (ax, ay) not in occupied:
            ahead = ax + ay * stride
            if (
                ahead + forward not in heads
                and ahead + side not in heads
                and ahead - side not in heads
                and ahead - forward + side not in food
                and ahead - forward - side not in food
            ):
                if (tick + snake.id) % interval:
                    continue
                planning.append(snake)
                continue
        forced.append(snake)
    # Those that must think go first; past the budget they dodge and the planners go on.
    thinkers = (
        rotated(forced, tick) + rotated(planning, tick)[: max(0, THINKS_PER_TICK - len(forced))]
    )
    for n, snake in enumerate(thinkers):
        choice = sight.think(snake) if n < THINKS_PER_TICK else sight.dodge(snake)
        if choice is not None and choice is not snake.direction:
            sent.append(Turn(snake.player, choice))
    bots += [p for p in state.waiting if p not in state.snake_of and is_bot(p)]
    return sent + roster(state, bots)


def rotated(snakes: list[Snake], tick: int) -> list[Snake]:
    """`snakes` (in id order) starting from a place that moves on with the tick, so when not
    all of them can think in one tick, the ones left out differ from tick to tick."""
    if not snakes:
        return snakes
    start = tick % len(snakes)
    return snakes[start:] + snakes[:start]


def roster(state: State, bots: list[str]) -> list[Input]:
    """Joins or leaves that keep `bots` (the bots holding a place) at the number wanted.

    Bots fill the room up to `settings.bots` snakes while fewer people play: a person who
    arrives sends the highest-numbered bot away, one who leaves brings the lowest free one back.
    """
    held = len(state.snake_of) + sum(1 for p in state.waiting if p not in state.snake_of)
    people = held - len(bots)
    wanted = max(0, state.settings.bots - people)
    if len(bots) == wanted:
        return []
    if len(bots) > wanted:
        surplus = sorted(bots, key=bot_number, reverse=True)[: len(bots) - wanted]
        return [Leave(player) for player in surplus]
    taken = {bot_number(player) for player in bots}
    joins: list[Input] = []
    number = 0
    while len(bots) + len(joins) < wanted:
        number += 1
        if number not in taken:
            joins.append(Join(bot_player(number), bot_name(number)))
    return joins


class Sight:
    """What the bots see this tick, and the moves they choose from it.

    Heads and food are sets of keys (`x + y * stride`, as the board's `food_keys`), so a check
    builds no tuple; occupancy is the board's own index, by cell.
    """

    def __init__(self, state: State) -> None:
        board = state.board
        self.board: Board = board
        self.width = board.width
        self.height = board.height
        self.stride = stride = board.stride
        self.occupied: Mapping[Cell, int] = board.occupancy
        self.food: Set[int] = board.food_keys
        self.heads = {
            x + y * stride
            for x, y in [snake.body[0] for snake in state.snakes.values() if snake.alive]
        }
        # Per heading: its step, then the key steps ahead and to one side.
        self.steps = {
            value: (dx, dy, dx + dy * stride, dy + dx * stride)
            for value, (dx, dy) in OFFSETS.items()
        }

    def think(self, snake: Snake) -> Direction | None:
        """The best move onto a free cell (see the module docstring); None when there is none.

        Moves rank by fewest steps left to the target food, then straight before turns; a move
        next to another head comes after the rest. The first move with room wins (going
        straight is taken to have it); when none has, the one with the most.
        """
        hx, hy = head = snake.body[0]
        target = self.board.food_near(head, FOOD_REACH)
        if self.straight_wins(snake, target):
            return snake.direction
        occupied, heads, food, steps = self.occupied, self.heads, self.food, self.steps
        width, height, stride = self.width, self.height, self.stride
        choices = _CHOICES[snake.direction._value_]
        options: list[tuple[bool, int, int, Cell]] = []
        for order, choice in enumerate(choices):
            dx, dy, forward, side = steps[choice._value_]
            x, y = hx + dx, hy + dy
            cell = (x, y)
            if not (0 <= x < width and 0 <= y < height) or cell in occupied:
                continue
            # The cell's neighbours other than our head: another head there could move in too.
            key = x + y * stride
            risky = key + forward in heads or key + side in heads or key - side in heads
            if key in food or target is None:
                distance = 0
            else:
                distance = abs(target[0] - x) + abs(target[1] - y)
            options.append((risky, distance, order, cell))
        options.sort()
        limit = min(ROOM_LIMIT, 2 * len(snake.body))
        best, most = None, -1
        for _, _, order, cell in options:
            room = limit if order == 0 else self.room(cell, choices[order], limit)
            if room >= limit:
                return choices[order]
            if room > most:
                best, most = choices[order], room
        return best

    def straight_wins(self, snake: Snake, target: Cell | None) -> bool:
        """Whether going straight would rank first: onto a free cell no other head is next to,
        and no turn's cell fewer steps from the target. Most thoughts end here, without
        ranking the turns."""
        hx, hy = snake.body[0]
        dx, dy, forward, side = self.steps[snake.direction._value_]
        x, y = hx + dx, hy + dy
        if not (0 <= x < self.width and 0 <= y < self.height) or (x, y) in self.occupied:
            return False
        heads, food = self.heads, self.food
        ahead = x + y * self.stride
        if ahead + forward in heads or ahead + side in heads or ahead - side in heads:
            return False
        if target is None or ahead in food:
            return True
        tx, ty = target
        distance = abs(tx - x) + abs(ty - y)
        # The turns' cells are the head's neighbours across the heading.
        for turn_x, turn_y, key in (
            (hx + dy, hy + dx, ahead - forward + side),
            (hx - dy, hy - dx, ahead - forward - side),
        ):
            if key in food or abs(tx - turn_x) + abs(ty - turn_y) < distance:
                return False
        return True

    def dodge(self, snake: Snake) -> Direction | None:
        """A move without thinking, for a bot past the tick's budget: the first onto a free
        cell with no other head next to it, food before the rest, then straight before turns;
        failing that the first onto a free cell; None when there is none. No food search, no
        flood fill."""
        hx, hy = snake.body[0]
        occupied, heads, food, steps = self.occupied, self.heads, self.food, self.steps
        width, height, stride = self.width, self.height, self.stride
        choices = _CHOICES[snake.direction._value_]
        options: list[tuple[bool, bool, int]] = []
        for order, choice in enumerate(choices):
            dx, dy, forward, side = steps[choice._value_]
            x, y = hx + dx, hy + dy
            if not (0 <= x < width and 0 <= y < height) or (x, y) in occupied:
                continue
            key = x + y * stride
            risky = key + forward in heads or key + side in heads or key - side in heads
            options.append((risky, key not in food, order))
        return choices[min(options)[2]] if options else None

    def room(self, start: Cell, heading: Direction, limit: int) -> int:
        """Free cells reachable from `start` (reached from the head by `heading`), counting up
        to `limit`.

        A cell whose three other neighbours are free is taken to have room without counting:
        pockets are made by obstacles, so only a cell next to one is worth a flood fill.
        """
        occupied, width, height = self.occupied, self.width, self.height
        x, y = start
        dx, dy = OFFSETS[heading._value_]
        for cell in ((x + dx, y + dy), (x + dy, y + dx), (x - dy, y - dx)):
            if cell in occupied or not (0 <= cell[0] < width and 0 <= cell[1] < height):
                break
        else:
            return limit
        seen = {start}
        stack = [start]
        while stack:
            x, y = stack.pop()
            for cell in ((x + 1, y), (x - 1, y), (x, y + 1), (x, y - 1)):
                if cell in seen or cell in occupied:
                    continue
                if 0 <= cell[0] < width and 0 <= cell[1] < height:
                    seen.add(cell)
                    if len(seen) >= limit:
                        return limit
                    stack.append(cell)
        return len(seen)
