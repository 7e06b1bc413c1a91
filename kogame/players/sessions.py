"""How long a stored session lives, and keeping an active player's session alive.

A session is stored only once it holds something: a player id (issued by `POST /play/player`,
by creating a room, or by `/me/`) or a login. A page view that only looks never writes one,
so visitors and crawlers leave no rows behind.

An anonymous session lives `KOGAME_ANONYMOUS_SESSION_DAYS`, a logged-in one
`KOGAME_SESSION_DAYS`, and both slide: a page view that finds less than half of the lifetime
left renews it, so an active player keeps their identity while the row is rewritten at most
once per half-lifetime. Expired rows are deleted by `manage.py clearsessions` (README).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import SESSION_KEY as USER_KEY
from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.deprecation import MiddlewareMixin

# Where Django's `set_expiry` keeps a session's own expiry.
EXPIRY_KEY = "_session_expiry"


def lifetime(session: SessionBase) -> timedelta:
    logged_in = USER_KEY in session
    days = settings.KOGAME_SESSION_DAYS if logged_in else settings.KOGAME_ANONYMOUS_SESSION_DAYS
    return timedelta(days=days)


def renew(session: SessionBase, now: datetime | None = None) -> None:
    """Give the session its full lifetime from now (saved with the response)."""
    session.set_expiry((now or timezone.now()) + lifetime(session))


def needs_renewal(session: SessionBase, now: datetime) -> bool:
    """True without an expiry date of its own (an older session) or with under half left."""
    if not isinstance(session.get(EXPIRY_KEY), str):
        return True
    return session.get_expiry_date(modification=now) - now < lifetime(session) / 2


class SessionLifetimeMiddleware(MiddlewareMixin):
    """Renews a stored session that a page view finds past half its lifetime.

    Only for pages (HTML answered 200) of browsers that bring a session cookie: the JSON
    polls and probes never read the session for this.
    """

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return response
        if response.status_code != 200 or not response.get("Content-Type", "").startswith(
            "text/html"
        ):
            return response
        session = request.session
        now = timezone.now()
        if session.items() and needs_renewal(session, now):
            renew(session, now)
        return response
