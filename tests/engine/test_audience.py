"""A room's audience: a set of connections that hands out players first."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from kogame.engine.audience import Audience

OPS = st.lists(
    st.tuples(
        st.sampled_from(["add", "add_playing", "play", "watch", "discard"]), st.integers(0, 5)
    )
)


@given(OPS)
def test_players_come_first_then_watchers_each_in_the_order_they_got_there(
    steps: list[tuple[str, int]],
) -> None:
    audience: Audience[int] = Audience()
    # The model: (connection, playing) in the order each entered its current group.
    model: list[tuple[int, bool]] = []
    for op, conn in steps:
        present = dict(model)
        moves = {
            "add": False,
            "add_playing": True,
            "play": True if present.get(conn) is False else None,
            "watch": False if present.get(conn) is True else None,
        }
        if op == "discard" or moves[op] is not None:
            model = [(c, p) for c, p in model if c != conn]
        if op != "discard" and moves[op] is not None:
            model.append((conn, bool(moves[op])))
        if op.startswith("add"):
            audience.add(conn, playing=op == "add_playing")
        else:
            getattr(audience, op)(conn)
        expected = [c for c, p in model if p] + [c for c, p in model if not p]
        assert list(audience) == expected
        assert len(audience) == len(expected)
        assert all(c in audience for c in expected)


def test_play_and_watch_move_only_connections_it_holds() -> None:
    audience: Audience[str] = Audience()
    audience.play("stranger")
    audience.watch("stranger")
    assert list(audience) == []
    for conn in ("w1", "w2", "w3"):
        audience.add(conn)
    audience.play("w2")
    assert list(audience) == ["w2", "w1", "w3"]
    audience.watch("w2")
    assert list(audience) == ["w1", "w3", "w2"]
    audience.clear()
    assert not audience
