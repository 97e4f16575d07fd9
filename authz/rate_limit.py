"""Per-caller token buckets: in process, or shared by every API process through Redis.

Each caller (service account or user) has a bucket of `burst` tokens refilled continuously at
`per_minute / 60` per second; a request takes its cost in tokens (1 for a download, the query
cost for a person's GraphQL request, see graph/cost.py) or is refused with the seconds until
enough have come back. A cost above the bucket size is charged as the whole bucket: such a
request passes when the bucket is full and empties it (the query cost limit bounds it anyway).

`TokenBuckets` keeps the buckets in this process: with N API instances behind a load balancer
each has its own, and the effective limit is N times the setting. `RedisTokenBuckets` keeps
them in Redis (`ANTQ_REDIS_URL`), refilled and spent by one Lua script that runs atomically on
the Redis server with the server's clock, so every instance spends from the same bucket.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

log = logging.getLogger(__name__)


@dataclass(slots=True)
class _Bucket:
    tokens: float
    updated: float


class Buckets(Protocol):
    """What the authenticator spends from: the in-process or the Redis implementation."""

    @property
    def enabled(self) -> bool: ...

    async def acquire(self, key: str, cost: float = 1.0) -> float:
        """0 when the request may proceed (its cost is spent), else the seconds to wait."""
        ...


class TokenBuckets:
    def __init__(
        self, per_minute: int, burst: int | None = None, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.rate = per_minute / 60.0
        self.capacity = float(burst if burst is not None else per_minute)
        self._clock = clock
        self._buckets: dict[str, _Bucket] = {}

    @property
    def enabled(self) -> bool:
        return self.rate > 0 and self.capacity > 0

    def take(self, key: str, cost: float = 1.0) -> float:
        """0 when the request may proceed, else the seconds to wait before retrying."""
        if not self.enabled:
            return 0.0
        cost = min(max(cost, 0.0), self.capacity)
        now = self._clock()
        bucket = self._buckets.get(key)
        if bucket is None:
            if len(self._buckets) > 100_000:
                self._prune(now)
            bucket = self._buckets[key] = _Bucket(self.capacity, now)
        else:
            bucket.tokens = min(self.capacity, bucket.tokens + (now - bucket.updated) * self.rate)
            bucket.updated = now
        if bucket.tokens >= cost:
            bucket.tokens -= cost
            return 0.0
        return (cost - bucket.tokens) / self.rate

    async def acquire(self, key: str, cost: float = 1.0) -> float:
        return self.take(key, cost)

    def _prune(self, now: float) -> None:
        """Forget buckets that have refilled: they are equivalent to a new one."""
        full = [
            k
            for k, b in self._buckets.items()
            if b.tokens + (now - b.updated) * self.rate >= self.capacity
        ]
        for key in full:
            del self._buckets[key]


# KEYS[1]: the bucket (a hash of tokens and updated); ARGV: rate per second, capacity, cost.
# The clock is the Redis server's (TIME), so API hosts with skewed clocks agree. Numbers go back
# as strings: Redis would truncate a Lua number to an integer.
TOKEN_BUCKET_LUA = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local rate = tonumber(ARGV[1])
local capacity = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'updated')
local tokens = tonumber(state[1])
local updated = tonumber(state[2])
if tokens == nil or updated == nil then
  tokens = capacity
  updated = now
end
tokens = math.min(capacity, tokens + math.max(0, now - updated) * rate)
local wait = 0
if tokens >= cost then
  tokens = tokens - cost
else
  wait = (cost - tokens) / rate
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'updated', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil((capacity - tokens) / rate * 1000) + 1000)
return tostring(wait)
"""


class RedisTokenBuckets:
    """The same buckets in Redis, shared by every API process that uses the same server.

    When Redis cannot be reached the request is judged by this process's own buckets (logged
    once a minute): a Redis outage weakens the limit to per-instance, it does not stop the API.
    """

    def __init__(self, client: Any, prefix: str, per_minute: int, burst: int | None = None) -> None:
        self.rate = per_minute / 60.0
        self.capacity = float(burst if burst is not None else per_minute)
        self.prefix = prefix
        self._script = client.register_script(TOKEN_BUCKET_LUA)
        self._fallback = TokenBuckets(per_minute, burst)
        self._last_warning = 0.0

    @property
    def enabled(self) -> bool:
        return self.rate > 0 and self.capacity > 0

    async def acquire(self, key: str, cost: float = 1.0) -> float:
        if not self.enabled:
            return 0.0
        cost = min(max(cost, 0.0), self.capacity)
        try:
            wait = await self._script(
                keys=[f"{self.prefix}:{key}"],
                args=[repr(self.rate), repr(self.capacity), repr(cost)],
            )
        except Exception as error:  # connection refused, timeout, failover: stay up
            now = time.monotonic()
            if now - self._last_warning > 60:
                self._last_warning = now
                log.warning(
                    "rate limit: Redis unavailable (%s); using this process's buckets",
                    type(error).__name__,
                )
            return self._fallback.take(key, cost)
        return float(wait.decode() if isinstance(wait, bytes) else wait)


def retry_after_header(seconds: float) -> str:
    return str(max(1, math.ceil(seconds)))
