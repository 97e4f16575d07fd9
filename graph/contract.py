"""Keeping the contract stable: the committed `schema.graphql` is what front ends build on, and
a change that can break a client (a field, argument, type or enum value removed or retyped, a
required argument added, ...: graphql-core's `find_breaking_changes`) must be acknowledged in
`schema-accepted-breaking-changes.txt` before `antq export-schema` writes it, and the test
suite fails on any unacknowledged one (tests/graph/test_breaking_changes.py).

Each acknowledged change is one line, `<CHANGE_TYPE>: <description>` exactly as printed; lines
starting with `#` are comments (say when and why).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from graphql import GraphQLSchema, build_schema, find_breaking_changes

from core.config import PROJECT_ROOT

SCHEMA_FILE = PROJECT_ROOT / "schema.graphql"
ACCEPTED_FILE = PROJECT_ROOT / "schema-accepted-breaking-changes.txt"


def breaking_changes(old_sdl: str, new: GraphQLSchema) -> list[str]:
    """Every change from `old_sdl` to `new` that can break a client, one line each."""
    old = build_schema(old_sdl)
    return sorted(f"{c.type.name}: {c.description}" for c in find_breaking_changes(old, new))


def accepted(path: Path = ACCEPTED_FILE) -> set[str]:
    if not path.is_file():
        return set()
    return {
        line.strip()
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    }


def unacknowledged(old_sdl: str, new: GraphQLSchema, path: Path = ACCEPTED_FILE) -> list[str]:
    ok = accepted(path)
    return [change for change in breaking_changes(old_sdl, new) if change not in ok]


def acknowledge(changes: list[str], reason: str, path: Path = ACCEPTED_FILE) -> None:
    """Append `changes` under a dated comment (`antq export-schema --accept-breaking`)."""
    if not changes:
        return
    existing = (
        path.read_text(encoding="utf-8")
        if path.is_file()
        else ("# Breaking schema changes accepted on purpose (see graph/contract.py).\n")
    )
    block = f"\n# {date.today().isoformat()}: {reason}\n" + "".join(f"{c}\n" for c in changes)
    path.write_text(existing.rstrip("\n") + "\n" + block, encoding="utf-8")
