"""Persisted queries: documents addressed by the SHA-256 of their text, in Apollo's APQ wire
format (`extensions.persistedQuery = {version: 1, sha256Hash}`, over GET or POST).

Strawberry has no built-in support, so `PersistedQueryRouter` (api/graphql_router.py) resolves the hash before the
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
from sqlalchemy.ext.asyncio import AsyncEngine
from strawberry.http import GraphQLRequestData

from db.queries import persisted as q

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


async def store_documents(engine: AsyncEngine, documents: dict[str, tuple[str, str]]) -> None:
    """Add documents to the allow-list table. `engine` connects as the owner (`antq
    persist-queries`): the app role only reads the table."""
    async with engine.begin() as conn:
        await q.add_documents(conn, documents)


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
            self._allowed.update(await q.all_documents(conn))
        log.info("persisted queries: %d allowed documents", len(self._allowed))

    async def _allowed_document(self, sha256: str) -> str | None:
        document = self._allowed.get(sha256)
        if document is None and self._engine is not None:
            async with self._engine.connect() as conn:
                document = await q.document(conn, sha256)
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
