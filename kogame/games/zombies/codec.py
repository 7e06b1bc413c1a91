"""Zombies state as protocol data: each area's frame, the whole map's, and a player's part.

A snapshot is whole for its area: the players and zombies whose centres lie in the area's
regions, and the shots fired in it this tick. Positions go out in pixels; a player's own exact
position (in units, for prediction) goes only in their part. Zombies are most of a frame, so
each is three numbers (id, x, y); the few that are hurt are listed again with their health
(`zh`), the others have the wave's full health.

A tick's frame (a delta) lists the players, shots and hurt zombies whole too, but says where
the zombies went rather than where they are (docs/zombies.md, "Zombie moves"): the zombies the
area held last tick, in a fixed order (by the region they were in, then id), each get one
character, their step in pixels (up to `MOVE_REACH` each way) or `GONE`; the zombies that
came into the area's regions (or jumped further) are listed whole (`zn`). A client holding
the area's previous tick replays the moves and drops what left the area's regions (`a`, the
regions' rectangle, says which). One character for a zombie instead of a dozen is what keeps
a frame near half a kilobyte with a hundred zombies in view.

Entities are sorted into regions once per tick (`Regions`); an area's frame is put together
from its regions' lists, so building the frames of every area in use costs the entities
once plus a few list joins per area, never areas times entities.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, TypeVar

from kogame.games.zombies.events import (
    Downed,
    Event,
    GameOver,
    Joined,
    Left,
    NewGame,
    Revived,
    Shot,
    WaveCleared,
    ZombieKilled,
)
from kogame.games.zombies.rules import revive_percent, zombie_health
from kogame.games.zombies.state import State
from kogame.games.zombies.tilemap import SUB, TILE, TileMap
from kogame.games.zombies.views import REGION, WHOLE_MAP, window

Message = dict[str, Any]
# Events that change the scoreboard (kills, waves, who is down, who is in).
_BOARD_NEWS = (Joined, Left, ZombieKilled, Downed, Revived, WaveCleared, NewGame, GameOver)
# A zombie's step in a tick, dx and dy in -MOVE_REACH..MOVE_REACH pixels, is the character
# MOVES[(dy + MOVE_REACH) * MOVE_SPAN + dx + MOVE_REACH]; none of them needs escaping in JSON.
MOVE_REACH = 4
MOVE_SPAN = 2 * MOVE_REACH + 1
MOVES = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz!#$%&()*+-./:;<=>?@"
GONE = "_"  # died, or left by a longer step (then listed whole where it is now)
assert len(MOVES) == MOVE_SPAN * MOVE_SPAN and GONE not in MOVES

_T = TypeVar("_T")
Rect = tuple[int, int, int, int]  # first, last region across; top, bottom region down
# A step (dx, dy) in px to its character.
_CODES = {
    (i % MOVE_SPAN - MOVE_REACH, i // MOVE_SPAN - MOVE_REACH): ch for i, ch in enumerate(MOVES)
}


class Regions:
    """One tick's entities and shots, sorted by the region their centre (or start) is in:
    each region's players' rows, zombies (flat), hurt zombies' health (flat) and shots, so an
    area is a few list joins per region. With the previous tick's positions
    (`state.history`), also each region's moves (a character for each zombie that was in it,
    by id) and arrivals: zombies in it now that came from another region (`came`, that
    region) or from nowhere (-1: new, or jumped)."""

    def __init__(
        self, tilemap: TileMap, state: State, events: Sequence[Event], moves: bool = True
    ) -> None:
        self.across = across = -(-tilemap.width // REGION)
        span = TILE * REGION
        self.players: defaultdict[int, list[Any]] = defaultdict(list)
        self.zombies: defaultdict[int, list[int]] = defaultdict(list)
        self.hurt: defaultdict[int, list[int]] = defaultdict(list)
        self.shots: defaultdict[int, list[Any]] = defaultdict(list)
        self.codes: defaultdict[int, list[str]] = defaultdict(list)
        self.arrivals: defaultdict[int, list[tuple[int, int, int, int]]] = defaultdict(list)
        self.moves: dict[int, str] = {}  # each region's characters, joined
        for p in state.players.values():
            revive = revive_percent(state, p) if p.down else 0
            row = [p.id, p.x // SUB, p.y // SUB, p.aim, p.hp, int(p.down), p.kills, revive]
            self.players[(p.y // span) * across + p.x // span].append(row)
        for e in events:
            if isinstance(e, Shot):
                line = [e.x1 // SUB, e.y1 // SUB, e.x2 // SUB, e.y2 // SUB, int(e.hit is not None)]
                self.shots[(e.y1 // span) * across + e.x1 // span].append(line)
        full = zombie_health(state.wave)
        zombies, hurt = self.zombies, self.hurt
        now: dict[int, tuple[int, int, int]] = {}
        for z in state.zombies:
            key = (z.y // span) * across + z.x // span
            x, y = z.x // SUB, z.y // SUB
            zombies[key] += (z.id, x, y)
            if z.hp != full:
                hurt[key] += (z.id, z.hp)
            now[z.id] = (x, y, key)
        history = state.history
        self.has_moves = moves and len(history) >= 2 and history[-2][0] == state.tick - 1
        if self.has_moves:
            self._moves(history[-2][1], now, span)

    def _moves(
        self, before: Sequence[int], now: dict[int, tuple[int, int, int]], span: int
    ) -> None:
        """Each region's moves since `before` (id, x, y flat, in units) and its arrivals."""
        across = self.across
        codes, arrivals, step = self.codes, self.arrivals, _CODES
        order: Sequence[int] = range(0, len(before), 3)
        ids = list(before[0::3])
        if ids != sorted(ids):  # kept by id in a game; a save is data
            order = sorted(order, key=before.__getitem__)
        for i in order:
            zid, ux, uy = before[i], before[i + 1], before[i + 2]
            came = (uy // span) * across + ux // span
            found = now.pop(zid, None)
            if found is None:
                codes[came].append(GONE)
                continue
            x, y, key = found
            code = step.get((x - ux // SUB, y - uy // SUB))
            if code is None:
                codes[came].append(GONE)
                arrivals[key].append((zid, x, y, -1))
                continue
            codes[came].append(code)
            if came != key:
                arrivals[key].append((zid, x, y, came))
        for zid, (x, y, key) in now.items():  # new this tick
            arrivals[key].append((zid, x, y, -1))
        self.moves = {key: "".join(chars) for key, chars in codes.items()}

    def rect(self, area: str, tilemap: TileMap) -> Rect:
        c0, r0, c1, r1 = window(tilemap, area)
        return (c0 // REGION, (c1 - 1) // REGION, r0 // REGION, (r1 - 1) // REGION)

    def gather(self, rect: Rect, whole: bool) -> Message:
        """The entities of the regions in `rect`; the zombies whole (`z`), or as moves and
        arrivals when not `whole` and the previous tick's positions are known. Zombies and
        their moves fill most regions and are joined region by region, in order; players,
        shots, hurt zombies and arrivals are in a few regions, which are tested instead."""
        first, last, top, bottom = rect
        across = self.across

        def some(cells: dict[int, list[_T]]) -> list[_T]:
            return [
                item
                for key, items in cells.items()
                if first <= key % across <= last and top <= key // across <= bottom
                for item in items
            ]

        frame: Message = {
            "a": list(rect),
            "p": some(self.players),
            "zh": some(self.hurt),
            "s": some(self.shots),
        }
        keys = _keys(rect, across)
        if whole or not self.has_moves:
            zombies = self.zombies
            frame["z"] = [v for key in keys if key in zombies for v in zombies[key]]
            return frame
        moves = self.moves
        frame["zm"] = "".join([moves[key] for key in keys if key in moves])
        arrived: list[int] = []
        for zid, x, y, came in some(self.arrivals):
            if came < 0 or not (first <= came % across <= last and top <= came // across <= bottom):
                arrived += (zid, x, y)
        frame["zn"] = arrived
        return frame


@functools.cache
def _keys(rect: Rect, across: int) -> tuple[int, ...]:
    """The regions of `rect`, row by row (a map has a few hundred possible rectangles)."""
    first, last, top, bottom = rect
    return tuple(
        key
        for row in range(top, bottom + 1)
        for key in range(row * across + first, row * across + last + 1)
    )


class AreaFrames(Mapping[str, Message]):
    """A tick's frame of every area, each made the first time it is asked for: the platform
    asks only for the areas someone is looking at."""

    def __init__(self, tilemap: TileMap, state: State, events: Sequence[Event]) -> None:
        self.tilemap, self.state, self.events = tilemap, state, events
        self.regions = Regions(tilemap, state, events)
        self.common = common(state)
        if any(isinstance(e, _BOARD_NEWS) for e in events):
            self.common["board"] = board(state)
            names = {e.player: e.name for e in events if isinstance(e, Joined)}
            if names:
                self.common["names"] = names
        self.made: dict[str, Message] = {}

    def __getitem__(self, area: str) -> Message:
        frame = self.made.get(area)
        if frame is None:
            rect = self.regions.rect(area, self.tilemap)
            frame = self.made[area] = self.regions.gather(rect, whole=False) | self.common
        return frame

    def __iter__(self) -> Iterator[str]:
        return iter(self.made)

    def __len__(self) -> int:
        return len(self.made)


def common(state: State) -> Message:
    """What every area's frame says about the game as a whole."""
    return {
        "tick": state.tick,
        "wave": state.wave,
        "phase": state.phase,
        "left": state.zombies_left(),
        "timer": state.timer,
    }


def board(state: State) -> list[list[int | str]]:
    """Every player's scoreboard row, wherever they are: id, kills, waves, down."""
    return [[p.id, p.kills, p.waves, int(p.down)] for p in state.players.values()]


def snapshot(tilemap: TileMap, state: State, area: str = WHOLE_MAP) -> Message:
    """An area's whole frame, with every player's name and scoreboard row."""
    regions = Regions(tilemap, state, (), moves=False)
    frame = regions.gather(regions.rect(area, tilemap), whole=True) | common(state)
    names = {p.id: p.name for p in state.players.values()}
    return frame | {"board": board(state), "names": names}


def private(state: State) -> dict[str, Message]:
    """Each person's own part: the last input applied and where it left them, exactly."""
    return {
        p.id: {"ack": p.ack, "x": p.x, "y": p.y, "hp": p.hp, "down": int(p.down), "cd": p.cooldown}
        for p in state.players.values()
        if not p.bot
    }
