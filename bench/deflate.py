"""How much deflating one tick's frame saves, by frame size: where the threshold lies.

`python -m bench.deflate`: real Snek deltas from rooms of bots (as `bench/engine.py` makes
them), each deflated once as the server does (raw deflate, level 1, no shared context); the
bytes saved and the time it takes, median over the ticks of each room size. Frames whose
saving does not pay for the compression stay plain (`kogame/play/directsend.py`).
"""

from __future__ import annotations

import statistics
import time

from bench.engine import GAME, BenchSettings
from kogame.engine.encoding import encode
from kogame.games.snek import rules
from kogame.play.directsend import deflate

SNAKES = (2, 5, 10, 20, 50, 100, 500)
TICKS = 100


def frames(snakes: int) -> list[str]:
    state = rules.new_game(BenchSettings(width=128, height=128, bots=snakes), seed=7)
    texts = []
    for _ in range(30 + TICKS):
        state, events = GAME.step(state, GAME.bot_inputs(state))
        texts.append(encode({"type": "delta"} | GAME.delta(state, events)))
    return texts[30:]


def main() -> None:
    print(f"{'snakes':>6} {'plain B':>8} {'deflated B':>10} {'ratio':>6} {'µs':>6}")
    for snakes in SNAKES:
        sizes, packed, spent = [], [], []
        for text in frames(snakes):
            data = text.encode()
            began = time.perf_counter_ns()
            out = deflate(data)
            spent.append((time.perf_counter_ns() - began) / 1000)
            sizes.append(len(data))
            packed.append(len(out))
        plain, small = statistics.median(sizes), statistics.median(packed)
        row = f"{snakes:>6} {plain:>8.0f} {small:>10.0f} {small / plain:>6.2f}"
        print(f"{row} {statistics.median(spent):>6.1f}")


if __name__ == "__main__":
    main()
