"""Rules for reading the hierarchy: which incarnation a code means, on which date its relations
are read, and what of it the caller may see.

Reads for resolvers take the authorizer and the principal: the subtree roots where the caller
may read units are asked of the authorizer and put into the SQL (`path <@ ANY(:roots)`), so the
decision is the authorizer's, in the service; row-level security filters the same rows again
underneath (the second wall). A caller with no roots sees nothing.

`unit_by_code` and `list_units` are the lookups other services make inside their own rules
(under the request's read scope and row-level security); they return rows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import RowMapping

from authz.authorizer import Authorizer, Principal
from core.domain import UnitKind
from core.errors import BadInput, NotFound
from core.i18n import msg
from db.queries import units as q
from db.session import RequestDB
from services.text import fold

MAX_SEARCH_LENGTH = 100


@dataclass(frozen=True, slots=True)
class Unit:
    """One incarnation of an administrative unit."""

    id: int
    code: str
    kind: UnitKind
    sub_kind: str | None
    name: str
    short_name: str
    path: str
    parent_id: int | None
    valid_from: date | None
    valid_to: date | None
    version: int

    @classmethod
    def from_row(cls, row: RowMapping) -> Unit:
        return cls(
            id=int(row["id"]),
            code=str(row["code"]),
            kind=UnitKind(row["kind"]),
            sub_kind=row["sub_kind"],
            name=str(row["name"]),
            short_name=str(row["short_name"]),
            path=str(row["path"]),
            parent_id=row["parent_id"],
            valid_from=row["valid_from"],
            valid_to=row["valid_to"],
            version=int(row["version"]),
        )


@dataclass(frozen=True, slots=True)
class UnitLink:
    """How one unit took over from another: the other unit, the date and the reason."""

    unit: Unit
    effective_on: date
    reason: str


@dataclass(frozen=True, slots=True)
class UnitCriteria:
    """What `units` filters on, resolved (the `under` code turned into its path)."""

    as_of: date
    kind: UnitKind | None
    under_path: str | None
    name_folded: str | None


def reading_date(unit: Unit, requested: date | None, today: date) -> date:
    """The date a unit's children and links are read at when the caller did not say.

    A unit that no longer exists (Hậu Lộc district after 30/06/2025) is read on its last day, so
    asking for it by code still shows the structure it had rather than an empty one.
    """
    if requested is not None:
        return requested
    valid_from, valid_to = unit.valid_from, unit.valid_to
    if valid_to is not None and valid_to < today:
        return valid_to
    if valid_from is not None and valid_from > today:
        return valid_from
    return today


def readable_roots(authorizer: Authorizer, principal: Principal | None) -> list[str]:
    """Where the caller may read units (none without a principal: fail closed)."""
    return authorizer.paths_for(principal, "unit", "read")


def _not_found(code: str, as_of: date | None) -> NotFound:
    when = f" on {as_of.isoformat()}" if as_of else ""
    return NotFound(
        msg("No administrative unit with code {code!r}{when}.", code=code, when=when),
        code_value=code,
    )


async def unit_by_code(db: RequestDB, code: str, as_of: date | None) -> RowMapping:
    """For other services' rules: the row under the request's read scope, or NotFound."""
    row = await q.by_code(db, code.strip(), as_of)
    if row is None:
        raise _not_found(code, as_of)
    return row


async def list_units(
    db: RequestDB,
    *,
    as_of: date,
    kind: str | None,
    under_code: str | None,
    name_contains: str | None,
    after_path: str | None,
    limit: int,
) -> list[RowMapping]:
    """For other services (spreadsheets list a commune's hamlets): rows, request scope."""
    under_path = (await unit_by_code(db, under_code, as_of))["path"] if under_code else None
    return await q.page(
        db,
        as_of=as_of,
        kind=kind,
        under_path=under_path,
        name_folded=search_term(name_contains),
        after_path=after_path,
        limit=limit,
    )


# -- reads for resolvers: the authorizer decides ------------------------------------------------
async def find(
    db: RequestDB,
    authorizer: Authorizer,
    principal: Principal | None,
    code: str,
    as_of: date | None,
) -> Unit:
    """The incarnation valid on `as_of` (without a date: the current one, else the latest);
    NotFound when it does not exist or lies outside what the caller may read."""
    row = await q.by_code(db, code.strip(), as_of, roots=readable_roots(authorizer, principal))
    if row is None:
        raise _not_found(code, as_of)
    return Unit.from_row(row)


async def criteria(
    db: RequestDB,
    authorizer: Authorizer,
    principal: Principal | None,
    *,
    as_of: date,
    kind: UnitKind | None,
    under_code: str | None,
    name_contains: str | None,
) -> UnitCriteria:
    under = await find(db, authorizer, principal, under_code, as_of) if under_code else None
    return UnitCriteria(
        as_of=as_of,
        kind=kind,
        under_path=under.path if under else None,
        name_folded=search_term(name_contains),
    )


async def page(
    db: RequestDB,
    authorizer: Authorizer,
    principal: Principal | None,
    criteria: UnitCriteria,
    *,
    after_path: str | None,
    limit: int,
) -> list[Unit]:
    """A keyset page in hierarchy order (by path) of the units the caller may read."""
    rows = await q.page(
        db,
        as_of=criteria.as_of,
        kind=criteria.kind.value if criteria.kind else None,
        under_path=criteria.under_path,
        name_folded=criteria.name_folded,
        after_path=after_path,
        limit=limit,
        roots=readable_roots(authorizer, principal),
    )
    return [Unit.from_row(r) for r in rows]


async def count(
    db: RequestDB, authorizer: Authorizer, principal: Principal | None, criteria: UnitCriteria
) -> int:
    return await q.count(
        db,
        as_of=criteria.as_of,
        kind=criteria.kind.value if criteria.kind else None,
        under_path=criteria.under_path,
        name_folded=criteria.name_folded,
        roots=readable_roots(authorizer, principal),
    )


async def count_children(
    db: RequestDB,
    authorizer: Authorizer,
    principal: Principal | None,
    parent_id: int,
    *,
    as_of: date,
    kind: UnitKind | None,
) -> int:
    return await q.count_children(
        db,
        parent_id,
        as_of=as_of,
        kind=kind.value if kind else None,
        roots=readable_roots(authorizer, principal),
    )


async def by_ids(
    db: RequestDB, authorizer: Authorizer, principal: Principal | None, ids: Sequence[int]
) -> dict[int, Unit]:
    rows = await q.by_ids(db, ids, roots=readable_roots(authorizer, principal))
    return {int(r["id"]): Unit.from_row(r) for r in rows}


async def by_paths(
    db: RequestDB, authorizer: Authorizer, principal: Principal | None, paths: Sequence[str]
) -> dict[str, Unit]:
    rows = await q.by_paths(db, paths, roots=readable_roots(authorizer, principal))
    return {str(r["path"]): Unit.from_row(r) for r in rows}


async def ancestors(
    db: RequestDB, authorizer: Authorizer, principal: Principal | None, paths: Sequence[str]
) -> dict[str, list[Unit]]:
    """Each path's proper ancestors that the caller may read, the root first."""
    grouped: dict[str, list[Unit]] = defaultdict(list)
    for row in await q.ancestors(db, paths, roots=readable_roots(authorizer, principal)):
        grouped[str(row["of_path"])].append(Unit.from_row(row))
    return grouped


async def links(
    db: RequestDB,
    authorizer: Authorizer,
    principal: Principal | None,
    ids: Sequence[int],
    *,
    forward: bool,
) -> dict[int, list[UnitLink]]:
    """Successors (forward) or predecessors of each unit, those the caller may read."""
    grouped: dict[int, list[UnitLink]] = defaultdict(list)
    rows = await q.linked(db, ids, forward=forward, roots=readable_roots(authorizer, principal))
    for row in rows:
        grouped[int(row["of_id"])].append(
            UnitLink(Unit.from_row(row), row["effective_on"], str(row["reason"]))
        )
    return grouped


async def children_pages(
    db: RequestDB,
    authorizer: Authorizer,
    principal: Principal | None,
    parent_ids: Sequence[int],
    *,
    as_of: date,
    kind: UnitKind | None,
    after_path: str | None,
    limit: int,
) -> dict[int, list[Unit]]:
    """The first `limit` readable children of each parent, in one statement."""
    grouped: dict[int, list[Unit]] = defaultdict(list)
    rows = await q.children_pages(
        db,
        parent_ids,
        as_of=as_of,
        kind=kind.value if kind else None,
        after_path=after_path,
        limit=limit,
        roots=readable_roots(authorizer, principal),
    )
    for row in rows:
        grouped[int(row["parent_id"])].append(Unit.from_row(row))
    return grouped


def search_term(name_contains: str | None) -> str | None:
    if name_contains is None:
        return None
    if len(name_contains) > MAX_SEARCH_LENGTH:
        raise BadInput(
            msg(
                "`nameContains` may be at most {max_search_length} characters.",
                max_search_length=MAX_SEARCH_LENGTH,
            ),
            argument="nameContains",
        )
    return fold(name_contains) or None
