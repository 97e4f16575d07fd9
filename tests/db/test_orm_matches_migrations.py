"""The ORM models say what the migrations built, so a reader (and autogenerate) can trust them.

Two views of one claim. Alembic's own comparison (the one `alembic revision --autogenerate`
makes) proposes nothing against a freshly migrated database. And since Alembic leaves out
CHECK and EXCLUDE constraints, index methods, operator classes, partial-index predicates and
generated-column expressions, a database built from the metadata alone (`create_all`) must
have the same tables, columns, constraints and indexes in the catalogs as the migrated one.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Connection, text
from sqlalchemy.ext.asyncio import create_async_engine

import db.models  # noqa: F401  (every table on the metadata)
from db import migrate
from db.base import Base
from db.urls import DatabaseUrls
from migrations.autogen import OPTIONS
from tests.support.databases import drop_database, recreate_database
from tests.support.schema_snapshot import differences, snapshot

MIGRATED = "antq_orm_migrated"
FROM_MODELS = "antq_orm_from_models"
# What migration 0001 installs before any table; the models need the same types and operators.
EXTENSIONS = ("ltree", "pg_trgm", "btree_gist")


@pytest.fixture(scope="module")
def migrated(server_urls: DatabaseUrls) -> Iterator[DatabaseUrls]:
    urls = recreate_database(server_urls, MIGRATED)
    migrate.upgrade(urls.owner)
    yield urls
    drop_database(server_urls, MIGRATED)


def _autogenerate_diff(url: str) -> list[Any]:
    def compare(sync: Connection) -> list[Any]:
        context = MigrationContext.configure(sync, opts=OPTIONS)
        return list(compare_metadata(context, Base.metadata))

    async def go() -> list[Any]:
        engine = create_async_engine(url)
        try:
            async with engine.connect() as conn:
                return await conn.run_sync(compare)
        finally:
            await engine.dispose()

    return asyncio.run(go())


def _create_from_models(url: str) -> None:
    async def go() -> None:
        engine = create_async_engine(url)
        try:
            async with engine.begin() as conn:
                for extension in EXTENSIONS:
                    await conn.execute(text(f"CREATE EXTENSION IF NOT EXISTS {extension}"))
                await conn.run_sync(Base.metadata.create_all)
        finally:
            await engine.dispose()

    asyncio.run(go())


def _structure(found: dict[str, list[tuple[Any, ...]]]) -> dict[str, list[tuple[Any, ...]]]:
    """The part of a snapshot the metadata describes: tables, columns (without their order, which
    the migrations that add columns later decide, and without grants), constraints other than
    PostgreSQL 18's NOT NULL entries (attnotnull says the same), indexes."""
    return {
        "tables": [r[:1] for r in found["relations"] if r[1] == "r" and r[0] != "alembic_version"],
        "columns": sorted(
            (table, name, type_, notnull, default, generated, comment)
            for table, name, _pos, type_, notnull, default, generated, _ident, comment, _grants in (
                found["columns"]
            )
            if table != "alembic_version"
        ),
        "constraints": [
            r for r in found["constraints"] if r[2] != "n" and r[0] != "alembic_version"
        ],
        "indexes": [r for r in found["indexes"] if r[0] != "alembic_version"],
    }


def test_autogenerate_against_a_migrated_database_proposes_nothing(
    migrated: DatabaseUrls,
) -> None:
    assert _autogenerate_diff(migrated.owner) == []


def test_alembic_check_through_env_py_finds_no_new_operations(migrated: DatabaseUrls) -> None:
    """`alembic check` runs autogenerate through migrations/env.py, as `alembic revision
    --autogenerate` does; it raises if the revision would not be empty."""
    command.check(migrate.alembic_config(migrated.owner))


def test_every_table_the_migrations_create_has_a_model(migrated: DatabaseUrls) -> None:
    found = snapshot(migrated.owner)
    tables = {r[0] for r in found["relations"] if r[1] == "r"} - {"alembic_version"}
    assert tables == set(Base.metadata.tables)


def test_relationships_never_load_behind_the_callers_back() -> None:
    """A lazy load is a query per row that no statement-count test sees coming; relationships
    (none today) must say lazy="raise" and be loaded explicitly."""
    lazy = [
        f"{mapper.class_.__name__}.{rel.key}: lazy={rel.lazy!r}"
        for mapper in Base.registry.mappers
        for rel in mapper.relationships
        if rel.lazy != "raise"
    ]
    assert lazy == []


def test_a_database_built_from_the_models_has_the_migrated_schema(
    migrated: DatabaseUrls, server_urls: DatabaseUrls
) -> None:
    urls = recreate_database(server_urls, FROM_MODELS)
    try:
        _create_from_models(urls.owner)
        from_models = _structure(snapshot(urls.owner))
    finally:
        drop_database(server_urls, FROM_MODELS)
    from_migrations = _structure(snapshot(migrated.owner))
    assert differences(from_migrations, from_models) == []
