"""A turn-based Snek room over a real WebSocket: it waits for its player's move (or the move
deadline), bots move in every turn, and a player who sends nothing goes straight on."""

from __future__ import annotations

from typing import Any

import pytest

from tests.play.wsclient import Client, define_room, open_client, start_snake

pytestmark = pytest.mark.django_db(transaction=True)

Cell = tuple[int, int]


async def greeted(slug: str) -> tuple[Client, dict[str, Any]]:
    """A client of room `slug`, its welcome read, and its first snapshot."""
    client = await open_client(f"/ws/play/snek/{slug}/")
    welcome = await client.receive()
    assert welcome["type"] == "welcome"
    assert (await client.receive())["type"] == "snapshot"
    return client, welcome


async def join(client: Client, within: float) -> tuple[dict[str, Any], int]:
    """Join; the snake the server spawned for `client`, and the tick it appeared in."""
    await client.send({"type": "join", "name": "Ada"})
    delta = await client.receive_until(
        lambda m: any(s["player"] == client.player for s in m.get("spawned", ())), within
    )
    snake = next(s for s in delta["spawned"] if s["player"] == client.player)
    return snake, delta["tick"]


def heading(snake: dict[str, Any]) -> Cell:
    (hx, hy), (nx, ny) = snake["body"][0], snake["body"][1]
    return hx - nx, hy - ny


def moved_to(delta: dict[str, Any], snake_id: int) -> Cell:
    return next((x, y) for moved, x, y, _ in delta["moved"] if moved == snake_id)


async def test_a_turn_based_room_waits_for_its_player_and_goes_on_as_soon_as_they_move() -> None:
    await define_room("turns", turn_based=True, turn_deadline_ms=5000, bots=0)
    ada, welcome = await greeted("turns")
    assert welcome["clock"] == {"kind": "turns", "deadline_ms": 5000}
    # Nobody can move before the join takes effect: that turn ends at its deadline.
    snake, tick = await join(ada, within=10.0)
    assert await ada.ws.receive_nothing(timeout=1.0), "no move yet, and the deadline is far"
    across = heading(snake)[0] != 0  # going left or right: turn down; else turn right
    await ada.send({"type": "turn", "direction": "down" if across else "right"})
    delta = await ada.receive_until(lambda m: m["type"] == "delta", within=2.0)
    assert delta["tick"] == tick + 1
    (hx, hy) = snake["body"][0]
    assert moved_to(delta, snake["id"]) == ((hx, hy + 1) if across else (hx + 1, hy)), "it turned"
    await ada.close()


async def test_bots_move_each_turn_and_a_silent_player_goes_straight_on_at_the_deadline() -> None:
    await define_room("turn-bots", turn_based=True, turn_deadline_ms=200, bots=2)
    ada, welcome = await greeted("turn-bots")
    assert welcome["clock"] == {"kind": "turns", "deadline_ms": 200}
    snake, tick = await join(ada, within=3.0)
    # A new snake is held until its player's first move: at the deadline it stays put.
    delta = await ada.receive_until(lambda m: m["type"] == "delta", within=3.0)
    assert delta["tick"] == tick + 1
    assert all(moved != snake["id"] for moved, *_ in delta["moved"]), "held, it stood still"
    assert len(delta["moved"]) == 1, "the bot (topping the room up to two) moved in that turn"
    await start_snake(ada, snake)  # straight on
    delta = await ada.receive_until(lambda m: m["type"] == "delta", within=3.0)
    (hx, hy), (dx, dy) = snake["body"][0], heading(snake)
    assert moved_to(delta, snake["id"]) == (hx + dx, hy + dy)
    # From then on, silence is straight on at the deadline.
    delta = await ada.receive_until(lambda m: m["type"] == "delta", within=3.0)
    assert moved_to(delta, snake["id"]) == (hx + 2 * dx, hy + 2 * dy)
    assert len(delta["moved"]) == 2, "the bot moved in that turn too"
    await ada.close()


async def test_a_fixed_rate_room_says_so_in_its_welcome() -> None:
    ada, welcome = await greeted("fixed")
    assert welcome["clock"] == {"kind": "fixed"}
    await ada.close()
