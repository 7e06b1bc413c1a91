"""Zombies in distributed mode, with real processes: the per-area frames and each player's
own part reach clients of two web processes from one engine worker, inputs go the other way,
and a killed worker's room goes on from its last save on another."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

import pytest
import redis

from tests.cluster.cluster import SETTINGS, WORST_PAUSE_SECONDS, Cluster, Player

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def cluster_settings() -> dict[str, str]:
    return SETTINGS | {
        "KOGAME_ZOMBIE_MAPS": str(ROOT / "tests/games/zombies/maps"),
        "KOGAME_ZOMBIES_MAP": "range",
        "KOGAME_ZOMBIES_BOTS": "0",
        "KOGAME_ZOMBIES_TICK_RATE": "30",
    }


async def zombies_player(port: int, name: str) -> tuple[Player, dict[str, Any]]:
    """A player in the Zombies main room through the web process at `port`, and its first
    frame with its own part."""
    player = Player(port, game="zombies")
    await player.connect()
    await player.until(lambda m: m["type"] == "snapshot", within=10)
    await player.send({"type": "join", "name": name})
    return player, await player.until(lambda m: "you" in m, within=10)


async def walk(player: Player, first: int, count: int, move: int) -> dict[str, Any]:
    """Send `count` acts (one a frame, as a browser does); the frame that acks the last."""
    for seq in range(first, first + count):
        await player.send(
            {"type": "act", "seq": seq, "move": move, "aim": 0, "fire": False, "seen": 0}
        )
        await player.until(lambda m: "you" in m, within=5)
    last = first + count - 1
    frame: dict[str, Any] = await player.until(lambda m: m.get("you", {}).get("ack") == last, 5)
    return frame


def position_in(frame: dict[str, Any], player: str) -> tuple[int, int] | None:
    for row in frame.get("p", ()):
        if row[0] == player:
            return (row[1], row[2])
    return None


async def test_two_web_processes_play_one_zombies_room_and_survive_a_worker_dying(
    cluster: Cluster,
) -> None:
    cluster.start(webs=2, workers=2)
    (port_a, _), (port_b, _) = cluster.webs
    ada, first = await zombies_player(port_a, "Ada")
    bea, _ = await zombies_player(port_b, "Bea")
    start = first["you"]
    moved = await walk(ada, start["ack"] + 1, 10, move=3)  # south
    assert moved["you"]["y"] > start["y"] and moved["you"]["x"] == start["x"]
    where = (moved["you"]["x"] // 16, moved["you"]["y"] // 16)
    seen = await bea.until(lambda m: position_in(m, ada.player) == where, within=5)
    assert "you" in seen and seen["you"]["ack"] == 0, "Bea's own part, not Ada's"

    await asyncio.sleep(2.5)  # the owner saves its rooms every 2 s
    owner = redis.Redis.from_url(cluster.redis.url).get("kogame:lease:zombies/main")
    assert isinstance(owner, bytes)
    cluster.kill_worker(owner.decode())
    killed = time.monotonic()
    snapshot = await ada.until(lambda m: m["type"] == "snapshot", within=10)
    assert time.monotonic() - killed < WORST_PAUSE_SECONDS + 3
    assert position_in(snapshot, ada.player) == where, "the room went on from its last save"
    again = await walk(ada, moved["you"]["ack"] + 1, 3, move=1)  # east, on the new owner
    assert again["you"]["x"] > moved["you"]["x"]
    await ada.close()
    await bea.close()
