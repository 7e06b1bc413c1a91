"""Bringing an anonymous player's history into an account when its browser logs in.

- The account has no player yet: the browser's player becomes the account's player (same id,
  same name, same history).
- The account already has a player (from another device): the browser's scores move to it
  (and its colour choice, where the account has none),
  the anonymous player is marked `merged_into` it (its page redirects there, and a life it
  finishes on a connection opened before the login is credited to the account), and the
  session switches to the account's player.

Moving scores keeps every life. Where both players have lives in the same match (the same
person in one room from two devices), the moved lives are renumbered after the account's
last life in that match, so the unique (player, match, life) constraint holds.
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import F, Max

from kogame.players.constants import NAME_MAX_LENGTH
from kogame.players.identity import new_player_id
from kogame.players.models import Player
from kogame.players.updates import create_player
from kogame.records.models import Score


def adopt_player(user: User, current: str | None) -> str:
    """The account's player id after logging in from a browser whose player is `current`."""
    with transaction.atomic():
        # Two devices logging in to one new account at once take turns here.
        User.objects.select_for_update().filter(pk=user.pk).first()
        account = Player.objects.filter(user=user).first()
        if account is None:
            return _link(user, current)
        if current is not None and current != account.pk:
            _merge(current, into=account)
        return account.pk


def _link(user: User, current: str | None) -> str:
    """Give the account the browser's player, or a new one if that belongs to someone else."""
    if current is not None:
        # Insert-or-ignore, not check-then-create: the results writer may be creating the
        # same row (the player's first join or life) at this very moment.
        create_player(current, _name(user))
        free = Player.objects.filter(pk=current, user__isnull=True, merged_into__isnull=True)
        if free.update(user=user):
            return current
    player = new_player_id()
    Player.objects.create(id=player, name=_name(user), user=user)
    return player


def _merge(anonymous: str, into: Player) -> None:
    """Move an anonymous player's scores to the account's player and mark it merged.

    A player that belongs to another account, or was merged already, is left alone.
    """
    source = Player.objects.filter(pk=anonymous, user__isnull=True, merged_into__isnull=True)
    found = source.select_for_update().first()
    if found is None:
        return
    if found.colour:
        Player.objects.filter(pk=into.pk, colour="").update(colour=found.colour)
    theirs = Score.objects.filter(player_id=anonymous)
    shared = (
        Score.objects.filter(player=into, match__in=theirs.values("match"))
        .values("match")
        .annotate(last=Max("life"))
    )
    for row in shared:
        theirs.filter(match=row["match"]).update(player=into, life=F("life") + row["last"])
    theirs.update(player=into)
    Player.objects.filter(merged_into_id=anonymous).update(merged_into=into)
    source.update(merged_into=into)


def _name(user: User) -> str:
    return user.get_username()[:NAME_MAX_LENGTH]
