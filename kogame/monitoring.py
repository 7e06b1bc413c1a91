"""Operations endpoints: `/healthz` for load balancers and `/metrics` for Prometheus.

Room and connection counts are read from this process's host when scraped, so nothing is
bookkept on the hot path. Each process reports for itself; scrape every process.
Expose `/metrics` only to your monitoring (restrict it at the reverse proxy).
"""

from __future__ import annotations

from collections.abc import Iterator

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.http import require_GET
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import Collector

from kogame.engine.host import EmbeddedHost
from kogame.engine.metrics import SENT
from kogame.play.rooms import get_host


class RoomCollector(Collector):
    def collect(self) -> Iterator[GaugeMetricFamily | CounterMetricFamily]:
        rooms = GaugeMetricFamily("kogame_rooms", "Rooms running in this process.", labels=["game"])
        connections = GaugeMetricFamily(
            "kogame_connections", "Open game connections, by role.", labels=["game", "role"]
        )
        per_game: dict[str, list[int]] = {}
        host = get_host()
        # With engine workers, this web process runs no rooms: they report to their own logs.
        rooms_here = list(host.rooms.values()) if isinstance(host, EmbeddedHost) else []
        for room in rooms_here:
            counts = per_game.setdefault(room.game_name, [0, 0, 0])
            players = sum(
                room.game.is_playing(room.state, conn.player) for conn in room.connections
            )
            counts[0] += 1
            counts[1] += players
            counts[2] += len(room.connections) - players
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
