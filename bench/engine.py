"""Engine benchmark: Snek's pure rules (`rules.step`) and delta encoding, no server.

For each (snakes, board) combination a bench-local greedy AI keeps the snakes alive and eating
and dead snakes re-join via `Respawn`, so the count stays up. `rules.step` is timed per tick,
separately from the AI and from the encoding (`codec.delta` + `orjson.dumps`).

The process runs with the server's garbage-collector settings (`kogame.serve.tune_gc`), so
tick times are those a room sees in production.

`python -m bench.engine` runs it alone and prints a table.
"""

from __future__ import annotations

import os
import statistics
import time
from dataclasses import asdict, dataclass
from typing import Any

import orjson

from kogame.games.snek import codec, rules
from kogame.games.snek.board import Cell
from kogame.games.snek.state import Direction, Input, Join, Respawn, Settings, State, Turn
from kogame.serve import tune_gc

SNAKE_COUNTS = (100, 500, 1000)
BOARD_SIZES = (64, 128, 256)
# A combination is skipped when starting bodies plus one food each would cover more than this
# share of the board: the snakes would spend the run dying and waiting for room.
MAX_START_SHARE = 0.25
BUCKET = 8  # food is indexed in BUCKET x BUCKET blocks for the AI's nearest-food search
DIRECTIONS = tuple(Direction)


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100); 0.0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1))))
    return ordered[rank]


def _food_buckets(state: State) -> dict[tuple[int, int], list[Cell]]:
    buckets: dict[tuple[int, int], list[Cell]] = {}
    for cell in state.board.food:
        buckets.setdefault((cell[0] // BUCKET, cell[1] // BUCKET), []).append(cell)
    return buckets


def _nearest_food(
    buckets: dict[tuple[int, int], list[Cell]], head: Cell, max_ring: int
) -> Cell | None:
    """Nearest food by Manhattan distance, searching block rings outwards (one ring extra)."""
    bx, by = head[0] // BUCKET, head[1] // BUCKET
    best: Cell | None = None
    best_distance = 1 << 30
    found_ring = -1
    for ring in range(max_ring + 1):
        if found_ring >= 0 and ring > found_ring + 1:
            break
        for dx in range(-ring, ring + 1):
            for dy in (-ring, ring) if abs(dx) != ring else range(-ring, ring + 1):
                for cell in buckets.get((bx + dx, by + dy), ()):
                    distance = abs(cell[0] - head[0]) + abs(cell[1] - head[1])
                    if distance < best_distance:
                        best, best_distance = cell, distance
                        if found_ring < 0:
                            found_ring = ring
    return best


def greedy_inputs(state: State) -> list[Input]:
    """One tick of the bench AI: turns for live snakes, respawns for dead ones.

    From the head, among the three non-reversing directions choose a safe cell (in bounds and
    no segment on it), preferring the one closest to the nearest food. Uses only state data.
    """
    board = state.board
    buckets = _food_buckets(state)
    max_ring = max(board.width, board.height) // BUCKET + 1
    delay = state.settings.respawn_delay_ticks
    inputs: list[Input] = []
    for snake in state.snakes.values():
        if not snake.alive:
            assert snake.died_at is not None
            if snake.player not in state.waiting and state.tick + 1 >= snake.died_at + delay:
                inputs.append(Respawn(snake.player))
            continue
        head = snake.head
        target = _nearest_food(buckets, head, max_ring)
        best: Direction | None = None
        best_score = 1 << 30
        for direction in DIRECTIONS:
            if direction is snake.direction.opposite:
                continue
            cell = direction.ahead(head)
            if not board.in_bounds(cell) or board.segments_at(cell) != 0:
                continue
            if target is None:
                score = 0 if direction is snake.direction else 1
            else:
                score = abs(cell[0] - target[0]) + abs(cell[1] - target[1])
            if score < best_score:
                best, best_score = direction, score
        if best is not None and best is not snake.direction:
            inputs.append(Turn(snake.player, best))
    return inputs


@dataclass
class EngineResult:
    snakes: int
    board: int
    tick_p50_us: float
    tick_p99_us: float
    ai_p50_us: float
    ai_p99_us: float
    encode_p50_us: float
    encode_p99_us: float
    delta_bytes_p50: float
    snapshot_bytes: int
    live_at_end: int


def run_once(snakes: int, size: int, warmup: int, ticks: int, seed: int) -> EngineResult:
    state = rules.new_game(Settings(width=size, height=size), seed)
    _, _ = rules.step(state, [Join(f"p{i:05d}", f"bot {i}") for i in range(snakes)])
    for _ in range(warmup):
        rules.step(state, greedy_inputs(state))
    tick_ns: list[int] = []
    ai_ns: list[int] = []
    encode_ns: list[int] = []
    delta_bytes: list[int] = []
    for _ in range(ticks):
        t0 = time.perf_counter_ns()
        inputs = greedy_inputs(state)
        t1 = time.perf_counter_ns()
        state, events = rules.step(state, inputs)
        t2 = time.perf_counter_ns()
        frame = orjson.dumps({"type": "delta"} | codec.delta(state, events))
        t3 = time.perf_counter_ns()
        ai_ns.append(t1 - t0)
        tick_ns.append(t2 - t1)
        encode_ns.append(t3 - t2)
        delta_bytes.append(len(frame))
    snapshot = orjson.dumps({"type": "snapshot"} | codec.snapshot(state))
    us = [x / 1000 for x in tick_ns]
    ai = [x / 1000 for x in ai_ns]
    enc = [x / 1000 for x in encode_ns]
    return EngineResult(
        snakes=snakes,
        board=size,
        tick_p50_us=percentile(us, 50),
        tick_p99_us=percentile(us, 99),
        ai_p50_us=percentile(ai, 50),
        ai_p99_us=percentile(ai, 99),
        encode_p50_us=percentile(enc, 50),
        encode_p99_us=percentile(enc, 99),
        delta_bytes_p50=percentile([float(b) for b in delta_bytes], 50),
        snapshot_bytes=len(snapshot),
        live_at_end=len(state.alive()),
    )


def median_result(results: list[EngineResult]) -> EngineResult:
    first = results[0]
    fields: dict[str, Any] = {"snakes": first.snakes, "board": first.board}
    for name in asdict(first):
        if name not in fields:
            fields[name] = statistics.median(getattr(r, name) for r in results)
    return EngineResult(**fields)


def combos() -> tuple[list[tuple[int, int]], list[str]]:
    chosen: list[tuple[int, int]] = []
    skipped: list[str] = []
    start_length = Settings().start_length
    for size in BOARD_SIZES:
        for snakes in SNAKE_COUNTS:
            share = snakes * (start_length + 1) / (size * size)
            if share > MAX_START_SHARE:
                skipped.append(
                    f"{snakes} snakes on {size}x{size}: bodies+food would cover {share:.0%} "
                    f"of the board at start (limit {MAX_START_SHARE:.0%})"
                )
            else:
                chosen.append((snakes, size))
    return chosen, skipped


def run_all(repeats: int = 3, warmup: int = 50, ticks: int = 200) -> dict[str, Any]:
    tune_gc()
    chosen, skipped = combos()
    rows: list[dict[str, Any]] = []
    for snakes, size in chosen:
        runs = [run_once(snakes, size, warmup, ticks, seed=1000 + r) for r in range(repeats)]
        rows.append(asdict(median_result(runs)) | {"repeats": repeats})
    return {
        "repeats": repeats,
        "warmup_ticks": warmup,
        "measured_ticks": ticks,
        "rows": rows,
        "skipped": skipped,
    }


def format_table(result: dict[str, Any]) -> str:
    head = (
        f"{'snakes':>6} {'board':>7} {'tick p50':>9} {'tick p99':>9} {'AI p50':>8} "
        f"{'enc p50':>8} {'enc p99':>8} {'delta B':>8} {'snap B':>8} {'live':>5}"
    )
    lines = [head, "-" * len(head)]
    for row in result["rows"]:
        lines.append(
            f"{row['snakes']:>6} {row['board']:>4}x{row['board']:<3}"
            f"{row['tick_p50_us']:>8.0f}µ {row['tick_p99_us']:>8.0f}µ {row['ai_p50_us']:>7.0f}µ "
            f"{row['encode_p50_us']:>7.0f}µ {row['encode_p99_us']:>7.0f}µ "
            f"{row['delta_bytes_p50']:>8.0f} {row['snapshot_bytes']:>8.0f} "
            f"{row['live_at_end']:>5.0f}"
        )
    for note in result["skipped"]:
        lines.append(f"skipped: {note}")
    lines += [
        f"Legend: median of {result['repeats']} runs, each {result['warmup_ticks']} warm-up "
        f"ticks then {result['measured_ticks']} timed ticks (time.perf_counter_ns).",
        "  tick = rules.step only; AI = bench greedy policy (excluded from tick);",
        "  enc = codec.delta + orjson.dumps; delta B = median delta frame bytes;",
        "  snap B = full snapshot frame bytes at end; live = live snakes after the last tick.",
    ]
    return "\n".join(lines)


def main() -> None:
    repeats = int(os.environ.get("BENCH_REPEATS", "3"))
    ticks = int(os.environ.get("BENCH_ENGINE_TICKS", "200"))
    print(format_table(run_all(repeats=repeats, ticks=ticks)))


if __name__ == "__main__":
    main()
