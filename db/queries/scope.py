"""SQL fragments shared by every tenant query: subtree scope and effective dating.

The explicit subtree filter (`path <@ ANY(:scope)`) sits on top of row-level security, which
already limits every statement to the caller's scope. The planner cannot see the RLS scope (it
is read from a setting in an InitPlan, so it gets a default selectivity), but it does see the
explicit filter's value and the GiST path index it can use: for a root that covers the whole
hierarchy it then estimates a few dozen rows, scans every entry of the index and sorts (80 ms for
`units(first: 50)` nationally, instead of 0.1 ms walking the path order under RLS alone). So the
filter is applied only where it narrows: when one of the roots is the nation's path, it is
replaced by `path IS NOT NULL` (every path is under the nation, so the rows are the same, also on
tables without RLS where a NULL path must stay out) and RLS filters as it always does. Narrower
scopes keep the filter, which is what makes their plans good (a province's rows by the GiST
index).

Query builders use `in_scope` (SQLAlchemy) and raw SQL strings write the filter literally as
`col <@ ANY(CAST(:name AS ltree[]))`; `RequestDB.execute` passes raw SQL through `narrowing`, so
the rule lives here, once, for both.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date
from functools import lru_cache
from typing import Any

from sqlalchemy import ColumnElement, and_, or_, text
from sqlalchemy.sql.elements import TextClause

#: `<column> <@ ANY(CAST(:<param> AS ltree[]))` as raw SQL strings write it.
_SCOPE_FILTER = re.compile(
    r"(?P<column>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)?)\s*<@\s*ANY\s*\(\s*"
    r"CAST\s*\(\s*:(?P<param>[A-Za-z_][A-Za-z0-9_]*)\s+AS\s+ltree\s*\[\s*\]\s*\)\s*\)"
)


#: The root of the hierarchy (seeds/units.py NATION_PATH): every unit path starts with it.
NATION_PATH = "vn"


def covers_everything(paths: Sequence[str] | Any) -> bool:
    """True when a root is the nation itself: the filter would keep every row with a path, so it
    cannot narrow."""
    if isinstance(paths, str) or not isinstance(paths, Sequence | tuple | list):
        return False
    return NATION_PATH in paths


def _everything(column: str) -> str:
    return f"({column} IS NOT NULL)"


def in_scope(path_column: str, scope_paths: Sequence[str], name: str = "scope") -> TextClause:
    """`path <@ ANY(scope)` where it narrows (the GiST index answers it), `path IS NOT NULL`
    for a national root (the same rows; see the module docstring)."""
    if covers_everything(scope_paths):
        return text(_everything(path_column))
    return text(f"{path_column} <@ ANY(CAST(:{name} AS ltree[]))").bindparams(
        **{name: list(scope_paths)}
    )


def narrowing(sql: str, params: Mapping[str, Any] | None) -> str:
    """The raw SQL with every scope filter whose roots cover everything replaced by
    `column IS NOT NULL`."""
    if not params or "<@" not in sql:
        return sql
    covering = frozenset(
        name
        for name, value in params.items()
        if isinstance(value, list | tuple) and covers_everything(value)
    )
    if not covering:
        return sql
    return _without_filters(sql, covering)


@lru_cache(maxsize=2048)
def _without_filters(sql: str, names: frozenset[str]) -> str:
    return _SCOPE_FILTER.sub(
        lambda m: _everything(m.group("column")) if m.group("param") in names else m.group(0), sql
    )


def valid_on(
    valid_from: ColumnElement[date | None], valid_to: ColumnElement[date | None], day: date
) -> ColumnElement[bool]:
    return and_(
        or_(valid_from.is_(None), valid_from <= day),
        or_(valid_to.is_(None), valid_to >= day),
    )
