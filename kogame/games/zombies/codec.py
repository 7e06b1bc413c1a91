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

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

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

Rect = tuple[int, int, int, int]  # first, last region across; top, bottom region down


class Regions:
    """One tick's entities and shots, sorted by the region their centre (or start) is in:
    for each region that holds anything, its players' rows, its zombies (flat), its hurt
    zombies' health (flat) and its shots, so an area is a few list joins per region.

    With the previous tick's positions (`state.history`), also each region's moves (one
    character a zombie that was in it, by id) and the zombies that are in it now but may be
    new to an area: those that came from another region, jumped or were not there before."""

    def __init__(
        self, tilemap: TileMap, state: State, events: Sequence[Event], moves: bool = True
    ) -> None:
        self.across = across = -(-tilemap.width // REGION)
        span = TILE * REGION
        cells: dict[int, tuple[list[Any], list[int], list[int], list[Any]]] = {}

        def cell(x: int, y: int) -> tuple[list[Any], list[int], list[int], list[Any]]:
            key = (y // span) * across + x // span
            found = cells.get(key)
            if found is None:
                found = cells[key] = ([], [], [], [])
            return found

        for p in state.players.values():
            revive = revive_percent(state, p) if p.down else 0
            row = [p.id, p.x // SUB, p.y // SUB, p.aim, p.hp, int(p.down), p.kills, revive]
            cell(p.x, p.y)[0].append(row)
        full = zombie_health(state.wave)
        for z in state.zombies:
            here = cell(z.x, z.y)
            here[1].extend((z.id, z.x // SUB, z.y // SUB))
            if z.hp != full:
                here[2].extend((z.id, z.hp))
        for e in events:
            if isinstance(e, Shot):
                line = [e.x1 // SUB, e.y1 // SUB, e.x2 // SUB, e.y2 // SUB, int(e.hit is not None)]
                cell(e.x1, e.y1)[3].append(line)
        self.cells = cells
        self.moves: dict[int, list[str]] | None = None
        self.arrivals: dict[int, list[tuple[int, int, int, int]]] = {}
        history = state.history
        if moves and len(history) >= 2 and history[-2][0] == state.tick - 1:
            self._moves(state, history[-2][1], span)

    def _moves(self, state: State, before: Sequence[int], span: int) -> None:
        """Each region's moves since `before` (id, x, y flat, in units), and its arrivals:
        (id, x, y, region it came from, or -1 when new or jumped)."""
        across = self.across
        now = {z.id: z for z in state.zombies}
        moves: dict[int, list[str]] = {}
        came_from: dict[int, int] = {}
        for i in sorted(range(0, len(before), 3), key=before.__getitem__):
            zid, x, y = before[i], before[i + 1], before[i + 2]
            key = (y // span) * across + x // span
            code = GONE
            z = now.get(zid)
            if z is not None:
                dx, dy = z.x // SUB - x // SUB, z.y // SUB - y // SUB
                if -MOVE_REACH <= dx <= MOVE_REACH and -MOVE_REACH <= dy <= MOVE_REACH:
                    code = MOVES[(dy + MOVE_REACH) * MOVE_SPAN + dx + MOVE_REACH]
                    came_from[zid] = key
            found = moves.get(key)
            if found is None:
                moves[key] = [code]
            else:
                found.append(code)
        arrivals = self.arrivals
        for z in state.zombies:
            key = (z.y // span) * across + z.x // span
            origin = came_from.get(z.id, -1)
            if origin != key:
                arrivals.setdefault(key, []).append((z.id, z.x // SUB, z.y // SUB, origin))
        self.moves = moves

    def rect(self, area: str, tilemap: TileMap) -> Rect:
        c0, r0, c1, r1 = window(tilemap, area)
        return (c0 // REGION, (c1 - 1) // REGION, r0 // REGION, (r1 - 1) // REGION)

    def gather(self, rect: Rect, whole: bool) -> Message:
        """The entities of the regions in `rect`; the zombies whole (`z`), or as moves and
        arrivals when not `whole` and the previous tick's positions are known."""
        first, last, top, bottom = rect
        players: list[Any] = []
        zombies: list[int] = []
        hurt: list[int] = []
        shots: list[Any] = []
        get = self.cells.get
        for row in range(top, bottom + 1):
            start = row * self.across
            for key in range(start + first, start + last + 1):
                found = get(key)
                if found is not None:
                    players += found[0]
                    zombies += found[1]
                    hurt += found[2]
                    shots += found[3]
        frame: Message = {"a": list(rect), "p": players, "zh": hurt, "s": shots}
        if whole or self.moves is None:
            frame["z"] = zombies
            return frame
        frame["zm"], frame["zn"] = self._moved(rect)
        return frame

    def _moved(self, rect: Rect) -> tuple[str, list[int]]:
        first, last, top, bottom = rect
        across = self.across
        moves = self.moves
        assert moves is not None
        codes: list[str] = []
        arrived: list[int] = []
        get_moves, get_arrivals = moves.get, self.arrivals.get
        for row in range(top, bottom + 1):
            start = row * across
            for key in range(start + first, start + last + 1):
                here = get_moves(key)
                if here is not None:
                    codes += here
                news = get_arrivals(key)
                if news is not None:
                    for zid, x, y, origin in news:
                        if origin < 0 or not (
                            first <= origin % across <= last and top <= origin // across <= bottom
                        ):
                            arrived += (zid, x, y)
        return "".join(codes), arrived


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
