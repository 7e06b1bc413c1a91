"""The crowd target's arithmetic in `make bench` (bench/run.py): which clients count as
starved, and when 2,000 clients pass. Nothing here times anything."""

from __future__ import annotations

from typing import Any

from bench.run import CROWD, crowd_verdict, summarise


def part(frames: list[int], ticks: range) -> dict[str, Any]:
    """A load generator's report: its clients' frame counts, every tick seen by all of them."""
    return {
        "frames": frames,
        "bytes": [0] * len(frames),
        "wire": [0] * len(frames),
        "missed": [0] * len(frames),
        "ticks": {str(t): [t / 20, t / 20, len(frames)] for t in ticks},
        "interarrival_ms": [50.0],
        "latency_ms": [],
        "delta_sizes": [500],
        "cpu_s": 1.0,
        "closed_in_run": [],
        "turns_unresolved": 0,
        "snapshot_sync": 0,
        "snapshot_initial": 0,
    }


def test_a_client_with_fewer_than_nine_tenths_of_the_ticks_is_starved() -> None:
    ticks = range(1, 201)  # 200 ticks in the window
    figures = summarise([part([200, 180, 179, 0], ticks)], 4, 4, 10.0, 1.0, 100.0)
    assert figures["starved_clients"] == 2
    assert figures["fewest_frames"] == 0


def test_clients_that_never_reported_count_as_starved() -> None:
    figures = summarise([part([200, 200], range(1, 201))], 3, 2, 10.0, 1.0, 100.0)
    assert figures["starved_clients"] == 1
    assert figures["fewest_frames"] == 0


def crowd(delivered: float, starved: int, saturated: bool = False) -> dict[str, Any]:
    return {
        "delivery_ratio": delivered,
        "starved_clients": starved,
        "fewest_frames": 190,
        "ticks_in_window": 200,
        "loadgen_saturated": saturated,
    }


def test_the_crowd_passes_only_with_enough_delivered_and_nobody_starved() -> None:
    assert crowd_verdict(crowd(0.9995, 0)).endswith("PASS")
    assert crowd_verdict(crowd(0.999, 0)).endswith("PASS")
    assert crowd_verdict(crowd(0.9989, 0)).endswith("MISS")
    assert crowd_verdict(crowd(1.0, 1)).endswith("MISS")
    assert f"{CROWD:,} clients" in crowd_verdict(crowd(1.0, 0))


def test_a_saturated_load_generator_is_said_beside_the_verdict() -> None:
    verdict = crowd_verdict(crowd(0.99, 0, saturated=True))
    assert "MISS (a load generator was saturated" in verdict
