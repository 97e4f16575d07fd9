"""`./dev bench http`: throughput over HTTP against what a user would pick instead.

On the generated dataset (`./dev bench generate`), three servers run side by side on the same
database, each as the app role `antq_app` under the same row-level security (`app.scope_paths`
= the national scope of the benchmark user):
- this API (`antq serve --workers W`);
- PostGraphile v4, installed from npm into bench/peers/ by this command (pgSettings sets the
  scope on every request);
- a bare FastAPI + asyncpg server (bench/peers/bare.py, W uvicorn workers) running the exact SQL
  statements this API issues for each query (captured here in-process), returning the rows.
A load generator (wrk when installed, else a bounded asyncio client) drives each for
`--duration` seconds per measurement; rounds are interleaved (every system, query and
concurrency once per round, the order of systems rotating) so drift on a shared machine hits
all alike. Medians over rounds, with the min-max spread, go to bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import pickle
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import event
from sqlalchemy.engine import make_url

from bench.generate import BENCH_DB
from core.config import PROJECT_ROOT, Settings

PEERS = PROJECT_ROOT / "bench" / "peers"
OUT = PROJECT_ROOT / "bench" / "out"
RESULTS = PROJECT_ROOT / "bench" / "RESULTS.md"
USER = "bca_v05"
BEGIN, END = "<!-- bench http: begin -->", "<!-- bench http: end -->"


@dataclass(frozen=True)
class Query:
    name: str
    antq: str
    postgraphile: str


NESTED_ANTQ = """{ units(filter: {kind: COMMUNE, asOf: "2024-06-01"}, first: 50) { edges { node {
  code name path latestAssessment { year safetyAchieved classification }
  children(first: 10) { edges { node { code name
    latestAssessment { year safetyAchieved classification } } } } } } } }"""
NESTED_PG = """{ allAdminUnits(condition: {kind: "commune"}, first: 50, orderBy: PATH_ASC) { nodes {
  code name path assessmentsByUnitId(first: 1, orderBy: YEAR_DESC) { nodes {
    year safetyAchieved classification } }
  adminUnitsByParentId(first: 10, orderBy: PATH_ASC) { nodes { code name
    assessmentsByUnitId(first: 1, orderBy: YEAR_DESC) { nodes {
      year safetyAchieved classification } } } } } } }"""
QUERIES = [
    Query("50 communes x 10 children with latest assessment", NESTED_ANTQ, NESTED_PG),
    Query(
        "units(first: 50) { code name }",
        "{ units(first: 50) { edges { node { code name } } } }",
        "{ allAdminUnits(first: 50, orderBy: PATH_ASC) { nodes { code name } } }",
    ),
]


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def _capture(urls: Any, settings: Settings) -> tuple[dict[str, list[tuple[str, Any]]], str]:
    """The SQL this API issues for each query (run once in-process), and the user's scope."""
    from authz.authorizer import Authorizer
    from db.session import RequestDB, create_engine
    from graph.context import Context
    from graph.schema import build_schema

    engine = create_engine(urls.app, settings)
    authorizer = Authorizer()
    await authorizer.load(engine)
    schema = build_schema(settings)
    principal = authorizer.principal(USER)
    scope = authorizer.read_scope(principal)
    captured: list[tuple[str, Any]] = []

    def capture(_c: Any, _cur: Any, statement: str, parameters: Any, *_: Any) -> None:
        captured.append((statement, tuple(parameters)))

    # the compiled read path runs its statement on the driver connection, past SQLAlchemy's
    # events: record it (and the scope setting sent with it) where it is sent
    fetchrow_alone = RequestDB.fetchrow_alone

    async def recording(self: RequestDB, sql: str, args: Any) -> Any:
        row = await fetchrow_alone(self, sql, args)
        captured.append(
            ("SELECT set_config('app.scope_paths', $1, true)", (",".join(self.scope_paths),))
        )
        captured.append((sql, tuple(args)))
        return row

    RequestDB.fetchrow_alone = recording  # type: ignore[method-assign]

    statements = {}
    try:
        for query in QUERIES:
            captured.clear()
            event.listen(engine.sync_engine, "before_cursor_execute", capture)
            db = RequestDB(engine, scope)
            context = Context(db=db, settings=settings, authorizer=authorizer, principal=principal)
            # what the API runs for it: the compiled read path when it takes the query
            reads = getattr(schema, "reads", None)
            body = await reads.answer(context, query.antq, None, None) if reads else None
            if body is None:
                captured.clear()
                result = await schema.execute(query.antq, context_value=context)
                if result.errors:
                    raise RuntimeError(f"{query.name}: {result.errors}")
            event.remove(engine.sync_engine, "before_cursor_execute", capture)
            statements[_slug(query.name)] = list(captured)
    finally:
        RequestDB.fetchrow_alone = fetchrow_alone  # type: ignore[method-assign]
        await engine.dispose()
    return statements, ",".join(scope)


def _wait(
    url: str, body: dict[str, Any], headers: dict[str, str], process: subprocess.Popen, what: str
) -> None:
    deadline = time.monotonic() + 180
    last = ""
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited; see bench/out/{what}.log")
        try:
            response = httpx.post(url, json=body, headers=headers, timeout=30)
            payload = response.json()
            # answered, without errors, with the rows (RLS with a missing scope gives none)
            if (
                response.status_code == 200
                and not payload.get("errors")
                and response.text.count('"code"') >= 50
            ):
                return
            last = str(payload)[:500]
        except (httpx.HTTPError, ValueError) as error:
            last = str(error)
        time.sleep(1)
    raise RuntimeError(f"{what} did not answer: {last}")


def _wrk(
    url: str, body: str, headers: dict[str, str], concurrency: int, seconds: float
) -> dict[str, float]:
    lines = ['wrk.method = "POST"', f"wrk.body = [==[{body}]==]"]
    lines += [f'wrk.headers["{k}"] = [==[{v}]==]' for k, v in headers.items()]
    lines += [
        "function done(summary, latency, requests)",
        '  io.write(string.format("P50 %f\\nERRORS %d\\n", latency:percentile(50) / 1000,',
        "    summary.errors.status + summary.errors.connect + summary.errors.read"
        " + summary.errors.write + summary.errors.timeout))",
        "end",
    ]
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write("\n".join(lines))
    try:
        out = subprocess.run(
            [
                "wrk",
                "-t1",
                f"-c{concurrency}",
                f"-d{max(1, round(seconds))}s",
                "--timeout",
                "30s",
                "-s",
                script.name,
                url,
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        os.unlink(script.name)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p50 = float(re.search(r"P50 ([\d.]+)", out).group(1))  # type: ignore[union-attr]
    errors = int(re.search(r"ERRORS (\d+)", out).group(1))  # type: ignore[union-attr]
    return {"rps": rps, "p50_ms": p50, "errors": errors}


async def _client(
    url: str, body: str, headers: dict[str, str], concurrency: int, seconds: float
) -> dict[str, float]:
    """The fallback load generator: `concurrency` connections sending back to back."""
    latencies: list[float] = []
    errors = 0
    stop = time.perf_counter() + seconds
    async with httpx.AsyncClient(
        limits=httpx.Limits(max_connections=concurrency), timeout=30
    ) as client:

        async def one() -> None:
            nonlocal errors
            while time.perf_counter() < stop:
                start = time.perf_counter()
                response = await client.post(url, content=body, headers=headers)
                latencies.append((time.perf_counter() - start) * 1000)
                errors += response.status_code != 200

        began = time.perf_counter()
        await asyncio.gather(*(one() for _ in range(concurrency)))
        elapsed = time.perf_counter() - began
    return {
        "rps": len(latencies) / elapsed,
        "p50_ms": statistics.median(latencies),
        "errors": errors,
    }


def _load(
    url: str, body: str, headers: dict[str, str], concurrency: int, seconds: float
) -> dict[str, float]:
    if shutil.which("wrk"):
        return _wrk(url, body, headers, concurrency, seconds)
    return asyncio.run(_client(url, body, headers, concurrency, seconds))


def _spawn(name: str, args: list[str], env: dict[str, str], cwd: Path) -> subprocess.Popen:
    """Output goes to bench/out/<name>.log: a pipe nobody reads fills up with access-log lines
    and then blocks the server."""
    log = (OUT / f"{name}.log").open("wb")
    return subprocess.Popen(
        args, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )


def _stop(process: subprocess.Popen) -> None:
    """End a server this command started (its process group: uvicorn's workers too)."""
    if process.poll() is None:
        os.killpg(process.pid, 15)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, 9)
            process.wait()


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="./dev bench http")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=float, default=5.0, help="seconds per measurement")
    parser.add_argument("--concurrency", default="1,8")
    parser.add_argument("--workers", type=int, default=2, help="this API's and the bare server's")
    args = parser.parse_args(argv)
    concurrencies = [int(c) for c in args.concurrency.split(",")]

    from authz.tokens import mint_dev_token
    from db import migrate
    from db.urls import resolve_database_urls

    settings = Settings(embedded_pg_dir=PROJECT_ROOT / ".antq" / "bench-pgdata")
    urls = resolve_database_urls(settings).for_database(BENCH_DB)
    migrate.upgrade(urls.owner)
    statements, scope = asyncio.run(_capture(urls, settings))
    OUT.mkdir(parents=True, exist_ok=True)
    statements_file = OUT / "bare_statements.pkl"
    statements_file.write_bytes(pickle.dumps(statements))
    if not (PEERS / "node_modules" / "postgraphile").exists():
        subprocess.run(["npm", "install", "--no-audit", "--no-fund"], cwd=PEERS, check=True)

    def plain(u: str) -> str:
        return make_url(u).set(drivername="postgresql").render_as_string(hide_password=False)

    app_dsn = plain(urls.app)
    env = {
        **os.environ,
        "DATABASE_URL": urls.owner,
        "APP_DATABASE_URL": urls.app,
        "ANTQ_ENVIRONMENT": "development",
        "ANTQ_LOG_JSON": "false",
        "ANTQ_USER_RATE_PER_MINUTE": "0",
        "ANTQ_BARE_DSN": app_dsn,
        "ANTQ_BARE_STATEMENTS": str(statements_file),
    }
    ports = {"antq": _free_port(), "postgraphile": _free_port(), "bare": _free_port()}
    # node-postgres reads a unix-socket host from the query string (?host=/path)
    processes = {
        "antq": _spawn(
            "antq",
            [
                sys.executable,
                "-m",
                "api.cli",
                "serve",
                "--no-seed",
                "--port",
                str(ports["antq"]),
                "--workers",
                str(args.workers),
            ],
            env,
            PROJECT_ROOT,
        ),
        "postgraphile": _spawn(
            "postgraphile",
            ["node", "postgraphile.js", app_dsn, str(ports["postgraphile"]), scope],
            env,
            PEERS,
        ),
        "bare": _spawn(
            "bare",
            [
                sys.executable,
                "-m",
                "uvicorn",
                "bench.peers.bare:app",
                "--port",
                str(ports["bare"]),
                "--workers",
                str(args.workers),
                "--log-level",
                "warning",
            ],
            env,
            PROJECT_ROOT,
        ),
    }
    token = mint_dev_token(settings, USER)
    antq_headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}
    json_headers = {"Content-Type": "application/json"}

    def target(system: str, query: Query) -> tuple[str, str, dict[str, str]]:
        base = f"http://127.0.0.1:{ports[system]}"
        if system == "antq":
            return f"{base}/graphql", json.dumps({"query": query.antq}), antq_headers
        if system == "postgraphile":
            return f"{base}/graphql", json.dumps({"query": query.postgraphile}), json_headers
        return f"{base}/{_slug(query.name)}", "{}", json_headers

    samples: dict[tuple[str, str, int], list[dict[str, float]]] = {}
    systems = list(processes)
    try:
        for system in systems:
            for query in QUERIES:
                url, body, headers = target(system, query)
                _wait(url, json.loads(body), headers, processes[system], system)
        for round_ in range(args.rounds):
            order = systems[round_ % 3 :] + systems[: round_ % 3]
            for concurrency in concurrencies:
                for query in QUERIES:
                    for system in order:
                        url, body, headers = target(system, query)
                        result = _load(url, body, headers, concurrency, args.duration)
                        samples.setdefault((query.name, system, concurrency), []).append(result)
                        print(
                            f"round {round_ + 1} c={concurrency} {system:12} {query.name}: "
                            f"{result['rps']:.1f} req/s, p50 {result['p50_ms']:.1f} ms, "
                            f"{result['errors']} errors",
                            flush=True,
                        )
    finally:
        for process in processes.values():
            _stop(process)

    report = _render(samples, concurrencies, args, statements)
    (OUT / "http.json").write_text(
        json.dumps({f"{q}|{s}|{c}": v for (q, s, c), v in samples.items()}, indent=2)
    )
    _write_results(report)
    print(report)


def _median(values: list[float]) -> float:
    return statistics.median(values)


def _render(
    samples: dict[tuple[str, str, int], list[dict[str, float]]],
    concurrencies: list[int],
    args: argparse.Namespace,
    statements: dict[str, list[tuple[str, Any]]],
) -> str:
    loader = "wrk (1 thread)" if shutil.which("wrk") else "the asyncio client of bench/http.py"
    lines = [
        f"Run {date.today().isoformat()}, {os.cpu_count()} cores shared with the load "
        f"generator ({loader}) and PostgreSQL; {args.rounds} interleaved rounds of "
        f"{args.duration:g} s per measurement; this API and the bare server with "
        f"{args.workers} workers, PostGraphile one Node process. Median req/s over rounds "
        "(min-max), and the ratios of medians.",
        "",
        "| query, concurrency | this API req/s | PostGraphile (RLS) | bare asyncpg | "
        "API / PostGraphile | API / bare | errors |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for query in QUERIES:
        for c in concurrencies:
            cells, medians, errors = [], {}, 0
            for system in ("antq", "postgraphile", "bare"):
                runs = samples.get((query.name, system, c), [])
                rps = [r["rps"] for r in runs]
                errors += int(sum(r["errors"] for r in runs))
                medians[system] = _median(rps) if rps else 0.0
                cells.append(
                    f"{medians[system]:.1f} ({min(rps):.1f}-{max(rps):.1f})" if rps else "-"
                )
            ratio_pg = medians["antq"] / medians["postgraphile"] if medians["postgraphile"] else 0
            ratio_bare = medians["antq"] / medians["bare"] if medians["bare"] else 0
            lines.append(
                f"| {query.name}, c={c} | {' | '.join(cells)} | {ratio_pg:.2f}x | "
                f"{ratio_bare:.2f}x | {errors} |"
            )
    lines += [
        "",
        "Statements per request (this API, replayed by the bare server): "
        + ", ".join(f"{name}: {len(s)}" for name, s in statements.items())
        + ".",
    ]
    return "\n".join(lines)


def _write_results(report: str) -> None:
    text = RESULTS.read_text() if RESULTS.exists() else "# Benchmark results\n"
    section = f"{BEGIN}\n{report}\n{END}"
    if BEGIN in text and END in text:
        text = text[: text.index(BEGIN)] + section + text[text.index(END) + len(END) :]
    else:
        text = (
            text.rstrip() + "\n\n## HTTP: this API, PostGraphile v4 and bare asyncpg "
            "(`./dev bench http`)\n\n" + section + "\n"
        )
    RESULTS.write_text(text)
