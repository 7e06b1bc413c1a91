"""What a client holds of the zombies after each frame, read the way the browser module
(frames.js) reads them: snapshots and whole lists replace, a delta's moves start from the
area's previous frame. Tests use it to check the server's deltas against its snapshots."""

from __future__ import annotations

from typing import Any

from kogame.games.zombies.codec import GONE, MOVE_REACH, MOVE_SPAN, MOVES
from kogame.games.zombies.rules import zombie_health
from kogame.games.zombies.tilemap import TILE_PX
from kogame.games.zombies.views import REGION

Zombies = dict[int, tuple[int, int, int]]  # id: (x, y, hp), in px


class NotForThis(Exception):
    """A delta that does not follow the frame held (another area, or a tick missed)."""


class Seen:
    def __init__(self, map_width: int) -> None:
        self.across = -(-map_width // REGION)
        self.px = TILE_PX * REGION
        self.tick = -1
        self.area: list[int] | None = None
        self.zombies: Zombies = {}

    def read(self, msg: dict[str, Any]) -> None:
        """Take a snapshot or a delta; NotForThis when a delta cannot be applied."""
        full = zombie_health(msg["wave"])
        if "z" in msg:
            flat = msg["z"]
            zombies = {flat[i]: (flat[i + 1], flat[i + 2], full) for i in range(0, len(flat), 3)}
        else:
            if msg["a"] != self.area:
                raise NotForThis(f"frame of {msg['a']}, holding {self.area}")
            if msg["tick"] != self.tick + 1:
                raise NotForThis(f"tick {msg['tick']} after {self.tick}")
            zombies = self._moved(msg["zm"], msg["a"], full)
            flat = msg["zn"]
            for i in range(0, len(flat), 3):
                zombies[flat[i]] = (flat[i + 1], flat[i + 2], full)
        hurt = msg["zh"]
        for i in range(0, len(hurt), 2):
            if hurt[i] in zombies:
                x, y, _ = zombies[hurt[i]]
                zombies[hurt[i]] = (x, y, hurt[i + 1])
        self.zombies, self.tick, self.area = zombies, msg["tick"], msg.get("a")

    def ids(self) -> set[int]:
        return set(self.zombies)

    def _moved(self, codes: str, rect: list[int], full: int) -> Zombies:
        first, last, top, bottom = rect

        def order(item: tuple[int, tuple[int, int, int]]) -> tuple[int, int]:
            zid, (x, y, _) = item
            return ((y // self.px) * self.across + x // self.px, zid)

        held = sorted(self.zombies.items(), key=order)
        assert len(held) == len(codes), f"{len(codes)} moves for {len(held)} zombies held"
        zombies: Zombies = {}
        for (zid, (x, y, _)), code in zip(held, codes, strict=True):
            if code == GONE:
                continue
            step = MOVES.index(code)
            x += step % MOVE_SPAN - MOVE_REACH
            y += step // MOVE_SPAN - MOVE_REACH
            if first <= x // self.px <= last and top <= y // self.px <= bottom:
                zombies[zid] = (x, y, full)
        return zombies
