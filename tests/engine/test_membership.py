"""A room's membership: each player's newest connection controls their place."""

from __future__ import annotations

from dataclasses import dataclass

from kogame.engine.membership import Membership


@dataclass(eq=False)
class Conn:
    player: str


def test_a_second_connection_of_a_player_replaces_the_first() -> None:
    members: Membership[Conn] = Membership()
    first, watcher, second = Conn("ada"), Conn("w"), Conn("ada")
    assert members.attach(first, playing=True) is None
    assert members.attach(watcher) is None
    assert members.attach(second) is first
    assert list(members) == [watcher, second]
    assert members.controller("ada") is second
    assert members.attach(second) is None, "the same connection again replaces nobody"
    assert not members.detach(first), "no longer in control"
    assert members.controls("ada")


def test_play_and_watch_move_a_players_connection_and_detach_forgets_it() -> None:
    members: Membership[Conn] = Membership()
    w1, ada, w2 = Conn("w1"), Conn("ada"), Conn("w2")
    for conn in (w1, ada, w2):
        members.attach(conn)
    members.play("ada")
    members.play("nobody")
    assert list(members) == [ada, w1, w2]
    members.watch("ada")
    assert list(members) == [w1, w2, ada]
    assert members.detach(ada)
    assert ada not in members and not members.controls("ada")
    assert sorted(members.players()) == ["w1", "w2"] and len(members) == 2
    members.clear()
    assert not members
