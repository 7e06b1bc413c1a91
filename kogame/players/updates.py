"""Writing a player's own row with targeted UPDATEs, never a read-modify-write.

The WebSocket consumer and HTTP views may change the same player at the same moment; an
`UPDATE ... SET name = ...` touches only the column it means to, so neither write can revert
the other (which is what saving a whole session or a whole model instance would do).
"""

from __future__ import annotations

from django.db.models.functions import Now

from kogame.players.constants import NAME_MAX_LENGTH
from kogame.players.models import Player
from kogame.players.names import friendly_name


def create_player(player_id: str, name: str) -> None:
    """Add the row for a freshly issued player id; an existing row is left as it is."""
    Player.objects.bulk_create([Player(id=player_id, name=name)], ignore_conflicts=True)


def rename_player(player_id: str, name: str) -> None:
    """Set a player's display name (already validated: trimmed, 1-20 characters).

    A player whose row is missing (issued before rows existed) gets one. Blocking: call it
    from a thread (e.g. `database_sync_to_async`), never from the tick loop.
    """
    name = name[:NAME_MAX_LENGTH]
    if Player.objects.filter(pk=player_id).update(name=name, last_seen=Now()):
        return
    create_player(player_id, name)
    # Another writer may have created the row first, with another name: this one is newer.
    Player.objects.filter(pk=player_id).update(name=name, last_seen=Now())


def set_colour(player_id: str, colour: str) -> None:
    """Keep a player's colour choice (already validated: "#rrggbb"), for their next visit.

    The colour may come before the player's first name does (it is kept when they join, the
    name once the game places them): a missing row is made with a made-up name, which that
    name replaces. Blocking, like `rename_player`.
    """
    if Player.objects.filter(pk=player_id).update(colour=colour):
        return
    create_player(player_id, friendly_name())
    Player.objects.filter(pk=player_id).update(colour=colour)
