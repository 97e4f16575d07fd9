"""Operation-level schema extensions (no per-field hooks)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

from api.observability import Metrics, sql_stats_var
from services.errors import AppError


class CloseRequestTransaction(SchemaExtension):
    """Give the request's connection back to the pool, rolling back anything not committed."""

    async def on_operation(self) -> AsyncIterator[None]:
        try:
            yield
        finally:
            context = self.execution_context.context
            db = getattr(context, "db", None)
            if db is not None:
                await db.close()


def should_mask(error: GraphQLError) -> bool:
    """Client mistakes (syntax, validation, AppError) pass; anything else is an internal fault."""
    original = error.original_error
    return original is not None and not isinstance(original, AppError)


class ErrorCodes(SchemaExtension):
    """Every error leaves with `extensions.code`, so clients can branch on it: limits say
    QUERY_TOO_COMPLEX, other validation failures GRAPHQL_VALIDATION_FAILED."""

    metrics: Metrics | None = None

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        for error in getattr(result, "errors", None) or []:
            if "code" not in error.extensions:
                error.extensions["code"] = _classify(error)
            if self.metrics is not None:
                self.metrics.graphql_errors.labels(error.extensions["code"]).inc()


def _classify(error: GraphQLError) -> str:
    message = error.message.lower()
    if any(word in message for word in ("exceeds maximum", "maximum number of", "tokens",
                                        "aliases", "validation aborted")):
        return "QUERY_TOO_COMPLEX"
    if "introspection" in message:
        return "INTROSPECTION_DISABLED"
    if error.original_error is None:
        return "GRAPHQL_VALIDATION_FAILED"
    return "INTERNAL_SERVER_ERROR"


class SqlStatsInResponse(SchemaExtension):
    """Debug mode only: the request's SQL statement count and time in `extensions.sql`."""

    def get_results(self) -> dict[str, Any]:
        stats = sql_stats_var.get()
        if stats is None:
            return {}
        return {"sql": {"statements": stats.statements,
                        "milliseconds": round(stats.seconds * 1000, 3)}}
