"""`/healthz` and `/metrics` report what this process is doing."""

from __future__ import annotations

import re

import pytest
from asgiref.sync import sync_to_async
from django.test import Client

from tests.play.wsclient import connect_and_greet, join_and_find_snake

pytestmark = pytest.mark.django_db(transaction=True)


def sample(text: str, name: str, labels: str = "") -> float:
    """The value of one sample in Prometheus text format (0 when absent)."""
    pattern = re.escape(name) + (re.escape("{" + labels + "}") if labels else "") + r" (\S+)"
    match = re.search(r"^" + pattern + r"$", text, re.MULTILINE)
    return float(match.group(1)) if match else 0.0


async def scrape() -> str:
    response = await sync_to_async(Client().get)("/metrics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    return str(response.content.decode())


async def test_healthz_answers_ok_with_the_room_count() -> None:
    response = await sync_to_async(Client().get)("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "rooms": 0}


async def test_metrics_count_rooms_connections_frames_and_inputs() -> None:
    before = await scrape()
    player = await connect_and_greet("/ws/play/snek/metrics/")
    await join_and_find_snake(player)
    watcher = await connect_and_greet("/ws/play/snek/metrics/")
    await watcher.ws.send_to(text_data="{oops")
    await watcher.error()
    await player.counted(1, 1)  # told in a tick's frame: the room's counts are updated
    after = await scrape()
    assert sample(after, "kogame_rooms", 'game="snek"') == 1
    assert sample(after, "kogame_connections", 'game="snek",role="player"') == 1
    assert sample(after, "kogame_connections", 'game="snek",role="spectator"') == 1
    assert sample(after, "kogame_inputs_total", 'outcome="bad_json"') == (
        sample(before, "kogame_inputs_total", 'outcome="bad_json"') + 1
    )
    assert sample(after, "kogame_inputs_total", 'outcome="accepted"') > sample(
        before, "kogame_inputs_total", 'outcome="accepted"'
    )
    assert sample(after, "kogame_frames_sent_total") > sample(before, "kogame_frames_sent_total")
    assert sample(after, "kogame_bytes_sent_total") > sample(before, "kogame_bytes_sent_total")
    assert sample(after, "kogame_tick_seconds_count", 'game="snek"') > 0
    await player.close()
    await watcher.close()
