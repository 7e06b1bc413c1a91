"""What the WebSocket edge needs of a room, wherever the room runs.

In the embedded host the handle is the `Room` itself. In distributed mode it is a relay in
the web process that forwards each call to the room's owner, an engine worker, over the
channel layer (kogame/cluster/relay.py). The consumer cannot tell the difference.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from kogame.engine.room import Connection


class RoomHandle(Protocol):
    @property
    def ticks(self) -> int:
        """The last tick this process knows the room reached (for `pong`)."""

    def attach(self, conn: Connection) -> None: ...

    def detach(self, conn: Connection) -> None: ...

    def join(self, player: str, name: str, colour: str | None = None) -> None: ...

    def spectate(self, player: str) -> None: ...

    def say(self, player: str, text: str) -> None: ...

    def act(self, player: str, fields: Mapping[str, Any]) -> None:
        """Raises InputError at once when the game refuses the message."""

    def sync(self, conn: Connection) -> None: ...

    def resync_texts(self, player: str) -> list[str]:
        """What replaces the dropped frames of `player`'s slow connection ([]: it will ask
        with `sync`)."""
