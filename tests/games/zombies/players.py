"""Random people for long test games: joins, leaves, bursts of Acts, shots seen in the past."""

from __future__ import annotations

import random

from kogame.games.zombies import ai
from kogame.games.zombies.state import Act, Input, Join, Leave, State
from kogame.games.zombies.tilemap import TileMap


class Crowd:
    """People who come and go and play at random; `inputs(state)` adds the bots' inputs."""

    def __init__(self, seed: int, people: int = 3) -> None:
        self.rng = random.Random(seed)
        self.people = [f"p{n}" for n in range(people)]
        self.seq = dict.fromkeys(self.people, 0)
        self.present: set[str] = set()

    def inputs(self, grid: TileMap, state: State) -> list[Input]:
        rng = self.rng
        sent: list[Input] = list(ai.bot_inputs(grid, state))
        for person in self.people:
            if person not in self.present:
                if rng.random() < 0.05:
                    self.present.add(person)
                    sent.append(Join(person, person.upper()))
                continue
            if rng.random() < 0.002:
                self.present.discard(person)
                sent.append(Leave(person))
                continue
            burst = rng.choice((0, 1, 1, 1, 1, 2, 3)) if rng.random() < 0.3 else 1
            for _ in range(burst):
                self.seq[person] += 1
                sent.append(
                    Act(
                        person,
                        self.seq[person],
                        rng.randrange(9),
                        rng.randrange(4096),
                        rng.random() < 0.4,
                        state.tick - rng.randrange(-2, 12),
                    )
                )
        rng.shuffle(sent)
        return sent
