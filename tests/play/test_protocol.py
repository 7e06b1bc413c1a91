"""The message parser: every input gives a message or an InputError, never anything else."""

from __future__ import annotations

import json
from typing import Any

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kogame.engine.game import InputError
from kogame.games.snek.game import SnekGame
from kogame.games.snek.state import Direction, Respawn, Turn
from kogame.play.protocol import (
    MAX_DEPTH,
    GameMessage,
    JoinMessage,
    PingMessage,
    SyncMessage,
    frame_too_large,
    parse,
    too_deep,
)

KNOWN_CODES = {
    "bad_json",
    "not_object",
    "missing_type",
    "unknown_type",
    "bad_field",
    "bad_name",
    "bad_chat",
}

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1) | st.floats() | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)
message_like = st.fixed_dictionaries(
    {"type": st.sampled_from(["join", "turn", "respawn", "sync", "ping", "chat"]) | st.text()},
    optional={
        "name": json_values,
        "direction": st.sampled_from(["up", "down", "left", "right"]) | json_values,
        "t": json_values,
    },
)


def parse_fully(text: str) -> Any:
    """What the consumer does with a frame: the platform parser, then the game's."""
    message = parse(text)
    if isinstance(message, GameMessage):
        return SnekGame().parse_input("player-one12", message.fields)
    return message


@given(st.text(max_size=200))
def test_any_text_parses_or_fails_with_a_known_code(text: str) -> None:
    try:
        parse_fully(text)
    except InputError as error:
        assert error.code in KNOWN_CODES
        assert error.message


@given(json_values | message_like)
def test_any_json_value_parses_or_fails_with_a_known_code(value: Any) -> None:
    text = json.dumps(value, allow_nan=False) if _finite(value) else "NaN"
    try:
        result = parse_fully(text)
    except InputError as error:
        assert error.code in KNOWN_CODES
    else:
        assert isinstance(value, dict) and isinstance(value.get("type"), str)
        assert isinstance(result, JoinMessage | SyncMessage | PingMessage | Turn | Respawn)


@given(st.sampled_from(list(Direction)))
def test_a_valid_turn_parses_to_the_senders_turn(direction: Direction) -> None:
    text = orjson.dumps({"type": "turn", "direction": direction.value}).decode()
    assert parse_fully(text) == Turn("player-one12", direction)


@given(st.text(min_size=1, max_size=20).filter(lambda s: s.strip() == s and s.isprintable()))
def test_a_valid_name_survives_a_join(name: str) -> None:
    assert parse(orjson.dumps({"type": "join", "name": name}).decode()) == JoinMessage(name)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"type": "join", "name": "  Ada  "}', JoinMessage("Ada")),
        ('{"type": "join"}', JoinMessage(None)),
        ('{"type": "join", "colour": "#00CCaa"}', JoinMessage(None, "#00ccaa")),
        ('{"type": "join", "name": "Ada", "colour": null}', JoinMessage("Ada")),
        ('{"type": "sync"}', SyncMessage()),
        ('{"type": "ping", "t": 3}', PingMessage(3)),
        ('{"type": "ping", "t": 1.5e3}', PingMessage(1500.0)),
        ('{"type": "respawn", "extra": 1}', Respawn("player-one12")),
    ],
)
def test_valid_messages_parse_to_what_they_say(text: str, expected: Any) -> None:
    assert parse_fully(text) == expected


@pytest.mark.parametrize(
    ("text", "too_large"),
    [("x" * 4096, False), ("x" * 4097, True), ("é" * 2048, False), ("é" * 2049, True)],
)
def test_frame_size_is_counted_in_utf8_bytes(text: str, too_large: bool) -> None:
    assert frame_too_large(text) is too_large


def _finite(value: Any) -> bool:
    try:
        json.dumps(value, allow_nan=False)
    except ValueError:
        return False
    return True


def _nested(depth: int, kinds: list[bool]) -> Any:
    """Arrays and objects `depth` levels deep (an object where `kinds` says True)."""
    value: Any = 0
    for level in range(depth):
        value = {"k": value} if kinds[level % len(kinds)] else [value]
    return value


@given(st.integers(1, 40), st.lists(st.booleans(), min_size=1, max_size=8))
def test_a_message_nested_past_the_limit_is_bad_json(depth: int, kinds: list[bool]) -> None:
    """The message is level 1, so its field may nest MAX_DEPTH - 1 levels."""
    text = orjson.dumps({"type": "turn", "direction": "up", "x": _nested(depth, kinds)}).decode()
    if 1 + depth <= MAX_DEPTH:
        assert parse_fully(text) == Turn("player-one12", Direction.UP)
    else:
        with pytest.raises(InputError) as refused:
            parse_fully(text)
        assert refused.value.code == "bad_json"


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 1000])
def test_nesting_is_measured_without_recursion(depth: int) -> None:
    text = "[" * depth + "]" * depth
    with pytest.raises(InputError) as refused:
        parse(text)
    assert refused.value.code == "bad_json"
    assert too_deep(orjson.loads(text))


def test_wide_but_shallow_messages_are_not_too_deep() -> None:
    assert not too_deep({"type": "turn", "x": [[0] * 500] * 3, "y": {"z": [1, [2, [3]]]}})
    assert not too_deep("just a string")
