"""`make bench`: the engine benchmark, then WebSocket fan-out against Kogame and the floor.

Environment:
  BENCH_SIZES    client counts, default "100,500,1000,2000" (each at 20 ticks/s; 2,000
                 is the crowd target: delivery >= 99.9%, no client starved)
  BENCH_SLOW     "1" (default) also runs 500 clients at 5 ticks/s when 500 is in BENCH_SIZES
  BENCH_REPEATS  repeats of each Kogame/floor pair, default 3; medians are reported
  BENCH_WINDOW   measurement window in seconds, default 10
  BENCH_LOADGENS load generator processes, default 4
  BENCH_FLOOR_LARGE "1" also runs the floor with 8.7 KB frames (default "0")
  BENCH_ENGINE   "0" skips the engine benchmarks; BENCH_ENGINE_REPEATS, default 3
  BENCH_ZOMBIES  "0" skips the Zombies engine benchmark (bench/zombies.py)
  BENCH_FANOUT   "0" skips Snek's fan-out against the floor (the sizes above)
  BENCH_ZOMBIES_FANOUT "0" skips the Zombies fan-out: BENCH_ZOMBIES_CLIENTS (default 200)
                 clients in one Zombies room at 30 ticks/s (16 of them playing), beside Snek
                 with as many clients at 20 and 30 ticks/s. Alone:
                 BENCH_ENGINE=0 BENCH_FANOUT=0 make bench
  BENCH_COMPRESSION "1": clients offer permessage-deflate, as browsers do (default "0")
  BENCH_LOOPS    Kogame's event loops to measure, e.g. "uvloop,asyncio" (default "auto":
                 uvloop when installed); each after the first gets its own row, kogame[loop]
Results: a table on stdout and JSON in bench/results/<UTC timestamp>.json.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from bench import engine, zombies
from bench.engine import percentile
from bench.floor import raise_nofile_limit
from kogame.liveserver import free_port, serve, stop, wait_for

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PLAYER_SHARE = 0.10
SETTLE_SECONDS = 2.0
LARGE_FRAME = 8700
CLK_TCK = os.sysconf("SC_CLK_TCK")
# A client that got fewer frames than this share of the window's ticks was starved.
STARVED_SHARE = 0.9
# The crowd target (issue 15): so many clients in one room at 20 ticks/s, this delivered.
CROWD = 2000
CROWD_DELIVERY = 0.999


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, str(default)))


def cpu_seconds(pid: int) -> float:
    data = Path(f"/proc/{pid}/stat").read_text()
    fields = data[data.rfind(")") + 2 :].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def tcp_ok(port: int) -> bool:
    with socket.create_connection(("127.0.0.1", port), timeout=1):
        return True


def snek_settings(tick_rate: int, loop: str = "auto") -> dict[str, str]:
    """The fan-out's room: the server's default room, Snek on 64x64, people only."""
    return {
        "KOGAME_EVENT_LOOP": loop,
        "KOGAME_SNEK_TICK_RATE": str(tick_rate),
        "KOGAME_SNEK_SIZE": "64",
        "KOGAME_LOG_LEVEL": "WARNING",
        # The clients' room is the server's default room: defined by these settings, with
        # room for all the playing clients and no bots (people only, as in earlier runs).
        "KOGAME_DEFAULT_ROOM": "bench",
        "KOGAME_SNEK_MAX_PLAYERS": "1000",
        "KOGAME_SNEK_BOTS": "0",
    }


@contextlib.contextmanager
def kogame_server(
    data: Path, tick_rate: int, log: Path, loop: str = "auto"
) -> Iterator[tuple[int, int]]:
    with serve(data, log, snek_settings(tick_rate, loop)) as server:
        yield server


@dataclass(frozen=True)
class Target:
    """Where a load generator's clients go: the socket, the page that gives them a player
    (none for the floor) and the Origin they send."""

    ws: str
    page: str
    origin: str


def room_target(port: int, game: str = "snek", room: str = "bench") -> Target:
    """A room of a Kogame server (or web process) on 127.0.0.1:`port`."""
    base = f"127.0.0.1:{port}"
    return Target(
        f"ws://{base}/ws/play/{game}/{room}/",
        f"http://{base}/play/{game}/{room}/",
        f"http://{base}",
    )


def floor_target(port: int) -> Target:
    return Target(f"ws://127.0.0.1:{port}/", "", f"http://127.0.0.1:{port}")


def even_split(total: int, parts: int) -> list[int]:
    """`total` in `parts` shares that differ by at most one, the larger first."""
    return [total // parts + (1 if i < total % parts else 0) for i in range(parts)]


def loadgen_plan(n: int, players: int, procs: int, targets: int) -> list[tuple[int, int, int]]:
    """(target, clients, players) for each load generator process: clients and players split
    evenly over the targets, and each target's share over as even a share of the processes
    (at least one each)."""
    plan = []
    shares = zip(
        even_split(n, targets),
        even_split(players, targets),
        even_split(max(procs, targets), targets),
        strict=True,
    )
    for target, (conns, playing, gens) in enumerate(shares):
        for part, plays in zip(even_split(conns, gens), even_split(playing, gens), strict=True):
            plan.append((target, part, plays))
    return plan


ZOMBIES_TICK_RATE = 30
ZOMBIES_PLAYERS = 16  # the room's most people (Options.PLAYER_LIMIT); the rest watch


@contextlib.contextmanager
def zombies_server(data: Path, log: Path) -> Iterator[tuple[int, int]]:
    """A server whose default room (`bench`) is a Zombies room on the office map at 30 ticks/s,
    16 people at most and no AI teammates."""
    settings = {
        "KOGAME_LOG_LEVEL": "WARNING",
        "KOGAME_DEFAULT_ROOM": "bench",
        "KOGAME_ZOMBIES_TICK_RATE": str(ZOMBIES_TICK_RATE),
        "KOGAME_ZOMBIES_MAP": "office",
        "KOGAME_ZOMBIES_MAX_PLAYERS": str(ZOMBIES_PLAYERS),
        "KOGAME_ZOMBIES_BOTS": "0",
    }
    with serve(data, log, settings) as server:
        yield server


@contextlib.contextmanager
def floor_server(tick_rate: int, frame_bytes: int, log: Path) -> Iterator[tuple[int, int]]:
    port = free_port()
    command = [sys.executable, "-m", "bench.floor", "--port", str(port)]
    command += ["--tick-rate", str(tick_rate), "--frame-bytes", str(frame_bytes)]
    with log.open("ab") as out:
        process = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_for(lambda: tcp_ok(port), process, "floor", log)
        yield port, process.pid
    finally:
        stop(process)


def measure(
    pids: Mapping[str, int],
    n: int,
    targets: Sequence[Target],
    window: float,
    work: Path,
    players: bool,
    game: str = "snek",
    player_count: int | None = None,
    at_start: Callable[[], None] | None = None,
    settle: float = SETTLE_SECONDS,
) -> dict[str, Any]:
    """Run the load generators against started servers and return the merged figures
    (`player_count` playing clients, else `PLAYER_SHARE` of them when `players`), the clients
    split evenly over `targets`. The window opens `settle` seconds after every client has
    received a delta. The CPU time is that of every process in `pids` (by name), over the
    window; `at_start` is called as the window is about to open."""
    procs = min(env_int("BENCH_LOADGENS", 4), n)
    want_players = round(n * PLAYER_SHARE) if players else 0
    if player_count is not None:
        want_players = player_count
    plan = loadgen_plan(n, want_players, procs, len(targets))
    loadgens: list[subprocess.Popen[bytes]] = []
    outs = [work / f"loadgen-{i}.json" for i in range(len(plan))]
    for out in outs:
        out.unlink(missing_ok=True)
    try:
        for i, (target_index, conns, playing) in enumerate(plan):
            target = targets[target_index]
            command = [sys.executable, "-m", "bench.loadgen", "--ws", target.ws]
            command += ["--origin", target.origin, "--conns", str(conns)]
            command += ["--players", str(playing), "--out", str(outs[i]), "--game", game]
            if target.page:
                command += ["--page", target.page]
            if i == 0:
                command.append("--sync-sample")
            if os.environ.get("BENCH_COMPRESSION", "0") == "1":
                command.append("--compression")  # the floor declines it: its frames stay plain
            loadgens.append(
                subprocess.Popen(command, cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
            )
        ready = []
        for process in loadgens:
            assert process.stdout is not None
            ready.append(process.stdout.readline().decode().split())
        connected = sum(int(r[1]) for r in ready if len(r) == 3)
        time.sleep(settle)
        t0 = time.time() + 0.5
        t1 = t0 + window
        for process in loadgens:
            assert process.stdin is not None
            process.stdin.write(f"GO {t0} {t1}\n".encode())
            process.stdin.flush()
        if at_start is not None:
            at_start()
        time.sleep(max(0.0, t0 - time.time()))
        cpu0 = {name: cpu_seconds(pid) for name, pid in pids.items()}
        time.sleep(max(0.0, t1 - time.time()))
        cpu = {name: cpu_seconds(pid) - cpu0[name] for name, pid in pids.items()}
        rss = sum(peak_rss_mb(pid) for pid in pids.values())
        for process in loadgens:
            process.wait(timeout=window + 60)
        parts = [orjson.loads(out.read_bytes()) for out in outs]
    finally:
        for process in loadgens:
            stop(process)
    by_target = [0] * len(targets)
    for (target_index, _, _), part in zip(plan, parts, strict=True):
        by_target[target_index] += sum(part["frames"])
    return summarise(parts, n, connected, window, sum(cpu.values()), rss) | {
        "cpu_s_by_process": cpu,
        "frames_by_target": by_target,
    }


def summarise(
    parts: list[dict[str, Any]], n: int, connected: int, window: float, cpu: float, rss: float
) -> dict[str, Any]:
    frames = sum(sum(p["frames"]) for p in parts)
    total_bytes = sum(sum(p["bytes"]) for p in parts)
    wire_bytes = sum(sum(p["wire"]) for p in parts)
    missed = sum(sum(p["missed"]) for p in parts)
    ticks: dict[int, list[float]] = {}
    for part in parts:
        for key, (first, last, count) in part["ticks"].items():
            entry = ticks.setdefault(int(key), [first, last, 0])
            entry[0], entry[1] = min(entry[0], first), max(entry[1], last)
            entry[2] += count
    ticks_in_window = (max(ticks) - min(ticks) + 1) if ticks else 0
    # The first and last tick straddle the window's edges: delivery counts the ticks between.
    inner = range(min(ticks) + 1, max(ticks)) if ticks else range(0)
    inner_frames = sum(ticks[t][2] for t in inner if t in ticks)
    full = [(v[1] - v[0]) * 1000 for v in ticks.values() if v[2] >= connected > 0]
    interarrival = [x for p in parts for x in p["interarrival_ms"]]
    latency = [x for p in parts for x in p["latency_ms"]]
    delta_sizes = [float(x) for p in parts for x in p["delta_sizes"]]
    loadgen_cpu = [p["cpu_s"] / window for p in parts]
    closed = [c for p in parts for c in p["closed_in_run"]]
    # Frames each client got in the window (clients that never connected count as none).
    per_client = [count for p in parts for count in p["frames"]]
    per_client += [0] * max(0, n - len(per_client))
    return {
        "clients": n,
        "connected": connected,
        "closed_or_failed": len(closed),
        "close_reasons": sorted(set(closed))[:10],
        "ticks_in_window": ticks_in_window,
        "tick_rate_achieved": ticks_in_window / window,
        "frames": frames,
        "frames_per_client_s": frames / max(1, connected) / window,
        "fewest_frames": min(per_client, default=0),
        "starved_clients": sum(1 for c in per_client if c < STARVED_SHARE * ticks_in_window),
        "delivery_ratio": inner_frames / max(1, len(inner) * n),
        "missed_ticks": missed,
        "ia_p50_ms": percentile(interarrival, 50),
        "ia_p99_ms": percentile(interarrival, 99),
        "ia_max_ms": max(interarrival, default=0.0),
        "spread_p50_ms": percentile(full, 50),
        "spread_p99_ms": percentile(full, 99),
        "spread_ticks": len(full),
        "i2e_p50_ms": percentile(latency, 50),
        "i2e_p99_ms": percentile(latency, 99),
        "i2e_samples": len(latency),
        "turns_unresolved": sum(p["turns_unresolved"] for p in parts),
        "bytes_per_frame": total_bytes / max(1, frames),
        # Everything read off the sockets (frame headers, compression) per delivered frame.
        "wire_bytes_per_frame": wire_bytes / max(1, frames),
        "delta_bytes_p50": percentile(delta_sizes, 50),
        # The snapshot answering one mid-window `sync` (else the first one after connecting).
        "snapshot_bytes": max(p["snapshot_sync"] for p in parts)
        or max(p["snapshot_initial"] for p in parts),
        "server_cpu_s_per_s": cpu / window,
        "cpu_us_per_frame": cpu * 1e6 / max(1, frames),
        "peak_rss_mb": rss,
        "loadgen_cpu_max": max(loadgen_cpu, default=0.0),
        "loadgen_saturated": any(x > 0.9 for x in loadgen_cpu),
    }


def median_of(runs: list[dict[str, Any]]) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for key, value in runs[0].items():
        if isinstance(value, bool):
            merged[key] = any(r[key] for r in runs)
        elif isinstance(value, int | float):
            merged[key] = statistics.median(r[key] for r in runs)
        else:
            merged[key] = value
    return merged


def fanout(
    window: float, repeats: int, sizes: list[int], work: Path, loops: list[str]
) -> list[dict[str, Any]]:
    cases = [(n, 20) for n in sizes]
    if os.environ.get("BENCH_SLOW", "1") != "0" and 500 in sizes:
        cases.append((500, 5))
    data = work / "data"
    data.mkdir(mode=0o700)  # private, as the server checks (kogame.W001)
    log = work / "servers.log"
    by_case: dict[tuple[int, int], dict[str, list[dict[str, Any]]]] = {}
    for repeat in range(repeats):
        for n, rate in cases:
            labels = ["kogame", *(f"kogame[{loop}]" for loop in loops[1:])]
            runs = by_case.setdefault((n, rate), {label: [] for label in labels})
            for label in ("floor", "floor_large"):
                runs.setdefault(label, [])
            print(f"  repeat {repeat + 1}/{repeats}: {n} clients at {rate}/s", file=sys.stderr)
            for label, loop in zip(labels, loops, strict=True):
                with kogame_server(data, rate, log, loop) as (port, pid):
                    measured = measure(
                        {"server": pid}, n, [room_target(port)], window, work, players=True
                    )
                runs[label].append(measured | {"loop": loop})
            kogame = runs["kogame"][-1]
            sizes_for_floor = [("floor", max(40, int(kogame["delta_bytes_p50"])))]
            if os.environ.get("BENCH_FLOOR_LARGE", "0") == "1":
                sizes_for_floor.append(("floor_large", LARGE_FRAME))
            for label, frame_bytes in sizes_for_floor:
                with floor_server(rate, frame_bytes, log) as (port, pid):
                    floor = measure(
                        {"floor": pid}, n, [floor_target(port)], window, work, players=False
                    )
                floor["frame_bytes"] = frame_bytes
                runs[label].append(floor)
    results = []
    for (n, rate), runs in by_case.items():
        row: dict[str, Any] = {"clients": n, "tick_rate": rate}
        for label, items in runs.items():
            if items:
                row[label] = median_of(items) | {"runs": items}
        results.append(row)
    return results


def zombies_fanout(window: float, repeats: int, n: int, work: Path) -> dict[str, Any]:
    """`n` clients in one Zombies room (16 playing), and in one Snek room at 20 and at 30
    ticks/s (10% playing), each run `repeats` times; medians by label."""
    data = work / "zdata"
    data.mkdir(mode=0o700)
    log = work / "servers.log"
    runs: dict[str, list[dict[str, Any]]] = {"zombies": [], "snek@20": [], "snek@30": []}
    for repeat in range(repeats):
        print(f"  repeat {repeat + 1}/{repeats}: {n} clients, Zombies then Snek", file=sys.stderr)
        with zombies_server(data, log) as (port, pid):
            measured = measure(
                {"server": pid},
                n,
                [room_target(port, game="zombies")],
                window,
                work,
                players=True,
                game="zombies",
                player_count=min(ZOMBIES_PLAYERS, n),
            )
        runs["zombies"].append(measured | {"tick_rate": ZOMBIES_TICK_RATE, "load": os.getloadavg()})
        for rate in (20, 30):
            with kogame_server(data, rate, log) as (port, pid):
                measured = measure(
                    {"server": pid}, n, [room_target(port)], window, work, players=True
                )
            runs[f"snek@{rate}"].append(measured | {"tick_rate": rate, "load": os.getloadavg()})
    return {"clients": n} | {
        label: median_of(items) | {"runs": items} for label, items in runs.items()
    }


def zombies_fanout_table(row: dict[str, Any], window: float, repeats: int) -> str:
    head = f"{'N':>5} {'game@rate':<12}" + "".join(f"{c[0]:>12}" for c in COLUMNS)
    lines = [head, "-" * len(head)]
    for label in ("zombies", "snek@20", "snek@30"):
        figures = row[label]
        name = f"zombies@{figures['tick_rate']:.0f}" if label == "zombies" else label
        cells = "".join(f"{fmt.format(figures[key]):>12}" for _, key, fmt in COLUMNS)
        flag = "  LOADGEN SATURATED" if figures["loadgen_saturated"] else ""
        lost = figures["closed_or_failed"]
        note = f"  ({lost:.0f} conns closed/failed: {figures['close_reasons']})" if lost else ""
        lines.append(f"{row['clients']:>5} {name:<12}{cells}{flag}{note}")
    z, s20, s30 = row["zombies"], row["snek@20"], row["snek@30"]
    per30 = z["cpu_us_per_frame"] / s30["cpu_us_per_frame"]
    per20 = z["cpu_us_per_frame"] / s20["cpu_us_per_frame"]
    loads = "; ".join(
        f"{label} " + ", ".join(f"{x:.2f}" for x in row[label]["runs"][-1]["load"])
        for label in ("zombies", "snek@20", "snek@30")
    )
    lines += [
        f"Zombies/Snek CPU per delivered frame: {per30:.2f}x Snek@30, {per20:.2f}x Snek@20; "
        "Zombies "
        f"ticks/s achieved {z['tick_rate_achieved']:.1f}, snapshot {z['snapshot_bytes']:.0f} B, "
        f"client 0's delta p50 {z['delta_bytes_p50']:.0f} B, i2e samples {z['i2e_samples']:.0f}",
        f"Load average after each kind's last run: {loads}",
        f"Legend: medians of {repeats} run(s), {window:.0f} s windows; columns as in the Snek",
        "  fan-out table's legend. Zombies: the office map, 16 clients play (one `act` per delta",
        "  received, half firing), the rest watch the whole map; i2e = sending an act to the",
        "  first frame whose `you.ack` covers it. Snek: 10% play, as in the fan-out table.",
    ]
    return "\n".join(lines)


COLUMNS = (
    ("frames/cl/s", "frames_per_client_s", "{:.1f}"),
    ("deliv", "delivery_ratio", "{:.3f}"),
    ("missed", "missed_ticks", "{:.0f}"),
    ("ia p50", "ia_p50_ms", "{:.1f}"),
    ("ia p99", "ia_p99_ms", "{:.1f}"),
    ("ia max", "ia_max_ms", "{:.0f}"),
    ("spr p50", "spread_p50_ms", "{:.1f}"),
    ("spr p99", "spread_p99_ms", "{:.1f}"),
    ("i2e p50", "i2e_p50_ms", "{:.0f}"),
    ("i2e p99", "i2e_p99_ms", "{:.0f}"),
    ("B/frame", "bytes_per_frame", "{:.0f}"),
    ("wire B", "wire_bytes_per_frame", "{:.0f}"),
    ("srv cpu", "server_cpu_s_per_s", "{:.2f}"),
    ("µs/frame", "cpu_us_per_frame", "{:.1f}"),
    ("RSS MB", "peak_rss_mb", "{:.0f}"),
    ("LG cpu", "loadgen_cpu_max", "{:.2f}"),
)


def table_head() -> list[str]:
    """The fan-out table's heading and rule."""
    head = f"{'N':>5} {'rate':>4} {'server':<18}" + "".join(f"{c[0]:>12}" for c in COLUMNS)
    return [head, "-" * len(head)]


def table_line(clients: int, rate: int, name: str, figures: dict[str, Any], i2e: bool) -> str:
    """One server's row of the fan-out table (`i2e` False: no players, no input-to-effect)."""
    cells = ""
    for _, key, fmt in COLUMNS:
        blank = not i2e and key.startswith("i2e")
        cells += f"{'-' if blank else fmt.format(figures[key]):>12}"
    flag = "  LOADGEN SATURATED" if figures["loadgen_saturated"] else ""
    lost = figures["closed_or_failed"]
    note = f"  ({lost:.0f} conns closed/failed: {figures['close_reasons']})" if lost else ""
    return f"{clients:>5} {rate:>4} {name:<18}{cells}{flag}{note}"


def legend(window: float, repeats: int, settle: float = SETTLE_SECONDS) -> list[str]:
    """What the fan-out table's columns mean."""
    return [
        f"Legend: medians of {repeats} run(s); each run measures a {window:.0f} s window after "
        f"all clients receive deltas (+{settle:.0f} s settle).",
        "  frames/cl/s = delta frames received in the window / connected clients / window;",
        "  deliv = frames received / (ticks x clients), over the window's ticks minus the two",
        "  straddling its edges (absent ticks count as lost); missed = sum of tick gaps",
        "  each client saw; ia = per-client inter-arrival time of deltas (ms);",
        "  spr = fan-out spread, first to last client's receive time (time.time()) of the same",
        "  tick, over ticks every client received (ms); i2e = input-to-effect: send `turn` to",
        "  the first delta moving the player's snake that way (10% of clients play; ms);",
        "  B/frame = mean delta frame length received; wire B = bytes read off the sockets per",
        "  delivered frame (headers and compression included); srv cpu = server utime+stime from",
        "  /proc/PID/stat over the window / window (cores); µs/frame = server CPU µs per delivered",
        "  frame; RSS = server VmHWM; LG cpu = busiest load generator process's getrusage CPU",
        "  over the window / window (>0.90 flags LOADGEN SATURATED). The machine's 2 cores are",
        "  shared by the server and all load generators.",
    ]


def crowd_verdict(figures: dict[str, Any]) -> str:
    """The crowd target: delivery at least CROWD_DELIVERY and no client starved, said as PASS
    or MISS, and whether a load generator was saturated (then the miss may be theirs)."""
    delivered, starved = figures["delivery_ratio"], figures["starved_clients"]
    met = delivered >= CROWD_DELIVERY and starved == 0
    ticks = figures["ticks_in_window"]
    verdict = (
        f"{CROWD:,} clients: delivery {delivered:.4f} (target >= {CROWD_DELIVERY}), "
        f"{starved:.0f} starved (< {STARVED_SHARE:.0%} of the window's ticks; fewest frames "
        f"a client got: {figures['fewest_frames']:.0f} of {ticks:.0f}): "
        f"{'PASS' if met else 'MISS'}"
    )
    if figures["loadgen_saturated"]:
        verdict += " (a load generator was saturated: the figures may be theirs)"
    return verdict


def fanout_table(rows: list[dict[str, Any]], window: float, repeats: int) -> str:
    lines = table_head()
    for row in rows:
        for label in [key for key in row if key.startswith(("kogame", "floor"))]:
            figures = row[label]
            ours = label.startswith("kogame")
            name = label if ours else f"{label}({figures['frame_bytes']:.0f}B)"
            lines.append(table_line(row["clients"], row["tick_rate"], name, figures, i2e=ours))
        kogame, floor = row.get("kogame"), row.get("floor")
        if kogame and floor and floor["cpu_us_per_frame"] > 0:
            ratio = kogame["cpu_us_per_frame"] / floor["cpu_us_per_frame"]
            lines.append(
                f"{'':>11}Kogame/floor CPU per delivered frame: {ratio:.2f}x; "
                f"Kogame snapshot {kogame['snapshot_bytes']:.0f} B, delta p50 "
                f"{kogame['delta_bytes_p50']:.0f} B, ticks/s achieved "
                f"{kogame['tick_rate_achieved']:.1f} (floor {floor['tick_rate_achieved']:.1f}), "
                f"i2e samples {kogame['i2e_samples']:.0f}"
            )
            for label in [key for key in row if key.startswith("kogame[")]:
                other = row[label]["cpu_us_per_frame"] / floor["cpu_us_per_frame"]
                lines.append(f"{'':>11}{label}/floor CPU per delivered frame: {other:.2f}x")
        if kogame and row["clients"] == CROWD and row["tick_rate"] == 20:
            lines.append(f"{'':>11}{crowd_verdict(kogame)}")
    lines += [
        *legend(window, repeats),
        "  Floor = bench/floor.py (bare websockets broadcast) with frames of Kogame's median",
        "  delta size from the same run.",
    ]
    return "\n".join(lines)


def main() -> None:
    raise_nofile_limit()
    window = float(os.environ.get("BENCH_WINDOW", "10"))
    repeats = env_int("BENCH_REPEATS", 3)
    sizes = [int(x) for x in os.environ.get("BENCH_SIZES", "100,500,1000,2000").split(",") if x]
    loops = [x for x in os.environ.get("BENCH_LOOPS", "auto").split(",") if x]
    started = dt.datetime.now(dt.UTC)
    result: dict[str, Any] = {
        "started": started.isoformat(),
        "window_s": window,
        "repeats": repeats,
        "cpus": os.cpu_count(),
        "loops": loops,
    }
    if os.environ.get("BENCH_ENGINE", "1") != "0":
        print("engine benchmark…", file=sys.stderr)
        result["engine"] = engine.run_all(repeats=env_int("BENCH_ENGINE_REPEATS", 3))
        print("\n== Engine (pure rules, no server) ==")
        print(engine.format_table(result["engine"]), flush=True)
        if os.environ.get("BENCH_ZOMBIES", "1") != "0":
            print("Zombies engine benchmark…", file=sys.stderr)
            result["zombies_engine"] = zombies.run_all(repeats=env_int("BENCH_ENGINE_REPEATS", 3))
            print("\n== Zombies engine (ZombiesGame, no server) ==")
            print(zombies.format_table(result["zombies_engine"]), flush=True)
    with tempfile.TemporaryDirectory(prefix="kogame-bench-") as tmp:
        if os.environ.get("BENCH_ZOMBIES_FANOUT", "1") != "0":
            print("Zombies fan-out benchmark…", file=sys.stderr)
            clients = env_int("BENCH_ZOMBIES_CLIENTS", 200)
            row = zombies_fanout(window, repeats, clients, Path(tmp))
            result["zombies_fanout"] = row
            print("\n== Zombies fan-out (WebSocket, loopback), beside Snek ==")
            print(zombies_fanout_table(row, window, repeats), flush=True)
        if os.environ.get("BENCH_FANOUT", "1") != "0":
            print("fan-out benchmark…", file=sys.stderr)
            rows = fanout(window, repeats, sizes, Path(tmp), loops)
            result["fanout"] = rows
            print("\n== Fan-out (WebSocket, loopback) ==")
            print(fanout_table(rows, window, repeats))
    result["finished"] = dt.datetime.now(dt.UTC).isoformat()
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{started.strftime('%Y%m%dT%H%M%SZ')}.json"
    path.write_bytes(orjson.dumps(result, option=orjson.OPT_INDENT_2))
    print(f"\nJSON: {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
