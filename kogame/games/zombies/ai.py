"""Zombies' AI teammates ("bots"): a pure function from the state to ordinary inputs.

`bot_inputs(map, state)` reads the state and changes nothing in it; the same state always gives
the same inputs (ties break by order, no randomness). What a bot does goes through the inputs a
client's messages become (`Join`, `Leave`, `Act`), so a replay of recorded inputs needs no AI.

- Coming and going: while people are in the room, bots top it up to `options.bots`
  teammates, as long as people and bots stay within `max_players`; people coming in make
  bots leave (the highest numbers first). An empty room has no bots.
- Each tick a standing bot sends one Act: it walks to a downed teammate nearby to revive them
  (standing beside them once there), or else keeps 4 to 8 tiles from the nearest zombie
  (backing away when closer, closing in along a clear line when further, both along the 8
  moves, judged by where `move_box` would really put it so walls are taken into account; a
  teammate behind walls is reached tile by tile along a breadth-first search); it aims at the
  nearest zombie in its line of fire and fires when it has one.
"""

from __future__ import annotations

import math

from kogame.games.zombies import rules
from kogame.games.zombies.geometry import (
    PLAYER_HALF,
    TURN,
    move_box,
    per_tick,
    segment_end,
    step_of,
)
from kogame.games.zombies.rules import PLAYER_SPEED, REVIVE_RANGE, SHOT_RANGE
from kogame.games.zombies.state import BOT_PREFIX, Act, Input, Join, Leave, Player, State
from kogame.games.zombies.tilemap import TILE, TileMap

# fmt: off
NAMES = ("Rex", "Ivy", "Max", "Zoe", "Kit", "Gus", "Pip", "Nia")
# fmt: on

NEAR = 4 * TILE  # closer than this, a bot backs away from the nearest zombie
FAR = 8 * TILE  # further than this, it closes in
RESCUE = 12 * TILE  # a downed teammate this close is worth walking to
DANGER = 2 * TILE  # ... unless a zombie is this close to the bot
SIGHT_CHECKS = 4  # nearest zombies checked for a line of fire
WALK_LIMIT = 1024  # tiles a search for the way to a downed teammate may label


def bot_player(number: int) -> str:
    return f"{BOT_PREFIX}{number}"


def bot_name(number: int) -> str:
    """Bot Rex, Bot Ivy, ...; past the list, Bot Rex 2 and so on."""
    name = NAMES[(number - 1) % len(NAMES)]
    lap = (number - 1) // len(NAMES)
    return f"Bot {name}" if lap == 0 else f"Bot {name} {lap + 1}"


def bot_number(player: str) -> int:
    return int(player.removeprefix(BOT_PREFIX))


def wanted_bots(state: State) -> int:
    """How many bots the room should hold now."""
    people = state.people()
    if people == 0:
        return 0
    return max(0, min(state.options.bots, state.options.max_players - people))


def bot_inputs(grid: TileMap, state: State) -> list[Input]:
    """This tick's bot inputs: an Act for each bot in the game, then joins or leaves."""
    sent: list[Input] = []
    bots = [player for player in state.players.values() if player.bot]
    for bot in bots:
        sent.append(_act(grid, state, bot))
    wanted = wanted_bots(state)
    if len(bots) > wanted:
        numbers = sorted((bot_number(bot.id) for bot in bots), reverse=True)
        sent.extend(Leave(bot_player(n)) for n in numbers[: len(bots) - wanted])
    elif len(bots) < wanted:
        taken = {bot.id for bot in bots}
        number = 0
        for _ in range(wanted - len(bots)):
            number += 1
            while bot_player(number) in taken:
                number += 1
            sent.append(Join(bot_player(number), bot_name(number)))
    return sent


def aim_at(x: int, y: int, tx: int, ty: int) -> int:
    """The binary angle (0..4095) from (x, y) toward (tx, ty)."""
    return round(math.atan2(ty - y, tx - x) * TURN / (2 * math.pi)) % TURN


def _act(grid: TileMap, state: State, bot: Player) -> Act:
    seq = bot.ack + 1
    if bot.down or state.phase == "over":
        return Act(bot.id, seq, 0, bot.aim, False, state.tick)
    x, y = bot.x, bot.y
    zombies = sorted(((z.x - x) ** 2 + (z.y - y) ** 2, z.id, z.x, z.y) for z in state.zombies)
    nearest = zombies[0] if zombies else None
    move = 0
    speed = per_tick(PLAYER_SPEED, state.tick_rate)
    downed = _downed_near(state, bot)
    if downed is not None and (nearest is None or nearest[0] > DANGER * DANGER):
        if (downed.x - x) ** 2 + (downed.y - y) ** 2 > (REVIVE_RANGE // 2) ** 2:
            wx, wy = _waypoint(grid, state, x, y, downed.x, downed.y)
            move = _best_move(grid, speed, x, y, wx, wy, toward=True)
    elif nearest is not None:
        distance, _, zx, zy = nearest
        if distance < NEAR * NEAR:
            move = _best_move(grid, speed, x, y, zx, zy, toward=False)
        elif distance > FAR * FAR and segment_end(grid, x, y, zx, zy) == (zx, zy):
            # Closing in only along a clear line: one behind walls is coming anyway.
            move = _best_move(grid, speed, x, y, zx, zy, toward=True)
    aim, fire = bot.aim, False
    for distance, _, zx, zy in zombies[:SIGHT_CHECKS]:
        if distance > SHOT_RANGE * SHOT_RANGE:
            break
        if segment_end(grid, x, y, zx, zy) == (zx, zy):
            aim, fire = aim_at(x, y, zx, zy), True
            break
    return Act(bot.id, seq, move, aim, fire, state.tick)


def _waypoint(grid: TileMap, state: State, x: int, y: int, tx: int, ty: int) -> tuple[int, int]:
    """Where to head for (tx, ty): straight there along a clear line; else the centre of the
    next tile on a shortest walk over the tiles (a breadth-first search from the target, at
    most `WALK_LIMIT` tiles), or straight there when none is found."""
    if segment_end(grid, x, y, tx, ty) == (tx, ty):
        return (tx, ty)
    width = grid.width
    table = rules.nav(grid, state).table
    start, goal = (y // TILE) * width + x // TILE, (ty // TILE) * width + tx // TILE
    dist = {goal: 0}
    frontier = [goal]
    while frontier and start not in dist and len(dist) < WALK_LIMIT:
        following = []
        for index in frontier:
            for other in table[index]:
                if other not in dist:
                    dist[other] = dist[index] + 1
                    following.append(other)
        frontier = following
    here = dist.get(start)
    if here is None:
        return (tx, ty)
    for other in table[start]:
        if dist.get(other) == here - 1:
            return ((other % width) * TILE + TILE // 2, (other // width) * TILE + TILE // 2)
    return (tx, ty)


def _downed_near(state: State, bot: Player) -> Player | None:
    best: Player | None = None
    best_distance = RESCUE * RESCUE + 1
    for other in state.players.values():
        if other.down and other is not bot:
            distance = (other.x - bot.x) ** 2 + (other.y - bot.y) ** 2
            if distance < best_distance:
                best, best_distance = other, distance
    return best


def _best_move(grid: TileMap, speed: int, x: int, y: int, tx: int, ty: int, *, toward: bool) -> int:
    """The move (1..8, or 0 when none helps) whose real result (walls included) ends closest
    to (toward) or furthest from the target; the first on ties."""
    here = (tx - x) ** 2 + (ty - y) ** 2
    best, best_score = 0, here if toward else -here
    for move in range(1, 9):
        dx, dy = step_of(move, speed)
        nx, ny = move_box(grid, x, y, PLAYER_HALF, dx, dy)
        if (nx, ny) == (x, y):
            continue
        distance = (tx - nx) ** 2 + (ty - ny) ** 2
        score = distance if toward else -distance
        if score < best_score:
            best, best_score = move, score
    return best
