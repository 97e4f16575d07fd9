"""Operation-level schema extensions (no per-field hooks)."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import Any

from graphql import DocumentNode, GraphQLError, StringValueNode, Visitor, visit
from graphql import ExecutionResult as GraphQLExecutionResult
from strawberry.extensions import SchemaExtension

from core.errors import AppError
from core.observability import Metrics, sql_stats_var
from graph.cost import CostLimits, query_cost, too_complex


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
            cost = query_cost(
                ec.schema._schema, ec.graphql_document, ec.variables, ec.operation_name, self.limits
            )
            context = ec.context
            if context is not None:
                context.query_cost = cost
            if self.limits.max_cost > 0 and cost > self.limits.max_cost:
                ec.pre_execution_errors = [too_complex(cost, self.limits.max_cost)]
            else:
                charge: Callable[[int], Awaitable[GraphQLError | None]] | None = getattr(
                    context, "charge_cost", None
                )
                if charge is not None and (refused := await charge(cost)) is not None:
                    ec.pre_execution_errors = [refused]
        yield


LIMIT_WORDS = ("exceeds maximum", "maximum number of", "tokens", "aliases", "validation aborted")
# graphql-core's own messages for a value the client sent that does not fit the schema. Such an
# error may carry an `original_error` (the scalar's ValueError, e.g. an impossible date), so
# "has an original error" does not mean "is a fault": it is the message and the phase (no
# `path` = before execution) that say what it is.
VARIABLE_MESSAGE = re.compile(r"^Variable '\$(\w+)'")
LITERAL_MESSAGE = re.compile(r"^Expected value of type")


def error_code(error: GraphQLError) -> str:
    """The `extensions.code` of an error: a client mistake's own code, or INTERNAL_SERVER_ERROR
    for a fault (which is then masked)."""
    message = error.message
    if error.path is None and VARIABLE_MESSAGE.match(message):
        return "BAD_USER_INPUT"  # even when a scalar's own AppError copied its code in
    if error.path is None and LITERAL_MESSAGE.match(message):
        return "GRAPHQL_VALIDATION_FAILED"
    code = (error.extensions or {}).get("code")
    if isinstance(code, str):
        return code
    original = error.original_error
    if isinstance(original, AppError):
        return original.code
    if error.path is not None:  # during execution: a bug (null for a non-null field, ...)
        return "INTERNAL_SERVER_ERROR"
    if original is None:
        lowered = message.lower()
        if any(word in lowered for word in LIMIT_WORDS):
            return "QUERY_TOO_COMPLEX"
        if "introspection" in lowered:
            return "INTROSPECTION_DISABLED"
        return "GRAPHQL_VALIDATION_FAILED"
    return "INTERNAL_SERVER_ERROR"


def is_fault(error: GraphQLError) -> bool:
    """A real fault of the server (masked, logged at ERROR with its traceback)."""
    return error_code(error) == "INTERNAL_SERVER_ERROR"


def should_mask(error: GraphQLError) -> bool:
    """Client mistakes (syntax, validation, variable coercion, AppError) pass with graphql-core's
    message; anything else is an internal fault and leaves as "Internal error"."""
    return is_fault(error)


class ErrorCodes(SchemaExtension):
    """Every error leaves with `extensions.code`, so clients can branch on it: limits say
    QUERY_TOO_COMPLEX, other validation failures GRAPHQL_VALIDATION_FAILED, values of variables
    that do not fit their type BAD_USER_INPUT (with `extensions.variable`)."""

    metrics: Metrics | None = None

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        for error in getattr(result, "errors", None) or []:
            if error.extensions is None:
                error.extensions = {}
            if error.path is None or "code" not in error.extensions:
                error.extensions["code"] = error_code(error)
            variable = VARIABLE_MESSAGE.match(error.message)
            if variable and error.path is None:
                error.extensions["variable"] = variable.group(1)
            if self.metrics is not None:
                self.metrics.graphql_errors.labels(error.extensions["code"]).inc()


class RefuseNulCharacters(SchemaExtension):
    """Text with U+0000 can never be stored (PostgreSQL refuses it), so a variable holding one
    is refused before execution with BAD_USER_INPUT and its path, instead of failing in the
    database as a fault. (A NUL inside the document itself is a syntax error already.)"""

    def on_execute(self) -> Iterator[None]:
        document = self.execution_context.graphql_document
        literal = (
            next((node for node in _string_literals(document) if "\x00" in node.value), None)
            if document is not None
            else None
        )
        found = _nul_path(self.execution_context.variables or {}, [])
        if literal is not None:
            self.execution_context.result = GraphQLExecutionResult(
                data=None,
                errors=[
                    GraphQLError(
                        "A string in the document contains a NUL character (U+0000); text "
                        "must not contain it.",
                        nodes=[literal],
                        extensions={"code": "BAD_USER_INPUT"},
                    )
                ],
            )
        elif found is not None:
            where = ".".join(str(p) for p in found)
            self.execution_context.result = GraphQLExecutionResult(
                data=None,
                errors=[
                    GraphQLError(
                        f"Variable '${found[0]}' contains a NUL character (U+0000) at "
                        f"'{where}'; text must not contain it.",
                        extensions={
                            "code": "BAD_USER_INPUT",
                            "variable": str(found[0]),
                            "at": where,
                        },
                    )
                ],
            )
        yield


def _string_literals(document: DocumentNode) -> list[StringValueNode]:
    found: list[StringValueNode] = []

    class Collect(Visitor):
        def enter_string_value(self, node: StringValueNode, *_: Any) -> None:
            found.append(node)

    visit(document, Collect())
    return found


def _nul_path(value: Any, path: list[str | int]) -> list[str | int] | None:
    if isinstance(value, str):
        return path if "\x00" in value else None
    if isinstance(value, dict):
        for key, item in value.items():
            if "\x00" in str(key):
                return [*path, str(key)]
            found = _nul_path(item, [*path, key])
            if found is not None:
                return found
    if isinstance(value, list):
        for index, item in enumerate(value):
            found = _nul_path(item, [*path, index])
            if found is not None:
                return found
    return None


class SqlStatsInResponse(SchemaExtension):
    """Debug mode only: the request's SQL statement count and time in `extensions.sql`."""

    def get_results(self) -> dict[str, Any]:
        stats = sql_stats_var.get()
        if stats is None:
            return {}
        return {
            "sql": {"statements": stats.statements, "milliseconds": round(stats.seconds * 1000, 3)}
        }
