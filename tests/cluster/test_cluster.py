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
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis

from kogame.liveserver import free_port
from tests.cluster.cluster import Cluster, Player
from tests.conftest import require_tool

# Documented in docs/architecture.md: a lapsed lease (3 s) plus a scan, a restore and the
# relays attaching their clients again.
WORST_PAUSE_SECONDS = 5.0
SETTINGS = {
    "KOGAME_BOTS": "0",
    "KOGAME_BOARD_SIZE": "64",
    "KOGAME_TICK_RATE": "10",
    "KOGAME_GRACE_SECONDS": "10",
}


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[Cluster]:
    require_tool("redis-server")
    started = Cluster(tmp_path, SETTINGS)
    try:
        yield started
    except BaseException:
        print(started.logs())
        raise
    finally:
        started.stop()


async def _joined(port: int, name: str) -> Player:
    player = Player(port)
    await player.connect()
    await player.until(lambda m: m["type"] == "snapshot", within=10)
    await player.send({"type": "join", "name": name})
    await player.until(
        lambda m: any(s["player"] == player.player for s in m.get("spawned", ())), within=10
    )
    return player


async def _play(players: list[Player], seconds: float) -> None:
    """Keep reading (and applying) every player's messages for a while."""

    async def read(player: Player) -> None:
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            try:
                await player.until(lambda m: False, within=left)
            except (AssertionError, TimeoutError):
                return

    await asyncio.gather(*(read(player) for player in players))


async def test_clients_of_two_web_processes_share_one_room_tick_by_tick(cluster: Cluster) -> None:
    cluster.start(webs=2, workers=1)
    (port_a, _), (port_b, _) = cluster.webs
    ada = await _joined(port_a, "Ada")
    bea = await _joined(port_b, "Bea")
    await _play([ada, bea], 3.0)
    common = sorted(set(ada.history) & set(bea.history))
    assert len(common) >= 20, "both clients followed the room for a few seconds"
    for tick in common:
        assert ada.history[tick] == bea.history[tick], tick
    shared = set(ada.deltas) & set(bea.deltas)
    assert shared and all(ada.deltas[t] == bea.deltas[t] for t in shared)
    players = {s["player"] for s in ada.snakes.values()}
    assert {ada.player, bea.player} <= players
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
    ada = await _joined(port_a, "Ada")
    bea = await _joined(port_b, "Bea")
    await _play([ada, bea], 3.0)  # the owner saves the room every 2 s
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
    ada = await _joined(port, "Ada")
    await _play([ada], 1.0)
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
    ada = await _joined(port_a, "Ada")
    mine = next(s["id"] for s in ada.snakes.values() if s["player"] == ada.player)
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
    ada = await _joined(port, "Ada")
    await _play([ada], 1.0)
    cluster.redis.restart()
    restarted_at = ada.tick
    await ada.until(lambda m: m["type"] == "delta" and m["tick"] > restarted_at + 20, within=20)
    # Inputs still reach the room: a turn shows in the snake's next moves.
    mine = next(s for s in ada.snakes.values() if s["player"] == ada.player)
    if mine["alive"]:
        (_, y), (_, neck_y) = mine["body"][0], mine["body"][1]
        turn, step = ("up", (0, -1)) if y == neck_y else ("left", (-1, 0))
        await ada.send({"type": "turn", "direction": turn})

        def turned(message: dict[str, object]) -> bool:
            snake = ada.snakes.get(mine["id"])
            if snake is None or not snake["alive"]:
                return True  # it died first (a wall): nothing more to see
            (hx, hy), (nx, ny) = snake["body"][0], snake["body"][1]
            return (hx - nx, hy - ny) == step

        await ada.until(turned, within=5)
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
    ada = await _joined(port, "Ada")
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
