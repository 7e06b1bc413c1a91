"""`sync` is answered at most about once a second per connection; extra requests share it."""

from __future__ import annotations

import asyncio

import pytest

from kogame.play.consumers import SYNC_EVERY_SECONDS
from tests.play.wsclient import Client, connect_and_greet

pytestmark = pytest.mark.django_db(transaction=True)


async def _snapshots_within(client: Client, seconds: float) -> int:
    """Snapshots that arrive in the next `seconds` (a ping marks the end of the wait: the
    test communicator stops the application when a read times out)."""
    await asyncio.sleep(seconds)
    await client.send({"type": "ping", "t": seconds})
    count = 0
    while (message := await client.receive())["type"] != "pong":
        count += message["type"] == "snapshot"
    return count


async def test_a_burst_of_syncs_gets_one_answer_now_and_one_for_the_rest() -> None:
    client = await connect_and_greet()
    await asyncio.sleep(SYNC_EVERY_SECONDS)  # the greeting's snapshot is not a `sync` answer
    for _ in range(25):
        await client.send({"type": "sync"})
    answered = await _snapshots_within(client, SYNC_EVERY_SECONDS * 0.5)
    assert answered == 1, "the first request is answered at once"
    assert await _snapshots_within(client, SYNC_EVERY_SECONDS * 1.5) == 1, (
        "the other 24 share one answer a second later"
    )
    assert await _snapshots_within(client, SYNC_EVERY_SECONDS * 1.5) == 0
    await client.close()


async def test_every_answer_brings_the_chat_history_and_counts_too() -> None:
    client = await connect_and_greet()
    await client.receive_until(lambda m: m["type"] == "presence")  # the end of the greeting
    await client.send({"type": "sync"})
    kinds: list[str] = []
    while len(kinds) < 3:
        message = await client.receive()
        if message["type"] != "delta":
            kinds.append(message["type"])
    assert kinds == ["snapshot", "chat_history", "presence"]
    await client.close()
