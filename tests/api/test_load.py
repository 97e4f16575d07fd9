"""A bounded load test on loopback: mixed reads and writes from users of nine units at once.
No errors and no data from outside each user's subtree in any response."""

from __future__ import annotations

import asyncio

from bench.load import run_load
from tests.support.server import LiveServer


def test_concurrent_mixed_traffic_has_no_errors_and_no_cross_tenant_data(
    fresh_api: LiveServer,
) -> None:
    report = asyncio.run(
        run_load(
            fresh_api.base_url, lambda u: fresh_api.as_user(u).token, requests=300, concurrency=12
        )
    )
    assert report.requests >= 300
    assert report.writes > 10  # progress reports and role grants, not only reads
    assert report.errors == [], report.errors[:3]
    assert report.leaks == [], report.leaks[:3]
    print("load:", report.summary())
