"""Player ids: issued by the server into the session, read back from a WebSocket's scope."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.sessions.backends.db import SessionStore

from kogame.play.identity import SESSION_KEY, ensure_player, player_from_scope

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_session_without_a_player_gets_a_new_id_once() -> None:
    session = SessionStore()
    first = ensure_player(session)
    assert session[SESSION_KEY] == first
    assert ensure_player(session) == first


@pytest.mark.parametrize("stored", [42, "", "short", "x" * 12 + "\n", "spaces here!"])
def test_a_corrupt_stored_id_is_replaced(stored: Any) -> None:
    session = SessionStore()
    session[SESSION_KEY] = stored
    player = ensure_player(session)
    assert player != stored
    assert session[SESSION_KEY] == player


async def test_the_scope_gives_the_sessions_player_or_none() -> None:
    assert await player_from_scope({}) is None
    empty = SessionStore()
    assert await player_from_scope({"session": empty}) is None
    session = SessionStore()
    session[SESSION_KEY] = "abcDEF123_-x"
    assert await player_from_scope({"session": session}) == "abcDEF123_-x"
    session[SESSION_KEY] = "abcDEF123_-x\n"
    assert await player_from_scope({"session": session}) is None
