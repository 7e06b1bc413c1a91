"""Zombies' whole state as bytes, so a room outlives its process (see Snek's persist.py).

Everything that shapes the future is kept: the random generator's state, every player's
credit, cooldown and ack, every zombie's bite cooldown and speed, the release timer and the
zombie positions kept for judging shots. The map is not: `load_state` is given it (rooms name
it by `map_name`, which must match). The navigation cache is not either: it is a function of
the map and the players, rebuilt on the next step.

The format is JSON (orjson), never pickle: the bytes come from a shared store, and loading them
must not be able to run anything. One object, version `VERSION`:

- `version`, `map`, `tick_rate`, `tick`, `wave`, `phase`, `timer`, `to_release`,
  `release_timer`, `next_zombie`: as in `State` (`map` is `map_name`).
- `options`: [bots, max_players].
- `rng`: `random.Random.getstate()`: [version, [625 ints], gauss_next or null].
- `players`: in order, each [id, name, x, y, aim, hp, down, revive, kills, waves, damage,
  ack, credit, cooldown, since, bot].
- `zombies`: flat, in order: id, x, y, hp, bite, speed for each.
- `history`: oldest first, each [tick, [id, x, y, ...]].

`load_state` checks everything and raises ValueError for data it cannot restore exactly.
"""

from __future__ import annotations

from collections import deque

import orjson

from kogame.engine import saved
from kogame.games.zombies.state import PHASES, Frame, Options, Phase, Player, State, Zombie
from kogame.games.zombies.tilemap import TILE, TileMap

VERSION = 1

_TOP = (
    "version", "map", "options", "tick_rate", "tick", "wave", "phase", "timer", "to_release",
    "release_timer", "next_zombie", "rng", "players", "zombies", "history", "following",
)  # fmt: skip
_PLAYER_FIELDS = 16
_ZOMBIE_FIELDS = 6


def save_state(state: State) -> bytes:
    """The whole state as bytes for `load_state`; reads the state without changing it."""
    document = {
        "version": VERSION,
        "map": state.map_name,
        "options": [state.options.bots, state.options.max_players],
        "tick_rate": state.tick_rate,
        "tick": state.tick,
        "wave": state.wave,
        "phase": state.phase,
        "timer": state.timer,
        "to_release": state.to_release,
        "release_timer": state.release_timer,
        "next_zombie": state.next_zombie,
        "rng": state.rng.getstate(),
        "players": [
            [
                p.id,
                p.name,
                p.x,
                p.y,
                p.aim,
                p.hp,
                p.down,
                p.revive,
                p.kills,
                p.waves,
                p.damage,
                p.ack,
                p.credit,
                p.cooldown,
                p.since,
                p.bot,
            ]
            for p in state.players.values()
        ],
        "zombies": [
            value for z in state.zombies for value in (z.id, z.x, z.y, z.hp, z.bite, z.speed)
        ],
        "history": [[tick, list(flat)] for tick, flat in state.history],
        "following": state.following,
    }
    return orjson.dumps(document)


def load_state(data: bytes, grid: TileMap) -> State:
    """The state `save_state` wrote, on `grid` (the map it names); ValueError when `data` is
    not one this version can restore."""
    try:
        document = orjson.loads(data)
    except orjson.JSONDecodeError as error:
        raise ValueError(f"saved Zombies state is not JSON: {error}") from error
    version = document.get("version") if isinstance(document, dict) else None
    if type(version) is not int or version != VERSION:
        raise ValueError(f"saved Zombies state has format version {version!r}, not {VERSION}")
    (_, map_name, options, tick_rate, tick, wave, phase, timer, to_release, release_timer,
     next_zombie, rng, players, zombies, history, following) = saved.record(
        document, _TOP, "state"
    )  # fmt: skip
    if saved.typed(map_name, str, "map") != grid.name:
        raise ValueError(f"saved state is on map {map_name!r}, not {grid.name!r}")
    bots, max_players = saved.ints(saved.items(options, 2, "options"), "options")
    tick_rate = saved.typed(tick_rate, int, "tick_rate")
    if tick_rate < 5:
        raise ValueError("tick_rate must be at least 5")
    if phase not in PHASES:
        raise ValueError(f"phase {phase!r} is not one of {', '.join(PHASES)}")
    next_zombie = saved.typed(next_zombie, int, "next_zombie")
    state = State(
        map_name=map_name,
        options=Options(bots, max_players),
        tick_rate=tick_rate,
        rng=saved.generator(rng),
        tick=saved.typed(tick, int, "tick"),
        wave=saved.typed(wave, int, "wave"),
        phase=_phase(phase),
        timer=saved.typed(timer, int, "timer"),
        to_release=saved.typed(to_release, int, "to_release"),
        release_timer=saved.typed(release_timer, int, "release_timer"),
        next_zombie=next_zombie,
        players=_players(players, grid),
        zombies=_zombies(zombies, grid, next_zombie),
        history=_history(history),
        following=_following(following),
    )
    return state


def _phase(value: str) -> Phase:
    for phase in PHASES:
        if phase == value:
            return phase
    raise ValueError(f"unknown phase {value!r}")


def _players(value: object, grid: TileMap) -> dict[str, Player]:
    players: dict[str, Player] = {}
    for item in saved.typed(value, list, "players"):
        (pid, name, x, y, aim, hp, down, revive, kills, waves, damage, ack, credit, cooldown,
         since, bot) = saved.items(item, _PLAYER_FIELDS, "player")  # fmt: skip
        player = Player(
            saved.typed(pid, str, "player id"),
            saved.typed(name, str, "player name"),
            x=saved.typed(x, int, "x"),
            y=saved.typed(y, int, "y"),
            aim=saved.typed(aim, int, "aim"),
            hp=saved.typed(hp, int, "hp"),
            down=saved.typed(down, bool, "down"),
            revive=saved.typed(revive, int, "revive"),
            kills=saved.typed(kills, int, "kills"),
            waves=saved.typed(waves, int, "waves"),
            damage=saved.typed(damage, int, "damage"),
            ack=saved.typed(ack, int, "ack"),
            credit=saved.typed(credit, int, "credit"),
            cooldown=saved.typed(cooldown, int, "cooldown"),
            since=saved.typed(since, int, "since"),
            bot=saved.typed(bot, bool, "bot"),
        )
        if player.id in players:
            raise ValueError(f"player {player.id!r} is listed twice")
        if not 0 <= player.aim < 4096:
            raise ValueError(f"player {player.id!r}: aim {player.aim} is not 0..4095")
        _on_map(grid, player.x, player.y, f"player {player.id!r}")
        players[player.id] = player
    return players


def _zombies(value: object, grid: TileMap, next_zombie: int) -> list[Zombie]:
    flat = saved.ints(value, "zombies")
    if len(flat) % _ZOMBIE_FIELDS:
        raise ValueError(f"zombies: expected {_ZOMBIE_FIELDS} numbers for each")
    zombies: list[Zombie] = []
    seen: set[int] = set()
    for k in range(0, len(flat), _ZOMBIE_FIELDS):
        zombie = Zombie(*flat[k : k + _ZOMBIE_FIELDS])
        if zombie.id in seen or not 0 < zombie.id < next_zombie or zombie.hp <= 0:
            raise ValueError(f"zombie {zombie.id}: id taken or not below next_zombie, or dead")
        _on_map(grid, zombie.x, zombie.y, f"zombie {zombie.id}")
        seen.add(zombie.id)
        zombies.append(zombie)
    return zombies


def _following(value: object) -> dict[str, str]:
    following = saved.typed(value, dict, "following")
    for watcher, target in following.items():
        saved.typed(target, str, f"following of {watcher!r}")
    return following


def _history(value: object) -> deque[Frame]:
    history: deque[Frame] = deque()
    for item in saved.typed(value, list, "history"):
        tick, flat = saved.items(item, 2, "history frame")
        positions = saved.ints(flat, "history positions")
        if len(positions) % 3:
            raise ValueError("history positions: expected id, x, y for each zombie")
        history.append((saved.typed(tick, int, "history tick"), tuple(positions)))
    if not history:
        raise ValueError("history: at least the current tick's frame is needed")
    ticks = [tick for tick, _ in history]
    if ticks != list(range(ticks[0], ticks[0] + len(ticks))):
        raise ValueError("history: frames must be consecutive ticks")
    return history


def _on_map(grid: TileMap, x: int, y: int, what: str) -> None:
    if not (0 <= x < grid.width * TILE and 0 <= y < grid.height * TILE):
        raise ValueError(f"{what} is off the map")
