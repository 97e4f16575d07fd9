"""`./dev bench run`: server-side GraphQL time against its SQL floor, on the generated dataset.

Each scenario is executed through the real schema in-process (context, authorizer, RLS scope,
DataLoaders — everything but the HTTP socket), with warm-up and many repetitions. The exact SQL
statements it issued are captured once and replayed raw through asyncpg as the app role, in one
transaction with the same scope: that is the floor no GraphQL layer can beat. Ratios are of p50s
measured in the same run, so a noisy machine moves both sides.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import platform
import time
from dataclasses import dataclass
from datetime import date
from typing import Any

import asyncpg
from sqlalchemy import event
from sqlalchemy.engine import make_url

from authz.authorizer import Authorizer
from bench.generate import BENCH_DB
from bench.stats import percentile
from core.config import PROJECT_ROOT, Settings
from db.session import RequestDB, create_engine
from graph.context import Context
from graph.schema import build_schema

OUT = PROJECT_ROOT / "bench" / "out"
GOALS_MS = {"province_rollup": 50.0, "national_rollup": 200.0}

ROLLUP = """query($code: String!) { rollup(unit: $code, year: 2024) {
  total { units assessed registered { percent met } safe { percent met }
          goodOrExcellent { percent met } typicalRegistered typicalRecognised { count } }
  children { unit { code name } figures { units assessed registered { percent }
             safe { percent } goodOrExcellent { percent } typicalRegistered } } } }"""
LIST_50 = """{ units(filter: {kind: COMMUNE, asOf: "2024-06-01"}, first: 50) { edges { node {
  code name path latestAssessment { year safetyAchieved classification }
  children(first: 10) { edges { node { code name
    latestAssessment { year safetyAchieved classification } } } } } } } }"""
SIMPLE_50 = "{ units(first: 50) { edges { node { code name } } } }"
CAMPAIGN = """query($code: String!) { typicalCampaign(unit: $code, year: 2024) {
  state kind version allCriteriaMet unit { name }
  criteriaSet { code groups { name criterionCodes } }
  results { met ruleMet explanation evidence criterion { code text kind groupCode } }
  unmetCriteria { code } documents { kind title } history { action on actor } } }"""


@dataclass
class Scenario:
    name: str
    username: str
    query: str
    variables: dict[str, Any]


SCENARIOS = [
    Scenario("province_rollup", "thanhhoa_admin", ROLLUP, {"code": "38"}),
    Scenario("national_rollup", "bca_v05", ROLLUP, {"code": "VN"}),
    Scenario("list_of_50_with_children_and_latest_assessment", "bca_v05", LIST_50, {}),
    Scenario("simple_list_of_50_code_name", "bca_v05", SIMPLE_50, {}),
    Scenario("campaign_detail_34_criteria", "bca_v05", CAMPAIGN, {"code": "__campaign__"}),
]


async def _timed(fn: Any, warmup: int, repeat: int) -> list[float]:
    for _ in range(warmup):
        await fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        await fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def _summary(samples: list[float]) -> dict[str, float]:
    return {
        "p50_ms": round(percentile(samples, 50), 3),
        "p95_ms": round(percentile(samples, 95), 3),
    }


async def run(repeat: int, warmup: int) -> dict[str, Any]:
    settings = Settings(embedded_pg_dir=PROJECT_ROOT / ".antq" / "bench-pgdata")
    from db.urls import resolve_database_urls

    urls = resolve_database_urls(settings).for_database(BENCH_DB)
    # the dataset outlives code changes: measure it under the current schema (no-op at head)
    from db import migrate

    await asyncio.to_thread(migrate.upgrade, urls.owner)
    engine = create_engine(urls.app, settings)
    authorizer = Authorizer()
    await authorizer.load(engine)
    schema = build_schema(settings)
    app_dsn = make_url(urls.app).set(drivername="postgresql").render_as_string(hide_password=False)
    # the same session settings as the app's engine (db.session.create_engine)
    raw = await asyncpg.connect(app_dsn, server_settings={"plan_cache_mode": "force_custom_plan"})
    captured: list[tuple[str, Any]] = []

    def capture(_c: Any, _cur: Any, statement: str, parameters: Any, *_: Any) -> None:
        captured.append((statement, parameters))

    # a commune with a generated campaign of 34 results
    owner = await asyncpg.connect(
        make_url(urls.owner).set(drivername="postgresql").render_as_string(hide_password=False)
    )
    campaign_code = await owner.fetchval(
        "SELECT u.code FROM typical_campaigns c JOIN admin_units u ON u.id = c.unit_id "
        "WHERE c.year = 2024 AND c.registered_by = 'bench' ORDER BY u.path LIMIT 1"
    )
    counts = {
        t: await owner.fetchval(f"SELECT count(*) FROM {t}")
        for t in (
            "admin_units",
            "assessments",
            "movement_models",
            "model_ratings",
            "targets",
            "criterion_results",
        )
    }
    await owner.close()

    results: dict[str, Any] = {}
    try:
        for scenario in SCENARIOS:
            variables = {
                k: (campaign_code if v == "__campaign__" else v)
                for k, v in scenario.variables.items()
            }
            principal = authorizer.principal(scenario.username)
            scope = authorizer.read_scope(principal)

            async def execute(
                principal: Any = principal,
                scope: Any = scope,
                scenario: Scenario = scenario,
                variables: dict[str, Any] = variables,
            ) -> Any:
                db = RequestDB(engine, scope)
                context = Context(
                    db=db, settings=settings, authorizer=authorizer, principal=principal
                )
                result = await schema.execute(
                    scenario.query, variable_values=variables, context_value=context
                )
                if result.errors:
                    raise RuntimeError(f"{scenario.name}: {result.errors}")
                return result

            captured.clear()
            event.listen(engine.sync_engine, "before_cursor_execute", capture)
            await execute()
            event.remove(engine.sync_engine, "before_cursor_execute", capture)
            statements = list(captured)

            async def replay(statements: list[tuple[str, Any]] = statements) -> None:
                async with raw.transaction():
                    for sql, params in statements:
                        await raw.fetch(sql, *params)

            graph = await _timed(execute, warmup, repeat)
            floor = await _timed(replay, warmup, repeat)
            g, f = _summary(graph), _summary(floor)
            results[scenario.name] = {
                "graphql": g,
                "sql_floor": f,
                "statements": len(statements),
                "ratio_p50": round(g["p50_ms"] / f["p50_ms"], 2) if f["p50_ms"] else None,
            }
    finally:
        await raw.close()
        await engine.dispose()
    return {
        "machine": f"{platform.machine()} {platform.system()}, "
        f"{__import__('os').cpu_count()} cores",
        "date": date.today().isoformat(),
        "repeat": repeat,
        "warmup": warmup,
        "dataset": counts,
        "scenarios": results,
        "goals_ms_p95": GOALS_MS,
    }


def render(report: dict[str, Any]) -> str:
    lines = [
        f"Machine: {report['machine']}; {report['date']}; {report['repeat']} repetitions "
        f"after {report['warmup']} warm-up runs.",
        "",
        "Dataset: " + ", ".join(f"{k} {v:,}" for k, v in report["dataset"].items()),
        "",
        "| scenario | statements | GraphQL p50 | GraphQL p95 | SQL floor p50 | SQL floor p95 "
        "| ratio (p50) | goal |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for name, r in report["scenarios"].items():
        goal = report["goals_ms_p95"].get(name)
        if goal is not None:
            met = r["graphql"]["p95_ms"] <= goal
            verdict = f"p95 ≤ {goal:.0f} ms: {'met' if met else 'MISSED'}"
        elif name.startswith("list_of_50"):
            verdict = f"ratio ≤ 2: {'met' if r['ratio_p50'] <= 2 else 'MISSED'}"
        else:
            verdict = "—"
        lines.append(
            f"| {name} | {r['statements']} | {r['graphql']['p50_ms']:.1f} ms | "
            f"{r['graphql']['p95_ms']:.1f} ms | {r['sql_floor']['p50_ms']:.1f} ms | "
            f"{r['sql_floor']['p95_ms']:.1f} ms | {r['ratio_p50']} | {verdict} |"
        )
    return "\n".join(lines)


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="./dev bench run")
    parser.add_argument("--repeat", type=int, default=100)
    parser.add_argument("--warmup", type=int, default=10)
    args = parser.parse_args(argv)
    report = asyncio.run(run(args.repeat, args.warmup))
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "run.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    print(render(report))
    print(f"\nJSON: {OUT / 'run.json'}")
