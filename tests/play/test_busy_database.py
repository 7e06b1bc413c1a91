"""With SQLite, a burst of page loads queues for the write lock instead of failing.

Found by the 1,000-client benchmark: each new visitor's page load writes (its session and
its Player row), and with SQLite's default 5 s wait some of them failed with "database is
locked". Writers now wait up to 20 s, and WAL with synchronous=NORMAL makes each commit
cheap enough that bursts drain well within that.
"""

from __future__ import annotations

import sqlite3
import threading

import pytest
from django.db import connection
from django.test import Client

pytestmark = pytest.mark.django_db(transaction=True)

HELD_SECONDS = 6.0  # longer than SQLite's default wait of 5 s


def test_a_page_load_waits_out_a_writer_that_holds_the_database(client: Client) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("about SQLite's write lock")
    holder = sqlite3.connect(
        connection.settings_dict["NAME"], isolation_level=None, check_same_thread=False
    )
    holder.execute("BEGIN IMMEDIATE")
    release = threading.Timer(HELD_SECONDS, holder.execute, ["COMMIT"])
    release.start()
    try:
        response = client.get("/play/snek/main/")
    finally:
        release.join()
        holder.close()
    assert response.status_code == 200
    assert client.session["kogame_player"]
