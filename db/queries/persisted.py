"""The persisted-query allow-list (table persisted_queries): the app role reads it, the owner
(`antq persist-queries`) writes it."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection


async def all_documents(conn: AsyncConnection) -> dict[str, str]:
    rows = await conn.execute(text("SELECT sha256, document FROM persisted_queries"))
    return {str(r[0]): str(r[1]) for r in rows}


async def document(conn: AsyncConnection, sha256: str) -> str | None:
    found = (
        await conn.execute(
            text("SELECT document FROM persisted_queries WHERE sha256 = :h"), {"h": sha256}
        )
    ).scalar()
    return None if found is None else str(found)


async def add_documents(conn: AsyncConnection, documents: Mapping[str, tuple[str, str]]) -> None:
    """{sha256: (name, document)}; a hash already listed keeps its document."""
    await conn.execute(
        text(
            "INSERT INTO persisted_queries (sha256, document, name) "
            "VALUES (:h, :d, :n) ON CONFLICT (sha256) DO NOTHING"
        ),
        [{"h": h, "d": doc, "n": name} for h, (name, doc) in documents.items()],
    )
