"""Who a browser is: a player id issued by the server and kept in the Django session.

The id is the only thing Kogame keeps in the session. It is never read from a client message,
so no client can act as another player.
"""

from __future__ import annotations

import re
import secrets
from typing import Any

from channels.db import database_sync_to_async
from django.contrib.sessions.backends.base import SessionBase

SESSION_KEY = "kogame_player"
_PLAYER_ID = re.compile(r"[A-Za-z0-9_-]{12}")


def new_player_id() -> str:
    return secrets.token_urlsafe(9)


def valid_player_id(value: object) -> str | None:
    return value if isinstance(value, str) and _PLAYER_ID.fullmatch(value) else None


def ensure_player(session: SessionBase) -> str:
    """The session's player id, issuing a fresh one if it has none (or a corrupt one)."""
    player = valid_player_id(session.get(SESSION_KEY))
    if player is None:
        player = new_player_id()
        session[SESSION_KEY] = player
    return player


async def player_from_scope(scope: dict[str, Any]) -> str | None:
    """The player id of a WebSocket's session, or None when it has none."""
    session = scope.get("session")
    if session is None:
        return None
    value = await database_sync_to_async(session.get)(SESSION_KEY)
    return valid_player_id(value)
