"""The schema and its operation-level extensions (no per-field hooks: they cost 7-12x on large
results)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import strawberry
from graphql import GraphQLError
from strawberry.extensions import (
    MaskErrors,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    QueryDepthLimiter,
    SchemaExtension,
)

from graph.roots import Mutation, Query
from graph.types.errors import ERROR_TYPES
from graph.types.unit import AdminUnit
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


def _should_mask(error: GraphQLError) -> bool:
    """Client mistakes (syntax, validation, AppError) pass; anything else is an internal fault."""
    original = error.original_error
    return original is not None and not isinstance(original, AppError)


def build_schema() -> strawberry.Schema:
    return strawberry.Schema(
        query=Query,
        mutation=Mutation,
        types=[AdminUnit, *ERROR_TYPES],
        extensions=[
            lambda: QueryDepthLimiter(max_depth=12),
            lambda: MaxAliasesLimiter(max_alias_count=30),
            lambda: MaxTokensLimiter(max_token_count=4000),
            lambda: MaskErrors(should_mask_error=_should_mask,
                               error_message="Internal error; it has been logged."),
            CloseRequestTransaction,
        ],
    )


schema = build_schema()
