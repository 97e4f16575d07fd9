"""Queries over the administrative hierarchy."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from sqlalchemy import ColumnElement, RowMapping, and_, cast, func, select, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.sql.elements import TextClause

from db.base import Ltree
from db.models.units import AdminUnit, UnitSuccession
from db.queries.scope import in_scope, valid_on
from db.session import RequestDB

units = AdminUnit.__table__
successions = UnitSuccession.__table__
COLUMNS = (
    units.c.id,
    units.c.code,
    units.c.kind,
    units.c.sub_kind,
    units.c.name,
    units.c.short_name,
    units.c.path,
    units.c.parent_id,
    units.c.valid_from,
    units.c.valid_to,
    units.c.version,
)


Roots = Sequence[str] | None


def _scoped(db: RequestDB, roots: Roots) -> TextClause:
    """The explicit subtree filter: the roots the service asked the authorizer for, else the
    request's read scope (service-internal lookups); row-level security filters underneath."""
    return in_scope("admin_units.path", db.scope_paths if roots is None else roots)


def _valid(day: date) -> ColumnElement[bool]:
    return valid_on(units.c.valid_from, units.c.valid_to, day)


def word_prefix_pattern(folded: str) -> str:
    """The regular expression for "starts a word" ("hau loc" finds Hậu Lộc, not Châu Lộc)."""
    escaped = re.sub(r"([^0-9a-z ])", r"\\\1", folded)
    return r"\m" + escaped


def _word_prefix(folded: str) -> ColumnElement[bool]:
    """Match at the start of a word; trigram-indexed."""
    return units.c.search_text.regexp_match(word_prefix_pattern(folded))


async def by_code(
    db: RequestDB, code: str, as_of: date | None, *, roots: Roots = None
) -> RowMapping | None:
    """The incarnation valid on `as_of`; without a date, the current one or else the latest."""
    query = select(*COLUMNS).where(units.c.code == code, _scoped(db, roots))
    if as_of is not None:
        query = query.where(_valid(as_of))
    query = query.order_by(units.c.valid_to.desc().nulls_first(), units.c.kind).limit(1)
    return (await db.execute(query)).mappings().first()


async def by_ids(db: RequestDB, ids: Sequence[int], *, roots: Roots = None) -> list[RowMapping]:
    query = select(*COLUMNS).where(units.c.id.in_(ids), _scoped(db, roots))
    return list((await db.execute(query)).mappings())


async def by_paths(db: RequestDB, paths: Sequence[str], *, roots: Roots = None) -> list[RowMapping]:
    query = select(*COLUMNS).where(
        text("admin_units.path = ANY(CAST(:paths AS ltree[]))").bindparams(paths=list(paths)),
        _scoped(db, roots),
    )
    return list((await db.execute(query)).mappings())


async def page(
    db: RequestDB,
    *,
    as_of: date,
    kind: str | None,
    under_path: str | None,
    name_folded: str | None,
    after_path: str | None,
    limit: int,
    roots: Roots = None,
) -> list[RowMapping]:
    """A keyset page ordered by path (the hierarchy's own order: codes, parents first)."""
    query = select(*COLUMNS).where(_valid(as_of), _scoped(db, roots))
    if kind:
        query = query.where(units.c.kind == kind)
    if under_path:
        query = query.where(
            text("admin_units.path <@ CAST(:under AS ltree)").bindparams(under=under_path),
            units.c.path != under_path,
        )
    if name_folded:
        query = query.where(_word_prefix(name_folded))
    if after_path:
        query = query.where(
            text("admin_units.path > CAST(:after AS ltree)").bindparams(after=after_path)
        )
    query = query.order_by(units.c.path).limit(limit)
    return list((await db.execute(query)).mappings())


async def count(
    db: RequestDB,
    *,
    as_of: date,
    kind: str | None,
    under_path: str | None,
    name_folded: str | None,
    roots: Roots = None,
) -> int:
    query = select(func.count()).select_from(units).where(_valid(as_of), _scoped(db, roots))
    if kind:
        query = query.where(units.c.kind == kind)
    if under_path:
        query = query.where(
            text("admin_units.path <@ CAST(:under AS ltree)").bindparams(under=under_path),
            units.c.path != under_path,
        )
    if name_folded:
        query = query.where(_word_prefix(name_folded))
    return int((await db.execute(query)).scalar_one())


async def count_children(
    db: RequestDB,
    parent_id: int,
    *,
    as_of: date,
    kind: str | None,
    roots: Roots = None,
) -> int:
    """How many children a unit has on `as_of` in the caller's scope (`children.totalCount`)."""
    query = (
        select(func.count())
        .select_from(units)
        .where(units.c.parent_id == parent_id, _valid(as_of), _scoped(db, roots))
    )
    if kind:
        query = query.where(units.c.kind == kind)
    return int((await db.execute(query)).scalar_one())


async def children_pages(
    db: RequestDB,
    parent_ids: Sequence[int],
    *,
    as_of: date,
    kind: str | None,
    after_path: str | None,
    limit: int,
    roots: Roots = None,
) -> list[RowMapping]:
    """The first `limit` children of each parent in one statement (a window per parent)."""
    inner = select(
        *COLUMNS,
        func.row_number().over(partition_by=units.c.parent_id, order_by=units.c.path).label("rn"),
    ).where(units.c.parent_id.in_(parent_ids), _valid(as_of), _scoped(db, roots))
    if kind:
        inner = inner.where(units.c.kind == kind)
    if after_path:
        inner = inner.where(
            text("admin_units.path > CAST(:after AS ltree)").bindparams(after=after_path)
        )
    sub = inner.subquery()
    query = select(sub).where(sub.c.rn <= limit).order_by(sub.c.parent_id, sub.c.path)
    return list((await db.execute(query)).mappings())


async def ancestors(
    db: RequestDB, paths: Sequence[str], *, roots: Roots = None
) -> list[RowMapping]:
    """Proper ancestors of each path inside the caller's scope, root first, tagged `of_path`."""
    targets = (
        func.unnest(cast(list(paths), ARRAY(Ltree())))
        .table_valued("of_path")
        .render_derived(name="t")
    )
    query = (
        select(targets.c.of_path, *COLUMNS)
        .select_from(targets)
        .join(
            units, and_(units.c.path.op("@>")(targets.c.of_path), units.c.path != targets.c.of_path)
        )
        .where(_scoped(db, roots))
        .order_by(targets.c.of_path, func.nlevel(units.c.path))
    )
    return list((await db.execute(query)).mappings())


async def linked(
    db: RequestDB,
    ids: Sequence[int],
    *,
    forward: bool,
    roots: Roots = None,
) -> list[RowMapping]:
    """Successors (forward) or predecessors of each unit, tagged `of_id`, with the link's data."""
    own, other = (
        (successions.c.predecessor_id, successions.c.successor_id)
        if forward
        else (successions.c.successor_id, successions.c.predecessor_id)
    )
    query = (
        select(own.label("of_id"), successions.c.effective_on, successions.c.reason, *COLUMNS)
        .select_from(successions.join(units, units.c.id == other))
        .where(own.in_(ids), _scoped(db, roots))
        .order_by(own, units.c.path)
    )
    return list((await db.execute(query)).mappings())
