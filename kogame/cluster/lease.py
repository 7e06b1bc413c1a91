"""Room ownership: one engine worker at a time holds an expiring lease in Redis.

Every change is a Lua script, so checking and changing happen atomically on Redis, and each
is logged to a stream with Redis's own clock (`keys.LEASE_LOG`), so that an audit can show no
room ever had two owners. A worker that cannot renew its lease (someone else holds it) must
stop the room at once without saving: the new owner's state is the true one.
"""

from __future__ import annotations

from dataclasses import dataclass

from redis.asyncio import Redis

from kogame.cluster import keys

# Redis's clock, in ms, as a Lua expression.
_NOW = "local t = redis.call('TIME'); local now = t[1] * 1000 + math.floor(t[2] / 1000)"
_LOG = (
    "redis.call('XADD', KEYS[2], 'MAXLEN', '~', 100000, '*', 'room', ARGV[3],"
    " 'worker', ARGV[1], 'event', {event}, 'at', now, 'until', {until})"
)

_ACQUIRE = f"""
{_NOW}
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  {_LOG.format(event="'acquired'", until="now + ARGV[2]")}
  return 1
end
return 0
"""

# Renewing also takes back a lease that vanished (Redis restarted): nobody else holds it.
_RENEW = f"""
{_NOW}
local holder = redis.call('GET', KEYS[1])
if holder == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  {_LOG.format(event="'renewed'", until="now + ARGV[2]")}
  return 1
end
if not holder and redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  {_LOG.format(event="'acquired'", until="now + ARGV[2]")}
  return 1
end
return 0
"""

_RELEASE = f"""
{_NOW}
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('DEL', KEYS[1])
  {_LOG.format(event="'released'", until="now")}
  return 1
end
return 0
"""

# Writes a value only while the caller holds the lease (a deposed owner cannot overwrite the
# new owner's snapshot).
_PUT_IF_OWNER = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('SET', KEYS[2], ARGV[2])
  return 1
end
return 0
"""


@dataclass(frozen=True)
class Leases:
    redis: Redis
    worker: str
    ttl_ms: int = 3000

    async def acquire(self, game: str, room: str) -> bool:
        return await self._run(_ACQUIRE, game, room)

    async def renew(self, game: str, room: str) -> bool:
        return await self._run(_RENEW, game, room)

    async def release(self, game: str, room: str) -> bool:
        return await self._run(_RELEASE, game, room)

    async def put_if_owner(self, game: str, room: str, key: str, value: bytes) -> bool:
        keys_ = [keys.lease(game, room), key]
        result = await self.redis.eval(_PUT_IF_OWNER, 2, *keys_, self.worker, value)
        return bool(result)

    async def _run(self, script: str, game: str, room: str) -> bool:
        result = await self.redis.eval(
            script,
            2,
            keys.lease(game, room),
            keys.LEASE_LOG,
            self.worker,
            self.ttl_ms,
            keys.room_key(game, room),
        )
        return bool(result)
