"""Zombies' rules: a tick is an ordered list of named, pure stages (Battlesnake style).

`step(map, state, inputs)` opens tick `state.tick + 1`, runs `STAGES` in order and returns the
state with the tick's events. Nothing here touches I/O, a clock, asyncio or the global random
module: the only randomness is `state.rng`, seeded by `new_state`, so the same seed and inputs
replay to the same game. For speed the state is advanced in place (like Snek's).

The stages, in order:
1. `membership`: joins and leaves (an empty room starts over).
2. `commands`: each player's Acts in arrival order, one tick of movement each, up to its
   credit of moves; shots judged against the zombies as the shooter saw them (`seen`).
3. `release`: the wave's zombies come out a few at a time, out of the players' sight.
4. `flow`: the flow field toward the tiles of standing players (recomputed only when that set
   of tiles changes).
5. `zombies`: every zombie steps along the field, then overlapping neighbours push apart.
6. `bites`: a zombie touching a standing player bites (then waits a second); at 0 health
   the player is down.
7. `revives`: a teammate standing beside a downed player for 3 s stands them up.
8. `waves`: a cleared wave starts a break; a break's end starts the next wave.
9. `game_over`: everyone down ends the game (and every person's life); after a pause, a new
   game starts with everyone still in the room.
10. `record`: the zombies' positions are kept for 200 ms of ticks, for judging shots.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from math import isqrt

from kogame.games.zombies.events import (
    LEFT,
    OVERRUN,
    Bitten,
    Cause,
    Downed,
    Event,
    GameOver,
    Joined,
    Left,
    LifeEnded,
    NewGame,
    Refused,
    Revived,
    Shot,
    WaveCleared,
    WaveStarted,
    ZombieKilled,
)
from kogame.games.zombies.flowfield import Nav, step_index
from kogame.games.zombies.geometry import (
    PLAYER_HALF,
    ZOMBIE_HALF,
    box_clear,
    move_box,
    per_tick,
    ray,
    segment_box,
    step_of,
)
from kogame.games.zombies.state import (
    Act,
    Follow,
    Input,
    Join,
    Leave,
    Options,
    Player,
    State,
    Zombie,
    is_bot,
)
from kogame.games.zombies.tilemap import SUB, TILE, TileMap

PLAYER_SPEED = 150  # px/s
HEALTH = 100
SHOT_RANGE = 640 * SUB
SHOT_DAMAGE = 50
SHOTS_PER_SECOND = 6
ZOMBIE_HEALTH = 100
ZOMBIE_HEALTH_PER_WAVE = 10  # for each wave after ZOMBIE_HEALTH_FROM
ZOMBIE_HEALTH_FROM = 3
ZOMBIE_SPEED = 50  # px/s in wave 1
ZOMBIE_SPEED_PER_WAVE = 6
ZOMBIE_SPEED_CAP = 120
BITE_DAMAGE = 10
REVIVE_RANGE = 48 * SUB  # between box centres
REVIVE_SECONDS = 3
REVIVE_HEALTH = 50  # after a teammate's revive, and standing up at a new wave
BREAK_SECONDS = 5  # between waves
OVER_SECONDS = 5  # after a game over, before the new game
START_SECONDS = 2  # before a new game's first wave
VIEW = (32, 18)  # tiles a player sees around them: zombies come out beyond it
RELEASE_BATCH = 3  # zombies out at once
RELEASE_PER_SECOND = 2  # batches a second
MAX_ALIVE = 150  # zombies alive at once; the rest of a wave waits for room
# Overlapping zombies push apart by at most this much each tick (units, on one axis).
MAX_PUSH = 4 * SUB
MAX_FOLLOWERS = 256  # watchers following a player, remembered in the state

Stage = Callable[[TileMap, State, Sequence[Input], list[Event]], None]


def new_state(grid: TileMap, options: Options, tick_rate: int, seed: int) -> State:
    """A game on `grid` with no one in it yet; the first wave comes `START_SECONDS` after a
    player is in."""
    if tick_rate < 5:
        raise ValueError("tick_rate must be at least 5")
    state = State(
        map_name=grid.name,
        options=options,
        tick_rate=tick_rate,
        rng=random.Random(seed),
        timer=START_SECONDS * tick_rate,
    )
    state.history.append((0, ()))
    state.nav = Nav(grid)
    return state


def nav(grid: TileMap, state: State) -> Nav:
    """The state's navigation cache for `grid`, built when missing (after a load)."""
    current = state.nav
    if current is None or current.grid is not grid:
        current = state.nav = Nav(grid)
    return current


def step(grid: TileMap, state: State, inputs: Sequence[Input]) -> tuple[State, list[Event]]:
    """Advance the game by one tick."""
    state.tick += 1
    nav(grid, state)
    events: list[Event] = []
    for stage in STAGES:
        stage(grid, state, inputs, events)
    return state, events


# -- stages --------------------------------------------------------------------------------


def membership(grid: TileMap, state: State, inputs: Sequence[Input], events: list[Event]) -> None:
    """Joins and leaves. A person who would make more than `max_players` people is refused
    (bots are the AI's to keep within the room); a join from someone in the game (a reconnect)
    changes nothing. A person leaving ends their life, unless the game is over (it has ended
    already). When the last player leaves, the game starts over. Watchers choose whom they
    follow (`Follow`); a choice lapses when either side takes or leaves a place."""
    had_players = bool(state.players)
    for item in inputs:
        if isinstance(item, Join):
            if item.player in state.players:
                continue
            bot = is_bot(item.player)
            if not bot and state.people() >= state.options.max_players:
                events.append(Refused(item.player, state.options.max_players))
                continue
            x, y = _spawn_point(grid, len(state.players))
            state.players[item.player] = Player(
                item.player, item.name, x, y, since=state.tick, bot=bot
            )
            events.append(Joined(item.player, item.name))
        elif isinstance(item, Leave):
            gone = state.players.pop(item.player, None)
            if gone is None:
                continue
            if not gone.bot and state.phase != "over":
                events.append(_life_ended(state, gone, LEFT))
            events.append(Left(item.player))
        elif isinstance(item, Follow):
            _follow(state, item)
    if state.following:
        players = state.players
        state.following = {
            w: t for w, t in state.following.items() if t in players and w not in players
        }
    if had_players and not state.players:
        _start_over(grid, state)
        events.append(NewGame(state.tick))


def commands(grid: TileMap, state: State, inputs: Sequence[Input], events: list[Event]) -> None:
    """Each Act is one tick of its player's movement, applied in arrival order while the player
    has credit (a move a tick, kept up to `rewind_ticks + 2`); the rest are dropped, but acked
    all the same. Downed players and a finished game move no one. Shots fire when the
    player's cooldown is over."""
    cap = state.rewind_ticks + 2
    for each in state.players.values():
        if each.credit < cap:
            each.credit += 1
        if each.cooldown:
            each.cooldown -= 1
    speed = per_tick(PLAYER_SPEED, state.tick_rate)
    cooldown = max(1, state.tick_rate // SHOTS_PER_SECOND)
    killed = False
    for item in inputs:
        if not isinstance(item, Act):
            continue
        player = state.players.get(item.player)
        if player is None or item.seq <= player.ack:
            continue
        player.ack = item.seq
        if player.credit <= 0:
            continue
        player.credit -= 1
        player.aim = item.aim & 4095
        if player.down or state.phase == "over":
            continue
        move = item.move if 0 <= item.move <= 8 else 0
        if move:
            dx, dy = step_of(move, speed)
            player.x, player.y = move_box(grid, player.x, player.y, PLAYER_HALF, dx, dy)
        if item.fire and not player.cooldown:
            player.cooldown = cooldown
            killed = _shoot(grid, state, player, item.seen, events) or killed
    if killed:
        state.zombies = [zombie for zombie in state.zombies if zombie.hp > 0]


def release(grid: TileMap, state: State, inputs: Sequence[Input], events: list[Event]) -> None:
    """In a fight, the wave's zombies come out `RELEASE_BATCH` at a time, `RELEASE_PER_SECOND`
    times a second, at zombie spawns out of every player's view where there are some, while
    fewer than `MAX_ALIVE` are about."""
    if state.phase != "fight" or not state.to_release:
        return
    if state.release_timer > 0:
        state.release_timer -= 1
        return
    state.release_timer = max(1, state.tick_rate // RELEASE_PER_SECOND) - 1
    count = min(RELEASE_BATCH, state.to_release, MAX_ALIVE - len(state.zombies))
    if count <= 0:
        return
    places = _zombie_places(grid, state)
    if not places:
        return
    wave = state.wave
    health = zombie_health(wave)
    speed = zombie_speed(wave)
    rng = state.rng
    jitter = TILE // 4
    for _ in range(count):
        x, y = _clear_point(grid, *places[rng.randrange(len(places))])
        jx, jy = x + rng.randint(-jitter, jitter), y + rng.randint(-jitter, jitter)
        if box_clear(grid, jx, jy, ZOMBIE_HALF):
            x, y = jx, jy
        state.zombies.append(Zombie(state.next_zombie, x, y, health, 0, speed))
        state.next_zombie += 1
        state.to_release -= 1


def flow(grid: TileMap, state: State, inputs: Sequence[Input], events: list[Event]) -> None:
    """The flow field toward the tiles of standing players; kept while that set is the same."""
    width = grid.width
    targets = [
        (player.y // TILE) * width + player.x // TILE
        for player in state.players.values()
        if not player.down
    ]
    if targets:
        nav(grid, state).flow(targets)


def zombies(grid: TileMap, state: State, inputs: Sequence[Input], events: list[Event]) -> None:
    """Every zombie heads for the centre of its tile's best neighbour on the flow field (or,
    sharing a tile with a standing player, straight at that player), at its own speed, and
    zombies that overlap push apart (found through a hash of zombies by tile, never by looking
    at every pair): both in one move a tick, through `move_box`, so no zombie enters a wall.
    With no one standing (or the game over) they only push apart."""
    crowd = state.zombies
    if not crowd:
        return
    for zombie in crowd:
        if zombie.bite:
            zombie.bite -= 1
    pushes = _pushes(grid, crowd)
    standing = [player for player in state.players.values() if not player.down]
    field = nav(grid, state).current if standing and state.phase != "over" else None
    if field is None:
        for zombie in crowd:
            push = pushes.get(zombie.id)
            if push is not None:
                zombie.x, zombie.y = move_box(grid, zombie.x, zombie.y, ZOMBIE_HALF, *push)
        return
    table, dist = nav(grid, state).table, field.dist
    width = grid.width
    here: dict[int, list[Player]] = {}
    for player in standing:
        here.setdefault((player.y // TILE) * width + player.x // TILE, []).append(player)
    speeds: dict[int, int] = {}
    centre = TILE // 2
    for zombie in crowd:
        x, y = zombie.x, zombie.y
        col, row = x // TILE, y // TILE
        players = here.get(row * width + col)
        vx = vy = 0
        if players is not None:
            target = min(players, key=lambda p: (p.x - x) ** 2 + (p.y - y) ** 2)
            vx, vy = target.x - x, target.y - y
        else:
            nxt = step_index(table, dist, width, col, row)
            if nxt is not None:
                vx, vy = (nxt % width) * TILE + centre - x, (nxt // width) * TILE + centre - y
        if vx or vy:
            speed = speeds.get(zombie.speed)
            if speed is None:
                speed = speeds[zombie.speed] = per_tick(zombie.speed, state.tick_rate)
            length = isqrt(vx * vx + vy * vy)
            if length > speed:
                vx, vy = vx * speed // length, vy * speed // length
        push = pushes.get(zombie.id)
        if push is not None:
            vx += push[0]
            vy += push[1]
        if vx or vy:
            zombie.x, zombie.y = move_box(grid, x, y, ZOMBIE_HALF, vx, vy)


def bites(grid: TileMap, state: State, inputs: Sequence[Input], events: list[Event]) -> None:
    """A zombie whose box touches a standing player's bites for `BITE_DAMAGE` and then waits
    a second; a player at 0 health is down."""
    if not state.zombies or state.phase == "over":
        return
    width = grid.width
    buckets = _buckets(state.zombies, width)
    reach = ZOMBIE_HALF + PLAYER_HALF
    wait = state.tick_rate
    for player in state.players.values():
        if player.down:
            continue
        col, row = player.x // TILE, player.y // TILE
        for r in (row - 1, row, row + 1):
            for c in (col - 1, col, col + 1):
                for zombie in buckets.get(r * width + c, ()):
                    if (
                        zombie.bite == 0
                        and not player.down
                        and abs(zombie.x - player.x) <= reach
                        and abs(zombie.y - player.y) <= reach
                    ):
                        zombie.bite = wait
                        player.hp = max(0, player.hp - BITE_DAMAGE)
                        player.damage += BITE_DAMAGE
                        events.append(Bitten(player.id, BITE_DAMAGE))
                        if player.hp == 0:
                            player.down = True
                            player.revive = 0
                            events.append(Downed(player.id))


def revives(grid: TileMap, state: State, inputs: Sequence[Input], events: list[Event]) -> None:
    """A downed player with a standing teammate within `REVIVE_RANGE` counts the ticks; after
    `REVIVE_SECONDS` in a row they stand with `REVIVE_HEALTH`. Alone, the count starts over."""
    if state.phase == "over":
        return
    downed = [player for player in state.players.values() if player.down]
    if not downed:
        return
    standing = [player for player in state.players.values() if not player.down]
    reach = REVIVE_RANGE * REVIVE_RANGE
    needed = REVIVE_SECONDS * state.tick_rate
    for player in downed:
        helper = next(
            (
                other
                for other in standing
                if (other.x - player.x) ** 2 + (other.y - player.y) ** 2 <= reach
            ),
            None,
        )
        if helper is None:
            player.revive = 0
            continue
        player.revive += 1
        if player.revive >= needed:
            _stand_up(player, REVIVE_HEALTH)
            events.append(Revived(player.id, helper.id))


def waves(grid: TileMap, state: State, inputs: Sequence[Input], events: list[Event]) -> None:
    """A fight with every zombie of the wave out and dead is won: everyone in the game counts
    a wave, and a break begins. A break (which waits while the room is empty) ends with the
    next wave: downed players stand up with half health, and the wave holds
    `4 + 3n + 2 * players` zombies."""
    if state.phase == "fight":
        if not state.to_release and not state.zombies:
            for player in state.players.values():
                player.waves += 1
            events.append(WaveCleared(state.wave))
            state.phase = "break"
            state.timer = BREAK_SECONDS * state.tick_rate
    elif state.phase == "break" and state.players:
        state.timer -= 1
        if state.timer <= 0:
            state.wave += 1
            state.phase = "fight"
            state.timer = 0
            for player in state.players.values():
                if player.down:
                    _stand_up(player, REVIVE_HEALTH)
                    events.append(Revived(player.id, None))
            state.to_release = wave_size(state.wave, len(state.players))
            state.release_timer = 0
            events.append(WaveStarted(state.wave))


def game_over(grid: TileMap, state: State, inputs: Sequence[Input], events: list[Event]) -> None:
    """Everyone down: the game is over and every person's life ends (`overrun`). After
    `OVER_SECONDS` a new game starts on the same map with everyone still in the room."""
    if state.phase == "over":
        state.timer -= 1
        if state.timer <= 0:
            _start_over(grid, state)
            events.append(NewGame(state.tick))
        return
    if state.players and all(player.down for player in state.players.values()):
        events.append(GameOver(state.tick))
        for player in state.players.values():
            if not player.bot:
                events.append(_life_ended(state, player, OVERRUN))
        state.phase = "over"
        state.timer = OVER_SECONDS * state.tick_rate
        state.to_release = 0


def record(grid: TileMap, state: State, inputs: Sequence[Input], events: list[Event]) -> None:
    """Keep this tick's zombie positions, and those of the last `rewind_ticks` ticks."""
    flat: list[int] = []
    extend = flat.extend
    for zombie in state.zombies:
        extend((zombie.id, zombie.x, zombie.y))
    history = state.history
    history.append((state.tick, tuple(flat)))
    while len(history) > state.rewind_ticks + 1:
        history.popleft()


STAGES: tuple[Stage, ...] = (
    membership,
    commands,
    release,
    flow,
    zombies,
    bites,
    revives,
    waves,
    game_over,
    record,
)


def _follow(state: State, choice: Follow) -> None:
    """A watcher follows a player in the game, or goes back to the whole map (None); people
    playing have their own view. At most `MAX_FOLLOWERS` watchers are remembered."""
    if choice.watcher in state.players:
        return
    if choice.target is None or choice.target not in state.players:
        state.following.pop(choice.watcher, None)
    elif choice.watcher in state.following or len(state.following) < MAX_FOLLOWERS:
        state.following[choice.watcher] = choice.target


# -- figures -------------------------------------------------------------------------------


def wave_size(wave: int, players: int) -> int:
    """How many zombies wave `wave` holds with `players` people and bots in the game."""
    return 4 + 3 * wave + 2 * players


def zombie_health(wave: int) -> int:
    """A zombie's health when it comes out in wave `wave`."""
    return ZOMBIE_HEALTH + ZOMBIE_HEALTH_PER_WAVE * max(0, wave - ZOMBIE_HEALTH_FROM)


def zombie_speed(wave: int) -> int:
    """A wave's zombie speed in px/s."""
    return min(ZOMBIE_SPEED_CAP, ZOMBIE_SPEED + ZOMBIE_SPEED_PER_WAVE * (wave - 1))


def revive_percent(state: State, player: Player) -> int:
    """How far a downed player's revive has come, 0..100 (the wire's figure)."""
    return min(100, player.revive * 100 // (REVIVE_SECONDS * state.tick_rate))


# -- helpers -------------------------------------------------------------------------------


def _life_ended(state: State, player: Player, cause: Cause) -> LifeEnded:
    return LifeEnded(
        player.id,
        player.name,
        player.kills,
        player.waves,
        player.damage,
        state.tick - player.since,
        cause,
    )


def _stand_up(player: Player, health: int) -> None:
    player.down = False
    player.hp = health
    player.revive = 0


def _start_over(grid: TileMap, state: State) -> None:
    """A new game on the same map with everyone in the room: wave 0 with a short wait before
    wave 1, full health, stats from nothing, lives beginning now."""
    state.wave = 0
    state.phase = "break"
    state.timer = START_SECONDS * state.tick_rate
    state.to_release = 0
    state.release_timer = 0
    state.zombies = []
    for index, player in enumerate(state.players.values()):
        player.x, player.y = _spawn_point(grid, index)
        player.hp = HEALTH
        player.down = False
        player.revive = 0
        player.kills = player.waves = player.damage = 0
        player.cooldown = 0
        player.since = state.tick


def _spawn_point(grid: TileMap, index: int) -> tuple[int, int]:
    """Where the `index`-th player starts: the map's player spawns in turn (with none, the
    walkable tile nearest the middle of the map)."""
    spawns = grid.player_spawns
    if spawns:
        return _clear_point(grid, *spawns[index % len(spawns)])
    tiles = _walkable(grid)
    if not tiles:
        raise ValueError(f"map {grid.name!r} has no walkable tile")
    cx, cy = grid.width * TILE // 2, grid.height * TILE // 2
    return min(tiles, key=lambda point: (abs(point[0] - cx) + abs(point[1] - cy), point))


def _clear_point(grid: TileMap, x: int, y: int) -> tuple[int, int]:
    """(x, y) when a box there touches no wall; else the centre of its tile (a spawn drawn
    close to a wall must not put anyone inside it)."""
    if box_clear(grid, x, y, max(PLAYER_HALF, ZOMBIE_HALF)):
        return (x, y)
    return ((x // TILE) * TILE + TILE // 2, (y // TILE) * TILE + TILE // 2)


def _walkable(grid: TileMap) -> list[tuple[int, int]]:
    """The centres of every walkable tile, row by row."""
    half = TILE // 2
    return [
        (col * TILE + half, row * TILE + half)
        for row in range(grid.height)
        for col in range(grid.width)
        if not grid.solid[row * grid.width + col]
    ]


def _zombie_places(grid: TileMap, state: State) -> list[tuple[int, int]]:
    """Where zombies may come out: the map's zombie spawns (or, with none, every walkable
    tile), keeping only those out of every player's view when any are."""
    places = list(grid.zombie_spawns) or _walkable(grid)
    half_w, half_h = VIEW[0] // 2, VIEW[1] // 2
    seen = [(player.x // TILE, player.y // TILE) for player in state.players.values()]
    hidden = [
        (x, y)
        for x, y in places
        if not any(
            abs(x // TILE - col) <= half_w and abs(y // TILE - row) <= half_h for col, row in seen
        )
    ]
    return hidden or places


def _shoot(grid: TileMap, state: State, player: Player, seen: int, events: list[Event]) -> bool:
    """Fire `player`'s gun: a ray to the first wall within range, hitting the nearest zombie
    it crosses where the zombies stood in the world the player saw (`seen`, clamped to the
    last `rewind_ticks` ticks). Returns whether a zombie died."""
    x1, y1 = player.x, player.y
    x2, y2 = ray(grid, x1, y1, player.aim, SHOT_RANGE)
    positions = _frame(state, seen)
    lo_x, hi_x = min(x1, x2) - ZOMBIE_HALF, max(x1, x2) + ZOMBIE_HALF
    lo_y, hi_y = min(y1, y2) - ZOMBIE_HALF, max(y1, y2) + ZOMBIE_HALF
    alive = {zombie.id: zombie for zombie in state.zombies if zombie.hp > 0}
    best: Zombie | None = None
    best_t = (1, 1)
    for k in range(0, len(positions), 3):
        zid, zx, zy = positions[k], positions[k + 1], positions[k + 2]
        if not (lo_x <= zx <= hi_x and lo_y <= zy <= hi_y):
            continue
        target = alive.get(zid)
        if target is None:
            continue
        t = segment_box(x1, y1, x2, y2, zx, zy, ZOMBIE_HALF)
        if t is None:
            continue
        if best is None or t[0] * best_t[1] < best_t[0] * t[1]:
            best, best_t = target, t
    if best is None:
        events.append(Shot(player.id, x1, y1, x2, y2, None))
        return False
    num, den = best_t
    hx, hy = x1 + (x2 - x1) * num // den, y1 + (y2 - y1) * num // den
    events.append(Shot(player.id, x1, y1, hx, hy, best.id))
    best.hp -= SHOT_DAMAGE
    if best.hp > 0:
        return False
    player.kills += 1
    events.append(ZombieKilled(player.id, best.id))
    return True


def _frame(state: State, seen: int) -> tuple[int, ...]:
    """The zombies' flat positions (id, x, y, ...) of the world at tick `seen`, clamped to the
    ticks kept; the newest frame is the world the tick started from."""
    history = state.history
    newest = history[-1][0]
    seen = max(newest - state.rewind_ticks, min(seen, newest))
    index = seen - history[0][0]
    if 0 <= index < len(history) and history[index][0] == seen:
        return history[index][1]
    for tick, flat in history:  # a gap in the ticks kept (never in a running game)
        if tick >= seen:
            return flat
    return history[-1][1]


def _buckets(crowd: list[Zombie], width: int) -> dict[int, list[Zombie]]:
    buckets: dict[int, list[Zombie]] = {}
    for zombie in crowd:
        key = (zombie.y // TILE) * width + zombie.x // TILE
        bucket = buckets.get(key)
        if bucket is None:
            buckets[key] = [zombie]
        else:
            bucket.append(zombie)
    return buckets


# The tiles after a tile whose zombies a tile's zombies are compared with: each neighbouring
# pair of tiles once (E, SW, S, SE), plus the tile itself.
_FORWARD = ((1, 0), (-1, 1), (0, 1), (1, 1))


def _pushes(grid: TileMap, crowd: list[Zombie]) -> dict[int, tuple[int, int]]:
    """How far each overlapping zombie is pushed this tick, by id: apart along the axis a pair
    overlaps least, half each, at most `MAX_PUSH` on an axis; exactly stacked ones part along
    x by id. Only zombies in the same or neighbouring tiles are compared (each pair of tiles
    once, see `_FORWARD`)."""
    width = grid.width
    buckets = _buckets(crowd, width)
    size = 2 * ZOMBIE_HALF
    pairs: list[tuple[Zombie, Zombie, int, int]] = []
    add = pairs.append
    for key, bucket in buckets.items():
        count = len(bucket)
        for i in range(count - 1):
            a = bucket[i]
            ax, ay = a.x, a.y
            for j in range(i + 1, count):
                b = bucket[j]
                dx = b.x - ax
                if -size < dx < size:
                    dy = b.y - ay
                    if -size < dy < size:
                        add((a, b, dx, dy))
        col, row = key % width, key // width
        for dc, dr in _FORWARD:
            c = col + dc
            if c < 0 or c >= width:
                continue
            others = buckets.get((row + dr) * width + c)
            if others is None:
                continue
            for a in bucket:
                ax, ay = a.x, a.y
                for b in others:
                    dx = b.x - ax
                    if -size < dx < size:
                        dy = b.y - ay
                        if -size < dy < size:
                            add((a, b, dx, dy))
    pushes: dict[int, list[int]] = {}
    for a, b, dx, dy in pairs:
        ox, oy = size - abs(dx), size - abs(dy)
        if ox <= oy:
            amount = min(ox, MAX_PUSH) // 2 + 1
            sign = 1 if dx > 0 or (dx == 0 and b.id > a.id) else -1
            px, py = sign * amount, 0
        else:
            amount = min(oy, MAX_PUSH) // 2 + 1
            px, py = 0, (1 if dy > 0 else -1) * amount
        pa = pushes.setdefault(a.id, [0, 0])
        pa[0] -= px
        pa[1] -= py
        pb = pushes.setdefault(b.id, [0, 0])
        pb[0] += px
        pb[1] += py
    limit = MAX_PUSH
    return {
        zid: (max(-limit, min(limit, px)), max(-limit, min(limit, py)))
        for zid, (px, py) in pushes.items()
    }
