"""schema.graphql in the repository is what the code serves (front-end teams build from it)."""

from __future__ import annotations

from core.config import PROJECT_ROOT
from graph.schema import schema


def test_committed_schema_matches_the_code() -> None:
    committed = (PROJECT_ROOT / "schema.graphql").read_text(encoding="utf-8")
    assert committed == schema.as_str() + "\n", (
        "schema.graphql is stale: run `./dev antq export-schema` and commit it"
    )
