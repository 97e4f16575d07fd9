"""Request ids, structured JSON logs, Prometheus metrics and per-request SQL statistics.

Everything here hooks in at the request or statement level, never per GraphQL field: per-field
hooks cost 7-12x on large results.
"""

from __future__ import annotations

import hmac
import logging
import re
import time
import uuid
from typing import Any
from urllib.parse import unquote_plus

from fastapi import FastAPI, Request, Response
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    generate_latest,
)
from pythonjsonlogger.json import JsonFormatter
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from core.i18n import msg
from core.observability import Metrics, SqlStats, request_id_var, sql_stats_var


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        return True


def configure_logging(level: int = logging.INFO, *, json: bool = True) -> None:
    """JSON lines with the request id on every record (what log shippers want)."""
    handler = logging.StreamHandler()
    handler.addFilter(RequestIdFilter())
    handler.addFilter(RedactSecrets())
    if json:
        handler.setFormatter(
            JsonFormatter(
                "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
                rename_fields={"asctime": "time", "levelname": "level"},
            )
        )
    else:
        handler.setFormatter(
            logging.Formatter("%(asctime)s %(levelname)s [%(request_id)s] %(name)s %(message)s")
        )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)


class RequestContextMiddleware:
    """Request id in/out, body-size limit, metrics and SQL statistics for one request.

    Plain ASGI rather than Starlette's BaseHTTPMiddleware, which adds a task and a stream copy
    per request.
    """

    ROUTES = frozenset(
        {
            "/graphql",
            "/metrics",
            "/healthz",
            "/exports/targets.xlsx",
            "/exports/assessments.xlsx",
            "/reports/result.pdf",
            "/reports/result.docx",
            "/reports/result.json",
            "/oauth/token",
        }
    )

    def __init__(self, app: ASGIApp, *, metrics: Metrics, max_body_bytes: int) -> None:
        self.app = app
        self.metrics = metrics
        self.max_body_bytes = max_body_bytes

    async def _buffer(self, receive: Receive) -> bytes | None:
        """The whole body, or None as soon as it exceeds the limit (the rest is not read)."""
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                break  # the client went away: the app sees an empty body
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body_bytes:
                return None
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        return b"".join(chunks)

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
                message["headers"] = [
                    *message.get("headers", []),
                    (b"x-request-id", rid.encode("latin-1")),
                ]
            await send(message)

        try:
            length = headers.get(b"content-length", b"")
            if length.isdigit() and int(length) > self.max_body_bytes:
                await too_large_response(self.max_body_bytes)(scope, receive, send_with_id)
            elif not length.isdigit():
                # Chunked (no Content-Length): read the body up to the limit before the app
                # sees any of it, so an oversized body is a 413 and never an error half-way
                # through parsing (multipart, JSON, the OAuth form alike).
                buffered = await self._buffer(receive)
                if buffered is None:
                    await too_large_response(self.max_body_bytes)(scope, receive, send_with_id)
                else:
                    await self.app(scope, _replay(buffered, receive), send_with_id)
            else:
                await self.app(scope, receive, send_with_id)
        finally:
            self.metrics.sql.observe(stats.statements)
            self.metrics.requests.labels(scope["method"], route, str(status)).inc()
            self.metrics.latency.labels(scope["method"], route).observe(time.perf_counter() - start)
            sql_stats_var.reset(stats_token)
            request_id_var.reset(token)


def too_large_response(limit: int) -> JSONResponse:
    """HTTP 413 in GraphQL's error shape, so every client branches on `extensions.code`."""
    return JSONResponse(
        status_code=413,
        content={
            "errors": [
                {
                    "message": str(
                        msg("Request body too large (limit {limit} bytes).", limit=limit)
                    ),
                    "extensions": {"code": "REQUEST_TOO_LARGE"},
                }
            ]
        },
    )


def _replay(body: bytes, receive: Receive) -> Receive:
    """A receive that hands the buffered body over once, then waits on the real one (which
    reports the client's disconnect)."""
    sent = False

    async def replayed() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replayed


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


def mount_metrics(app: FastAPI, metrics: Metrics, *, enabled: bool, token: str | None) -> None:
    """`GET /metrics` only when enabled (ANTQ_METRICS_ENABLED), and with ANTQ_METRICS_TOKEN set
    only for `Authorization: Bearer <that token>`: route names, error codes and request counts
    tell an outsider what the API is used for and when."""
    if not enabled:
        return  # a plain 404, like any unknown path
    expected = f"Bearer {token}".encode() if token else None

    @app.get("/metrics", include_in_schema=False)
    async def metrics_endpoint(request: Request) -> Response:
        if expected is not None and not hmac.compare_digest(
            request.headers.get("authorization", "").encode(), expected
        ):
            return JSONResponse(
                status_code=401,
                headers={"WWW-Authenticate": "Bearer"},
                content={
                    "errors": [
                        {
                            "message": str(msg("Send the metrics token.")),
                            "extensions": {"code": "UNAUTHENTICATED"},
                        }
                    ]
                },
            )
        return Response(generate_latest(metrics.registry), media_type=CONTENT_TYPE_LATEST)


# -- secrets in logs ----------------------------------------------------------------------------
# Query-string parameters whose values are credentials (or one-time codes) in some client's
# hands: never written to a log line. Matched case-insensitively on the name.
SECRET_PARAMETERS = frozenset(
    {
        "api_key",
        "apikey",
        "api-key",
        "x-api-key",
        "key",
        "token",
        "access_token",
        "id_token",
        "refresh_token",
        "auth",
        "authorization",
        "secret",
        "client_secret",
        "password",
        "passwd",
        "code",
        "signature",
        "sig",
        "session",
    }
)
_QUERY = re.compile(r"\?[^\s\"]*")


def redact_query(target: str) -> str:
    """`path?api_key=…&unit=400` -> `path?api_key=[REDACTED]&unit=400` (the names stay, so a
    log still shows that a credential was sent where it should not be)."""
    path, sep, query = target.partition("?")
    if not sep:
        return target
    parts = []
    for pair in query.split("&"):
        name, eq, _ = pair.partition("=")
        if eq and unquote_plus(name).strip().lower() in SECRET_PARAMETERS:
            parts.append(f"{name}=[REDACTED]")
        else:
            parts.append(pair)
    return f"{path}?{'&'.join(parts)}"


class RedactSecrets(logging.Filter):
    """Rewrites a record's message and arguments so no query-string secret reaches a handler.

    Installed on uvicorn's access logger (its arguments are client, method, path with query,
    version, status) and on the root handler (whatever else logs a URL)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and record.args:
            record.args = tuple(
                _QUERY.sub(lambda m: redact_query(m.group(0)), a)
                if isinstance(a, str) and "?" in a
                else a
                for a in record.args
            )
        if isinstance(record.msg, str) and "?" in record.msg:
            record.msg = _QUERY.sub(lambda m: redact_query(m.group(0)), record.msg)
        return True


def install_log_redaction() -> None:
    """Once per process: on uvicorn's access and error loggers, and on the root handlers."""
    for name in ("uvicorn.access", "uvicorn.error", "uvicorn"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactSecrets) for f in logger.filters):
            logger.addFilter(RedactSecrets())
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, RedactSecrets) for f in handler.filters):
            handler.addFilter(RedactSecrets())


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
            "ANTQ_OTEL_ENDPOINT is set but the `otel` extra is not installed; no tracing"
        )
        return False
    provider = TracerProvider(resource=Resource.create({"service.name": "antq-api"}))
    provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter(endpoint=endpoint)))
    trace.set_tracer_provider(provider)
    FastAPIInstrumentor.instrument_app(app)
    SQLAlchemyInstrumentor().instrument(engine=engine.sync_engine)
    return True
