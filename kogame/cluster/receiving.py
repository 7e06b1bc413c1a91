"""Reading a channel of the channel layer, with its failures told apart.

Only a failure of Redis itself means Redis is in trouble. channels_redis waits for a message in
blocking reads of 5 s (`RedisChannelLayer.brpop_timeout`): on a quiet channel a read can end in
redis's `TimeoutError`, which means "nothing yet" (redisconf.layer_options gives the layer's
sockets time enough that it should not happen at all). A message that cannot be decoded
(msgpack refuses bytes that are not its own, or nesting past its depth limit) has already been
taken off the queue: it is the message's fault, and the next one is read at once.
"""

from __future__ import annotations

import logging
from typing import Any

from redis.exceptions import TimeoutError as RedisTimeout

log = logging.getLogger(__name__)


async def next_message(layer: Any, channel: str, reader: str) -> dict[str, Any]:
    """The channel's next message that can be read, however long that takes.

    Undecodable messages are logged (`reader` says whose channel it is) and passed over;
    Redis failures (RedisError, OSError) and anything unforeseen are raised.
    """
    while True:
        try:
            message = await layer.receive(channel)
        except RedisTimeout:
            continue
        except (ValueError, TypeError) as error:
            log.warning("%s: dropped a message that could not be decoded (%s)", reader, error)
            continue
        if isinstance(message, dict):
            return message
        log.warning("%s: dropped a message that is not a map (%s)", reader, type(message).__name__)
