"""A real Kogame server that starts with game results already queued (for the shutdown test).

`python -m tests.records.serve_with_results COUNT --port PORT` submits a match and COUNT lives
to the process's recorder, then serves exactly as `python -m kogame.serve` does.
"""

from __future__ import annotations

import os
import sys

import django


def main() -> None:
    count, serve_args = int(sys.argv[1]), sys.argv[2:]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kogame.settings")
    django.setup()
    from kogame import serve
    from kogame.records.recorder import get_recorder
    from tests.records.results import life, opened

    recorder = get_recorder()
    recorder.submit(opened())
    for number in range(1, count + 1):
        recorder.submit(life(life=number))
    serve.main(serve_args)


if __name__ == "__main__":
    main()
