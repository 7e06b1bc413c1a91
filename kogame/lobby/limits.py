"""When the lobby refuses to create a room: too many lately from one player or one address,
or this process already runs as many rooms as it may.

Every room that is opened runs until it has been idle a while, so making rooms costs the
server (one visitor once made 60 in under a second). The recent rooms are counted from the
room definitions themselves, so the limits hold across every web process.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from datetime import timedelta
from http import HTTPStatus

from django.conf import settings
from django.utils import timezone

from kogame.engine.host import EmbeddedHost
from kogame.rooms.hosting import get_host
from kogame.rooms.models import RoomDefinition

# One client is commonly given a whole IPv6 /64, so that is what counts as one address.
IPV6_PREFIX = 64


@dataclass(frozen=True)
class Refusal:
    status: HTTPStatus
    title: str
    text: str


def address_key(ip: str) -> str | None:
    """What the per-address limit counts for a client at `ip`: the IPv4 address, the /64
    network of an IPv6 one, or None if the address is unknown."""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network((address, IPV6_PREFIX), strict=False).network_address)
    return str(address)


def creation_refusal(player: str, address: str | None) -> Refusal | None:
    """Why `player`, from `address` (an `address_key`), may not create a room now, or None.

    Call it in the transaction that creates the room: on SQLite that transaction holds the
    write lock from its start, so two requests cannot both take the last place (on PostgreSQL
    requests at the very same moment can pass the limit by as many as arrive together).
    """
    host = get_host()
    if isinstance(host, EmbeddedHost) and host.full:
        return Refusal(
            HTTPStatus.SERVICE_UNAVAILABLE,
            "The server is busy right now.",
            "It is running as many rooms as it can. Please try again in a few minutes, "
            "or join one of the live rooms.",
        )
    seconds = settings.KOGAME_ROOMS_WINDOW_SECONDS
    since = timezone.now() - timedelta(seconds=seconds)
    recent = RoomDefinition.objects.filter(created_at__gte=since)
    window = f"in the last {_duration(seconds)}, the most we allow"
    wait = "Please wait a little before creating another"
    limit = settings.KOGAME_ROOMS_PER_PLAYER
    if recent.filter(created_by=player).count() >= limit:
        text = f"You have created {_rooms(limit)} {window}. {wait}, or play in one of yours."
        return Refusal(HTTPStatus.TOO_MANY_REQUESTS, "That's a lot of rooms!", text)
    limit = settings.KOGAME_ROOMS_PER_IP
    if address is not None and recent.filter(created_from=address).count() >= limit:
        text = f"Your network has created {_rooms(limit)} {window}. {wait}."
        return Refusal(HTTPStatus.TOO_MANY_REQUESTS, "That's a lot of rooms!", text)
    return None


def _rooms(count: int) -> str:
    return "1 room" if count == 1 else f"{count} rooms"


def _duration(seconds: int) -> str:
    minutes, rest = divmod(seconds, 60)
    if rest or not minutes:
        return f"{seconds} seconds"
    return "minute" if minutes == 1 else f"{minutes} minutes"
