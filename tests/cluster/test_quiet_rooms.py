"""Quiet rooms hold nothing up: a room's channel with no message for longer than one of
channels_redis's blocking reads (5 s) has nothing yet; it does not mean Redis is down.

Engine workers used to take the end of such a read for a Redis failure, and then took no new
room, checked no web process and took over no dead worker's room for a lease period, renewed
by the next quiet read. One cluster plays the whole story; every bound is on behaviour, well
above what the cluster needs and well below what the stall cost.
"""

from __future__ import annotations

import asyncio
import time

import pytest
import redis
from channels_redis.core import RedisChannelLayer

from kogame.cluster import keys
from kogame.cluster.redisconf import layer_options
from tests.cluster.cluster import SETTINGS, WORST_PAUSE_SECONDS, Cluster, Player, joined, watching

QUIET_READ_SECONDS = RedisChannelLayer.brpop_timeout
# Quiet rooms are made this far apart, so their reads end at different moments: before the
# fix, one or another of them always kept their worker from its other work.
STAGGER_SECONDS = 1.4
# A new room's welcome: normally within a quarter of a second; the stall cost 2-20 s and more.
WELCOME_SECONDS = 2.0
GRACE_SECONDS = 2
# A dead web process's liveness key lapses within 5 s, owners look every 2 s, then the grace.
DETACHED_SECONDS = 15.0


@pytest.fixture
def cluster_settings() -> dict[str, str]:
    return SETTINGS | {"KOGAME_GRACE_SECONDS": str(GRACE_SECONDS)}


async def _quiet_rooms(port: int, rooms: list[str], redis_url: str) -> list[Player]:
    """A silent watcher in each room, one room after another, and then long enough for the
    first room's channel to stay quiet through a whole read. Meanwhile a quiet channel of our
    own, read as the cluster's processes read theirs, shows that such a read just waits on."""
    layer = RedisChannelLayer(hosts=[{"address": redis_url, **layer_options()}])

    async def read_quietly() -> None:
        # asyncio's TimeoutError ends the wait; redis's (the read failing) would fail here.
        with pytest.raises(TimeoutError):
            await asyncio.wait_for(layer.receive("kogame.test.quiet"), QUIET_READ_SECONDS + 1)

    async def watchers() -> list[Player]:
        start = time.monotonic()
        made = []
        for n, room in enumerate(rooms):
            await asyncio.sleep(max(0.0, start + n * STAGGER_SECONDS - time.monotonic()))
            made.append(await watching(port, room))
        return made

    made, _ = await asyncio.gather(watchers(), read_quietly())
    await layer.close_pools()
    return made


async def test_quiet_rooms_hold_up_no_new_room_dead_web_process_or_failover(
    cluster: Cluster,
) -> None:
    cluster.start(webs=2, workers=1)  # w1 alone: every room made first is its own
    (port_a, _), (port_b, _) = cluster.webs
    quiet = [f"quiet-{n}" for n in range(4)]
    cluster.define_rooms(*quiet, "fresh", "moving")
    ada = await joined(port_a, "Ada")
    bea = await joined(port_b, "Bea")
    beas = bea.own_snake()
    # From here on no client says anything: players who stopped steering, silent watchers.
    clients = [ada, *await _quiet_rooms(port_a, quiet, cluster.redis.url)]

    newcomer = Player(port_a, "fresh")
    await newcomer.connect()
    await newcomer.until(lambda m: m["type"] == "welcome", within=WELCOME_SECONDS)
    clients.append(newcomer)

    async def bea_is_detached() -> None:
        cluster.kill_web(port_b)
        await ada.until(lambda m: beas not in ada.snakes, within=DETACHED_SECONDS)

    async def w1_takes_over_a_killed_workers_room() -> None:
        cluster.start_worker("w2")
        await asyncio.to_thread(cluster.worker_ready, "w2")
        with cluster.paused("w1"):  # so w2 takes this room
            watcher = await watching(port_a, "moving")
        clients.append(watcher)
        cluster.kill_worker("w2")
        killed = time.monotonic()
        await watcher.until(lambda m: m["type"] == "welcome", within=10)
        await watcher.until(lambda m: m["type"] == "snapshot", within=10)
        assert watcher.snapshots[-1][0] - killed < WORST_PAUSE_SECONDS
        owner = redis.Redis.from_url(cluster.redis.url).get(keys.lease("snek", "moving"))
        assert owner == b"w1"

    await asyncio.gather(bea_is_detached(), w1_takes_over_a_killed_workers_room())

    logs = "".join(log.read_text() for log in cluster.data.glob("*.log"))
    assert "Redis unreachable" not in logs
    assert "receive failed" not in logs
    for client in clients:
        await client.close()
