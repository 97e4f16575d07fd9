"""Operation-level schema extensions (no per-field hooks)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import Any

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

from api.observability import Metrics, sql_stats_var
from graph.cost import CostLimits, query_cost, too_complex
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


class QueryCostLimit(SchemaExtension):
    """Refuse a document whose cost (graph/cost.py) exceeds the limit before it is validated
    or run, and spend the cost from the caller's rate budget.

    The cost is computed from the parsed document and the variables, once per request and
    without any per-field hook. It is left on the context as `query_cost`; when the context has
    a `charge_cost` callback (HTTP requests of a signed-in caller) the cost is spent through it,
    and an error it returns (the budget is empty) refuses the request the same way.
    """

    def __init__(self, limits: CostLimits) -> None:
        self.limits = limits

    async def on_validate(self) -> AsyncIterator[None]:
        ec = self.execution_context
        if ec.pre_execution_errors is None and ec.graphql_document is not None:
            cost = query_cost(ec.schema._schema, ec.graphql_document, ec.variables,
                              ec.operation_name, self.limits)
            context = ec.context
            if context is not None:
                context.query_cost = cost
            if self.limits.max_cost > 0 and cost > self.limits.max_cost:
                ec.pre_execution_errors = [too_complex(cost, self.limits.max_cost)]
            else:
                charge: Callable[[int], Awaitable[GraphQLError | None]] | None = getattr(
                    context, "charge_cost", None)
                if charge is not None and (refused := await charge(cost)) is not None:
                    ec.pre_execution_errors = [refused]
        yield


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
