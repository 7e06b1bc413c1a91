"""Queued messages between the processes of distributed mode: one Redis list per recipient.

A room's owner reads its clients' calls (attach, join, inputs, ...) from the room's mailbox
(`keys.room_mailbox`), and a web process reads what the owner says to one of its clients
(welcomes, snapshots, closes) from its own (`keys.web_mailbox`). A list is a queue: what is
posted while a room has no owner waits for the next one, which is what failover needs.

Why not the channel layer: `RedisChannelLayer` pays about four round trips for each `send`
and each `receive` (a sorted set with an in-flight backup), on both sides, for every message.
Here a `Poster` sends everything queued since its last pass at once (per mailbox one small
Lua script: an `RPUSH` of all its messages, its cap and its expiry), and a reader takes
everything waiting with one `BLMPOP` (Redis 7.0 or later): a thousand arrivals cost a few
round trips, not thousands, and inputs at a hundred a second a few per tick.

Why a script rather than a pipeline of the three commands: most posts are one input to one
mailbox, and redis-py's client costs far more per pipeline than per command (about 175 µs
against 113 of a process's CPU per post, `python -m bench.redisclient`).

Messages are the typed messages of kogame/cluster/messages.py as JSON. A payload that is not
one is logged and skipped: it was already taken off the list, and the next is read at once.
"""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from redis.asyncio import Redis
from redis.exceptions import NoPermissionError, NoScriptError, RedisError

from kogame.cluster.messages import ClusterMessage, Malformed, from_json, to_json
from kogame.cluster.queued import Queued

log = logging.getLogger(__name__)

# A mailbox nobody reads is gone this long after its last message (a web process that died,
# a room no worker takes), as the channel layer's messages expired.
EXPIRY_MS = 30_000
# At most this many messages wait in one mailbox; beyond it the oldest are dropped.
CAPACITY = 10_000
# Messages waiting in a poster while Redis is slow or away; beyond it the oldest are dropped.
LIMIT = 10_000
# At most this many messages in one pipeline (a thousand snapshots are megabytes).
BATCH = 256
# One mailbox's messages in one command: appended, the oldest beyond the cap (ARGV[1])
# dropped, the expiry (ARGV[2], ms) renewed; returns the length before the cap.
_POST_SCRIPT = """
local length = redis.call('RPUSH', KEYS[1], unpack(ARGV, 3))
local capacity = tonumber(ARGV[1])
if length > capacity then redis.call('LTRIM', KEYS[1], -capacity, -1) end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return length
"""
_POST_SHA = hashlib.sha1(_POST_SCRIPT.encode()).hexdigest()
# BLMPOP came with Redis 7.0.
NEEDS_REDIS = (7, 0)
# What one read takes at most, and how long it waits for the first (then it reads again).
READ_COUNT = 1000
READ_SECONDS = 5.0


class Poster(Queued[tuple[str, bytes]]):
    """One process's outgoing messages, sent in the order they were posted by one task
    (kogame/cluster/queued.py), so that nothing posting them waits for Redis. While Redis is
    unreachable the messages wait (at most LIMIT, the oldest dropped beyond it) and are sent
    once it is back. A post that redis-py retries after losing its connection mid-reply may
    deliver its messages twice: owners ignore a repeated attach."""

    outage = (RedisError, OSError)

    def __init__(self, redis: Redis, limit: int = LIMIT) -> None:
        super().__init__("mail", limit, BATCH)
        self.redis = redis

    def post(self, mailbox: str, message: ClusterMessage) -> None:
        self.put((mailbox, to_json(message)))

    def failed(self, batch: list[tuple[str, bytes]]) -> None:
        self.put_back(batch)

    async def send_batch(self, batch: list[tuple[str, bytes]]) -> None:
        by_mailbox: dict[str, list[bytes]] = {}
        for mailbox, payload in batch:
            by_mailbox.setdefault(mailbox, []).append(payload)
        try:
            lengths = await self._post(by_mailbox)
        except NoScriptError:
            # Redis restarted (or flushed its scripts) since the script was last loaded. A
            # script Redis does not know ran nowhere, so the whole batch is sent again.
            await self.redis.script_load(_POST_SCRIPT)
            lengths = await self._post(by_mailbox)
        for mailbox, length in zip(by_mailbox, lengths, strict=True):
            if isinstance(length, int) and length > CAPACITY:
                self.dropped += length - CAPACITY
                log.warning("mail: %s is full; dropped its %d oldest", mailbox, length - CAPACITY)

    async def _post(self, by_mailbox: dict[str, list[bytes]]) -> list[Any]:
        """The script once per mailbox: alone as one command, or several in one pipeline
        (by its hash: redis-py's own script objects ask Redis whether it has them before
        every pipeline, a round trip more each time)."""
        if len(by_mailbox) == 1:
            [(mailbox, payloads)] = by_mailbox.items()
            return [await self.redis.evalsha(_POST_SHA, 1, mailbox, CAPACITY, EXPIRY_MS, *payloads)]
        pipe = self.redis.pipeline(transaction=False)
        for mailbox, payloads in by_mailbox.items():
            pipe.evalsha(_POST_SHA, 1, mailbox, CAPACITY, EXPIRY_MS, *payloads)
        return await pipe.execute()


async def check_redis(redis: Redis) -> None:
    """Refuse a Redis that cannot carry mailboxes, with a message that says why
    (RuntimeError): one older than 7.0 (no `BLMPOP`), or one whose ACL forbids the poster's
    script. A Redis that cannot be reached now is no reason to refuse (it is retried as ever).
    """
    try:
        info = await redis.info("server")
    except (RedisError, OSError):
        return
    version = str(info.get("redis_version", ""))
    found = tuple(int(part) for part in version.split(".")[:2] if part.isdigit())
    if found < NEEDS_REDIS:
        need = ".".join(map(str, NEEDS_REDIS))
        raise RuntimeError(f"distributed mode needs Redis {need} or later; this one is {version}")
    try:
        await redis.script_load(_POST_SCRIPT)
    except NoPermissionError as error:
        raise RuntimeError(
            "distributed mode needs Lua scripts (SCRIPT LOAD, EVALSHA) allowed for its Redis "
            f"user; this Redis refused ({error})"
        ) from None
    except (RedisError, OSError):
        return


async def receive(redis: Redis, mailbox: str, reader: str) -> list[ClusterMessage]:
    """Every message waiting in `mailbox` (up to READ_COUNT), after waiting for the first
    for at most READ_SECONDS (then none). Payloads that are not messages are logged (`reader`
    says whose mailbox it is) and skipped; Redis failures are raised."""
    popped = await redis.blmpop(READ_SECONDS, 1, mailbox, direction="LEFT", count=READ_COUNT)
    if not popped:
        return []
    messages: list[ClusterMessage] = []
    for payload in popped[1]:
        try:
            messages.append(from_json(payload))
        except Malformed as error:
            log.warning("%s: dropped a message that could not be read (%s)", reader, error)
    return messages
