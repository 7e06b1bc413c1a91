"""The embedded host's cap on rooms running at once."""

from __future__ import annotations

import asyncio

import pytest

from kogame.engine.host import EmbeddedHost, HostFull
from kogame.engine.spec import RoomSpec, RoomTiming
from kogame.games.snek.game import SnekGame


def small(slug: str) -> RoomSpec:
    return RoomSpec("snek", slug, options={"size": 16, "max_players": 4, "bots": 0})


async def test_a_full_host_refuses_a_new_room_but_still_finds_running_ones() -> None:
    host = EmbeddedHost({"snek": SnekGame()}, max_rooms=2)
    try:
        first = host.room(small("a"))
        host.room(small("b"))
        assert host.full
        with pytest.raises(HostFull):
            host.room(small("c"))
        assert host.room(small("a")) is first
        assert set(host.rooms) == {("snek", "a"), ("snek", "b")}
    finally:
        await host.shutdown()


async def test_the_default_room_always_starts_and_is_not_counted() -> None:
    host = EmbeddedHost({"snek": SnekGame()}, max_rooms=1, exempt=frozenset({"main"}))
    try:
        host.room(small("a"))
        assert host.full
        assert host.room(small("main")).room_id == "main"
        assert host.full
        with pytest.raises(HostFull):
            host.room(small("b"))
    finally:
        await host.shutdown()


async def test_a_room_that_stops_makes_way_for_another() -> None:
    host = EmbeddedHost(
        {"snek": SnekGame()}, max_rooms=1, timing=lambda: RoomTiming(idle_seconds=0)
    )
    try:
        host.room(small("a"))
        for _ in range(200):  # nobody came: it stops at its first tick
            if not host.rooms:
                break
            await asyncio.sleep(0.01)
        assert not host.full
        assert host.room(small("b")).room_id == "b"
    finally:
        await host.shutdown()


async def test_without_a_cap_rooms_are_never_refused() -> None:
    host = EmbeddedHost({"snek": SnekGame()})
    try:
        for name in "abc":
            host.room(small(name))
        assert not host.full
    finally:
        await host.shutdown()
