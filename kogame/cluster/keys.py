"""Names of everything distributed mode keeps in Redis and on the channel layer, in one place."""

from __future__ import annotations

PREFIX = "kogame"
# Rooms that web processes have clients in: a sorted set of "game/room" scored by the time
# (ms) until which the entry holds; web processes keep refreshing theirs.
WANTED = f"{PREFIX}:rooms:wanted"
# Live figures of every owned room, for the lobby: a hash of "game/room" -> JSON.
STATS = f"{PREFIX}:rooms:stats"
# Every lease event (acquired, renewed, released, lost) with Redis's own clock, for audits.
LEASE_LOG = f"{PREFIX}:lease-log"


def room_key(game: str, room: str) -> str:
    return f"{game}/{room}"


def lease(game: str, room: str) -> str:
    return f"{PREFIX}:lease:{game}/{room}"


def snapshot(game: str, room: str) -> str:
    return f"{PREFIX}:snapshot:{game}/{room}"


def web_alive(channel: str) -> str:
    return f"{PREFIX}:web:{channel}"


def room_mailbox(game: str, room: str) -> str:
    """The list where a room's owner receives its clients' calls (kogame/cluster/mailbox.py;
    a queue: if the owner changes, what was sent meanwhile waits for the next one)."""
    return f"{PREFIX}:mail:room:{game}/{room}"


def web_mailbox(channel: str) -> str:
    """The list where a web process receives messages for its clients; `channel` is the
    process's channel, as its attaches name it."""
    return f"{PREFIX}:mail:web:{channel}"


def frames_group(game: str, room: str) -> str:
    """Web processes with clients in the room: each gets owner changes (`Owner`) once, and
    every frame too with KOGAME_FRAMES_VIA=layer."""
    return f"kogame.frames.{game}.{room}"


def frames_channel(room_key: str) -> str:
    """The Redis pub/sub channel a room's owner publishes each tick's frame on
    (kogame/cluster/framebus.py); `room_key` is `room_key(game, room)`."""
    return f"{PREFIX}:frames:{room_key}"
