"""Rules for reading the hierarchy: which incarnation a code means, and on which date its
relations are read."""

from __future__ import annotations

from datetime import date

from sqlalchemy import RowMapping

from core.errors import BadInput, NotFound
from core.i18n import msg
from db.queries import units as q
from db.session import RequestDB
from services.text import fold

MAX_SEARCH_LENGTH = 100


def reading_date(row: RowMapping, requested: date | None, today: date) -> date:
    """The date a unit's children and links are read at when the caller did not say.

    A unit that no longer exists (Hậu Lộc district after 30/06/2025) is read on its last day, so
    asking for it by code still shows the structure it had rather than an empty one.
    """
    if requested is not None:
        return requested
    valid_from, valid_to = row["valid_from"], row["valid_to"]
    if valid_to is not None and valid_to < today:
        return valid_to
    if valid_from is not None and valid_from > today:
        return valid_from
    return today


async def unit_by_code(db: RequestDB, code: str, as_of: date | None) -> RowMapping:
    row = await q.by_code(db, code.strip(), as_of)
    if row is None:
        when = f" on {as_of.isoformat()}" if as_of else ""
        raise NotFound(
            msg("No administrative unit with code {code!r}{when}.", code=code, when=when),
            code_value=code,
        )
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


async def count_units(
    db: RequestDB,
    *,
    as_of: date,
    kind: str | None,
    under_code: str | None,
    name_contains: str | None,
) -> int:
    under_path = (await unit_by_code(db, under_code, as_of))["path"] if under_code else None
    return await q.count(
        db, as_of=as_of, kind=kind, under_path=under_path, name_folded=search_term(name_contains)
    )


async def count_children(db: RequestDB, parent_id: int, *, as_of: date, kind: str | None) -> int:
    return await q.count_children(db, parent_id, as_of=as_of, kind=kind)


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
