"""The schema, built with its abuse limits and operation-level extensions from settings.

No extension here has a per-field `resolve` hook: those cost 7-12x on large results.
"""

from __future__ import annotations

from collections.abc import Callable

import strawberry
from graphql import GraphQLError
from strawberry.extensions import (
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

    extensions: list[Callable[[], SchemaExtension] | type[SchemaExtension]] = [
        lambda: QueryDepthLimiter(max_depth=settings.max_query_depth),
        lambda: MaxAliasesLimiter(max_alias_count=settings.max_aliases),
        lambda: MaxTokensLimiter(max_token_count=settings.max_tokens),
        error_codes,
        lambda: MaskInternalErrors(should_mask_error=should_mask,
                                   error_message="Internal error; it has been logged."),
        CloseRequestTransaction,
    ]
    if not settings.graphql_introspection:
        extensions.insert(0, DisableIntrospection)
    if settings.debug:
        extensions.append(SqlStatsInResponse)
    return strawberry.Schema(query=Query, mutation=Mutation, subscription=Subscription,
                             types=[AdminUnit, *ERROR_TYPES], extensions=extensions,
                             config=StrawberryConfig(scalar_map=SCALAR_MAP))


schema = build_schema()
