"""Making the test database genuinely unavailable for a while, by the database's own means.

SQLite: another connection holds an exclusive lock, so every write fails with "database is
locked". PostgreSQL: the database refuses new connections and every other session on it
(except the test's own) is terminated, so writers fail to connect until it is allowed again.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator

import psycopg
import pytest
from django.db import connection
from psycopg import sql


@contextlib.contextmanager
def database_unavailable() -> Iterator[None]:
    if connection.vendor == "sqlite":
        with _sqlite_locked():
            yield
    elif connection.vendor == "postgresql":
        with _postgres_closed():
            yield
    else:
        pytest.fail(f"no way to make a {connection.vendor} database unavailable here")


@contextlib.contextmanager
def _sqlite_locked() -> Iterator[None]:
    name = str(connection.settings_dict["NAME"])
    locker = sqlite3.connect(name, uri=name.startswith("file:"), isolation_level=None)
    try:
        locker.execute("BEGIN EXCLUSIVE")
        yield
        locker.execute("ROLLBACK")
    finally:
        locker.close()


@contextlib.contextmanager
def _postgres_closed() -> Iterator[None]:
    params = connection.get_connection_params()
    database = params.pop("dbname")
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (ours,) = cursor.fetchone()
    with psycopg.connect(**params, dbname="postgres", autocommit=True) as admin:
        allow = sql.SQL("ALTER DATABASE {} WITH ALLOW_CONNECTIONS {}")
        admin.execute(allow.format(sql.Identifier(database), sql.SQL("false")))
        try:
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = %s AND pid <> %s",
                [database, ours],
            )
            yield
        finally:
            admin.execute(allow.format(sql.Identifier(database), sql.SQL("true")))
