"""Frames: each area encoded once per tick however many connections, a player's private part
spliced into their area's text, and Snek's frames exactly what they always were."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kogame.engine import frames as frames_module
from kogame.engine.encoding import encode
from kogame.engine.frames import Framing, TickFrames, encode_frames, splice
from kogame.engine.game import Message
from kogame.engine.room import Room
from kogame.engine.spec import RoomSpec
from kogame.games.snek.game import SnekGame
from tests.engine.test_room import CountingGame


class RawConnection:
    """Keeps the texts it is handed, as they are."""

    def __init__(self, player: str) -> None:
        self.player = player
        self.texts: list[str] = []

    def deliver(self, text: str) -> None:
        self.texts.append(text)

    def close_with(self, code: int) -> None:
        pass

    def frames(self, kind: str = "delta") -> list[str]:
        return [text for text in self.texts if orjson.loads(text)["type"] == kind]


class RecordingSnek(SnekGame):
    """Snek, noting each delta it gives the room."""

    def __init__(self) -> None:
        self.deltas: list[Message] = []

    def delta(self, state: Any, events: Sequence[Any]) -> Message:
        delta = super().delta(state, events)
        self.deltas.append(delta)
        return delta


class EncodeCounter:
    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls = 0
        monkeypatch.setattr(frames_module, "encode", self)

    def __call__(self, message: dict[str, Any]) -> str:
        self.calls += 1
        return encode(message)


async def test_snek_frames_are_one_encode_of_its_delta_and_the_rooms_fields(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    game = RecordingSnek()
    room = Room(game, RoomSpec("snek", "r"), seed=7)
    ada, watcher = RawConnection("ada"), RawConnection("w")
    room.attach(ada)
    room.attach(watcher)
    room.join("ada", "Ada")
    counter = EncodeCounter(monkeypatch)
    for tick in range(40):
        if tick % 7 == 0:
            room.say("ada", f"line {tick}")
        room.tick()
        sent = ada.frames()[-1]
        fields = orjson.loads(sent)
        room_fields = {key: fields[key] for key in ("feed", "presence") if key in fields}
        assert sent == encode({"type": "delta"} | game.deltas[-1] | room_fields)
        assert watcher.frames()[-1] is sent, "the same text object for everyone"
    assert counter.calls == 40, "one encode a tick"
    assert any("feed" in orjson.loads(text) for text in ada.frames())
    assert any("presence" in orjson.loads(text) for text in ada.frames())


class Published:
    def __init__(self) -> None:
        self.frames: list[TickFrames] = []

    def __call__(self, frames: TickFrames) -> None:
        self.frames.append(frames)


async def test_a_game_without_areas_or_parts_publishes_one_text() -> None:
    published = Published()
    room = Room(SnekGame(), RoomSpec("snek", "r"), seed=7, publish=published)
    room.attach(RawConnection("ada"))
    room.tick()
    (frames,) = published.frames
    assert list(frames.texts) == [""] and not frames.parts and not frames.views


class AreaGame(CountingGame):
    """Two areas: players whose ids start with "l" see the left one, the others the right
    one (a player in `travellers` sees the right one from tick 3 on). Each input's player is told
    how many inputs of theirs were applied so far, in their private part."""

    travellers: frozenset[str] = frozenset()

    def view(self, state: list[Any], player: str) -> str:
        if player in self.travellers and state[0] >= 3:
            return "right"
        return "left" if player.startswith("l") else "right"

    def area_deltas(self, state: list[Any], events: Sequence[Any]) -> Mapping[str, Message]:
        return {area: {"tick": state[0], "area": area} for area in ("left", "right")}

    def area_snapshot(self, state: list[Any], area: str) -> Message:
        return {"tick": state[0], "area": area}

    def private(self, state: list[Any], events: Sequence[Any]) -> Mapping[str, Message]:
        applied = {player for _, player in events}
        return {p: {"applied": sum(1 for _, q in state[1] if q == p)} for p in applied}


def _without_counts(text: str) -> dict[str, Any]:
    """A frame without the room's presence counts (the first tick carries them)."""
    message: dict[str, Any] = orjson.loads(text)
    message.pop("presence", None)
    return message


async def test_each_area_is_encoded_once_a_tick_and_parts_are_spliced_in(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    room = Room(AreaGame(), RoomSpec("counting", "r"), seed=1)
    lefts = [RawConnection(f"l{i}") for i in range(4)]
    rights = [RawConnection(f"r{i}") for i in range(3)]
    for conn in [*lefts, *rights]:
        room.attach(conn)
    snapshots = [orjson.loads(conn.frames("snapshot")[0])["area"] for conn in [*lefts, *rights]]
    assert snapshots == ["left"] * 4 + ["right"] * 3, "a newcomer gets its own area"
    counter = EncodeCounter(monkeypatch)
    room.act("l0", {"type": "poke"})
    room.act("r1", {"type": "poke"})
    room.act("r1", {"type": "poke"})
    room.act("bot", {"type": "poke"})  # a part for someone not connected is never encoded
    room.tick()
    assert counter.calls == 2 + 2, "two areas, two parts of connected players"
    left = [_without_counts(conn.frames()[-1]) for conn in lefts]
    right = [_without_counts(conn.frames()[-1]) for conn in rights]
    assert left[0] == {"type": "delta", "tick": 1, "area": "left", "you": {"applied": 1}}
    assert left[1:] == [{"type": "delta", "tick": 1, "area": "left"}] * 3
    assert right[1] == {"type": "delta", "tick": 1, "area": "right", "you": {"applied": 2}}
    assert right[0] == right[2] == {"type": "delta", "tick": 1, "area": "right"}
    assert lefts[1].frames()[-1] is lefts[2].frames()[-1] is lefts[3].frames()[-1]
    assert rights[0].frames()[-1] is rights[2].frames()[-1]
    room.tick()
    assert counter.calls == 4 + 2, "no parts this tick"
    assert "you" not in orjson.loads(lefts[0].frames()[-1])


async def test_a_connection_whose_area_changes_gets_the_new_area_whole() -> None:
    game = AreaGame()
    game.travellers = frozenset({"lou"})
    room = Room(game, RoomSpec("counting", "r"), seed=1)
    lou, lea = RawConnection("lou"), RawConnection("lea")
    room.attach(lou)
    room.attach(lea)
    for _ in range(4):
        room.tick()
    kinds = [(m["type"], m.get("area")) for m in map(orjson.loads, lou.texts[1:])]
    assert [kind for kind in kinds if kind[0] != "chat_history" and kind[0] != "presence"] == [
        ("snapshot", "left"),
        ("delta", "left"),
        ("delta", "left"),
        ("delta", "right"),
        ("snapshot", "right"),
        ("delta", "right"),
    ]
    assert [orjson.loads(text)["area"] for text in lea.frames()] == ["left"] * 4
    assert len(lea.frames("snapshot")) == 1


async def test_areas_and_parts_travel_to_a_publisher_once() -> None:
    published = Published()
    room = Room(AreaGame(), RoomSpec("counting", "r"), seed=1, publish=published)
    lea, rob = RawConnection("lea"), RawConnection("rob")
    room.attach(lea)
    room.attach(rob)
    room.act("rob", {"type": "poke"})
    room.tick()
    (frames,) = published.frames
    assert set(frames.texts) == {"left", "right"}
    assert frames.views == {"lea": "left", "rob": "right"}
    assert list(frames.parts) == ["rob"]
    assert not lea.frames() and not rob.frames(), "the publisher delivers, not the room"
    frames.deliver([lea, rob])
    assert orjson.loads(rob.frames()[0])["you"] == {"applied": 1}
    assert lea.frames()[0] is frames.texts["left"]


class AskedAreas(dict[str, Message]):
    """Area frames that note which areas were read."""

    def __init__(self, frames: dict[str, Message]) -> None:
        super().__init__(frames)
        self.asked: set[str] = set()

    def __getitem__(self, area: str) -> Message:
        self.asked.add(area)
        return super().__getitem__(area)


def test_only_the_areas_someone_looks_at_are_read_and_encoded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    deltas = AskedAreas({area: {"tick": 1, "area": area} for area in ("left", "right", "top")})
    counter = EncodeCounter(monkeypatch)
    frames = encode_frames(1, deltas, {}, views={"lea": "left", "lou": "left", "rob": "right"})
    assert set(frames.texts) == deltas.asked == {"left", "right"}
    assert counter.calls == 2


class HalfAreas(CountingGame):
    def view(self, state: list[Any], player: str) -> str:
        return "left"


def test_a_game_with_some_area_hooks_but_not_all_is_refused() -> None:
    with pytest.raises(TypeError, match="area_deltas"):
        Framing(HalfAreas())


def test_a_connection_outside_every_area_of_the_tick_gets_nothing() -> None:
    frames = TickFrames(1, {"a": '{"type":"delta"}'}, views={"p": "a"})
    late = [RawConnection("q")]
    frames.deliver(late)
    assert late[0].texts == []


MESSAGES = st.dictionaries(
    st.text(max_size=5).filter(lambda key: key != "you"),
    st.recursive(
        st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1) | st.text(max_size=5),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner),
        max_leaves=8,
    ),
    max_size=5,
)


@given(MESSAGES, MESSAGES)
def test_a_spliced_part_reads_back_as_the_frame_with_its_you_field(
    frame: dict[str, Any], part: dict[str, Any]
) -> None:
    frame = {"type": "delta"} | frame
    spliced = splice(encode(frame), encode(part))
    assert orjson.loads(spliced) == frame | {"you": part}
    frames = encode_frames(3, {"": frame}, {}, {"p": encode(part)})
    assert frames.text_for("p") == spliced
    assert frames.text_for("q") is frames.texts[""]
