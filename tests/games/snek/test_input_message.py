"""An input written back as a message reads as the same input: what a web process forwards
to a room's owner (kogame/cluster/relay.py) means exactly what the client asked for."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kogame.engine.game import InputError
from kogame.games.snek.game import SnekGame
from kogame.games.snek.state import Join, Leave

GAME = SnekGame()
anything = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=4), children)
    ),
    max_leaves=8,
)
client_messages = st.fixed_dictionaries(
    {"type": st.sampled_from(["turn", "respawn"]) | st.text(max_size=8)},
    optional={
        "direction": st.sampled_from(["up", "down", "left", "right"]) | anything,
        "player": st.text(max_size=12),
        "extra": anything,
    },
)


@given(client_messages)
def test_a_parsed_input_written_back_parses_to_the_same_input(message: dict[str, Any]) -> None:
    try:
        action = GAME.parse_input("player-one12", message)
    except InputError:
        return  # refused at the edge: nothing is forwarded
    written = GAME.input_message(action)
    assert GAME.parse_input("player-one12", written) == action
    # Only the fields the game reads, as plain strings: nothing of the client's own.
    assert set(written) <= {"type", "direction"}
    assert all(isinstance(value, str) for value in written.values())


@pytest.mark.parametrize("action", [Join("p", "Ada"), Leave("p")])
def test_inputs_no_client_sends_have_no_message(action: Any) -> None:
    with pytest.raises(ValueError):
        GAME.input_message(action)
