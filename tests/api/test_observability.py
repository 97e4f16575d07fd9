"""Request ids, metrics and per-request SQL statistics."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from api.app import create_app
from core.config import Settings
from db.urls import DatabaseUrls
from tests.support.server import LiveServer, start_server


def test_every_response_carries_a_request_id_and_echoes_the_callers(api: LiveServer) -> None:
    generated = api.client.get("/healthz").headers["x-request-id"]
    assert len(generated) == 32
    echoed = api.client.get("/healthz", headers={"X-Request-ID": "abc-123"})
    assert echoed.headers["x-request-id"] == "abc-123"


def test_prometheus_metrics_count_requests_and_sql(api: LiveServer) -> None:
    api.as_user("bca_v05").graphql('{ unit(unit: "38") { name } }')
    text = api.client.get("/metrics").text
    assert 'antq_http_requests_total{method="POST",route="/graphql",status="200"}' in text
    assert "antq_sql_statements_per_request_count" in text


@pytest.fixture(scope="module")
def debug_api(shared_db: DatabaseUrls, settings: Settings) -> Iterator[LiveServer]:
    debug = settings.model_copy(update={"debug": True})
    server = start_server(create_app(debug, shared_db), debug)
    yield server
    server.stop()


def test_debug_mode_reports_sql_statements_and_time_per_request(debug_api: LiveServer) -> None:
    result = debug_api.as_user("bca_v05").graphql(
        '{ unit(unit: "38") { name children(first: 3) { edges { node { name } } } } }'
    )
    sql = result["extensions"]["sql"]
    assert sql["statements"] >= 2 and sql["milliseconds"] > 0


def test_without_debug_no_sql_statistics_leak_to_clients(api: LiveServer) -> None:
    result = api.as_user("bca_v05").graphql('{ unit(unit: "38") { name } }')
    assert "extensions" not in result or "sql" not in result.get("extensions", {})
