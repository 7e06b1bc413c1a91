"""What the results recorder counts, for Prometheus (served by /metrics with the rest).

Counters are bumped once per batch written, and on the rare submit that finds the queue
full; the queue length is read when scraped, so submitting a result costs nothing extra.
"""

from __future__ import annotations

from prometheus_client import Counter, Gauge

RESULTS_WRITTEN = Counter(
    "kogame_results_written_total",
    "Results (match opened/closed, life ended) written to the database.",
)
RESULTS_DROPPED = Counter(
    "kogame_results_dropped_total",
    "Results refused because the results queue was full.",
)
NAMES_SHED = Counter(
    "kogame_names_shed_total",
    "Names players chose that were given up unwritten: the pending-names table was full.",
)
RESULTS_REJECTED = Counter(
    "kogame_results_rejected_total",
    "Results the database refused as invalid (logged with the reason); never retried.",
)
RESULTS_QUEUED = Gauge(
    "kogame_results_queued",
    "Results submitted but not yet written (queued, or in a batch waiting for the database).",
)
