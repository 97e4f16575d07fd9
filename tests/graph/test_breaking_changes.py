"""The contract stays stable: compared with the committed schema.graphql (graphql-core's
find_breaking_changes), the schema the code serves has no breaking change that is not
acknowledged in schema-accepted-breaking-changes.txt; and the check does catch one."""

from __future__ import annotations

from pathlib import Path

from graphql import build_schema

from graph.contract import SCHEMA_FILE, accepted, breaking_changes, unacknowledged
from graph.schema import schema


def test_the_served_schema_breaks_nothing_unacknowledged_in_the_committed_one() -> None:
    changes = unacknowledged(SCHEMA_FILE.read_text(encoding="utf-8"), schema._schema)
    assert changes == [], (
        "Breaking changes against schema.graphql; if intended, run `./dev antq export-schema "
        "--accept-breaking '<why>'`:\n  " + "\n  ".join(changes)
    )


def test_the_check_catches_a_removed_field_and_a_new_required_argument(tmp_path: Path) -> None:
    old = "type Query { unit(code: String!): Unit  units: [Unit!] }  type Unit { code: String! }"
    new = build_schema(
        "type Query { unit(code: String!, asOf: String!): Unit }  type Unit { code: String! }"
    )
    changes = breaking_changes(old, new)
    assert "FIELD_REMOVED: Field Query.units was removed." in changes
    assert any(c.startswith("REQUIRED_ARG_ADDED:") and "asOf" in c for c in changes), changes
    ack = tmp_path / "accepted.txt"
    ack.write_text(
        "# 2026-12-01: dropped on purpose\nFIELD_REMOVED: Field Query.units was removed.\n"
    )
    assert accepted(ack) == {"FIELD_REMOVED: Field Query.units was removed."}
    left = unacknowledged(old, new, ack)
    assert left and all("asOf" in c for c in left), left
