"""Login throttling's parts of our own; django-axes counts the failures (settings.py).

- A locked-out person gets a page in the site's look saying to wait, with status 429 and
  `Retry-After`, rather than axes' bare text.
- A successful login clears only that username's failures from that address. Axes' own reset
  clears every failure from the address (or for the username), so someone with an account
  could log in to it between guesses at another's password and never be throttled.
"""

from __future__ import annotations

import math
from typing import Any

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from kogame.clientip import client_ip

TOO_MANY_REQUESTS = 429


def locked_out(request: HttpRequest, *details: object) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE (axes passes the credentials and its own response: unused)."""
    seconds = settings.AXES_COOLOFF_TIME.total_seconds()
    context = {"minutes": max(1, math.ceil(seconds / 60))}
    response = render(request, "accounts/locked.html", context, status=TOO_MANY_REQUESTS)
    response["Retry-After"] = str(math.ceil(seconds))
    return response


@receiver(user_logged_in)
def forget_own_failures(
    sender: type[User], request: HttpRequest, user: User, **kwargs: Any
) -> None:
    AccessAttempt.objects.filter(
        username=user.get_username(), ip_address=client_ip(request)
    ).delete()
