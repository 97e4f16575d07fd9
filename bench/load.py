"""A bounded load test: many users of different units send mixed reads and writes to a running
app on loopback; every response is checked for errors and for data outside the user's subtree.

Stops by itself after `requests` requests. Used by tests/api/test_load.py (small) and by
`./dev bench load` (larger, against a server it starts itself).
"""

from __future__ import annotations

import asyncio
import json
import random
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from bench.stats import percentile

# username -> the subtree its data must stay in
USERS: dict[str, str] = {
    "thanhhoa_admin": "vn.p38",
    "hauloc_officer": "vn.p38.d400",
    "nghison_officer": "vn.p38.d407",
    "phuloc_officer": "vn.p38.d400.c16072",
    "trieuloc_officer": "vn.p38.d400.c16021",
    "thapmuoi_officer": "vn.p87.d872",
    "dongthap_admin": "vn.p87",
    "quangtri_admin": "vn.p45",
    "nyhoaviet_head": "vn.p38.d400.eHL_NHV",
}
READS = [
    '{ units(filter: {asOf: "2024-06-01"}, first: 50) { edges { node { path '
    'children(first: 5) { edges { node { path } } } } } } }',
    '{ units(filter: {asOf: "2024-06-01", nameContains: "xa"}, first: 20) '
    '{ totalCount edges { node { path ancestors { path } } } } }',
    "{ me { username roles { role unit { path } } } }",
]
WRITE = """mutation($u: String!, $c: String!) {
  grantRole(input: {username: $u, role: "commune_officer", unitCode: $c, asOf: "2024-06-01"})
  { __typename ... on RoleAssignment { unit { path } } } }"""
# Writes grant a role to a user outside USERS, so no tracked subtree changes under the check.
ADMIN_WRITES = {"thanhhoa_admin": ("mydong_officer", "16072")}


@dataclass
class LoadReport:
    requests: int = 0
    errors: list[str] = field(default_factory=list)
    leaks: list[str] = field(default_factory=list)
    latencies_ms: list[float] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self) -> dict[str, Any]:
        lat = self.latencies_ms or [0.0]
        return {"requests": self.requests, "errors": len(self.errors), "leaks": len(self.leaks),
                "seconds": round(self.seconds, 2),
                "throughput_rps": round(self.requests / self.seconds, 1) if self.seconds else 0,
                "p50_ms": round(percentile(lat, 50), 1), "p95_ms": round(percentile(lat, 95), 1),
                "mean_ms": round(statistics.fmean(lat), 1)}


def _paths(value: Any) -> list[str]:
    found: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "path" and isinstance(item, str):
                found.append(item)
            else:
                found.extend(_paths(item))
    elif isinstance(value, list):
        for item in value:
            found.extend(_paths(item))
    return found


async def run_load(base_url: str, token_for: Callable[[str], str], *, requests: int,
                   concurrency: int, seed: int = 3) -> LoadReport:
    rng = random.Random(seed)
    report = LoadReport()
    tokens = {u: token_for(u) for u in USERS}
    plan = [rng.choice(list(USERS)) for _ in range(requests)]
    queue: asyncio.Queue[str] = asyncio.Queue()
    for user in plan:
        queue.put_nowait(user)

    async def worker(client: httpx.AsyncClient) -> None:
        while True:
            try:
                user = queue.get_nowait()
            except asyncio.QueueEmpty:
                return
            if user in ADMIN_WRITES and rng.random() < 0.2:
                target_user, code = ADMIN_WRITES[user]
                body = {"query": WRITE, "variables": {"u": target_user, "c": code}}
            else:
                body = {"query": rng.choice(READS)}
            start = time.perf_counter()
            response = await client.post("/graphql", json=body,
                                         headers={"Authorization": f"Bearer {tokens[user]}"})
            report.latencies_ms.append((time.perf_counter() - start) * 1000)
            report.requests += 1
            payload = response.json()
            if response.status_code != 200 or payload.get("errors"):
                report.errors.append(json.dumps(payload)[:300])
                continue
            home = USERS[user]
            for path in _paths(payload.get("data")):
                if path != home and not path.startswith(home + "."):
                    report.leaks.append(f"{user} saw {path}")

    start = time.perf_counter()
    async with httpx.AsyncClient(base_url=base_url, timeout=60) as client:
        await asyncio.gather(*(worker(client) for _ in range(concurrency)))
    report.seconds = time.perf_counter() - start
    return report
