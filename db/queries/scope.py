"""SQL fragments shared by every tenant query: subtree scope and effective dating."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import ColumnElement, and_, or_, text
from sqlalchemy.sql.elements import TextClause


def in_scope(path_column: str, scope_paths: Sequence[str], name: str = "scope") -> TextClause:
    """`path <@ ANY(scope)`: the GiST index on the path answers it."""
    return text(f"{path_column} <@ ANY(CAST(:{name} AS ltree[]))").bindparams(
        **{name: list(scope_paths)}
    )


def valid_on(valid_from: ColumnElement[date | None], valid_to: ColumnElement[date | None],
             day: date) -> ColumnElement[bool]:
    return and_(
        or_(valid_from.is_(None), valid_from <= day),
        or_(valid_to.is_(None), valid_to >= day),
    )
