"""Authorizer cost at national scale: 10,000 users holding 50,000 role assignments.

Measures (1) Casbin checks per second through the real model and policy, for allowed and denied
requests, (2) building a policy snapshot (what every reload costs), and (3) the list filter: the
same page of units with and without `path <@ ANY(scope)`, as a ratio, on the seeded database.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import time
from pathlib import Path

import asyncpg
from sqlalchemy.engine import make_url

from authz.authorizer import Authorizer, PolicySnapshot, role_templates
from bench.stats import time_async
from core.config import PROJECT_ROOT, Settings

OUT = PROJECT_ROOT / "bench" / "out"
ROLES_BY_DEPTH = {
    1: "ministry_viewer",
    2: "province_admin",
    3: "district_officer",
    4: "commune_officer",
}


def synthetic_assignments(
    paths: list[str], users: int, assignments: int, seed: int = 7
) -> list[tuple[str, str, str]]:
    rng = random.Random(seed)
    candidates = [p for p in paths if 2 <= p.count(".") + 1 <= 4]
    rows = []
    for i in range(assignments):
        path = rng.choice(candidates)
        rows.append((f"user{i % users:05d}", ROLES_BY_DEPTH[path.count(".") + 1], path))
    return rows


async def _unit_paths(dsn: str) -> list[str]:
    conn = await asyncpg.connect(dsn)
    try:
        return [r[0] for r in await conn.fetch("SELECT path::text FROM admin_units")]
    finally:
        await conn.close()


async def _list_filter(dsn: str, scope: list[str]) -> dict[str, dict[str, float]]:
    conn = await asyncpg.connect(dsn)
    sql = (
        "SELECT id, code, name, path FROM admin_units WHERE kind = 'commune' {extra} "
        "ORDER BY path LIMIT 50"
    )
    try:
        plain = await time_async(lambda: conn.fetch(sql.format(extra="")), warmup=20, repeat=300)
        scoped = await time_async(
            lambda: conn.fetch(sql.format(extra="AND path <@ ANY($1::ltree[])"), scope),
            warmup=20,
            repeat=300,
        )
    finally:
        await conn.close()
    return {"unfiltered": plain, "filtered": scoped}


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="./dev bench authz")
    parser.add_argument("--users", type=int, default=10_000)
    parser.add_argument("--assignments", type=int, default=50_000)
    parser.add_argument("--checks", type=int, default=20_000)
    args = parser.parse_args(argv)

    from api.bootstrap import prepare_database
    from db.urls import resolve_database_urls

    settings = Settings(embedded_pg_dir=PROJECT_ROOT / ".antq" / "bench-pgdata")
    urls = resolve_database_urls(settings)
    prepare_database(urls, settings, seed="if-empty")
    dsn = make_url(urls.owner).set(drivername="postgresql").render_as_string(hide_password=False)
    paths = asyncio.run(_unit_paths(dsn))

    rows = synthetic_assignments(paths, args.users, args.assignments)
    start = time.perf_counter()
    snapshot = PolicySnapshot(role_templates(), rows)
    build_ms = (time.perf_counter() - start) * 1000
    authorizer = Authorizer()
    authorizer._snapshot = snapshot

    rng = random.Random(11)
    requests = []
    for _ in range(args.checks):
        user, _role, path = rng.choice(rows)
        target = rng.choice(paths)
        requests.append((authorizer.principal(user), path, target))
    start = time.perf_counter()
    allowed = sum(authorizer.allowed(p, "plan", "read", own) for p, own, _ in requests)
    own_s = time.perf_counter() - start
    start = time.perf_counter()
    random_allowed = sum(authorizer.allowed(p, "plan", "write", t) for p, _, t in requests)
    random_s = time.perf_counter() - start
    start = time.perf_counter()
    warm_allowed = sum(authorizer.allowed(p, "plan", "write", t) for p, _, t in requests)
    warm_s = time.perf_counter() - start
    assert warm_allowed == random_allowed
    distinct_users = list({p.username: p for p, _, _ in requests}.values())[:2000]
    start = time.perf_counter()
    for p in distinct_users:
        authorizer.paths_for(p, "unit", "read")
    scope_ms = (time.perf_counter() - start) / len(distinct_users) * 1000
    start = time.perf_counter()
    for p in distinct_users:
        authorizer.paths_for(p, "unit", "read")
    scope_warm_ms = (time.perf_counter() - start) / len(distinct_users) * 1000

    district_scope = ["vn.p38.d400", "vn.p38.d407"]
    listing = asyncio.run(_list_filter(dsn, district_scope))
    ratio = listing["filtered"]["p50_ms"] / listing["unfiltered"]["p50_ms"]
    result = {
        "users": args.users,
        "assignments": args.assignments,
        "snapshot_build_ms": round(build_ms, 1),
        "checks_per_second_allowed": round(args.checks / own_s),
        "checks_per_second_mixed": round(args.checks / random_s),
        "allowed_of_mixed": random_allowed,
        "allowed_of_own": allowed,
        "checks_per_second_repeated (memoised)": round(args.checks / warm_s),
        "read_scope_ms_first_request_of_user": round(scope_ms, 3),
        "read_scope_ms_later_requests": round(scope_warm_ms, 4),
        "list_unfiltered": listing["unfiltered"],
        "list_filtered": listing["filtered"],
        "list_filter_overhead_ratio_p50": round(ratio, 2),
    }
    OUT.mkdir(parents=True, exist_ok=True)
    Path(OUT / "authz.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    print(f"{'measure':40} value")
    for key, value in result.items():
        if isinstance(value, dict):
            value = f"p50 {value['p50_ms']:.3f} ms, p95 {value['p95_ms']:.3f} ms"
        print(f"{key:40} {value}")
    print(f"\nJSON: {OUT / 'authz.json'}")
