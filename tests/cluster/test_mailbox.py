"""Mailboxes (kogame/cluster/mailbox.py) against a real, private Redis: messages arrive in
the order posted, many in one read; a full mailbox keeps the newest; a mailbox nobody reads
expires; messages posted while Redis is down are sent once it is back; and a payload that is
no message is skipped without losing the rest."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import redis

from kogame.cluster import mailbox
from kogame.cluster.mailbox import Poster, receive
from kogame.cluster.messages import Act, Attach, ClusterMessage, Say, to_json
from kogame.cluster.redisconf import connect
from kogame.redisserver import RedisServer
from tests.conftest import require_tool

BOX = "kogame:mail:room:snek/main"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[RedisServer]:
    require_tool("redis-server")
    with RedisServer(tmp_path) as started:
        yield started


@pytest.fixture
async def client(server: RedisServer) -> AsyncIterator[redis.asyncio.Redis]:
    started = connect(server.url)
    yield started
    await started.aclose()


@pytest.fixture
async def poster(client: redis.asyncio.Redis) -> AsyncIterator[Poster]:
    started = Poster(client)
    started.start()
    yield started
    await started.stop()


def says(count: int, start: int = 0) -> list[ClusterMessage]:
    return [Say(f"p{n}", f"line {n}") for n in range(start, start + count)]


async def read_all(client: redis.asyncio.Redis, box: str, want: int) -> list[ClusterMessage]:
    """Everything in `box` until `want` messages came (each read waits up to READ_SECONDS)."""
    got: list[ClusterMessage] = []
    for _ in range(20):
        got += await receive(client, box, "test")
        if len(got) >= want:
            break
    return got


async def test_messages_arrive_in_order_and_many_in_one_read(
    server: RedisServer, client: redis.asyncio.Redis, poster: Poster
) -> None:
    sent: list[ClusterMessage] = [Attach("web#1", "web", "ada"), Act("ada", {"type": "turn"})]
    sent += says(500)
    for message in sent:
        poster.post(BOX, message)
        poster.post("kogame:mail:web:other", Say("x", "elsewhere"))
    await poster.stop()  # sends what is queued first
    plain = redis.Redis.from_url(server.url)
    for box in (BOX, "kogame:mail:web:other"):  # posted together: both expire all the same
        assert 0 < plain.pttl(box) <= mailbox.EXPIRY_MS
    first = await receive(client, BOX, "test")
    assert first == sent[: mailbox.READ_COUNT], "everything waiting, in one read"
    assert await read_all(client, "kogame:mail:web:other", 502) == [Say("x", "elsewhere")] * 502
    assert plain.pttl("kogame:mail:web:other") == -2, "read to the end: the list is gone"


async def test_a_mailbox_nobody_reads_expires_and_a_full_one_keeps_the_newest(
    server: RedisServer,
    client: redis.asyncio.Redis,
    poster: Poster,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(mailbox, "CAPACITY", 50)
    for message in says(80):
        poster.post(BOX, message)
    await poster.stop()
    plain = redis.Redis.from_url(server.url)
    assert 0 < plain.pttl(BOX) <= mailbox.EXPIRY_MS
    assert poster.dropped == 30
    assert await read_all(client, BOX, 50) == says(50, start=30)


async def test_messages_posted_while_redis_is_down_are_sent_once_it_is_back(
    server: RedisServer, client: redis.asyncio.Redis, poster: Poster
) -> None:
    await asyncio.to_thread(server.stop)
    for message in says(5):
        poster.post(BOX, message)
    await asyncio.sleep(0.5)  # the poster tries, and fails, meanwhile
    await asyncio.to_thread(server.start)
    assert await read_all(client, BOX, 5) == says(5)
    assert poster.dropped == 0


async def test_after_a_restart_a_batch_for_several_mailboxes_is_sent_whole(
    server: RedisServer, client: redis.asyncio.Redis, poster: Poster
) -> None:
    """A restarted Redis has forgotten the poster's script: every mailbox of the pipeline
    is refused at first, then sent once the script is loaded again, each message once."""
    poster.post(BOX, Say("ada", "before"))
    await poster.stop()  # the script is known to Redis now
    await asyncio.to_thread(server.stop)
    await asyncio.to_thread(server.start)
    poster.start()
    for message in says(3):
        poster.post(BOX, message)
        poster.post("kogame:mail:web:other", message)
    await poster.stop()
    assert await read_all(client, BOX, 3) == says(3)
    assert await read_all(client, "kogame:mail:web:other", 3) == says(3)
    assert poster.dropped == 0


async def test_a_payload_that_is_no_message_is_skipped_and_the_rest_read(
    server: RedisServer, client: redis.asyncio.Redis, caplog: pytest.LogCaptureFixture
) -> None:
    good = Say("ada", "hello")
    junk = [b"\xc1", b"[" * 3000 + b"]" * 3000, b"7", b'{"type": "say", "player": 1}']
    redis.Redis.from_url(server.url).rpush(BOX, *junk, to_json(good))
    with caplog.at_level(logging.WARNING, "kogame.cluster.mailbox"):
        assert await receive(client, BOX, "room snek/main") == [good]
    skipped = [r for r in caplog.records if "could not be read" in r.getMessage()]
    assert len(skipped) == len(junk)
    assert all(r.getMessage().startswith("room snek/main:") for r in skipped)


class Versioned:
    def __init__(self, version: str) -> None:
        self.version = version

    async def info(self, section: str) -> dict[str, str]:
        return {"redis_version": self.version}

    async def script_load(self, script: str) -> str:
        return "sha"


@pytest.mark.parametrize("version", ["6.2.14", "5.0.7", "", "unstable"])
async def test_a_redis_without_blmpop_is_refused_with_a_message_that_says_so(version: str) -> None:
    with pytest.raises(RuntimeError, match=r"needs Redis 7\.0 or later"):
        await mailbox.check_redis(Versioned(version))  # type: ignore[arg-type]


async def test_redis_7_passes_the_check(client: redis.asyncio.Redis) -> None:
    await mailbox.check_redis(client)
    await mailbox.check_redis(Versioned("7.0.15"))  # type: ignore[arg-type]
    await mailbox.check_redis(Versioned("10.1.0"))  # type: ignore[arg-type]


async def test_a_redis_that_forbids_scripts_is_refused_with_a_message_that_says_so(
    server: RedisServer, client: redis.asyncio.Redis
) -> None:
    plain = redis.Redis.from_url(server.url)
    plain.acl_setuser("default", enabled=True, nopass=True, commands=["+@all", "-@scripting"])
    with pytest.raises(RuntimeError, match=r"needs Lua scripts .* allowed"):
        await mailbox.check_redis(client)
