"""The private Redis the distributed tests, the demo and the benchmarks run against."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import redis

from kogame.redisserver import (
    REDIS_URL_ENV,
    RedisNotInstalled,
    RedisServer,
    ping,
    redis_url_or_start,
)
from tests.conftest import require_tool


@pytest.fixture(autouse=True)
def no_configured_redis(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests are about starting Redis: never use one named by the environment."""
    monkeypatch.delenv(REDIS_URL_ENV, raising=False)


@pytest.fixture
def redis_dir(tmp_path: Path) -> Path:
    """Where a private Redis keeps its log; needs redis-server (skip locally, fail in CI)."""
    require_tool("redis-server")
    return tmp_path


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_start_answers_and_stop_ends_the_process(redis_dir: Path) -> None:
    server = RedisServer(redis_dir)
    server.start()
    pid = server.pid
    try:
        client = redis.Redis.from_url(server.url)
        client.set("key", "value")
        assert client.get("key") == b"value"
        client.close()
    finally:
        server.stop()
    assert not ping(server.url)
    assert not pid_alive(pid)
    assert "Ready to accept connections" in server.log.read_text()
    assert not list(redis_dir.glob("*.rdb")), "nothing is persisted"


def test_restart_keeps_the_port_and_loses_the_data(redis_dir: Path) -> None:
    with RedisServer(redis_dir) as server:
        url, first_pid = server.url, server.pid
        client = redis.Redis.from_url(url)
        client.set("key", "value")
        server.restart()
        assert server.url == url
        assert server.pid != first_pid
        assert not pid_alive(first_pid)
        # The same client object reconnects by itself, as the cluster's clients must.
        assert client.ping()
        assert client.get("key") is None
        client.close()
    assert not ping(url)


def test_a_server_cannot_be_started_twice(redis_dir: Path) -> None:
    with RedisServer(redis_dir) as server, pytest.raises(RuntimeError, match="already running"):
        server.start()


def test_redis_url_or_start_starts_and_stops_a_private_server(redis_dir: Path) -> None:
    with redis_url_or_start(redis_dir) as (url, started):
        assert started
        assert url.startswith("redis://127.0.0.1:")
        assert ping(url)
    assert not ping(url)


def test_redis_url_or_start_uses_the_configured_server(
    redis_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with RedisServer(redis_dir) as server:
        monkeypatch.setenv(REDIS_URL_ENV, server.url)
        with redis_url_or_start(redis_dir / "unused") as (url, started):
            assert (url, started) == (server.url, False)
        assert ping(server.url), "a server it did not start is left running"


def test_a_missing_redis_server_fails_clearly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(RedisNotInstalled, match="apt-get install redis-server"):
        RedisServer(tmp_path).start()
