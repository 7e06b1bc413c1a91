"""Engine benchmark: Snek's pure rules (`rules.step`), its bots and delta encoding, no server.

For each (snakes, board) combination every snake is a bot: the game's own AI
(`SnekGame.bot_inputs`, as a room calls it each tick) joins them on the first tick, steers them
to food and brings the dead back once the respawn delay has passed, so the count stays up.
A tick is timed as a room runs it, `bot_inputs` then `rules.step`; the AI's share is also given
alone, and the encoding (`codec.delta` + `orjson.dumps`) separately.

The process runs with the server's garbage-collector settings (`kogame.gctuning.tune_gc`), so
tick times are those a room sees in production.

`python -m bench.engine` runs it alone and prints a table.
"""

from __future__ import annotations

import os
import statistics
import time
from dataclasses import asdict, dataclass
from typing import Any, ClassVar

import orjson

from kogame.games.snek import codec, rules
from kogame.games.snek.events import Ate, Died
from kogame.games.snek.game import SnekGame
from kogame.games.snek.state import Settings
from kogame.gctuning import tune_gc

SNAKE_COUNTS = (100, 500, 1000)
BOARD_SIZES = (64, 128, 256)
# A combination is skipped when starting bodies plus one food each would cover more than this
# share of the board: the snakes would spend the run dying and waiting for room.
MAX_START_SHARE = 0.25
GAME = SnekGame()


@dataclass(frozen=True)
class BenchSettings(Settings):
    """A room far past a real room's limits: hundreds of bots."""

    PLAYER_LIMIT: ClassVar[int] = max(SNAKE_COUNTS)
    BOT_LIMIT: ClassVar[int] = max(SNAKE_COUNTS)


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100); 0.0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1))))
    return ordered[rank]


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
    eaten_per_tick: float
    deaths_per_tick: float


def run_once(snakes: int, size: int, warmup: int, ticks: int, seed: int) -> EngineResult:
    state = rules.new_game(BenchSettings(width=size, height=size, bots=snakes), seed)
    for _ in range(1 + warmup):
        rules.step(state, GAME.bot_inputs(state))
    tick_ns: list[int] = []
    ai_ns: list[int] = []
    encode_ns: list[int] = []
    delta_bytes: list[int] = []
    eaten = deaths = 0
    for _ in range(ticks):
        t0 = time.perf_counter_ns()
        inputs = GAME.bot_inputs(state)
        t1 = time.perf_counter_ns()
        state, events = rules.step(state, inputs)
        t2 = time.perf_counter_ns()
        frame = orjson.dumps({"type": "delta"} | codec.delta(state, events))
        t3 = time.perf_counter_ns()
        ai_ns.append(t1 - t0)
        tick_ns.append(t2 - t0)
        encode_ns.append(t3 - t2)
        delta_bytes.append(len(frame))
        eaten += sum(isinstance(event, Ate) for event in events)
        deaths += sum(isinstance(event, Died) for event in events)
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
        eaten_per_tick=eaten / ticks,
        deaths_per_tick=deaths / ticks,
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
        f"{'AI p99':>8} {'enc p50':>8} {'enc p99':>8} {'delta B':>8} {'snap B':>8} "
        f"{'live':>5} {'ate/t':>6} {'died/t':>6}"
    )
    lines = [head, "-" * len(head)]
    for row in result["rows"]:
        lines.append(
            f"{row['snakes']:>6} {row['board']:>4}x{row['board']:<3}"
            f"{row['tick_p50_us']:>8.0f}µ {row['tick_p99_us']:>8.0f}µ {row['ai_p50_us']:>7.0f}µ "
            f"{row['ai_p99_us']:>7.0f}µ {row['encode_p50_us']:>7.0f}µ "
            f"{row['encode_p99_us']:>7.0f}µ {row['delta_bytes_p50']:>8.0f} "
            f"{row['snapshot_bytes']:>8.0f} {row['live_at_end']:>5.0f} "
            f"{row['eaten_per_tick']:>6.1f} {row['deaths_per_tick']:>6.2f}"
        )
    for note in result["skipped"]:
        lines.append(f"skipped: {note}")
    lines += [
        f"Legend: median of {result['repeats']} runs, each {result['warmup_ticks']} warm-up "
        f"ticks then {result['measured_ticks']} timed ticks (time.perf_counter_ns).",
        "  tick = SnekGame.bot_inputs + rules.step, as a room runs it; AI = bot_inputs alone;",
        "  enc = codec.delta + orjson.dumps; delta B = median delta frame bytes;",
        "  snap B = full snapshot frame bytes at end; live = live snakes after the last tick;",
        "  ate/t, died/t = food eaten and snakes dead per timed tick (all snakes are bots).",
    ]
    return "\n".join(lines)


def main() -> None:
    repeats = int(os.environ.get("BENCH_REPEATS", "3"))
    ticks = int(os.environ.get("BENCH_ENGINE_TICKS", "200"))
    print(format_table(run_all(repeats=repeats, ticks=ticks)))


if __name__ == "__main__":
    main()
