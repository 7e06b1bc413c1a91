"""Per-tick frames from a room's owner to web processes over plain Redis pub/sub.

Why not the channel layer: `RedisChannelLayer` costs about four round trips per `group_send`
and per `receive` (a queue with an in-flight backup), paid by the owner, every web process
and Redis on every tick of every room. A frame needs none of that: it is worth nothing once
the next one exists. Here the owner `PUBLISH`es each tick's frame once on the room's channel
(`keys.frames_channel`) and each web process with clients in the room is subscribed to it on
a connection of its own. Delivery is at most once: a frame published while nobody listens,
or while Redis restarts, is lost, and clients that see a gap in tick numbers ask for a
snapshot (the room's state lives in the owner). Inputs and control messages go through
mailboxes (kogame/cluster/mailbox.py), queues that wait for an owner that is not there yet.

Why a subscriber of our own rather than channels_redis's pub/sub layer: after a Redis restart
that layer's subscriptions did not come back (docs/architecture.md, "Which channel layer").
`FrameSubscriber` owns its connection: when it is lost it connects again with backoff and
subscribes again to every room still wanted.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from typing import Any

from redis.asyncio import Redis
from redis.asyncio.client import PubSub
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.exceptions import RedisError

from kogame.cluster import keys
from kogame.cluster.messages import Frame, Malformed, from_json, to_json
from kogame.cluster.queued import Queued

log = logging.getLogger(__name__)

# Frames waiting for the publisher while Redis is slow or away; older ones are dropped.
PUBLISH_LIMIT = 200
# Waits between attempts to reach Redis again, doubling up to the cap.
BACKOFF_FIRST = 0.05
BACKOFF_CAP = 1.0
# How long a read waits before looking at subscription changes: frames usually come sooner.
READ_SECONDS = 0.2


class FramePublisher(Queued[tuple[str, bytes]]):
    """The owner's side: frames published in tick order by one task
    (kogame/cluster/queued.py), so the tick never waits for Redis; what queued up meanwhile
    goes in one pipeline. When Redis is unreachable the frames are dropped (logged once per
    outage): the next ones, or a snapshot, replace them."""

    outage = (RedisError, OSError)

    def __init__(self, redis: Redis, limit: int = PUBLISH_LIMIT) -> None:
        super().__init__("frames", limit, batch=limit)
        self.redis = redis

    async def stop(self, within: float = 0.0) -> None:
        """Stop at once: frames still queued are worth nothing to a room that stopped."""
        await super().stop(within)

    def publish(self, channel: str, frame: Frame) -> None:
        self.put((channel, to_json(frame)))

    async def send_batch(self, batch: list[tuple[str, bytes]]) -> None:
        if len(batch) == 1:
            await self.redis.publish(*batch[0])
            return
        pipe = self.redis.pipeline(transaction=False)
        for channel, payload in batch:
            pipe.publish(channel, payload)
        await pipe.execute()


def subscriber_client(url: str) -> Redis:
    """A client that reports a lost connection at once: `FrameSubscriber` does the retrying."""
    return Redis.from_url(
        url,
        retry=Retry(NoBackoff(), 0),
        socket_connect_timeout=2,
        socket_keepalive=True,
    )


class FrameSubscriber:
    """A web process's side: one connection subscribed to the frames of every room this
    process has clients in, and kept so.

    `want`/`drop` say which channels are needed; the reading task applies the change between
    reads (a read waits at most READ_SECONDS). On a lost connection it connects again with
    backoff (BACKOFF_FIRST doubling up to BACKOFF_CAP) and subscribes to every channel still
    wanted; with none wanted it holds no connection. Each frame goes to `on_frame`; a payload
    that is not a frame is logged and skipped.
    """

    def __init__(self, client: Redis, on_frame: Callable[[Frame], None]) -> None:
        self.client = client
        self.on_frame = on_frame
        self.wanted: set[str] = set()
        self.subscribed: set[str] = set()
        self.connections = 0  # sessions opened, for tests and logs
        self.malformed = 0
        self._changed = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run(), name="frame subscriber")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None
        await self.client.aclose()

    def want(self, channel: str) -> None:
        if channel not in self.wanted:
            self.wanted.add(channel)
            self._changed.set()

    def drop(self, channel: str) -> None:
        if channel in self.wanted:
            self.wanted.discard(channel)
            self._changed.set()

    async def _run(self) -> None:
        backoff = BACKOFF_FIRST
        failing = False
        while True:
            if not self.wanted:
                self._changed.clear()
                await self._changed.wait()
                continue
            try:
                async with self._session() as pubsub:
                    if failing:
                        log.warning(
                            "frames: Redis reachable again; subscribed to %d rooms again",
                            len(self.subscribed),
                        )
                        failing = False
                    backoff = BACKOFF_FIRST
                    await self._read(pubsub)
            except asyncio.CancelledError:
                raise
            except (RedisError, OSError) as error:
                if not failing:
                    log.warning("frames: lost the subscription (%s); reconnecting", error)
                    failing = True
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, BACKOFF_CAP)

    @contextlib.asynccontextmanager
    async def _session(self) -> Any:
        """A fresh connection subscribed to every wanted channel; closed on the way out."""
        pubsub = self.client.pubsub()
        self.subscribed = set()
        try:
            self._changed.clear()
            channels = set(self.wanted)
            await pubsub.subscribe(*channels)
            self.subscribed = channels
            self.connections += 1
            yield pubsub
        finally:
            self.subscribed = set()
            with contextlib.suppress(Exception):
                await pubsub.aclose()

    async def _read(self, pubsub: PubSub) -> None:
        """Hand frames on until nothing is wanted any more (or the connection fails)."""
        while True:
            if self._changed.is_set():
                self._changed.clear()
                await self._apply(pubsub)
                if not self.subscribed:
                    return
            message = await pubsub.get_message(ignore_subscribe_messages=True, timeout=READ_SECONDS)
            if message is not None and message.get("type") == "message":
                self._deliver(message["channel"], message["data"])

    async def _apply(self, pubsub: PubSub) -> None:
        wanted = set(self.wanted)
        added, removed = wanted - self.subscribed, self.subscribed - wanted
        if added:
            await pubsub.subscribe(*added)
        if removed:
            await pubsub.unsubscribe(*removed)
        self.subscribed = wanted

    def _deliver(self, channel: Any, data: Any) -> None:
        try:
            frame = from_json(data)
            if not isinstance(frame, Frame):
                raise Malformed(f"a {frame.TYPE}, not a frame")
            if isinstance(channel, bytes) and channel.decode() != keys.frames_channel(frame.room):
                raise Malformed(f"a frame of {frame.room} on {channel.decode()}")
        except Malformed as error:
            self.malformed += 1
            log.warning("frames: skipped a payload that is not a frame (%s)", error)
            return
        try:
            self.on_frame(frame)
        except Exception:
            # A bug in delivering one frame must not end the subscription for good.
            log.exception("frames: delivering a frame failed")
