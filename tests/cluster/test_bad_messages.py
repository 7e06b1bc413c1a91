"""Messages a room's owner cannot use harm nobody else (real Redis, web process and worker).

A client's input reaches the owner only as the game writes it (kogame/cluster/relay.py), a
deeply nested frame is refused at the edge with `bad_json`, and a payload in a room's mailbox
that is no message is dropped at once: the worker neither waits nor takes it for Redis failing.
"""

from __future__ import annotations

import asyncio

import redis

from kogame.cluster import keys
from tests.cluster.cluster import Cluster, Player, joined, play

# A turn shows within this many ticks of being sent (normally the next tick or two): before,
# every message the worker could not decode held the room's inputs up for 0.2 s (2 ticks).
TURN_TICKS = 10
WELCOME_SECONDS = 2.0  # a new room's welcome: normally within a quarter of a second
# Payloads that are no messages (kogame/cluster/mailbox.py): not JSON, nesting past the
# decoder's limit, a number (not a map), a map of no known type, an attach without its fields.
UNDECODABLE = [b"\xc1" + bytes([n]) for n in range(7)]
UNDECODABLE += [b"[" * (2000 + n) + b"]" * (2000 + n) for n in range(7)]
UNDECODABLE += [str(n).encode() for n in range(7)]
UNDECODABLE += [b'{"type": "launch", "n": %d}' % n for n in range(7)]
UNDECODABLE += [b'{"type": "attach", "conn": %d}' % n for n in range(7)]
# A valid turn with an extra field nested 1,000 levels deep (about 2 KB).
NESTED_TURN = '{"type": "turn", "direction": "up", "x": ' + "[" * 1000 + "]" * 1000 + "}"


async def _turns_at_once(ada: Player) -> None:
    await play([ada], 0.3)  # caught up: ada.tick is the room's tick
    if ada.heading(ada.own_snake()) is None:
        # Left to run straight while the others joined, it met a wall: a slow machine's
        # setup takes longer than the clear run a snake spawns with.
        await ada.join("Ada")
    mine = ada.own_snake()
    turn, step = ada.turn_inwards(mine)
    asked = ada.tick
    await ada.send(turn)
    await ada.until(lambda m: ada.heading(mine) == step, within=10)
    assert ada.tick <= asked + TURN_TICKS


async def test_undecodable_messages_and_a_nesting_attack_stall_no_room(cluster: Cluster) -> None:
    cluster.start(webs=1, workers=1)
    ((port, _),) = cluster.webs
    cluster.define_rooms("fresh")
    ada = await joined(port, "Ada")
    bea = await joined(port, "Bea")

    # Payloads that are no messages straight into the room's mailbox, ahead of Ada's next turn.
    mailbox = keys.room_mailbox("snek", "main")
    redis.Redis.from_url(cluster.redis.url).rpush(mailbox, *UNDECODABLE)
    newcomer = Player(port, "fresh")

    async def a_new_room_starts() -> None:
        await newcomer.connect()
        await newcomer.until(lambda m: m["type"] == "welcome", within=WELCOME_SECONDS)

    await asyncio.gather(_turns_at_once(ada), a_new_room_starts())

    # Bea sends deeply nested turns at 25 a second while Ada steers.
    async def attack() -> None:
        for _ in range(50):
            await bea.ws.send(NESTED_TURN)
            await asyncio.sleep(1 / 25)

    async def steer() -> None:
        for _ in range(2):
            await _turns_at_once(ada)

    await asyncio.gather(attack(), steer())
    error = await bea.until(lambda m: m["type"] == "error", within=5)
    assert error["code"] == "bad_json"
    await bea.send({"type": "ping", "t": 1})
    await bea.until(lambda m: m["type"] == "pong", within=5)

    worker_log = (cluster.data / "engine-w1.log").read_text()
    assert "could not be read" in worker_log
    assert "Redis unreachable" not in worker_log
    for client in (ada, bea, newcomer):
        await client.close()
