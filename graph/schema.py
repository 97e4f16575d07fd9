"""The schema, built with its abuse limits and operation-level extensions from settings.

No extension here has a per-field `resolve` hook: those cost 7-12x on large results.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.extensions import (
    AddValidationRules,
    DisableIntrospection,
    MaskErrors,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    QueryDepthLimiter,
    SchemaExtension,
)
from strawberry.schema.config import StrawberryConfig

from core.config import Settings
from core.i18n import msg
from core.observability import Metrics
from graph.caches import DocumentCache, rules_of
from graph.changes.subscription import Subscription
from graph.compiled.reads import ReadCompiler
from graph.cost import CostLimits
from graph.descriptions import apply_descriptions
from graph.evaluations.types import Assessment
from graph.extensions import (
    CloseRequestTransaction,
    ErrorCodes,
    QueryCostLimit,
    RefuseNulCharacters,
    SqlStatsInResponse,
    error_code,
    should_mask,
)
from graph.roots import Mutation, Query
from graph.scalars import SCALAR_MAP
from graph.types.errors import ERROR_TYPES
from graph.units.types import RELATED, AdminUnit

log = logging.getLogger("antq.graphql")
# A unit's latest assessment is built by the evaluation domain, which depends on units.
RELATED.assessment_of = Assessment.from_result


class AntqSchema(strawberry.Schema):
    """Logs client mistakes at INFO without a traceback (a probing client must not flood the
    log with thousands of them) and faults at ERROR with the traceback of the original error.
    Strawberry calls this with the errors as they were before masking."""

    def process_errors(
        self, errors: list[GraphQLError], execution_context: Any | None = None
    ) -> None:
        for error in errors:
            code = error_code(error)
            if code == "INTERNAL_SERVER_ERROR":
                original = error.original_error or error
                log.error(
                    "GraphQL fault at %s: %s",
                    error.path,
                    error.message,
                    exc_info=(type(original), original, original.__traceback__),
                )
            else:
                log.info(
                    "GraphQL client error %s: %s",
                    code,
                    error.message,
                    extra={"code": code, "path": error.path},
                )


class MaskInternalErrors(MaskErrors):
    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        masked = super().anonymise_error(error)
        masked.message = str(msg("Internal error; it has been logged."))
        masked.extensions = {"code": "INTERNAL_SERVER_ERROR"}
        return masked


def build_schema(
    settings: Settings | None = None, metrics: Metrics | None = None
) -> strawberry.Schema:
    settings = settings or Settings()

    def error_codes() -> ErrorCodes:
        extension = ErrorCodes()
        extension.metrics = metrics
        return extension

    # Limiter rule classes built once per schema (so per settings): a limiter made per request
    # would make new rule classes every time and defeat the parse + validation cache, keyed by
    # document text and limits (graph/caches.py).
    rules = rules_of(
        QueryDepthLimiter(max_depth=settings.max_query_depth),
        MaxAliasesLimiter(max_alias_count=settings.max_aliases),
    )
    limits = CostLimits(
        max_cost=settings.max_query_cost,
        default_page_size=settings.default_page_size,
        fan_out=settings.query_cost_list_fan_out,
    )
    documents = DocumentCache(settings.document_cache_size)
    extensions: list[Callable[[], SchemaExtension] | type[SchemaExtension]] = [
        lambda: MaxTokensLimiter(max_token_count=settings.max_tokens),
        lambda: QueryCostLimit(limits),
        lambda: AddValidationRules(rules),
        error_codes,
        lambda: MaskInternalErrors(
            should_mask_error=should_mask, error_message="Internal error; it has been logged."
        ),
        CloseRequestTransaction,
        RefuseNulCharacters,
        documents.extension,
    ]
    if not settings.graphql_introspection:
        extensions.insert(0, DisableIntrospection)
    if settings.debug:
        extensions.append(SqlStatsInResponse)
    built = AntqSchema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        types=[AdminUnit, *ERROR_TYPES],
        extensions=extensions,
        config=StrawberryConfig(scalar_map=SCALAR_MAP),
    )
    apply_descriptions(built._schema)
    built.document_cache = documents  # type: ignore[attr-defined]  # hit counts, for tests
    # the compiled read path (api/graphql_router.py asks it first), with the same limits
    built.reads = (  # type: ignore[attr-defined]
        ReadCompiler(built._schema, settings, rules, limits, documents)
        if settings.compiled_reads and not settings.debug
        else None
    )
    return built


schema = build_schema()
