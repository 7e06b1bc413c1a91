"""What the engine counts, for Prometheus.

Per-tick figures are recorded once per tick, never once per connection; per-connection
sends are plain integer additions, exported as counters when scraped (kogame/monitoring.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from prometheus_client import Counter, Histogram

TICK_SECONDS = Histogram(
    "kogame_tick_seconds",
    "Time spent running one tick: rules, encoding, queuing frames.",
    ["game"],
    buckets=(0.0001, 0.00025, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1),
)
TICK_LATENESS_SECONDS = Histogram(
    "kogame_tick_lateness_seconds",
    "How long after its scheduled time a tick started.",
    ["game"],
    buckets=(0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25),
)
TICKS_SKIPPED = Counter(
    "kogame_ticks_skipped_total",
    "Ticks a room skipped because it fell too far behind schedule.",
    ["game"],
)
INPUTS = Counter(
    "kogame_inputs_total",
    "Client messages, by outcome: 'accepted' or the error code they were refused with.",
    ["outcome"],
)


@dataclass
class SendTotals:
    """Frames and bytes written to sockets, and frames dropped for slow clients."""

    frames: int = 0
    bytes: int = 0
    dropped: int = 0
    resyncs: int = 0


SENT = SendTotals()
