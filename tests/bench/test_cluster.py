"""The distributed fan-out benchmark's arithmetic: how clients are split over the web
processes, and how CPU samples become the per-process table. Nothing here times anything."""

from __future__ import annotations

from typing import Any

import pytest

from bench.cluster import by_process, ratio_line
from bench.run import even_split, loadgen_plan


def test_even_split_differs_by_at_most_one_larger_first() -> None:
    assert even_split(10, 4) == [3, 3, 2, 2]
    assert even_split(3, 3) == [1, 1, 1]
    assert even_split(0, 2) == [0, 0]


def test_one_target_keeps_the_old_split_over_the_load_generators() -> None:
    # What bench/run.py did before it knew several servers: clients and players split in turn.
    assert loadgen_plan(1000, 100, 4, 1) == [(0, 250, 25)] * 4
    assert loadgen_plan(10, 1, 4, 1) == [(0, 3, 1), (0, 3, 0), (0, 2, 0), (0, 2, 0)]


def test_two_web_processes_get_half_the_clients_players_and_load_generators_each() -> None:
    plan = loadgen_plan(500, 50, 4, 2)
    assert plan == [(0, 125, 13), (0, 125, 12), (1, 125, 13), (1, 125, 12)]


def test_every_target_gets_a_load_generator_even_with_fewer_processes() -> None:
    plan = loadgen_plan(501, 51, 1, 2)
    assert plan == [(0, 251, 26), (1, 250, 25)]
    odd = loadgen_plan(500, 50, 3, 2)
    assert [target for target, _, _ in odd] == [0, 0, 1]
    assert sum(c for t, c, _ in odd if t == 0) == sum(c for t, c, _ in odd if t == 1) == 250


def figures(cpu: dict[str, float], frames: int, runs: list[Any] | None = None) -> dict[str, Any]:
    total = sum(cpu.values())
    return {
        "cpu_s_by_process": cpu,
        "frames": frames,
        "cpu_us_per_frame": total * 1e6 / frames,
        "runs": runs or [],
    }


def test_per_process_rows_divide_by_every_delivered_frame_and_add_up_to_the_total() -> None:
    cpu = {"web-1": 3.0, "web-2": 3.0, "engine-1": 1.5, "redis": 0.5}
    rows = by_process(figures(cpu, frames=100_000), window=10.0)
    assert [name for name, *_ in rows] == ["web-1", "web-2", "engine-1", "redis", "total"]
    by_name = {name: (cores, per_frame, share) for name, cores, per_frame, share in rows}
    assert by_name["web-1"] == pytest.approx((0.3, 30.0, 0.375))
    assert by_name["redis"] == pytest.approx((0.05, 5.0, 0.0625))
    assert by_name["total"] == pytest.approx((0.8, 80.0, 1.0))
    assert sum(per_frame for name, _, per_frame, _ in rows if name != "total") == pytest.approx(
        by_name["total"][1]
    )


def test_one_process_has_no_total_row() -> None:
    rows = by_process(figures({"server": 2.0}, frames=100_000), window=10.0)
    assert rows == [("server", 0.2, 20.0, 1.0)]


def test_no_cpu_and_no_frames_give_zeros_rather_than_a_division_error() -> None:
    rows = by_process(figures({"a": 0.0, "b": 0.0}, frames=1) | {"frames": 0}, window=10.0)
    assert [share for *_, share in rows] == [0.0, 0.0, 0.0]


def pair(cluster_us: float, single_us: float) -> dict[str, Any]:
    one = {"cpu_us_per_frame": cluster_us}, {"cpu_us_per_frame": single_us}
    return {
        "cluster": {"cpu_us_per_frame": cluster_us, "runs": [one[0]]},
        "single": {"cpu_us_per_frame": single_us, "runs": [one[1]]},
    }


def test_the_ratio_is_compared_with_the_target_of_one_point_three() -> None:
    assert ratio_line(pair(26.0, 20.0)).endswith("1.30x); target <= 1.3x: PASS")
    missed = ratio_line(pair(50.0, 20.0))
    assert "cluster/single CPU per delivered frame: 2.50x" in missed
    assert missed.endswith("target <= 1.3x: MISS")


def test_the_ratio_lists_every_pair_beside_the_medians() -> None:
    row = {
        "cluster": {"cpu_us_per_frame": 40.0, "runs": [{"cpu_us_per_frame": 40.0}] * 2},
        "single": {"cpu_us_per_frame": 20.0, "runs": [{"cpu_us_per_frame": 16.0}] * 2},
    }
    assert "2.00x (pair by pair: 2.50x, 2.50x)" in ratio_line(row)
