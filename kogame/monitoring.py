"""Operations endpoints: `/healthz` for load balancers and `/metrics` for Prometheus.

Room and connection counts are read from this process's rooms when scraped, so nothing is
bookkept on the hot path. Each process reports for itself; scrape every process (an engine
worker serves the same metrics with `manage.py engine --metrics HOST:PORT`).
Expose `/metrics` only to your monitoring (restrict it at the reverse proxy).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.http import require_GET
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import Collector

from kogame.engine.host import EmbeddedHost
from kogame.engine.metrics import SENT
from kogame.engine.room import Room
from kogame.rooms.hosting import get_host

# Where an engine worker's rooms are (see `report_rooms`); otherwise the embedded host's.
_rooms_source: Callable[[], Iterable[Room]] | None = None


def report_rooms(source: Callable[[], Iterable[Room]]) -> None:
    """Count the rooms `source` returns, when scraped: an engine worker's own rooms."""
    global _rooms_source
    _rooms_source = source


def _local_rooms() -> list[Room]:
    if _rooms_source is not None:
        return list(_rooms_source())
    host = get_host()
    # A web process in distributed mode runs no rooms: its engine workers report them.
    return list(host.rooms.values()) if isinstance(host, EmbeddedHost) else []


class RoomCollector(Collector):
    def collect(self) -> Iterator[GaugeMetricFamily | CounterMetricFamily]:
        rooms = GaugeMetricFamily("kogame_rooms", "Rooms running in this process.", labels=["game"])
        connections = GaugeMetricFamily(
            "kogame_connections",
            "People playing (holding a place) and connections watching, as rooms last told them.",
            labels=["game", "role"],
        )
        per_game: dict[str, list[int]] = {}
        for room in _local_rooms():
            counts = per_game.setdefault(room.game_name, [0, 0, 0])
            # The counts the room last told its clients (a tuple, replaced whole by the tick
            # loop): a scrape runs in another thread and must not walk the room's sets.
            players, spectators = room.presence
            counts[0] += 1
            counts[1] += players
            counts[2] += spectators
        for game, (room_count, players, spectators) in per_game.items():
            rooms.add_metric([game], room_count)
            connections.add_metric([game, "player"], players)
            connections.add_metric([game, "spectator"], spectators)
        yield rooms
        yield connections
        yield CounterMetricFamily(
            "kogame_frames_sent", "Frames written to game sockets.", value=SENT.frames
        )
        yield CounterMetricFamily(
            "kogame_bytes_sent", "Bytes of frames written to game sockets.", value=SENT.bytes
        )
        yield CounterMetricFamily(
            "kogame_frames_dropped",
            "Frames dropped for clients too slow to keep up (each then got a snapshot).",
            value=SENT.dropped,
        )
        yield CounterMetricFamily(
            "kogame_resyncs", "Snapshots sent to clients that fell behind.", value=SENT.resyncs
        )


REGISTRY.register(RoomCollector())


@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    return HttpResponse(generate_latest(REGISTRY), content_type=CONTENT_TYPE_LATEST)


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok", "rooms": len(get_host().rooms)})
