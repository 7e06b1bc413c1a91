"""Logging in adopts the browser's player into the account (merge.py) and gives the session
the logged-in lifetime (kogame/players/sessions.py)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest

from kogame.accounts.merge import adopt_player
from kogame.players.identity import current_player, set_player
from kogame.players.sessions import renew


@receiver(user_logged_in)
def adopt_session_player(
    sender: type[User], request: HttpRequest, user: User, **kwargs: Any
) -> None:
    """Runs after Django rotated the session key, which keeps the player id in the session.

    (Logging in as someone else than the session's current user flushes the session instead,
    so another account's player is never merged.)
    """
    set_player(request.session, adopt_player(user, current_player(request.session)))
    renew(request.session)
