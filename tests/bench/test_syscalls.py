"""Reading `perf stat`'s CSV in bench/syscalls.py. Nothing here times anything."""

from __future__ import annotations

from pathlib import Path

from bench.syscalls import counts


def test_counted_events_are_read_and_uncounted_ones_left_out(tmp_path: Path) -> None:
    out = tmp_path / "perf.txt"
    out.write_text(
        "# started on Fri Dec  4 11:20:48 2026\n"
        "\n"
        "216098,,raw_syscalls:sys_enter,10001873404,100.00,,\n"
        "200355,,syscalls:sys_enter_write,10001873404,100.00,,\n"
        "<not counted>,,syscalls:sys_enter_sendmsg,0,100.00,,\n"
        "<not supported>,,syscalls:sys_enter_writev,0,100.00,,\n"
    )
    assert counts(out) == {
        "raw_syscalls:sys_enter": 216098,
        "syscalls:sys_enter_write": 200355,
    }
