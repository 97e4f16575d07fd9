"""Token buckets in Redis (one Lua script, atomic on the server): several clients — as several
API processes would be — spend from one bucket; a cost is spent whole; Redis down falls back to
this process's buckets instead of failing requests."""

from __future__ import annotations

import asyncio

import redis.asyncio

from authz.rate_limit import RedisTokenBuckets


def test_two_clients_share_one_bucket_and_refill_at_the_rate(redis_url: str) -> None:
    async def go() -> None:
        a, b = redis.asyncio.from_url(redis_url), redis.asyncio.from_url(redis_url)
        try:
            left = RedisTokenBuckets(a, "t1", per_minute=60, burst=4)
            right = RedisTokenBuckets(b, "t1", per_minute=60, burst=4)
            waits = [await bucket.acquire("alice") for bucket in (left, right, left, right)]
            assert waits == [0.0] * 4
            refused = await right.acquire("alice")
            assert 0 < refused <= 1.0  # one token per second
            assert await left.acquire("bob") == 0  # another caller has its own bucket
            await asyncio.sleep(1.1)
            assert await left.acquire("alice") == 0
            assert await right.acquire("alice") > 0
        finally:
            await a.aclose()
            await b.aclose()

    asyncio.run(go())


def test_concurrent_requests_from_two_clients_never_overspend(redis_url: str) -> None:
    async def go() -> None:
        clients = [redis.asyncio.from_url(redis_url) for _ in range(2)]
        try:
            buckets = [RedisTokenBuckets(c, "t2", per_minute=1, burst=20) for c in clients]
            waits = await asyncio.gather(*(buckets[i % 2].acquire("carol") for i in range(60)))
            assert sum(1 for w in waits if w == 0) == 20
        finally:
            for client in clients:
                await client.aclose()

    asyncio.run(go())


def test_a_cost_is_spent_whole_and_a_cost_above_the_burst_empties_a_full_bucket(
    redis_url: str,
) -> None:
    async def go() -> None:
        client = redis.asyncio.from_url(redis_url)
        try:
            buckets = RedisTokenBuckets(client, "t3", per_minute=600, burst=100)
            assert await buckets.acquire("dan", 70) == 0
            wait = await buckets.acquire("dan", 70)  # 30 left, 40 missing at 10/s
            assert 3.5 < wait <= 4.0
            assert await buckets.acquire("erin", 5000) == 0  # charged as the whole bucket
            assert await buckets.acquire("erin", 1) > 0
        finally:
            await client.aclose()

    asyncio.run(go())


def test_an_unreachable_redis_falls_back_to_this_process_s_buckets() -> None:
    async def go() -> None:
        client = redis.asyncio.from_url("redis://127.0.0.1:9/0", socket_connect_timeout=0.2)
        try:
            buckets = RedisTokenBuckets(client, "t4", per_minute=60, burst=2)
            waits = [await buckets.acquire("frank") for _ in range(3)]
            assert waits[:2] == [0.0, 0.0] and waits[2] > 0
        finally:
            await client.aclose()

    asyncio.run(go())
