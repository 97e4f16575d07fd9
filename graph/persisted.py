"""Persisted queries: documents addressed by the SHA-256 of their text, in Apollo's APQ wire
format (`extensions.persistedQuery = {version: 1, sha256Hash}`, over GET or POST).

Strawberry has no built-in support, so `PersistedQueryRouter` resolves the hash before the
schema runs (`execute_single`, which every single and batched HTTP operation goes through): the
schema then parses and validates the resolved document like any other, so the depth, alias and
token limits apply to persisted documents too.

Where documents come from:
- the allow-list: `*.graphql` files under `graph/persisted/` (read at start) and the
  `persisted_queries` table (`antq persist-queries <dir>`; read at start, and looked up on a miss
  so a document registered later works at once on every instance). The app cannot write it.
- outside persisted-only mode, Apollo's automatic registration: a client that sends a hash with
  its document gets it cached in process (bounded LRU), so later requests can send the hash only.

With `ANTQ_PERSISTED_QUERIES_ONLY=true` only allow-listed documents run: raw documents and
unknown hashes are refused (production front ends; this also turns GraphiQL off in effect).
A document's hash is SHA-256 (hex) of its exact UTF-8 text; files are stripped of surrounding
whitespace first, and `antq persist-queries` prints each file's hash for the front end.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import re
from collections import OrderedDict
from pathlib import Path
from typing import Any

from graphql import ExecutionResult, GraphQLError, GraphQLSchema, parse, validate
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from strawberry.fastapi import GraphQLRouter
from strawberry.http import GraphQLRequestData

from core.observability import Metrics

log = logging.getLogger(__name__)
HASH = re.compile(r"^[0-9a-f]{64}$")


def document_hash(document: str) -> str:
    return hashlib.sha256(document.encode("utf-8")).hexdigest()


def read_documents(directory: Path) -> dict[str, tuple[str, str]]:
    """{hash: (name, document)} of every `*.graphql` file under `directory`."""
    found: dict[str, tuple[str, str]] = {}
    if not directory.is_dir():
        return found
    for path in sorted(directory.rglob("*.graphql")):
        document = path.read_text(encoding="utf-8").strip()
        if document:
            found[document_hash(document)] = (path.relative_to(directory).as_posix(), document)
    return found


def check_document(schema: GraphQLSchema, document: str) -> list[str]:
    """Problems of a document against the schema (empty when it is valid)."""
    try:
        return [e.message for e in validate(schema, parse(document))]
    except GraphQLError as error:
        return [error.message]


async def store_documents(owner_url: str, documents: dict[str, tuple[str, str]]) -> None:
    """Add documents to the allow-list table (owner connection: the app role only reads it)."""
    engine = create_async_engine(owner_url)
    try:
        async with engine.begin() as conn:
            await conn.execute(
                text(
                    "INSERT INTO persisted_queries (sha256, document, name) "
                    "VALUES (:h, :d, :n) ON CONFLICT (sha256) DO NOTHING"
                ),
                [{"h": h, "d": doc, "n": name} for h, (name, doc) in documents.items()],
            )
    finally:
        await engine.dispose()


class PersistedQueryError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message

    def as_result(self) -> ExecutionResult:
        return ExecutionResult(
            data=None, errors=[GraphQLError(self.message, extensions={"code": self.code})]
        )


class PersistedQueryRegistry:
    def __init__(self, *, directory: Path | None, only: bool, apq_cache_size: int) -> None:
        self.only = only
        self._allowed: dict[str, str] = {
            h: doc for h, (_, doc) in (read_documents(directory) if directory else {}).items()
        }
        self._apq: OrderedDict[str, str] = OrderedDict()
        self._apq_size = apq_cache_size
        self._engine: AsyncEngine | None = None

    async def load(self, engine: AsyncEngine) -> None:
        self._engine = engine
        async with engine.connect() as conn:
            rows = await conn.execute(text("SELECT sha256, document FROM persisted_queries"))
            self._allowed.update({r[0]: r[1] for r in rows})
        log.info("persisted queries: %d allowed documents", len(self._allowed))

    async def _allowed_document(self, sha256: str) -> str | None:
        document = self._allowed.get(sha256)
        if document is None and self._engine is not None:
            async with self._engine.connect() as conn:
                document = (
                    await conn.execute(
                        text("SELECT document FROM persisted_queries WHERE sha256 = :h"),
                        {"h": sha256},
                    )
                ).scalar()
            if document is not None:
                self._allowed[sha256] = document
        return document

    async def resolve(self, data: GraphQLRequestData) -> GraphQLRequestData:
        """The request with its document filled in from the hash, or PersistedQueryError."""
        extensions: dict[str, Any] = data.extensions or {}
        persisted = extensions.get("persistedQuery")
        if persisted is None:
            if self.only and data.query is not None:
                raise PersistedQueryError(
                    "PERSISTED_QUERY_REQUIRED",
                    "This server runs persisted queries only: send "
                    "extensions.persistedQuery.sha256Hash of a registered document.",
                )
            return data
        sha256 = persisted.get("sha256Hash") if isinstance(persisted, dict) else None
        if (
            not isinstance(persisted, dict)
            or persisted.get("version", 1) != 1
            or not isinstance(sha256, str)
            or not HASH.match(sha256.lower())
        ):
            raise PersistedQueryError(
                "BAD_USER_INPUT",
                "extensions.persistedQuery must be {version: 1, sha256Hash: <64 hex digits>}.",
            )
        sha256 = sha256.lower()
        if data.query is not None:
            if document_hash(data.query) != sha256:
                raise PersistedQueryError(
                    "PERSISTED_QUERY_HASH_MISMATCH",
                    "extensions.persistedQuery.sha256Hash is not the SHA-256 of the query.",
                )
            if await self._allowed_document(sha256) is None:
                if self.only:
                    raise PersistedQueryError("PERSISTED_QUERY_NOT_FOUND", "PersistedQueryNotFound")
                self._remember(sha256, data.query)
            return data
        document = await self._allowed_document(sha256)
        if document is None and not self.only:
            document = self._apq.get(sha256)
        if document is None:
            raise PersistedQueryError("PERSISTED_QUERY_NOT_FOUND", "PersistedQueryNotFound")
        return dataclasses.replace(data, query=document)

    def _remember(self, sha256: str, document: str) -> None:
        self._apq[sha256] = document
        self._apq.move_to_end(sha256)
        while len(self._apq) > self._apq_size:
            self._apq.popitem(last=False)


class PersistedQueryRouter(GraphQLRouter):  # type: ignore[type-arg]
    """GraphQLRouter that resolves persisted-query hashes before executing."""

    def __init__(
        self,
        *args: Any,
        registry: PersistedQueryRegistry,
        metrics: Metrics | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.registry = registry
        self.metrics = metrics

    def should_render_graphql_ide(self, request: Any) -> bool:
        # A GET with only `extensions` (APQ by hash) is an operation, not a browser visit.
        return "extensions" not in request.query_params and super().should_render_graphql_ide(
            request
        )

    async def execute_single(self, *args: Any, **kwargs: Any) -> Any:
        try:
            kwargs["request_data"] = await self.registry.resolve(kwargs["request_data"])
        except PersistedQueryError as error:
            if self.metrics is not None:  # the schema's ErrorCodes extension never saw it
                self.metrics.graphql_errors.labels(error.code).inc()
            return error.as_result()
        return await self.execute_resolved(*args, **kwargs)

    async def execute_resolved(self, *args: Any, **kwargs: Any) -> Any:
        """One operation whose document is known (a hash resolved): Strawberry's executor."""
        return await super().execute_single(*args, **kwargs)
