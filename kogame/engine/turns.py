"""A turn-based room's clock, without the event loop: who must move, who has, when it is due.

A turn ends when every mover (the game's `movers` when the turn began) has moved, or when
the move deadline passes, whichever comes first. With no movers (only bots, or nobody) it
ends at the deadline. Someone who becomes a mover during a turn (a join) counts from the
next one. A mover who gives their place up (watches instead, or leaves) is excused: the
turn stops waiting for them; one who only lost their connection (and may come back within
the grace period) holds it up no longer than the deadline. Times are the caller's clock in
seconds, so tests can drive it by hand.
"""

from __future__ import annotations

from collections.abc import Iterable


class Turn:
    """One turn: `move` notes a mover's move; the turn is due at `due()`."""

    def __init__(self, movers: Iterable[str], began: float, deadline_seconds: float) -> None:
        if deadline_seconds <= 0:
            raise ValueError("the move deadline must be positive")
        self.movers = frozenset(movers)
        self.began = began
        self.deadline = began + deadline_seconds
        self.moved: set[str] = set()
        # When the last mover moved; None while someone has yet to.
        self.completed_at: float | None = None

    def move(self, player: str, now: float) -> bool:
        """Note `player`'s move; True when it is the one that completes the turn."""
        if self.completed_at is not None or player not in self.movers or player in self.moved:
            return False
        self.moved.add(player)
        if self.moved == self.movers:
            self.completed_at = now
            return True
        return False

    def excuse(self, player: str, now: float) -> bool:
        """`player` no longer plays: the turn stops waiting for them. True when that leaves
        everyone else moved (the turn completes now); a turn left with no movers waits for
        its deadline, as one that began with none."""
        if self.completed_at is not None or player not in self.movers:
            return False
        self.movers = self.movers - {player}
        if self.movers and self.moved >= self.movers:
            self.completed_at = now
            return True
        return False

    def due(self) -> float:
        """When the turn ends: the last mover's move, or else the deadline."""
        return self.deadline if self.completed_at is None else min(self.completed_at, self.deadline)

    def ready(self, now: float) -> bool:
        return now >= self.due()

    def time_left(self, now: float) -> float:
        """Seconds until the turn is due (0 when it is)."""
        return max(0.0, self.due() - now)
