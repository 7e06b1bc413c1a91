"""Player ids: issued by the server into the session, read back from a WebSocket's scope."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.sessions.backends.db import SessionStore

from kogame.players.identity import (
    SESSION_KEY,
    PlayerMiddleware,
    current_player,
    ensure_player,
    set_player,
)
from kogame.players.models import Player
from kogame.players.updates import rename_player
from tests.play.wsclient import make_session

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


def test_issuing_an_id_writes_only_the_session_the_player_row_comes_with_a_name() -> None:
    session = SessionStore()
    player = ensure_player(session)
    assert not Player.objects.exists(), "a page load must not write a row per visitor"
    rename_player(player, "Ada")
    assert Player.objects.get().pk == player
    assert Player.objects.get().name == "Ada"


def test_a_session_issued_before_player_rows_existed_keeps_its_id() -> None:
    session = SessionStore()
    session[SESSION_KEY] = "abcDEF123_-x"
    assert ensure_player(session) == "abcDEF123_-x"


@pytest.mark.parametrize(
    ("stored", "expected"),
    [("abcDEF123_-x", "abcDEF123_-x"), (None, None), (42, None), ("short", None)],
    ids=["valid", "absent", "not text", "malformed"],
)
def test_the_current_player_is_read_without_issuing_one(stored: Any, expected: Any) -> None:
    session = SessionStore()
    if stored is not None:
        session[SESSION_KEY] = stored
    assert current_player(session) == expected
    assert session.get(SESSION_KEY) == stored
    assert not Player.objects.exists()


def test_the_session_can_be_switched_to_an_accounts_player() -> None:
    session = SessionStore()
    ensure_player(session)
    set_player(session, "accountAAAAA")
    assert ensure_player(session) == "accountAAAAA"
    with pytest.raises(ValueError, match="not a player id"):
        set_player(session, "bad id")
    assert session[SESSION_KEY] == "accountAAAAA"


async def through_middleware(cookies: dict[str, str] | None) -> dict[str, Any]:
    """Run PlayerMiddleware on a hand-built WebSocket scope; return what the inner app saw."""
    seen: dict[str, Any] = {}

    async def inner(scope: Any, receive: Any, send: Any) -> None:
        seen.update(scope)

    scope: dict[str, Any] = {"type": "websocket", "path": "/ws/play/snek/main/"}
    if cookies is not None:
        scope["cookies"] = cookies
    await PlayerMiddleware(inner)(scope, None, None)
    assert "player" not in scope, "the caller's scope is left as it was"
    return seen


async def test_the_middleware_puts_the_sessions_player_in_the_scope() -> None:
    key = await make_session("abcDEF123_-x")
    seen = await through_middleware({"sessionid": key})
    assert seen["player"] == "abcDEF123_-x"
    assert seen["path"] == "/ws/play/snek/main/"


@pytest.mark.parametrize(
    "cookies",
    [None, {}, {"sessionid": ""}, {"sessionid": "no-such-session"}],
    ids=["no cookies at all", "no session cookie", "empty cookie", "unknown session"],
)
async def test_without_a_session_the_scope_has_no_player(cookies: dict[str, str] | None) -> None:
    assert (await through_middleware(cookies))["player"] is None


@pytest.mark.parametrize("stored", [None, 42, "short", "abcDEF123_-x\n"])
async def test_a_session_without_a_valid_player_id_gives_no_player(stored: object) -> None:
    key = await make_session(stored)
    assert (await through_middleware({"sessionid": key}))["player"] is None
