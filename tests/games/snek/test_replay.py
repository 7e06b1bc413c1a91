"""Determinism: the same seed and inputs replay to the same game, bit for bit.

The inputs come from a script: a `random.Random` of its own, separate from the game's seed,
drives joins, leaves, respawn requests and turns for a handful of players over a long game.
"""

from __future__ import annotations

import hashlib
import os
import random
import subprocess
import sys
from collections import Counter
from pathlib import Path

import orjson
import pytest

from kogame.games.snek import ai, codec, rules
from kogame.games.snek.state import Direction, Input, Join, Leave, Respawn, Settings, Turn

ROOT = Path(__file__).resolve().parents[3]
TICKS = 2000
PLAYERS = [f"player-{n}" for n in range(6)]


def script(script_seed: int, ticks: int = TICKS) -> list[list[Input]]:
    """Every tick's inputs, chosen by their own seeded random, fixed before any game runs."""
    chooser = random.Random(script_seed)
    directions = list(Direction)
    ticks_inputs: list[list[Input]] = []
    for _ in range(ticks):
        inputs: list[Input] = []
        for player in PLAYERS:
            roll = chooser.random()
            if roll < 0.04:
                inputs.append(Join(player, player.title()))
            elif roll < 0.05:
                inputs.append(Leave(player))
            elif roll < 0.15:
                inputs.append(Respawn(player))
            elif roll < 0.45:
                inputs.append(Turn(player, chooser.choice(directions)))
        ticks_inputs.append(inputs)
    return ticks_inputs


def replay(
    seed: int, size: int, inputs: list[list[Input]], bots: int = 0
) -> tuple[list[bytes], Counter[str]]:
    """The snapshot after every tick (as bytes), and how many events of each kind happened.

    With `bots`, the game's AI adds its inputs to each tick's, as a room does, and they are
    appended to that tick's list in `inputs`: a record of everything the game was sent.
    """
    settings = Settings(width=size, height=size, respawn_delay_ticks=5, bots=bots)
    state = rules.new_game(settings, seed)
    frames = [orjson.dumps(codec.snapshot(state))]
    kinds: Counter[str] = Counter()
    for tick_inputs in inputs:
        if bots:
            tick_inputs += ai.inputs(state)
        state, events = rules.step(state, tick_inputs)
        kinds.update(type(event).__name__ for event in events)
        frames.append(
            orjson.dumps(codec.snapshot(state)) + orjson.dumps(codec.delta(state, events))
        )
    return frames, kinds


def digest(seed: int, size: int, script_seed: int) -> str:
    frames, _ = replay(seed, size, script(script_seed))
    return hashlib.sha256(b"".join(frames)).hexdigest()


@pytest.mark.parametrize(
    "size",
    [
        pytest.param(12, id="on a small board (spawns scan the free cells)"),
        pytest.param(30, id="on a roomy board (spawns pick at random)"),
    ],
)
def test_the_same_seed_and_inputs_replay_to_the_same_game_every_tick(size: int) -> None:
    inputs = script(script_seed=99)
    first, kinds = replay(seed=2024, size=size, inputs=inputs)
    second, _ = replay(seed=2024, size=size, inputs=inputs)
    assert len(first) == TICKS + 1
    for tick, (one, other) in enumerate(zip(first, second, strict=True)):
        assert one == other, f"the replays part at tick {tick}"
    # The game must be busy for the comparison to mean something.
    for kind in ("Spawned", "Died", "Ate", "Removed", "FoodAdded", "Refused"):
        assert kinds[kind] >= 10, f"only {kinds[kind]} {kind} events in {TICKS} ticks"


def test_recorded_inputs_with_the_bots_replay_the_same_game_without_the_ai() -> None:
    """The bots' inputs are inputs like any others: played back, they need no AI to run."""
    recorded = script(script_seed=31, ticks=800)
    live, kinds = replay(seed=77, size=14, inputs=recorded, bots=10)
    played_back, _ = replay(seed=77, size=14, inputs=recorded)
    for tick, (one, other) in enumerate(zip(live, played_back, strict=True)):
        assert one == other, f"the replays part at tick {tick}"
    bot_inputs = [item for tick in recorded for item in tick if item.player.startswith("bot:")]
    assert {type(item).__name__ for item in bot_inputs} == {"Join", "Leave", "Turn", "Respawn"}
    assert kinds["Ate"] >= 20


def test_a_different_seed_gives_a_different_game() -> None:
    inputs = script(script_seed=99, ticks=200)
    first, _ = replay(seed=2024, size=20, inputs=inputs)
    other, _ = replay(seed=2025, size=20, inputs=inputs)
    assert first[0] == other[0], "both start empty"
    differing = sum(one != two for one, two in zip(first, other, strict=True))
    assert differing > 150


def test_the_replay_does_not_depend_on_the_interpreter_s_hash_seed() -> None:
    """Player ids are strings: iterating a set or dict of them in hash order would differ."""
    expected = digest(seed=7, size=14, script_seed=5)
    code = (
        "from tests.games.snek.test_replay import digest; "
        "print(digest(seed=7, size=14, script_seed=5))"
    )
    for hash_seed in ("0", "4242"):
        env = os.environ | {"PYTHONHASHSEED": hash_seed}
        result = subprocess.run(
            [sys.executable, "-c", code],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        )
        assert result.stdout.strip() == expected, f"PYTHONHASHSEED={hash_seed}"
