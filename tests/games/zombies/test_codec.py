"""Zombies' frames: an area lists what its window holds, zombies as three numbers with the
hurt ones' health apart in snapshots and as moves in deltas; a client following the deltas
holds what the snapshots say, whatever the game does; each area is made only when asked for."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kogame.games.zombies import codec, rules
from kogame.games.zombies.state import Options, State
from kogame.games.zombies.tilemap import SUB
from kogame.games.zombies.views import WHOLE_MAP, area_of
from tests.games.zombies.helpers import add_zombie, big_office, centre, fight, game, sync_history
from tests.games.zombies.players import Crowd
from tests.games.zombies.seen import NotForThis, Seen

ROWS = [".P" + "." * 58] + ["." * 60] * 9


def test_zombies_are_listed_by_position_and_only_the_hurt_with_their_health() -> None:
    grid, state = game(ROWS, "alice")
    fight(state, wave=5)  # full health is 120 in wave 5
    well = add_zombie(state, *centre(4, 1), hp=120)
    hurt = add_zombie(state, *centre(5, 1), hp=45)
    frame = codec.snapshot(grid, state, WHOLE_MAP)
    x, y = centre(4, 1)
    assert frame["z"][:3] == [well.id, x // SUB, y // SUB]
    assert len(frame["z"]) == 6
    assert frame["zh"] == [hurt.id, 45]


def test_an_area_holds_its_window_and_is_made_when_first_asked_for() -> None:
    grid, state = game(ROWS, "alice")
    fight(state)
    near = add_zombie(state, *centre(6, 1))
    far = add_zombie(state, *centre(58, 8))
    alice = state.players["alice"]
    area = area_of(grid, alice.x, alice.y)
    seen = Seen(grid.width)
    seen.read(codec.snapshot(grid, state, area))
    rules.step(grid, state, [])
    frames = codec.AreaFrames(grid, state, ())
    assert len(frames) == 0, "nothing is made before it is asked for"
    mine = frames[area]
    seen.read(mine)
    assert near.id in seen.ids() and far.id not in seen.ids()
    assert [row[0] for row in mine["p"]] == ["alice"]
    assert len(frames) == 1


def moved_by(state: State, dx: int, dy: int, zid: int) -> None:
    zombie = next(z for z in state.zombies if z.id == zid)
    zombie.x += dx * SUB
    zombie.y += dy * SUB


def test_a_delta_says_where_each_zombie_went_in_one_character() -> None:
    grid, state = game(ROWS, "alice")
    fight(state)
    walker = add_zombie(state, *centre(6, 1))
    jumper = add_zombie(state, *centre(8, 1))
    doomed = add_zombie(state, *centre(10, 1))
    state.tick += 1  # the next tick: history[-1] holds where they were
    state.history.append((state.tick, state.history[-1][1]))
    moved_by(state, 3, -2, walker.id)
    moved_by(state, 5, 0, jumper.id)  # further than a character says
    state.zombies = [z for z in state.zombies if z.id != doomed.id]
    sync_history(state)
    frame = codec.AreaFrames(grid, state, ())[WHOLE_MAP]
    reach, span = codec.MOVE_REACH, codec.MOVE_SPAN
    assert "z" not in frame
    assert frame["zm"] == codec.MOVES[(-2 + reach) * span + 3 + reach] + codec.GONE * 2
    x, y = centre(8, 1)
    assert frame["zn"] == [jumper.id, x // SUB + 5, y // SUB], "a jump is listed whole"


def test_without_the_previous_tick_a_delta_lists_the_zombies_whole() -> None:
    grid, state = game(ROWS, "alice")
    fight(state)
    zombie = add_zombie(state, *centre(6, 1))
    state.history.clear()  # as if the state came from a save without the tick before
    state.history.append((state.tick, (zombie.id, zombie.x, zombie.y)))
    frame = codec.AreaFrames(grid, state, ())[WHOLE_MAP]
    assert frame["z"] == [zombie.id, zombie.x // SUB, zombie.y // SUB] and "zm" not in frame


@settings(max_examples=12, deadline=None)
@given(st.integers(0, 2**32), st.sampled_from([20, 30, 60]))
def test_a_client_following_the_deltas_holds_what_the_snapshots_say(seed: int, rate: int) -> None:
    """Each connection as the platform serves it: its area's delta every tick, and when its
    area changes, that tick's delta (of the new area, not applicable) then a snapshot."""
    grid = big_office(seed)
    state = rules.new_state(grid, Options(bots=3, max_players=6), rate, seed)
    crowd = Crowd(seed, people=3)
    clients: dict[str, tuple[str, Seen]] = {}
    checked: list[tuple[str, int]] = []
    for _ in range(300):
        state, events = rules.step(grid, state, crowd.inputs(grid, state))
        frames = codec.AreaFrames(grid, state, events)
        views = {p: area_of(grid, state.players[p].x, state.players[p].y) for p in state.players}
        views["watcher"] = WHOLE_MAP
        for player, area in views.items():
            known = clients.get(player)
            if known is None or known[0] != area:
                seen = known[1] if known else Seen(grid.width)
                if known is not None:
                    with pytest.raises(NotForThis):
                        seen.read(frames[area])
                seen.read(codec.snapshot(grid, state, area))
                clients[player] = (area, seen)
                continue
            seen = known[1]
            seen.read(frames[area])
            checked.append((area, len(frames[area].get("zm", ""))))
            whole = Seen(grid.width)
            whole.read(codec.snapshot(grid, state, area))
            assert seen.zombies == whole.zombies, (state.tick, player, area)
        for gone in set(clients) - set(views):
            del clients[gone]
