"""Schema changes only through Alembic, and every one of them can be taken back exactly.

"Exactly" is the whole schema as the catalogs hold it (tests/support/schema_snapshot.py):
tables and sequences, columns with type, nullability, default and comment, constraints,
indexes, functions with their bodies, triggers, policies, row-level-security flags, grants on
tables, columns, sequences, functions and the schema. A downgrade that forgets a grant, a
function or a policy leaves a database that looks fine and differs from every fresh one.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from alembic.script import ScriptDirectory

from db import migrate
from db.urls import DatabaseUrls
from tests.support.databases import drop_database, recreate_database
from tests.support.schema_snapshot import Snapshot, differences, snapshot

DATABASE = "antq_migration_roundtrip"
# Migration 0001 creates these with IF NOT EXISTS, so it cannot know whether it installed them
# (a DBA may have, before any migration ran); its downgrade leaves them, as every project keeps
# extensions beside its schema. They are the only thing base has beyond an empty database.
KEPT_EXTENSIONS = {"ltree", "pg_trgm", "btree_gist"}


def _revisions() -> list[str]:
    """Every revision, oldest first."""
    script = ScriptDirectory.from_config(migrate.alembic_config("postgresql://unused"))
    return [r.revision for r in reversed(list(script.walk_revisions()))]


@pytest.fixture
def database(server_urls: DatabaseUrls) -> Iterator[DatabaseUrls]:
    yield recreate_database(server_urls, DATABASE)
    drop_database(server_urls, DATABASE)


def _names(found: Snapshot, kind: str) -> set[str]:
    return {row[0] for row in found[kind]}


def test_head_to_base_and_back_restores_the_whole_schema(database: DatabaseUrls) -> None:
    empty = snapshot(database.owner)
    migrate.upgrade(database.owner)
    at_head = snapshot(database.owner)
    assert {"admin_units", "change_events", "api_keys", "plan_schedule_rules"} <= _names(
        at_head, "relations"
    )
    assert at_head["functions"] and at_head["triggers"] and at_head["policies"]

    migrate.downgrade(database.owner, "base")
    at_base = snapshot(database.owner)
    assert _names(at_base, "relations") == {"alembic_version"}
    for kind in ("functions", "triggers", "policies", "types"):
        assert at_base[kind] == empty[kind], kind
    assert at_base["schema_grants"] == empty["schema_grants"]
    assert _names(at_base, "extensions") == _names(empty, "extensions") | KEPT_EXTENSIONS

    migrate.upgrade(database.owner)
    changed = differences(at_head, snapshot(database.owner))
    assert not changed, "\n".join(changed)


def test_each_downgrade_restores_the_schema_of_the_revision_before(
    database: DatabaseUrls,
) -> None:
    """Up one revision at a time, then (after a second upgrade from base) down one at a time: at
    every revision the schema on the way down is the schema on the way up, so each downgrade
    undoes exactly its own upgrade, and a failure names the one that does not."""
    revisions = _revisions()
    on_the_way_up: dict[str, Snapshot] = {}
    for revision in revisions:
        migrate.upgrade(database.owner, revision)
        on_the_way_up[revision] = snapshot(database.owner)
    migrate.downgrade(database.owner, "base")
    on_the_way_up["base"] = snapshot(database.owner)
    migrate.upgrade(database.owner)  # head again, in one go

    previous = ["base", *revisions[:-1]]
    for revision, before in zip(reversed(revisions), reversed(previous), strict=True):
        changed = differences(on_the_way_up[revision], snapshot(database.owner))
        assert not changed, f"{revision} differs on the way down:\n" + "\n".join(changed)
        migrate.downgrade(database.owner, "-1")
        changed = differences(on_the_way_up[before], snapshot(database.owner))
        assert not changed, f"downgrade of {revision} left:\n" + "\n".join(changed)
