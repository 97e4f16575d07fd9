"""`antq serve --workers N`: N processes on one port, each with its own LISTEN connections (the
authorizer's policy reloads and the change feed), so a NOTIFY reaches every worker."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time

import asyncpg
import httpx
import pytest
from sqlalchemy.engine import make_url

from core.config import PROJECT_ROOT, Settings, default_workers
from db.queries.authz import POLICY_CHANNEL
from db.queries.changes import CHANGES_CHANNEL
from db.urls import DatabaseUrls


def test_development_serves_one_worker_and_production_one_per_cpu() -> None:
    assert default_workers(Settings(environment="development")) == 1
    assert default_workers(Settings(environment="test")) == 1
    production = Settings(environment="production", jwt_secret="x" * 64)
    assert default_workers(production) == len(os.sched_getaffinity(0))
    assert default_workers(production.model_copy(update={"workers": 3})) == 3


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def _listeners(owner_url: str) -> dict[str, int]:
    """How many backends of this database sit in LISTEN, per channel."""
    dsn = make_url(owner_url).set(drivername="postgresql").render_as_string(hide_password=False)
    conn = await asyncpg.connect(dsn)
    try:
        rows = await conn.fetch(
            "SELECT query, count(*) AS n FROM pg_stat_activity "
            "WHERE datname = current_database() AND query ILIKE 'LISTEN %' GROUP BY query"
        )
        return {r["query"].split()[1].strip('";'): r["n"] for r in rows}
    finally:
        await conn.close()


@pytest.mark.parametrize("workers", [2])
def test_each_worker_listens_on_its_own_connections(fresh_db: DatabaseUrls, workers: int) -> None:
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": fresh_db.owner,
        "APP_DATABASE_URL": fresh_db.app,
        "ANTQ_ENVIRONMENT": "test",
        "ANTQ_LOG_JSON": "false",
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "api.cli",
            "serve",
            "--port",
            str(port),
            "--no-seed",
            "--workers",
            str(workers),
        ],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 90
        expected = {POLICY_CHANNEL: workers, CHANGES_CHANNEL: workers}
        listening: dict[str, int] = {}
        while time.monotonic() < deadline:
            assert process.poll() is None, process.stdout.read().decode()  # type: ignore[union-attr]
            try:
                healthy = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code
            except httpx.HTTPError:
                healthy = 0
            if healthy == 200:
                listening = asyncio.run(_listeners(fresh_db.owner))
                if all(listening.get(k, 0) >= v for k, v in expected.items()):
                    break
            time.sleep(0.5)
        assert listening == expected
        # every worker answers on the shared port
        for _ in range(10):
            assert httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=5).status_code == 200
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
