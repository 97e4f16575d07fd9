"""A bounded load test: many users of different units send mixed reads and writes to a running
app on loopback; every response is checked for errors and for data outside the user's subtree.

Stops by itself after `requests` requests. Used by tests/api/test_load.py (small) and by
`./dev bench load` (larger, against a server you run).
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
    "children(first: 5) { edges { node { path } } } } } } }",
    '{ units(filter: {asOf: "2024-06-01", nameContains: "xa"}, first: 20) '
    "{ totalCount edges { node { path ancestors { path } } } } }",
    "{ me { username roles { role unit { path } } } }",
]
WRITE = """mutation($u: String!, $c: String!) {
  grantRole(input: {username: $u, role: COMMUNE_OFFICER, unit: $c, asOf: "2024-06-01"})
  { __typename ... on RoleAssignment { unit { path } } } }"""
# Writes grant a role to a user outside USERS, so no tracked subtree changes under the check.
ADMIN_WRITES = {"thanhhoa_admin": ("nghison_reviewer", "16072")}  # same province
# Officers report progress on their own unit's targets: read the version, then write; two
# officers writing one target at once is a VersionConflictError (a typed result), never an error.
PROGRESS_WRITERS = {"hauloc_officer": ("400", 2023)}
TARGETS = """query($u: String!, $y: Year!) { targets(filter: {unit: $u, year: $y}, first: 50) {
  edges { node { id quantity { kind value } } } } }"""
VERSION = """query($t: ID!) { node(id: $t) { ... on Target { version } } }"""
REPORT = """mutation($t: ID!, $v: Int!, $value: Float!) {
  reportProgress(input: {id: $t, version: $v, value: $value, reportedOn: "2023-06-01"}) {
  __typename ... on Target { version } } }"""


@dataclass
class LoadReport:
    requests: int = 0
    errors: list[str] = field(default_factory=list)
    leaks: list[str] = field(default_factory=list)
    latencies_ms: list[float] = field(default_factory=list)
    seconds: float = 0.0
    writes: int = 0
    conflicts: int = 0

    def summary(self) -> dict[str, Any]:
        lat = self.latencies_ms or [0.0]
        return {
            "requests": self.requests,
            "writes": self.writes,
            "conflicts": self.conflicts,
            "errors": len(self.errors),
            "leaks": len(self.leaks),
            "seconds": round(self.seconds, 2),
            "throughput_rps": round(self.requests / self.seconds, 1) if self.seconds else 0,
            "p50_ms": round(percentile(lat, 50), 1),
            "p95_ms": round(percentile(lat, 95), 1),
            "mean_ms": round(statistics.fmean(lat), 1),
        }


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


async def run_load(
    base_url: str,
    token_for: Callable[[str], str],
    *,
    requests: int,
    concurrency: int,
    seed: int = 3,
) -> LoadReport:
    rng = random.Random(seed)
    report = LoadReport()
    tokens = {u: token_for(u) for u in USERS}
    plan = [rng.choice(list(USERS)) for _ in range(requests)]
    queue: asyncio.Queue[str] = asyncio.Queue()
    for user in plan:
        queue.put_nowait(user)

    async def send(client: httpx.AsyncClient, user: str, body: dict[str, Any]) -> Any:
        start = time.perf_counter()
        response = await client.post(
            "/graphql", json=body, headers={"Authorization": f"Bearer {tokens[user]}"}
        )
        report.latencies_ms.append((time.perf_counter() - start) * 1000)
        report.requests += 1
        payload = response.json()
        if response.status_code != 200 or payload.get("errors"):
            report.errors.append(json.dumps(payload)[:300])
            return None
        home = USERS[user]
        for path in _paths(payload.get("data")):
            if path != home and not path.startswith(home + "."):
                report.leaks.append(f"{user} saw {path}")
        return payload["data"]

    async def report_progress(client: httpx.AsyncClient, user: str) -> None:
        target_id, value = rng.choice(writable[user])
        read = await send(client, user, {"query": VERSION, "variables": {"t": target_id}})
        if read is None:
            return
        wrote = await send(
            client,
            user,
            {
                "query": REPORT,
                "variables": {
                    "t": target_id,
                    "v": read["node"]["version"],
                    "value": rng.randint(0, value),
                },
            },
        )
        if wrote is None:
            return
        report.writes += 1
        kind = wrote["reportProgress"]["__typename"]
        if kind == "VersionConflictError":
            report.conflicts += 1
        elif kind != "Target":
            report.errors.append(f"{user}: reportProgress gave {kind}")

    async def worker(client: httpx.AsyncClient) -> None:
        while True:
            try:
                user = queue.get_nowait()
            except asyncio.QueueEmpty:
                return
            if user in writable and rng.random() < 0.3:
                await report_progress(client, user)
            elif user in ADMIN_WRITES and rng.random() < 0.2:
                target_user, code = ADMIN_WRITES[user]
                await send(
                    client, user, {"query": WRITE, "variables": {"u": target_user, "c": code}}
                )
                report.writes += 1
            else:
                await send(client, user, {"query": rng.choice(READS)})

    start = time.perf_counter()
    async with httpx.AsyncClient(base_url=base_url, timeout=60) as client:
        writable: dict[str, list[tuple[str, int]]] = {}
        for user, (unit, year) in PROGRESS_WRITERS.items():
            data = await send(client, user, {"query": TARGETS, "variables": {"u": unit, "y": year}})
            counts = [
                (e["node"]["id"], int(e["node"]["quantity"]["value"]))
                for e in (data or {"targets": {"edges": []}})["targets"]["edges"]
                if e["node"]["quantity"]["kind"] == "COUNT"
            ]
            if counts:
                writable[user] = counts
        await asyncio.gather(*(worker(client) for _ in range(concurrency)))
    report.seconds = time.perf_counter() - start
    return report


def main(argv: list[str]) -> None:
    """`./dev bench load`: against a running server (`./dev serve`), with development tokens."""
    import argparse

    from authz.tokens import mint_dev_token
    from core.config import get_settings

    parser = argparse.ArgumentParser(prog="./dev bench load")
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=24)
    args = parser.parse_args(argv)
    settings = get_settings()
    report = asyncio.run(
        run_load(
            args.url,
            lambda u: mint_dev_token(settings, u),
            requests=args.requests,
            concurrency=args.concurrency,
        )
    )
    print(json.dumps(report.summary(), indent=2))
    if report.errors or report.leaks:
        print("\n".join((report.errors + report.leaks)[:10]))
        raise SystemExit(1)
