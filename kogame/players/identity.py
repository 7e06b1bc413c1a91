"""Who a browser is: a player id issued by the server and kept in the Django session.

Pages only read it (`current_player`); it is issued (`ensure_player`) when there is something
to keep: the room page's script asks `POST /play/player` before it connects, creating a room
records who made it, and `/me/` makes the Player row. So a visit that only looks stores no
session (kogame/players/sessions.py says how long a stored one lives).

The id is the only thing Kogame keeps in the session. It is never read from a client message,
so no client can act as another player. Everything else about a player (name, account) lives
on its Player row and is changed with targeted UPDATEs (kogame/players/updates.py): the
WebSocket consumer and HTTP views never both write one session, so no save can revert
another's change.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from importlib import import_module
from typing import Any

from channels.db import database_sync_to_async
from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase

from kogame.players.constants import PLAYER_ID_LENGTH
from kogame.players.sessions import renew

Scope = MutableMapping[str, Any]
ASGIApp = Callable[[Scope, Any, Any], Awaitable[None]]

SESSION_KEY = "kogame_player"
_PLAYER_ID = re.compile(rf"[A-Za-z0-9_-]{{{PLAYER_ID_LENGTH}}}")


def new_player_id() -> str:
    return secrets.token_urlsafe(9)


def valid_player_id(value: object) -> str | None:
    return value if isinstance(value, str) and _PLAYER_ID.fullmatch(value) else None


def current_player(session: SessionBase) -> str | None:
    """The session's player id, or None; never issues one (for pages that only look)."""
    return valid_player_id(session.get(SESSION_KEY))


def ensure_player(session: SessionBase) -> str:
    """The session's player id, issuing a fresh one if it has none (or a corrupt one).

    Issuing starts the session's lifetime. The Player row comes later, when the player first
    joins a game or has a result: getting a player writes only the session, so a crowd
    arriving at once does not queue up for the database (the 1,000-client benchmark found
    that).
    """
    player = current_player(session)
    if player is None:
        player = new_player_id()
        session[SESSION_KEY] = player
        renew(session)
    return player


def set_player(session: SessionBase, player: str) -> None:
    """Make the session act as `player` (after logging in to an account that has one)."""
    if valid_player_id(player) is None:
        raise ValueError(f"not a player id: {player!r}")
    session[SESSION_KEY] = player


def player_of_session(session_key: str | None) -> str | None:
    """The player id stored in the session with this key, or None."""
    if not session_key:
        return None
    store: SessionBase = import_module(settings.SESSION_ENGINE).SessionStore(session_key)
    return valid_player_id(store.get(SESSION_KEY))


class PlayerMiddleware:
    """Puts the session's player id in a WebSocket scope as `scope["player"]` (None if none).

    The session is read once, at the handshake. Unlike Channels' SessionMiddleware, this does
    not wrap `send`: that wrapper inspects the session on every outgoing frame (to save it on
    HTTP responses), which is pure overhead for game frames. Needs CookieMiddleware outside it.
    """

    def __init__(self, inner: ASGIApp) -> None:
        self.inner = inner

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        session_key = scope.get("cookies", {}).get(settings.SESSION_COOKIE_NAME)
        player = await database_sync_to_async(player_of_session)(session_key)
        await self.inner(dict(scope, player=player), receive, send)
