"""Zombies engine benchmark: a crowded office through `ZombiesGame`, no server.

The scene of the issue's targets: the office map (60x40), 30 ticks/s, 16 people (joined with
`game.join`, no bots) and 300 zombies. A game never has 300 zombies out by itself (the rules
keep at most `rules.MAX_ALIVE` = 150 alive and the rest of a wave waits), so the harness puts
them there: after the players have joined it starts a fight (wave 1, nothing left to
release) and adds `Zombie` objects at random walkable tile centres (a quarter-tile jitter
when the box stays clear of walls, as `rules.release` does), drawn with the state's own
seeded generator (`state.rng`). Between ticks, outside the timed part, it tops the crowd back
up to 300 the same way (the players shoot some) and puts every player back on their feet
at full health (otherwise 300 zombies down everyone within seconds, the game ends and the
zombies are gone): the timed ticks are always 16 standing players against 300 zombies, the
bites and shots still happening. The rules and the game are not changed.

Each player sends one `Act` a tick (seq increasing, `seen` = the world it was shown): it
keeps a direction (0..8, 0 standing) for a random while (a 1-in-12 chance a tick to pick a
new one), turns its aim a little each tick, and half of the players hold the trigger (the
rules fire at most 6 shots a second). All random choices come from one `random.Random` seeded
per run, so a run replays exactly.

A tick is timed in two parts, as a room runs it (kogame/engine/room.py `tick`, `_frames`):
- step: `game.step` (all of the rules' stages, the flow field among them);
- frames: what the room then makes for its connections: each player's area (`game.view`),
  `game.area_deltas`, the private parts (`game.private`, each encoded once) and
  `encode_frames` (each distinct area in use encoded once).
Bytes per player per tick are the texts each player's connection is sent
(`TickFrames.text_for`: the area's text with its `you` part spliced in), UTF-8, without the
WebSocket header; "deflated" is that payload through the server's compressor
(kogame/play/directsend.py `deflate`, raw deflate level 1, no context: one tick's frame
deflated once for everyone in its area); "sent" is what a client that agreed compression
gets (below `DEFLATE_FROM` bytes the frame stays plain).

The process runs with the server's garbage-collector settings (`kogame.gctuning.tune_gc`).
`python -m bench.zombies` runs it alone (BENCH_ZOMBIES_REPEATS, BENCH_ZOMBIES_TICKS).
"""

from __future__ import annotations

import os
import random
import statistics
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from bench.engine import percentile
from kogame.engine.encoding import encode
from kogame.engine.frames import TickFrames, encode_frames
from kogame.games.zombies import rules
from kogame.games.zombies.events import Bitten, Event, Shot, ZombieKilled
from kogame.games.zombies.game import ZombiesGame
from kogame.games.zombies.geometry import ZOMBIE_HALF, box_clear
from kogame.games.zombies.state import Act, Input, State, Zombie
from kogame.games.zombies.tilemap import TILE, TileMap
from kogame.gctuning import tune_gc
from kogame.play.directsend import DEFLATE_FROM, deflate

MAP = "office"
TICK_RATE = 30
PLAYERS = 16
ZOMBIES = 300
FIRING_SHARE = 0.5
TURN_CHANCE = 1 / 12  # per tick, a player picks a new direction
TARGET_P99_MS = 5.0
TARGET_BYTES = 1024
WARMUP_TICKS = 60
GAME = ZombiesGame()


@dataclass
class ZombiesResult:
    step_p50_us: float
    step_p99_us: float
    step_max_us: float
    total_p50_us: float  # step + frames
    total_p99_us: float
    total_max_us: float
    frames_p50_us: float
    frames_p99_us: float
    # The thread's CPU time for step+frames (time.thread_time_ns): what the tick cost without
    # the time the process waited for a core (other work on the machine).
    cpu_p50_us: float
    cpu_p99_us: float
    bytes_p50: float  # per player per tick, the text its connection is sent
    bytes_p90: float
    deflated_p50: float
    deflated_p90: float
    sent_p50: float  # with compression agreed (small frames stay plain)
    areas_p50: float  # distinct areas in use per tick
    listed_p50: float  # zombies a player's frame speaks of: moves ("zm") and arrivals ("zn")
    zombie_bytes_p50: float  # bytes of a player's frame that are about zombies ("zm", "zn")
    zombies_min: float  # zombies present at the start of a timed tick (after top-up)
    zombies_after_p50: float  # zombies after the tick's step (kills removed)
    shots_per_tick: float
    kills_per_tick: float
    bites_per_tick: float
    topped_up_per_tick: float


class Crowd:
    """The harness's side of the scene: players' acts, the zombie top-up, the revives."""

    def __init__(self, grid: TileMap, seed: int) -> None:
        self.grid = grid
        self.rng = random.Random(seed)
        self.walkable = [
            (col, row)
            for row in range(grid.height)
            for col in range(grid.width)
            if not grid.solid[row * grid.width + col]
        ]
        self.players = [f"bench-{i:02d}" for i in range(PLAYERS)]
        self.firing = set(self.players[: round(PLAYERS * FIRING_SHARE)])
        self.moves = {p: self.rng.randrange(9) for p in self.players}
        self.aims = {p: self.rng.randrange(4096) for p in self.players}
        self.seq = dict.fromkeys(self.players, 0)

    def acts(self, state: State) -> list[Input]:
        rng = self.rng
        out: list[Input] = []
        for player in self.players:
            if rng.random() < TURN_CHANCE:
                self.moves[player] = rng.randrange(9)
            self.aims[player] = (self.aims[player] + rng.randint(-96, 96)) % 4096
            self.seq[player] += 1
            move, aim, fire = self.moves[player], self.aims[player], player in self.firing
            out.append(Act(player, self.seq[player], move, aim, fire, state.tick))
        return out

    def top_up(self, state: State) -> int:
        """Add zombies at random walkable spots (state.rng) until there are `ZOMBIES`."""
        rng = state.rng
        jitter = TILE // 4
        speed = rules.zombie_speed(max(1, state.wave))
        added = 0
        while len(state.zombies) < ZOMBIES:
            col, row = self.walkable[rng.randrange(len(self.walkable))]
            x, y = col * TILE + TILE // 2, row * TILE + TILE // 2
            jx, jy = x + rng.randint(-jitter, jitter), y + rng.randint(-jitter, jitter)
            if box_clear(self.grid, jx, jy, ZOMBIE_HALF):
                x, y = jx, jy
            state.zombies.append(Zombie(state.next_zombie, x, y, rules.ZOMBIE_HEALTH, 0, speed))
            state.next_zombie += 1
            added += 1
        return added

    @staticmethod
    def stand_everyone(state: State) -> None:
        for player in state.players.values():
            player.hp = rules.HEALTH
            player.down = False
            player.revive = 0


def scene(seed: int) -> tuple[State, Crowd]:
    """The office with 16 people in a fight against 300 zombies."""
    grid = GAME.tilemap(MAP)
    state = GAME.new_state({"map": MAP, "bots": 0, "max_players": PLAYERS}, TICK_RATE, seed)
    crowd = Crowd(grid, seed)
    state, events = GAME.step(state, [GAME.join(p, f"Bench {p[-2:]}") for p in crowd.players])
    joined = sum(1 for p in crowd.players if p in state.players)
    if joined != PLAYERS:
        raise RuntimeError(f"only {joined} of {PLAYERS} players joined: {events}")
    state.phase, state.wave, state.timer, state.to_release = "fight", 1, 0, 0
    crowd.top_up(state)
    return state, crowd


def run_once(ticks: int, seed: int, warmup: int = WARMUP_TICKS) -> ZombiesResult:
    state, crowd = scene(seed)
    step_ns: list[int] = []
    frames_ns: list[int] = []
    cpu_ns: list[int] = []
    sizes: list[float] = []
    deflated: list[float] = []
    sent: list[float] = []
    areas: list[float] = []
    listed: list[float] = []
    zombie_bytes: list[float] = []
    present: list[int] = []
    after: list[int] = []
    shots = kills = bitten = added = 0
    for tick in range(warmup + ticks):
        topped = crowd.top_up(state)
        crowd.stand_everyone(state)
        inputs = crowd.acts(state)
        zombies_now = len(state.zombies)
        c0 = time.thread_time_ns()
        t0 = time.perf_counter_ns()
        state, events = GAME.step(state, inputs)
        t1 = time.perf_counter_ns()
        frames = room_frames(state, events, crowd.players)
        t2 = time.perf_counter_ns()
        c1 = time.thread_time_ns()
        if tick < warmup:
            continue
        step_ns.append(t1 - t0)
        frames_ns.append(t2 - t1)
        cpu_ns.append(c1 - c0)
        present.append(zombies_now)
        after.append(len(state.zombies))
        added += topped
        areas.append(float(len(frames.texts)))
        deltas = GAME.area_deltas(state, events)
        for player in crowd.players:
            frame = deltas[frames.views[player]]
            about = {"zm": frame["zm"], "zn": frame["zn"]}
            listed.append(len(about["zm"]) + len(about["zn"]) / 3)
            zombie_bytes.append(float(len(encode(about)) - len("{,}")))
        packed: dict[str, int] = {}  # one deflate per distinct text (per area without a part)
        for player in crowd.players:
            text = frames.text_for(player)
            if text is None:
                raise RuntimeError(f"no frame for {player} on tick {state.tick}")
            data = text.encode()
            size = packed.get(text)
            if size is None:
                size = packed[text] = len(deflate(data))
            sizes.append(float(len(data)))
            deflated.append(float(size))
            sent.append(float(size if len(data) >= DEFLATE_FROM else len(data)))
        shots += sum(isinstance(e, Shot) for e in events)
        kills += sum(isinstance(e, ZombieKilled) for e in events)
        bitten += sum(isinstance(e, Bitten) for e in events)
    step_us = [x / 1000 for x in step_ns]
    total_us = [(a + b) / 1000 for a, b in zip(step_ns, frames_ns, strict=True)]
    frames_us = [x / 1000 for x in frames_ns]
    cpu_us = [x / 1000 for x in cpu_ns]
    return ZombiesResult(
        step_p50_us=percentile(step_us, 50),
        step_p99_us=percentile(step_us, 99),
        step_max_us=max(step_us),
        total_p50_us=percentile(total_us, 50),
        total_p99_us=percentile(total_us, 99),
        total_max_us=max(total_us),
        frames_p50_us=percentile(frames_us, 50),
        frames_p99_us=percentile(frames_us, 99),
        cpu_p50_us=percentile(cpu_us, 50),
        cpu_p99_us=percentile(cpu_us, 99),
        bytes_p50=percentile(sizes, 50),
        bytes_p90=percentile(sizes, 90),
        deflated_p50=percentile(deflated, 50),
        deflated_p90=percentile(deflated, 90),
        sent_p50=percentile(sent, 50),
        areas_p50=percentile(areas, 50),
        listed_p50=percentile(listed, 50),
        zombie_bytes_p50=percentile(zombie_bytes, 50),
        zombies_min=float(min(present)),
        zombies_after_p50=percentile([float(x) for x in after], 50),
        shots_per_tick=shots / ticks,
        kills_per_tick=kills / ticks,
        bites_per_tick=bitten / ticks,
        topped_up_per_tick=added / ticks,
    )


def stage_times(ticks: int, seed: int, warmup: int = WARMUP_TICKS) -> dict[str, list[float]]:
    """The same scene with each of the rules' stages timed alone: `rules.step`'s own loop
    (tick, navigation cache, `rules.STAGES` in order), each stage between two clock reads."""
    state, crowd = scene(seed)
    grid = GAME.tilemap(MAP)
    spent: dict[str, list[float]] = {stage.__name__: [] for stage in rules.STAGES}
    for tick in range(warmup + ticks):
        crowd.top_up(state)
        crowd.stand_everyone(state)
        inputs = crowd.acts(state)
        state.tick += 1
        rules.nav(grid, state)
        events: list[Event] = []
        for stage in rules.STAGES:
            t0 = time.perf_counter_ns()
            stage(grid, state, inputs, events)
            if tick >= warmup:
                spent[stage.__name__].append((time.perf_counter_ns() - t0) / 1000)
    return spent


def format_stages(spent: dict[str, list[float]]) -> str:
    total = sum(sum(values) for values in spent.values()) or 1.0
    lines = [f"{'stage':<12}{'p50':>9}{'p99':>9}{'share':>8}"]
    for name, values in spent.items():
        share = sum(values) / total
        lines.append(
            f"{name:<12}{percentile(values, 50):>8.0f}µ{percentile(values, 99):>8.0f}µ{share:>8.0%}"
        )
    return "\n".join(lines)


def room_frames(state: State, events: Sequence[Event], players: list[str]) -> TickFrames:
    """The tick's frames as the room makes them (`Room._frames`, the room's `extra` empty:
    no chat or presence this tick)."""
    deltas = GAME.area_deltas(state, events)
    parts = GAME.private(state, events)
    encoded = {p: encode(parts[p]) for p in players if p in parts}
    views = {p: GAME.view(state, p) for p in players}
    return encode_frames(state.tick, deltas, {}, encoded, views)


def run_all(repeats: int = 3, ticks: int = 900) -> dict[str, Any]:
    tune_gc()
    runs = [run_once(ticks, seed=2000 + r) for r in range(repeats)]
    stages = stage_times(ticks, seed=2000)
    median = {name: statistics.median(getattr(r, name) for r in runs) for name in asdict(runs[0])}
    return {
        "repeats": repeats,
        "warmup_ticks": WARMUP_TICKS,
        "measured_ticks": ticks,
        "map": MAP,
        "tick_rate": TICK_RATE,
        "players": PLAYERS,
        "zombies": ZOMBIES,
        "load_average": os.getloadavg(),
        "cpus": os.cpu_count(),
        "median": median,
        "runs": [asdict(r) for r in runs],
        "stages_us": {
            name: {"p50": percentile(v, 50), "p99": percentile(v, 99), "sum": sum(v)}
            for name, v in stages.items()
        },
        "stages_table": format_stages(stages),
        "targets": {"tick_p99_ms": TARGET_P99_MS, "bytes_p50": TARGET_BYTES},
    }


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def format_table(result: dict[str, Any]) -> str:
    m = result["median"]
    load = ", ".join(f"{x:.2f}" for x in result["load_average"])
    p99_ms = TARGET_P99_MS * 1000
    lines = [
        f"office {result['players']} players + {result['zombies']} zombies at "
        f"{result['tick_rate']} ticks/s; load average at the end {load} ({result['cpus']} cpus)",
        f"{'':<22}{'p50':>9}{'p99':>9}{'max':>9}",
        f"{'step':<22}{m['step_p50_us']:>8.0f}µ{m['step_p99_us']:>8.0f}µ{m['step_max_us']:>8.0f}µ",
        f"{'frames':<22}{m['frames_p50_us']:>8.0f}µ{m['frames_p99_us']:>8.0f}µ",
        f"{'step+frames':<22}{m['total_p50_us']:>8.0f}µ{m['total_p99_us']:>8.0f}µ"
        f"{m['total_max_us']:>8.0f}µ",
        f"{'step+frames CPU time':<22}{m['cpu_p50_us']:>8.0f}µ{m['cpu_p99_us']:>8.0f}µ",
        f"{'':<22}{'p50':>9}{'p90':>9}",
        f"{'B/player/tick raw':<22}{m['bytes_p50']:>9.0f}{m['bytes_p90']:>9.0f}",
        f"{'B/player/tick deflated':<22}{m['deflated_p50']:>9.0f}{m['deflated_p90']:>9.0f}",
        f"a player's frame lists p50 {m['listed_p50']:.0f} zombies in "
        f"{m['zombie_bytes_p50']:.0f} B"
        " of its text",
        f"areas in use p50 {m['areas_p50']:.0f}; zombies at tick start min "
        f"{m['zombies_min']:.0f}, after step p50 {m['zombies_after_p50']:.0f}; per tick: shots "
        f"{m['shots_per_tick']:.2f}, kills {m['kills_per_tick']:.2f}, bites "
        f"{m['bites_per_tick']:.2f}, zombies topped up {m['topped_up_per_tick']:.2f}",
        f"target tick p99 < {TARGET_P99_MS:.0f} ms: step {m['step_p99_us'] / 1000:.2f} ms "
        f"{verdict(m['step_p99_us'] < p99_ms)}, step+frames {m['total_p99_us'] / 1000:.2f} ms "
        f"{verdict(m['total_p99_us'] < p99_ms)}",
        f"target bytes/player/tick p50 <= {TARGET_BYTES} B: raw {m['bytes_p50']:.0f} B "
        f"{verdict(m['bytes_p50'] <= TARGET_BYTES)}, deflated {m['deflated_p50']:.0f} B "
        f"{verdict(m['deflated_p50'] <= TARGET_BYTES)}",
        "The rules' stages timed one by one (one run, first seed):",
        result["stages_table"],
        f"Legend: median of {result['repeats']} runs (seeds differ), each "
        f"{result['warmup_ticks']} warm-up then {result['measured_ticks']} timed ticks "
        "(time.perf_counter_ns); see bench/zombies.py for the scene.",
        "  step = ZombiesGame.step; frames = views + area_deltas + private parts + encode_frames;",
        "  CPU time = the thread's CPU time over step+frames (wall time less waits for a core);",
        "  bytes = TickFrames.text_for(player) UTF-8 (area text + `you`), no WebSocket header;",
        "  deflated = kogame.play.directsend.deflate of that text (raw deflate, level 1).",
    ]
    return "\n".join(lines)


def main() -> None:
    repeats = int(os.environ.get("BENCH_ZOMBIES_REPEATS", "3"))
    ticks = int(os.environ.get("BENCH_ZOMBIES_TICKS", "900"))
    print(format_table(run_all(repeats=repeats, ticks=ticks)))


if __name__ == "__main__":
    main()
