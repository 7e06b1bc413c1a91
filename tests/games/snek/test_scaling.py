"""A tick's work follows what changed, not the board's area.

On a 256x256 board (65,536 cells) players keep leaving and joining, so snakes are placed and
food is added all game long. Listing the free cells (a copy of a list as long as the board's
free area) is allowed only on a nearly full board; every other board method is counted, and a
tick may call them only a bounded number of times, far fewer than there are cells.
"""

from __future__ import annotations

import random
from collections import Counter

import pytest

from kogame.games.snek import rules
from kogame.games.snek.board import Board, Cell
from kogame.games.snek.events import FoodAdded, Spawned
from kogame.games.snek.state import Direction, Input, Join, Leave, Respawn, Settings, Turn

SIZE = 256
TICKS = 300
PLAYERS = [f"p{n}" for n in range(40)]
# Generous for ~40 snakes (moves, collision checks, spawn tries), yet 1/16 of the board.
MAX_CALLS_PER_TICK = 4096


class CountingBoard(Board):
    """A Board that counts calls to its methods; listing every free cell of a roomy board fails."""

    def __init__(self, width: int, height: int) -> None:
        super().__init__(width, height)
        self.calls: Counter[str] = Counter()

    def in_bounds(self, cell: Cell) -> bool:
        self.calls["in_bounds"] += 1
        return super().in_bounds(cell)

    def segments_at(self, cell: Cell) -> int:
        self.calls["segments_at"] += 1
        return super().segments_at(cell)

    def is_free(self, cell: Cell) -> bool:
        self.calls["is_free"] += 1
        return super().is_free(cell)

    def free_cells(self) -> list[Cell]:
        self.calls["free_cells"] += 1
        if self.free_count > rules.SPAWN_SCAN_LIMIT:
            raise AssertionError(f"listed all {self.free_count} free cells of a roomy board")
        return super().free_cells()

    def random_free(self, rng: random.Random) -> Cell | None:
        self.calls["random_free"] += 1
        return super().random_free(rng)

    def occupy(self, cell: Cell) -> None:
        self.calls["occupy"] += 1
        super().occupy(cell)

    def vacate(self, cell: Cell) -> None:
        self.calls["vacate"] += 1
        super().vacate(cell)

    def add_food(self, cell: Cell) -> None:
        self.calls["add_food"] += 1
        super().add_food(cell)

    def remove_food(self, cell: Cell) -> None:
        self.calls["remove_food"] += 1
        super().remove_food(cell)


def test_ticks_on_a_roomy_board_pick_cells_without_scanning_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(rules, "Board", CountingBoard)
    settings = Settings(width=SIZE, height=SIZE, respawn_delay_ticks=0, max_players=len(PLAYERS))
    state = rules.new_game(settings, seed=11)
    board = state.board
    assert isinstance(board, CountingBoard)
    chooser = random.Random(3)
    spawned = food = 0
    busiest = 0
    for _ in range(TICKS):
        inputs: list[Input] = []
        for player in PLAYERS:
            roll = chooser.random()
            if roll < 0.05:
                inputs.append(Leave(player))
            elif roll < 0.3:
                inputs.append(Join(player, player))
            elif roll < 0.35:
                inputs.append(Respawn(player))
            else:
                inputs.append(Turn(player, chooser.choice(list(Direction))))
        board.calls.clear()
        state, events = rules.step(state, inputs)
        busiest = max(busiest, sum(board.calls.values()))
        spawned += sum(isinstance(event, Spawned) for event in events)
        food += sum(isinstance(event, FoodAdded) for event in events)
    assert busiest <= MAX_CALLS_PER_TICK, f"a tick made {busiest} board calls"
    assert spawned >= 200 and food >= 20, "the game must keep placing snakes and food"
