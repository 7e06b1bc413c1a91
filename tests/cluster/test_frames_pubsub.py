"""Frames over Redis pub/sub in a real cluster (private Redis, web processes, a worker): they
reach the clients of two web processes, come back after a Redis restart to the clients still
connected (which resynchronise), stop being subscribed when a room's last client leaves, and a
payload that is not a frame on a room's channel harms nobody."""

from __future__ import annotations

import asyncio
import time

import redis

from kogame.cluster import keys
from tests.cluster.cluster import Cluster, Player, joined, play, watching

CHANNEL = keys.frames_channel(keys.room_key("snek", "main"))


def _subscribers(cluster: Cluster) -> int:
    counts = redis.Redis.from_url(cluster.redis.url).pubsub_numsub(CHANNEL)
    return int(counts[0][1])


async def _until(condition: object, within: float) -> None:
    deadline = time.monotonic() + within
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, "not in time"
        await asyncio.sleep(0.1)


async def _follows(player: Player, ticks: int, within: float) -> None:
    """`player` applies `ticks` deltas in a row past the tick it is at, each the tick after
    the last (after a resynchronisation, counted from its snapshot)."""
    start = player.tick

    def in_a_row() -> bool:
        first, last = player.tick - ticks + 1, player.tick
        return (
            start < first
            and last < 10**9
            and all(t in player.deltas for t in range(first, last + 1))
        )

    await player.until(lambda m: m["type"] == "delta" and in_a_row(), within=within)


async def test_frames_reach_two_web_processes_and_survive_a_redis_restart(
    cluster: Cluster,
) -> None:
    cluster.start(webs=2, workers=1)
    (port_a, _), (port_b, _) = cluster.webs
    ada = await joined(port_a, "Ada")
    bea = await joined(port_b, "Bea")
    assert _subscribers(cluster) == 2, "each web process subscribed to the room's frames"
    await play([ada, bea], 1.0)
    common = set(ada.deltas) & set(bea.deltas)
    assert len(common) >= 5 and all(ada.deltas[t] == bea.deltas[t] for t in common)
    snapshots = len(ada.snapshots), len(bea.snapshots)

    # Down for longer than a publish is retried: frames are lost, as in a real outage.
    cluster.redis.stop()
    await asyncio.sleep(3.0)
    cluster.redis.start()
    # Both web processes subscribe again by themselves, without a restart of their own.
    await _until(lambda: _subscribers(cluster) == 2, within=10)
    # The same sockets: frames flow again, the tick gap made each client ask for a snapshot.
    await asyncio.gather(_follows(ada, 20, within=20), _follows(bea, 20, within=20))
    assert len(ada.snapshots) > snapshots[0] and len(bea.snapshots) > snapshots[1]
    await play([ada, bea], 1.0)  # both reading at once: the same ticks reach both
    later = (set(ada.deltas) & set(bea.deltas)) - common
    assert later and all(ada.deltas[t] == bea.deltas[t] for t in later)
    for log in cluster.data.glob("web-*.log"):
        assert "subscribed to 1 rooms again" in log.read_text()
    await ada.close()
    await bea.close()


async def test_a_web_process_unsubscribes_when_its_last_client_leaves(cluster: Cluster) -> None:
    cluster.start(webs=2, workers=1)
    (port_a, _), (port_b, _) = cluster.webs
    ada = await watching(port_a)
    bea = await watching(port_b)
    first = await watching(port_a)
    assert _subscribers(cluster) == 2
    await first.close()
    await asyncio.sleep(2.5)  # a few heartbeats: web a still has Ada
    assert _subscribers(cluster) == 2
    await ada.close()
    await _until(lambda: _subscribers(cluster) == 1, within=5)
    await _follows(bea, 10, within=5)
    await bea.close()
    await _until(lambda: _subscribers(cluster) == 0, within=5)


async def test_a_payload_that_is_not_a_frame_is_skipped_and_frames_go_on(cluster: Cluster) -> None:
    cluster.start(webs=1, workers=1)
    ((port, _),) = cluster.webs
    ada = await joined(port, "Ada")
    raw = redis.Redis.from_url(cluster.redis.url)
    for payload in (b"\xc1", b"[]", b"[" * 5000, b'{"type": "kogame.frame"}'):
        raw.publish(CHANNEL, payload)
    await _follows(ada, 20, within=5)
    (log,) = cluster.data.glob("web-*.log")
    assert log.read_text().count("skipped a payload that is not a frame") == 4
    await ada.close()
