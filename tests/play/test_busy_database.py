"""A busy database slows page loads down, never players in a game.

Both found by the 1,000-client benchmark. Each new visitor's player id writes its session,
and with SQLite's default 5 s wait some of them failed with "database is locked": writers now
wait up to 20 s, and WAL with synchronous=NORMAL makes each commit cheap enough that bursts
drain well within that. And players' inputs waited in line for the one thread where Django's
synchronous code runs (Channels sends every message there first, and a join waited there for
its name to be written): at 1,000 clients that added up to 1.4 s before a turn took effect.
"""

from __future__ import annotations

import asyncio
import sqlite3
import threading

import pytest
from asgiref.sync import sync_to_async
from channels.db import database_sync_to_async
from django.db import connection
from django.test import Client

from kogame.players.models import Player
from kogame.records.recorder import get_recorder
from tests.play.wsclient import connect_and_greet, join_and_find_snake

pytestmark = pytest.mark.django_db(transaction=True)

HELD_SECONDS = 6.0  # longer than SQLite's default wait of 5 s


def test_getting_a_player_waits_out_a_writer_that_holds_the_database(client: Client) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("about SQLite's write lock")
    holder = sqlite3.connect(
        connection.settings_dict["NAME"], isolation_level=None, check_same_thread=False
    )
    holder.execute("BEGIN IMMEDIATE")
    release = threading.Timer(HELD_SECONDS, holder.execute, ["COMMIT"])
    release.start()
    try:
        response = client.post("/play/player")
    finally:
        release.join()
        holder.close()
    assert response.status_code == 200
    assert client.session["kogame_player"]


async def test_joins_and_inputs_do_not_wait_for_djangos_sync_thread() -> None:
    client = await connect_and_greet()
    release = threading.Event()
    # Occupies the single thread that thread-sensitive sync_to_async calls share.
    busy = asyncio.ensure_future(sync_to_async(release.wait)())
    try:
        await join_and_find_snake(client, "Ada")
        await client.send({"type": "ping", "t": 1})
        pong = await client.receive_until(lambda m: m["type"] == "pong")
    finally:
        release.set()
        await busy
    assert pong["t"] == 1
    assert await asyncio.to_thread(get_recorder().flush, 5.0)
    name = await database_sync_to_async(lambda: Player.objects.get(pk=client.player).name)()
    assert name == "Ada", "the chosen name is written, just not on the player's way in"
    await client.close()
