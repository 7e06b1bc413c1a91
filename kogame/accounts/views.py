"""Registering an account; logging in and out are Django's own views (see urls.py)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from kogame.accounts.forms import RegisterForm
from kogame.players.identity import current_player
from kogame.players.models import Player
from kogame.players.updates import rename_player


@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    """Create an account and log straight in, which adopts this browser's player (with its
    history); then that player takes the display name chosen here."""
    if request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL)
    if request.method == "GET":
        form = RegisterForm(initial={"name": _current_name(request)})
    else:
        form = RegisterForm(request.POST)
    if form.is_bound and form.is_valid():
        # Named, since axes' backend (which only counts failures) is configured too.
        login(request, form.save(), backend="django.contrib.auth.backends.ModelBackend")
        player = current_player(request.session)
        if player is not None:
            rename_player(player, form.cleaned_data["name"])
        return redirect(settings.LOGIN_REDIRECT_URL)
    status = 400 if form.is_bound else 200
    return render(request, "accounts/register.html", {"form": form}, status=status)


def _current_name(request: HttpRequest) -> str:
    """The name this browser's player goes by already, to start from."""
    player = current_player(request.session)
    if player is None:
        return ""
    return Player.objects.filter(pk=player).values_list("name", flat=True).first() or ""
