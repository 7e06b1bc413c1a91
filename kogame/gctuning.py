"""The garbage collector's settings for long-running processes: the web server
(`kogame.serve`), engine workers (`manage.py engine`) and the engine benchmark."""

import gc

# A full garbage collection walks every tracked object (~100 ms with 1,000 connections) and
# stalls every room's tick while it runs; collecting young objects less often makes full
# passes rarer (docs/performance.md has the figures).
GC_THRESHOLDS = (50_000, 20, 20)


def tune_gc() -> None:
    """Keep what is loaded so far (it lives as long as the process) out of every collection,
    and make full collections rare. Call once everything long-lived has been imported."""
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)
