"""Distributed mode with real processes: a private Redis, web processes and engine workers.

Every process binds 127.0.0.1 on a free port and is stopped by the test that started it.
"""

from __future__ import annotations

import asyncio
import itertools
import re
import signal
import time
import urllib.request
from typing import Any

import redis

from kogame.liveserver import free_port
from tests.cluster.cluster import WORST_PAUSE_SECONDS, Cluster, joined, play


async def test_clients_of_two_web_processes_share_one_room_tick_by_tick(cluster: Cluster) -> None:
    """Joins (with the colours chosen) go from either web process to the owner."""
    cluster.start(webs=2, workers=1)
    (port_a, _), (port_b, _) = cluster.webs
    ada = await joined(port_a, "Ada", "#00ccaa")
    bea = await joined(port_b, "Bea", "#7777ff")
    await play([ada, bea], 3.0)
    common = sorted(set(ada.history) & set(bea.history))
    assert len(common) >= 20, "both clients followed the room for a few seconds"
    for tick in common:
        assert ada.history[tick] == bea.history[tick], tick
    shared = set(ada.deltas) & set(bea.deltas)
    assert shared and all(ada.deltas[t] == bea.deltas[t] for t in shared)
    colours = {s["player"]: s["colour"] for s in ada.snakes.values()}
    assert colours[ada.player] == "#00ccaa" and colours[bea.player] == "#7777ff"
    await ada.close()
    await bea.close()


def _lease_intervals(url: str) -> dict[str, list[tuple[str, int, int]]]:
    """Per room, each owner's stretch: (worker, from, until) from the lease log."""
    entries: Any = redis.Redis.from_url(url).xrange("kogame:lease-log")
    stretches: dict[str, list[tuple[str, int, int]]] = {}
    for _, fields in entries:
        room, worker = fields[b"room"].decode(), fields[b"worker"].decode()
        event, at, until = fields[b"event"], int(fields[b"at"]), int(fields[b"until"])
        runs = stretches.setdefault(room, [])
        if event == b"acquired":
            runs.append((worker, at, until))
        else:
            assert runs and runs[-1][0] == worker, f"{worker} {event!r} without holding it"
            runs[-1] = (worker, runs[-1][1], until)
    return stretches


async def test_a_killed_worker_is_replaced_and_the_game_goes_on(cluster: Cluster) -> None:
    cluster.start(webs=2, workers=2)
    (port_a, _), (port_b, _) = cluster.webs
    ada = await joined(port_a, "Ada")
    bea = await joined(port_b, "Bea")
    await play([ada, bea], 3.0)  # the owner saves the room every 2 s
    owner = redis.Redis.from_url(cluster.redis.url).get("kogame:lease:snek/main")
    assert isinstance(owner, bytes)
    seen_before = set(ada.history)
    cluster.kill_worker(owner.decode())
    killed = time.monotonic()
    snapshot = await ada.until(lambda m: m["type"] == "snapshot", within=10)
    pause = ada.snapshots[-1][0] - killed
    assert pause < WORST_PAUSE_SECONDS
    # The room went on from its last save: every snake (bodies, scores) as it was then.
    assert snapshot["tick"] in seen_before
    restored = {s["id"]: s for s in snapshot["snakes"]}
    assert {
        sid: (tuple(map(tuple, s["body"])), s["score"], s["alive"]) for sid, s in restored.items()
    } == ada.history[snapshot["tick"]]
    await bea.until(lambda m: m["type"] == "snapshot", within=10)
    before = ada.tick
    await ada.until(lambda m: m["type"] == "delta" and m["tick"] > before + 5, within=5)
    stretches = _lease_intervals(cluster.redis.url)["snek/main"]
    assert [worker for worker, _, _ in stretches][:1] == [owner.decode()]
    assert len(stretches) >= 2
    for (_, _, held_until), (_, taken_at, _) in itertools.pairwise(stretches):
        assert taken_at >= held_until, "two owners at once"
    await ada.close()
    await bea.close()


async def test_a_worker_told_to_stop_hands_its_room_over_without_losing_a_tick(
    cluster: Cluster,
) -> None:
    cluster.start(webs=1, workers=2)
    ((port, _),) = cluster.webs
    ada = await joined(port, "Ada")
    await play([ada], 1.0)
    owner = redis.Redis.from_url(cluster.redis.url).get("kogame:lease:snek/main")
    assert isinstance(owner, bytes)
    cluster.kill_worker(owner.decode(), signal.SIGTERM)
    last_seen = ada.tick
    snapshot = await ada.until(lambda m: m["type"] == "snapshot", within=10)
    # Saved as it stopped: the next owner goes on from where this one was, nothing replayed
    # and nothing lost (a tick or two may run before the client is attached again).
    assert last_seen <= snapshot["tick"] <= last_seen + 10
    stretches = _lease_intervals(cluster.redis.url)["snek/main"]
    assert stretches[0][0] == owner.decode()
    assert stretches[1][1] >= stretches[0][2]
    await ada.close()


async def test_clients_of_a_dead_web_process_resume_through_another(cluster: Cluster) -> None:
    cluster.start(webs=2, workers=1)
    (port_a, _), (port_b, _) = cluster.webs
    ada = await joined(port_a, "Ada")
    mine = ada.own_snake()
    cluster.kill_web(port_a)
    await ada.reconnect(port_b)
    welcome = await ada.until(lambda m: m["type"] == "welcome", within=10)
    assert welcome["playing"] is True, "the snake waited for its player"
    snapshot = await ada.until(lambda m: m["type"] == "snapshot", within=10)
    ids = [s["id"] for s in snapshot["snakes"] if s["player"] == ada.player]
    assert ids == [mine]
    await ada.close()


async def test_a_redis_restart_heals_by_itself(cluster: Cluster) -> None:
    cluster.start(webs=1, workers=1)
    ((port, _),) = cluster.webs
    ada = await joined(port, "Ada")
    await play([ada], 1.0)
    cluster.redis.restart()
    restarted_at = ada.tick
    await ada.until(lambda m: m["type"] == "delta" and m["tick"] > restarted_at + 20, within=20)
    # Inputs still reach the room: a turn shows in the snake's next moves.
    mine = ada.own_snake()
    if ada.heading(mine) is not None:
        turn, step = ada.turn_inwards(mine)
        await ada.send(turn)
        # Done when it turned, or died first (nothing more to see then).
        await ada.until(lambda m: ada.heading(mine) in (step, None), within=5)
    await ada.close()


def _scrape(url: str) -> dict[str, float]:
    """Samples of a Prometheus text page, by name and labels; {} while nothing answers."""
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            text = response.read().decode()
    except OSError:
        return {}
    return {m[1]: float(m[2]) for m in re.finditer(r"^(\S+) (\S+)$", text, re.MULTILINE)}


async def test_an_engine_worker_serves_metrics_of_the_rooms_it_runs(cluster: Cluster) -> None:
    cluster.start(webs=1, workers=0)
    metrics_port = free_port()
    cluster.start_worker("w1", "--metrics", f"127.0.0.1:{metrics_port}")
    ((port, _),) = cluster.webs
    ada = await joined(port, "Ada")
    url = f"http://127.0.0.1:{metrics_port}/metrics"
    wanted = {
        'kogame_rooms{game="snek"}': 1.0,
        'kogame_connections{game="snek",role="player"}': 1.0,
    }
    samples: dict[str, float] = {}
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        samples = await asyncio.to_thread(_scrape, url)
        if all(samples.get(name) == value for name, value in wanted.items()):
            break
        await asyncio.sleep(0.2)
    assert {name: samples.get(name) for name in wanted} == wanted
    assert samples['kogame_tick_seconds_count{game="snek"}'] > 0
    await ada.close()
