"""The schema, built with its abuse limits and operation-level extensions from settings.

No extension here has a per-field `resolve` hook: those cost 7-12x on large results.
"""

from __future__ import annotations

from collections.abc import Callable

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

from api.observability import Metrics
from api.settings import Settings
from graph.caches import DocumentCache, rules_of
from graph.changes import Subscription
from graph.extensions import CloseRequestTransaction, ErrorCodes, SqlStatsInResponse, should_mask
from graph.roots import Mutation, Query
from graph.scalars import SCALAR_MAP
from graph.types.errors import ERROR_TYPES
from graph.types.unit import AdminUnit


class MaskInternalErrors(MaskErrors):
    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        masked = super().anonymise_error(error)
        masked.extensions = {"code": "INTERNAL_SERVER_ERROR"}
        return masked


def build_schema(settings: Settings | None = None,
                 metrics: Metrics | None = None) -> strawberry.Schema:
    settings = settings or Settings()

    def error_codes() -> ErrorCodes:
        extension = ErrorCodes()
        extension.metrics = metrics
        return extension

    # Limiter rule classes built once per schema (so per settings), and a parse + validation
    # cache keyed by document text and limits (graph/caches.py).
    limits = rules_of(QueryDepthLimiter(max_depth=settings.max_query_depth),
                      MaxAliasesLimiter(max_alias_count=settings.max_aliases))
    documents = DocumentCache(settings.document_cache_size)
    extensions: list[Callable[[], SchemaExtension] | type[SchemaExtension]] = [
        lambda: AddValidationRules(limits),
        lambda: MaxTokensLimiter(max_token_count=settings.max_tokens),
        error_codes,
        lambda: MaskInternalErrors(should_mask_error=should_mask,
                                   error_message="Internal error; it has been logged."),
        CloseRequestTransaction,
        documents.extension,
    ]
    if not settings.graphql_introspection:
        extensions.insert(0, DisableIntrospection)
    if settings.debug:
        extensions.append(SqlStatsInResponse)
    built = strawberry.Schema(query=Query, mutation=Mutation, subscription=Subscription,
                              types=[AdminUnit, *ERROR_TYPES], extensions=extensions,
                              config=StrawberryConfig(scalar_map=SCALAR_MAP))
    built.document_cache = documents  # type: ignore[attr-defined]  # hit counts, for tests
    return built


schema = build_schema()
