"""Zombies state as protocol data: each area's frame, the whole map's, and a player's part.

Every frame is whole for its area (docs/zombies.md): the players and zombies whose centres
lie in the area's window, and the shots fired in it this tick; the client replaces what it
holds, so an entity that leaves the view simply stops being listed. Positions go out in
pixels; a player's own exact position (in units, for prediction) goes only in their part.
Zombies are most of a frame, so each is three numbers (id, x, y); the few that are hurt are
listed again with their health (`zh`), the others have the wave's full health.

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


class Regions:
    """One tick's entities and shots, sorted by the region their centre (or start) is in:
    for each region that holds anything, its players' rows, its zombies (flat), its hurt
    zombies' health (flat) and its shots, so an area is a few list joins per region."""

    def __init__(self, tilemap: TileMap, state: State, events: Sequence[Event]) -> None:
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

    def gather(self, first: int, last: int, top: int, bottom: int) -> Message:
        """The entities of the regions first..last across, top..bottom down (inclusive)."""
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
        return {"p": players, "z": zombies, "zh": hurt, "s": shots}


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
            frame = self.made[area] = area_frame(self.tilemap, self.regions, area) | self.common
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


def area_frame(tilemap: TileMap, regions: Regions, area: str) -> Message:
    c0, r0, c1, r1 = window(tilemap, area)
    return regions.gather(c0 // REGION, (c1 - 1) // REGION, r0 // REGION, (r1 - 1) // REGION)


def snapshot(tilemap: TileMap, state: State, area: str = WHOLE_MAP) -> Message:
    """An area's whole frame, with every player's name and scoreboard row."""
    frame = area_frame(tilemap, Regions(tilemap, state, ()), area) | common(state)
    names = {p.id: p.name for p in state.players.values()}
    return frame | {"board": board(state), "names": names}


def private(state: State) -> dict[str, Message]:
    """Each person's own part: the last input applied and where it left them, exactly."""
    return {
        p.id: {"ack": p.ack, "x": p.x, "y": p.y, "hp": p.hp, "down": int(p.down), "cd": p.cooldown}
        for p in state.players.values()
        if not p.bot
    }
