"""Zombies' frames: an area lists what its window holds, zombies as three numbers with the
hurt ones' health apart, and each area is made only when asked for."""

from __future__ import annotations

from kogame.games.zombies import codec
from kogame.games.zombies.tilemap import SUB
from kogame.games.zombies.views import WHOLE_MAP, area_of
from tests.games.zombies.helpers import add_zombie, centre, fight, game

ROWS = [".P" + "." * 58] + ["." * 60] * 9


def test_zombies_are_listed_by_position_and_only_the_hurt_with_their_health() -> None:
    grid, state = game(ROWS, "alice")
    fight(state, wave=5)  # full health is 120 in wave 5
    well = add_zombie(state, *centre(4, 1), hp=120)
    hurt = add_zombie(state, *centre(5, 1), hp=45)
    frame = codec.AreaFrames(grid, state, ())[WHOLE_MAP]
    x, y = centre(4, 1)
    assert frame["z"][:3] == [well.id, x // SUB, y // SUB]
    assert len(frame["z"]) == 6
    assert frame["zh"] == [hurt.id, 45]


def test_an_area_holds_its_window_and_is_made_when_first_asked_for() -> None:
    grid, state = game(ROWS, "alice")
    fight(state)
    near = add_zombie(state, *centre(6, 1))
    far = add_zombie(state, *centre(58, 8))
    frames = codec.AreaFrames(grid, state, ())
    assert len(frames) == 0, "nothing is made before it is asked for"
    alice = state.players["alice"]
    mine = frames[area_of(grid, alice.x, alice.y)]
    assert near.id in mine["z"][::3] and far.id not in mine["z"][::3]
    assert [row[0] for row in mine["p"]] == ["alice"]
    assert len(frames) == 1
