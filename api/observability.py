"""Request ids, structured JSON logs, Prometheus metrics and per-request SQL statistics.

Everything here hooks in at the request or statement level, never per GraphQL field: per-field
hooks cost 7-12x on large results.
"""

from __future__ import annotations

import logging
import time
import uuid
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from fastapi import FastAPI, Response
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from pythonjsonlogger.json import JsonFormatter
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

request_id_var: ContextVar[str] = ContextVar("request_id", default="-")


@dataclass
class SqlStats:
    statements: int = 0
    seconds: float = 0.0
    _started: list[float] = field(default_factory=list)


sql_stats_var: ContextVar[SqlStats | None] = ContextVar("sql_stats", default=None)


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        return True


def configure_logging(level: int = logging.INFO, *, json: bool = True) -> None:
    """JSON lines with the request id on every record (what log shippers want)."""
    handler = logging.StreamHandler()
    handler.addFilter(RequestIdFilter())
    if json:
        handler.setFormatter(JsonFormatter(
            "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            rename_fields={"asctime": "time", "levelname": "level"}))
    else:
        handler.setFormatter(logging.Formatter(
            "%(asctime)s %(levelname)s [%(request_id)s] %(name)s %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)


class Metrics:
    """A registry per app, so several apps in one process (tests) do not collide."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter("antq_http_requests_total", "HTTP requests",
                                ["method", "route", "status"], registry=self.registry)
        self.latency = Histogram("antq_http_request_seconds", "HTTP request latency",
                                 ["method", "route"], registry=self.registry,
                                 buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5))
        self.sql = Histogram("antq_sql_statements_per_request", "SQL statements per request",
                             registry=self.registry, buckets=(0, 1, 2, 4, 8, 16, 32, 64, 128))
        self.graphql_errors = Counter("antq_graphql_errors_total", "GraphQL errors by code",
                                      ["code"], registry=self.registry)


class RequestContextMiddleware:
    """Request id in/out, body-size limit, metrics and SQL statistics for one request.

    Plain ASGI rather than Starlette's BaseHTTPMiddleware, which adds a task and a stream copy
    per request.
    """

    ROUTES = frozenset({"/graphql", "/metrics", "/healthz", "/exports/targets.xlsx",
                        "/exports/assessments.xlsx", "/reports/result.pdf",
                        "/reports/result.docx", "/reports/result.json", "/oauth/token"})

    def __init__(self, app: ASGIApp, *, metrics: Metrics, max_body_bytes: int) -> None:
        self.app = app
        self.metrics = metrics
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        rid = headers.get(b"x-request-id", b"").decode("latin-1")[:64] or uuid.uuid4().hex
        token = request_id_var.set(rid)
        stats = SqlStats()
        stats_token = sql_stats_var.set(stats)
        start = time.perf_counter()
        route = scope["path"] if scope["path"] in self.ROUTES else "other"
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", []),
                                      (b"x-request-id", rid.encode("latin-1"))]
            await send(message)

        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body_bytes:  # chunked bodies without a length
                    return {"type": "http.disconnect"}
            return message

        try:
            length = headers.get(b"content-length", b"")
            if length.isdigit() and int(length) > self.max_body_bytes:
                response = JSONResponse(status_code=413, content={"errors": [{
                    "message": f"Request body too large (limit {self.max_body_bytes} bytes).",
                    "extensions": {"code": "REQUEST_TOO_LARGE"}}]})
                await response(scope, receive, send_with_id)
            else:
                await self.app(scope, limited_receive, send_with_id)
        finally:
            self.metrics.sql.observe(stats.statements)
            self.metrics.requests.labels(scope["method"], route, str(status)).inc()
            self.metrics.latency.labels(scope["method"], route).observe(
                time.perf_counter() - start)
            sql_stats_var.reset(stats_token)
            request_id_var.reset(token)


def count_sql(engine: AsyncEngine) -> None:
    """Count statements and their time into the current request's SqlStats."""
    sync = engine.sync_engine

    @event.listens_for(sync, "before_cursor_execute")
    def _before(*_: Any) -> None:
        stats = sql_stats_var.get()
        if stats is not None:
            stats._started.append(time.perf_counter())

    @event.listens_for(sync, "after_cursor_execute")
    def _after(*_: Any) -> None:
        stats = sql_stats_var.get()
        if stats is not None and stats._started:
            stats.statements += 1
            stats.seconds += time.perf_counter() - stats._started.pop()


def mount_metrics(app: FastAPI, metrics: Metrics) -> None:
    @app.get("/metrics", include_in_schema=False)
    async def metrics_endpoint() -> Response:
        return Response(generate_latest(metrics.registry), media_type=CONTENT_TYPE_LATEST)


def setup_tracing(app: FastAPI, engine: AsyncEngine, endpoint: str | None) -> bool:
    """OpenTelemetry when ANTQ_OTEL_ENDPOINT is set and the `otel` extra is installed."""
    if not endpoint:
        return False
    try:
        from opentelemetry import trace
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
        from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor
        from opentelemetry.instrumentation.sqlalchemy import SQLAlchemyInstrumentor
        from opentelemetry.sdk.resources import Resource
        from opentelemetry.sdk.trace import TracerProvider
        from opentelemetry.sdk.trace.export import BatchSpanProcessor
    except ImportError:
        logging.getLogger(__name__).warning(
            "ANTQ_OTEL_ENDPOINT is set but the `otel` extra is not installed; no tracing")
        return False
    provider = TracerProvider(resource=Resource.create({"service.name": "antq-api"}))
    provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter(endpoint=endpoint)))
    trace.set_tracer_provider(provider)
    FastAPIInstrumentor.instrument_app(app)
    SQLAlchemyInstrumentor().instrument(engine=engine.sync_engine)
    return True
