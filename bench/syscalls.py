"""Syscalls per delivered frame, Kogame beside the floor, in `make bench`'s setup.

`python -m bench.syscalls [--clients 1000] [--loops uvloop,asyncio]` runs the fan-out once
against Kogame on each event loop and once against the floor (frames of Kogame's median delta
size), and counts the server's syscalls over the 10 s window with `perf stat` on the kernel's
syscall tracepoints (needs `perf` and access to tracefs, as root has here). Counting by
tracepoint costs the server next to nothing, unlike `strace`, which slows it down enough to
change what it measures. Each line is a syscall's count over the window and per delivered
frame.
"""

from __future__ import annotations

import argparse
import contextlib
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from bench.floor import raise_nofile_limit
from bench.run import floor_server, floor_target, kogame_server, measure, room_target

CALLS = [
    "write",
    "writev",
    "sendto",
    "sendmsg",
    "read",
    "recvfrom",
    "epoll_wait",
    "epoll_pwait",
    "epoll_ctl",
    "futex",
    "getpid",
]
EVENTS = ["raw_syscalls:sys_enter", *(f"syscalls:sys_enter_{call}" for call in CALLS)]
WINDOW = 10.0


def counting(pid: int, out: Path, started: list[subprocess.Popen[bytes]]) -> Callable[[], None]:
    """What starts `perf stat` on `pid` for the window, when the window opens."""

    def start() -> None:
        command = ["perf", "stat", "-x", ",", "-o", str(out)]
        for event in EVENTS:
            command += ["-e", event]
        command += ["-p", str(pid), "--", "sleep", str(WINDOW)]
        started.append(subprocess.Popen(command, stdout=subprocess.DEVNULL))

    return start


def counts(out: Path) -> dict[str, int]:
    """perf stat's CSV: count, unit, event, ...; events it could not count are left out."""
    found: dict[str, int] = {}
    for line in out.read_text().splitlines():
        fields = line.split(",")
        if len(fields) > 2 and fields[0].strip().isdigit():
            found[fields[2]] = int(fields[0])
    return found


def run_one(
    server: Any, target: Callable[[int], Any], clients: int, players: bool, work: Path
) -> dict[str, Any]:
    out = work / "perf.txt"
    started: list[subprocess.Popen[bytes]] = []
    with server as (port, pid):
        window_opens = counting(pid, out, started)
        figures = measure(
            {"server": pid}, clients, [target(port)], WINDOW, work, players, at_start=window_opens
        )
    for process in started:
        process.wait()
    return figures | {"syscalls": counts(out)}


def report(name: str, figures: dict[str, Any]) -> None:
    frames = max(1, figures["frames"])
    print(
        f"== {name}: {figures['frames']} frames delivered in the window "
        f"(delivery {figures['delivery_ratio']:.3f}), {figures['cpu_us_per_frame']:.1f} µs of "
        f"CPU per frame, {figures['bytes_per_frame']:.0f} B per frame"
    )
    for event, count in figures["syscalls"].items():
        if count:
            label = "all syscalls" if event == EVENTS[0] else event.rsplit("_enter_", 1)[-1]
            print(f"  {label:<14}{count:>10}  {count / frames:7.3f} per frame")


@contextlib.contextmanager
def workdir() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="kogame-syscalls-") as tmp:
        work = Path(tmp)
        (work / "data").mkdir(mode=0o700)
        yield work


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=1000)
    parser.add_argument("--loops", default="uvloop,asyncio")
    args = parser.parse_args()
    if shutil.which("perf") is None:
        sys.exit("bench.syscalls needs perf (apt-get install linux-perf)")
    clients = args.clients
    raise_nofile_limit()
    median = 0.0
    for loop in args.loops.split(","):
        with workdir() as work:
            server = kogame_server(work / "data", 20, work / "log", loop)
            figures = run_one(server, room_target, clients, True, work)
        report(f"Kogame [{loop}], {clients} clients", figures)
        median = median or figures["delta_bytes_p50"]
    with workdir() as work:
        size = max(40, int(median))
        figures = run_one(floor_server(20, size, work / "log"), floor_target, clients, False, work)
    report(f"floor ({size} B frames), {clients} clients", figures)


if __name__ == "__main__":
    main()
