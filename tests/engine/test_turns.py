"""A turn's bookkeeping: it is due when every mover has moved, or at the deadline."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kogame.engine.turns import Turn

PEOPLE = ("ada", "bo", "cy", "di")


def test_a_turn_is_not_due_while_a_mover_has_not_moved_and_the_deadline_has_not_passed() -> None:
    turn = Turn({"ada", "bo"}, began=100.0, deadline_seconds=5.0)
    assert turn.move("ada", now=101.0) is False
    assert not turn.ready(104.9)
    assert turn.movers - turn.moved == {"bo"}
    assert turn.time_left(101.0) == pytest.approx(4.0)


def test_the_last_mover_completes_the_turn_at_once() -> None:
    turn = Turn({"ada", "bo"}, began=100.0, deadline_seconds=5.0)
    turn.move("ada", now=100.5)
    assert turn.move("bo", now=101.0) is True
    assert turn.ready(101.0)
    assert turn.due() == 101.0
    assert turn.time_left(101.0) == 0.0


def test_a_turn_someone_did_not_move_in_is_due_at_the_deadline() -> None:
    turn = Turn({"ada", "bo"}, began=100.0, deadline_seconds=0.5)
    turn.move("ada", now=100.1)
    assert not turn.ready(100.49)
    assert turn.ready(100.5)


def test_a_turn_with_no_movers_waits_for_the_deadline_whatever_anyone_sends() -> None:
    turn = Turn((), began=0.0, deadline_seconds=2.0)
    assert turn.move("bot:1", now=0.1) is False
    assert turn.move("watcher", now=0.2) is False
    assert not turn.ready(1.99)
    assert turn.ready(2.0)


def test_only_movers_count_and_a_second_move_is_not_another_mover() -> None:
    turn = Turn({"ada", "bo"}, began=0.0, deadline_seconds=5.0)
    assert turn.move("ada", now=1.0) is False
    assert turn.move("ada", now=1.5) is False
    assert turn.move("newcomer", now=2.0) is False
    assert not turn.ready(2.0)


def test_a_mover_who_gives_their_place_up_is_no_longer_waited_for() -> None:
    turn = Turn({"ada", "bo"}, began=0.0, deadline_seconds=5.0)
    assert not turn.move("ada", 1.0)
    assert turn.excuse("bo", 2.0), "ada has moved: the turn is over once bo is excused"
    assert turn.due() == 2.0
    lone = Turn({"ada"}, began=0.0, deadline_seconds=5.0)
    assert not lone.excuse("ada", 1.0) and lone.due() == 5.0, "nobody left: the deadline"
    assert not lone.excuse("cy", 1.0), "cy was never a mover"


def test_the_deadline_must_be_positive() -> None:
    with pytest.raises(ValueError, match="deadline"):
        Turn({"ada"}, began=0.0, deadline_seconds=0)


@given(
    movers=st.frozensets(st.sampled_from(PEOPLE)),
    moves=st.lists(
        st.tuples(st.sampled_from((*PEOPLE, "bot:1")), st.floats(0.0, 10.0)), max_size=12
    ),
    deadline=st.floats(0.01, 10.0),
    now=st.floats(0.0, 20.0),
)
def test_a_turn_is_due_exactly_when_all_movers_have_moved_or_the_deadline_passed(
    movers: frozenset[str], moves: list[tuple[str, float]], deadline: float, now: float
) -> None:
    turn = Turn(movers, began=0.0, deadline_seconds=deadline)
    moved: set[str] = set()
    completed_at = None
    for player, at in sorted(moves, key=lambda move: move[1]):
        if at > now:
            break
        completes = turn.move(player, at)
        if player in movers:
            moved.add(player)
        # Only the move that makes the set whole completes it, and only once.
        assert completes == (completed_at is None and bool(movers) and moved == movers)
        if completes:
            completed_at = at
    everyone_moved = bool(movers) and moved == movers
    assert turn.ready(now) == (everyone_moved or now >= deadline)
    assert turn.moved == moved
    assert 0.0 <= turn.time_left(now) <= deadline
