"""Distributed mode's messages: each reads back as it was written, compactly, and anything
else is refused as Malformed (never half-read, never another exception)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kogame.cluster.messages import (
    Act,
    Attach,
    Close,
    ClusterMessage,
    Detach,
    Direct,
    Frame,
    Join,
    Malformed,
    Owner,
    Say,
    Spectate,
    Sync,
    parse,
    to_dict,
)
from kogame.engine.frames import TickFrames

EVERY_KIND: list[ClusterMessage] = [
    Attach("web#1", "specific.x!kogame-web", "ada"),
    Detach("web#1"),
    Join("ada", "Ada"),
    Join("ada", "Ada", "#00ccaa"),
    Spectate("ada"),
    Say("ada", "hello"),
    Act("ada", {"type": "turn", "direction": "up"}),
    Sync("web#1"),
    Direct("web#1", '{"type":"welcome"}', playing=True),
    Direct("web#1", '{"type":"snapshot"}'),
    Close("web#1", 4009),
    Owner("snek/main"),
    Frame("snek/main", TickFrames(5, {"": '{"type":"delta","tick":5}'})),
    Frame(
        "tag/r",
        TickFrames(
            6,
            {"left": '{"type":"delta"}', "right": '{"type":"delta"}'},
            parts={"ada": '{"acked":3}'},
            views={"ada": "left", "bea": "right"},
        ),
    ),
]


@pytest.mark.parametrize("message", EVERY_KIND, ids=lambda m: type(m).__name__)
def test_every_message_reads_back_as_it_was_written(message: ClusterMessage) -> None:
    assert parse(to_dict(message)) == message


def test_the_wire_form_is_compact_and_a_one_area_frame_is_one_text() -> None:
    assert to_dict(Direct("c", "t")) == {"type": "kogame.direct", "conn": "c", "text": "t"}
    assert to_dict(Frame("snek/main", TickFrames(5, {"": "{}"}))) == {
        "type": "kogame.frame",
        "room": "snek/main",
        "tick": 5,
        "text": "{}",
    }
    assert to_dict(Join("ada", "Ada")) == {"type": "join", "player": "ada", "name": "Ada"}
    assert to_dict(Join("ada", "Ada", "#00ccaa"))["colour"] == "#00ccaa"


@pytest.mark.parametrize(
    "wire",
    [
        {"type": "join"},
        {"type": "join", "player": "ada", "name": 3},
        {"type": "join", "player": "ada", "name": "Ada", "colour": "red"},
        {"type": "close", "conn": "c", "code": 4009},  # the web side's name is kogame.close
        {"type": "kogame.close", "conn": "c", "code": True},
        {"type": "kogame.direct", "conn": "c", "text": "t", "playing": "yes"},
        {"type": "kogame.frame", "room": "r", "tick": 1},
        {"type": "kogame.frame", "room": "r", "tick": 1, "texts": {"a": 1}},
        {"type": "act", "player": "p", "fields": {1: "x"}},
        {"type": ["attach"]},
        {},
    ],
)
def test_a_message_with_a_field_missing_or_wrong_is_refused(wire: dict[str, Any]) -> None:
    with pytest.raises(Malformed):
        parse(wire)


FIELDS = "type conn web player name text fields playing code room tick texts parts views"
NAMES = st.sampled_from(FIELDS.split())
TYPES = st.sampled_from([*(to_dict(m)["type"] for m in EVERY_KIND), "other"])
VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=4) | st.binary(max_size=4),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner),
    max_leaves=6,
)


# Recursive values are slow to generate on a busy machine; that is no failure of the code.
@settings(suppress_health_check=[HealthCheck.too_slow])
@given(TYPES, st.dictionaries(NAMES, VALUES))
def test_any_map_is_read_as_a_message_or_refused_cleanly(kind: str, wire: dict[str, Any]) -> None:
    wire = {"type": kind} | wire if "type" not in wire else wire
    try:
        message = parse(wire)
    except Malformed:
        return
    assert parse(to_dict(message)) == message
