"""Frames over Redis pub/sub (kogame/cluster/framebus.py) against a real, private Redis: they
flow, they flow again after Redis restarts, subscriptions follow what is wanted, and a payload
that is not a frame is skipped."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import redis

from kogame.cluster import keys
from kogame.cluster.framebus import FramePublisher, FrameSubscriber, subscriber_client
from kogame.cluster.messages import Frame
from kogame.cluster.redisconf import connect
from kogame.engine.frames import TickFrames
from kogame.redisserver import RedisServer
from tests.conftest import require_tool

KEY = "snek/main"
CHANNEL = keys.frames_channel(KEY)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[RedisServer]:
    require_tool("redis-server")
    with RedisServer(tmp_path) as started:
        yield started


def frame(tick: int, key: str = KEY) -> Frame:
    return Frame(key, TickFrames(tick, {"": f'{{"type":"delta","tick":{tick}}}'}))


async def until(condition: Callable[[], bool], within: float = 5.0) -> None:
    deadline = time.monotonic() + within
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("not in time")
        await asyncio.sleep(0.02)


def subscribers(server: RedisServer, channel: str = CHANNEL) -> int:
    counts = redis.Redis.from_url(server.url).pubsub_numsub(channel)
    return int(counts[0][1])


async def test_frames_flow_and_flow_again_after_a_redis_restart(server: RedisServer) -> None:
    got: list[Frame] = []
    subscriber = FrameSubscriber(subscriber_client(server.url), got.append)
    client = connect(server.url)
    publisher = FramePublisher(client)
    subscriber.start()
    publisher.start()
    try:
        subscriber.want(CHANNEL)
        await until(lambda: subscribers(server) == 1)
        for tick in range(1, 6):
            publisher.publish(CHANNEL, frame(tick))
        await until(lambda: len(got) == 5)
        assert [f.frames.tick for f in got] == [1, 2, 3, 4, 5], "in tick order"
        assert got[0] == frame(1)

        await asyncio.to_thread(server.restart)
        # The subscriber connects again with backoff and subscribes again by itself.
        await until(lambda: subscribers(server) == 1, within=10)
        assert subscriber.connections >= 2
        tick = 100
        while not got or got[-1].frames.tick < 100:  # the publisher's client reconnects too
            publisher.publish(CHANNEL, frame(tick))
            tick += 1
            await asyncio.sleep(0.05)
            assert tick < 300, "frames flow again within 10 s"
    finally:
        await publisher.stop()
        await subscriber.stop()
        await client.aclose()


async def test_a_room_nobody_wants_here_is_unsubscribed(server: RedisServer) -> None:
    other = keys.frames_channel("snek/other")
    got: list[Frame] = []
    subscriber = FrameSubscriber(subscriber_client(server.url), got.append)
    subscriber.start()
    try:
        subscriber.want(CHANNEL)
        subscriber.want(other)
        await until(lambda: subscribers(server) == 1 and subscribers(server, other) == 1)
        subscriber.drop(CHANNEL)
        await until(lambda: subscribers(server) == 0)
        assert subscribers(server, other) == 1
        subscriber.drop(other)
        await until(lambda: subscribers(server, other) == 0)
        assert subscriber.subscribed == set()
        subscriber.want(CHANNEL)  # and wanted again later
        await until(lambda: subscribers(server) == 1)
    finally:
        await subscriber.stop()


async def test_a_payload_that_is_not_a_frame_is_logged_and_skipped(
    server: RedisServer, caplog: pytest.LogCaptureFixture
) -> None:
    got: list[Frame] = []
    subscriber = FrameSubscriber(subscriber_client(server.url), got.append)
    subscriber.start()
    raw = redis.Redis.from_url(server.url)
    try:
        subscriber.want(CHANNEL)
        await until(lambda: subscribers(server) == 1)
        bad = [
            b"\xc1 not json",
            b"[1, 2]",
            b"[" * 2000 + b"]" * 2000,
            b'{"type": "kogame.frame", "room": "snek/main", "tick": "ten", "text": "{}"}',
            b'{"type": "kogame.owner", "room": "snek/main"}',
            # A frame of another room on this room's channel.
            b'{"type": "kogame.frame", "room": "snek/x", "tick": 1, "text": "{}"}',
        ]
        with caplog.at_level(logging.WARNING, "kogame.cluster.framebus"):
            for payload in bad:
                raw.publish(CHANNEL, payload)
            raw.publish(
                CHANNEL, b'{"type": "kogame.frame", "room": "snek/main", "tick": 7, "text": "{}"}'
            )
            await until(lambda: len(got) == 1)
        assert got[0].frames.tick == 7
        assert subscriber.malformed == len(bad)
        skipped = [r for r in caplog.records if "skipped a payload" in r.getMessage()]
        assert len(skipped) == len(bad)
        assert subscriber.connections == 1, "the subscription was never lost"
    finally:
        await subscriber.stop()
        raw.close()
