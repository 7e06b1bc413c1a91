"""bench/redisclient.py compares the poster with the pipeline it had before: both must leave
the same mailbox behind (same messages in order, an expiry) for the comparison to mean
anything. Against a real, private Redis; nothing here times anything."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from bench.redisclient import PipelinePoster
from kogame.cluster import mailbox
from kogame.cluster.mailbox import Poster
from kogame.cluster.messages import Say, to_json
from kogame.cluster.redisconf import connect
from kogame.redisserver import RedisServer
from tests.conftest import require_tool


@pytest.fixture
def server(tmp_path: Path) -> Iterator[RedisServer]:
    require_tool("redis-server")
    with RedisServer(tmp_path) as started:
        yield started


@pytest.mark.parametrize("poster_class", [Poster, PipelinePoster])
async def test_both_ways_of_posting_leave_the_same_mailbox(
    server: RedisServer, poster_class: type[Poster]
) -> None:
    client = connect(server.url)
    poster = poster_class(client)
    poster.start()
    lines = [Say("ada", f"line {n}") for n in range(5)]
    for line in lines:
        poster.post("box", line)
    await poster.stop()
    await client.aclose()
    plain = redis.Redis.from_url(server.url)
    assert plain.lrange("box", 0, -1) == [to_json(line) for line in lines]
    assert 0 < plain.pttl("box") <= mailbox.EXPIRY_MS
