"""What every layer may record about a request: its id, its SQL statistics, and the metrics
registry. The HTTP middleware that fills them lives in api/observability.py."""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass, field

from prometheus_client import CollectorRegistry, Counter, Histogram

request_id_var: ContextVar[str] = ContextVar("request_id", default="-")


@dataclass
class SqlStats:
    statements: int = 0
    seconds: float = 0.0
    _started: list[float] = field(default_factory=list)


sql_stats_var: ContextVar[SqlStats | None] = ContextVar("sql_stats", default=None)


class Metrics:
    """A registry per app, so several apps in one process (tests) do not collide."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "antq_http_requests_total",
            "HTTP requests",
            ["method", "route", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "antq_http_request_seconds",
            "HTTP request latency",
            ["method", "route"],
            registry=self.registry,
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
        )
        self.sql = Histogram(
            "antq_sql_statements_per_request",
            "SQL statements per request",
            registry=self.registry,
            buckets=(0, 1, 2, 4, 8, 16, 32, 64, 128),
        )
        self.graphql_errors = Counter(
            "antq_graphql_errors_total", "GraphQL errors by code", ["code"], registry=self.registry
        )
