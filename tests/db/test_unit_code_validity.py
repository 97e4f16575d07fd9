"""One incarnation of a (kind, code) at any date: the exclusion constraint refuses a second unit
of the same kind and code whose validity overlaps, and nothing else (migration 0016 reordered its
index for speed; what it forbids must not have changed)."""

from __future__ import annotations

import asyncio
from datetime import date

import asyncpg
import pytest
from sqlalchemy.engine import make_url

from db.urls import DatabaseUrls

INSERT = (
    "INSERT INTO admin_units (code, kind, sub_kind, name, short_name, search_text, path, "
    "valid_from, valid_to) VALUES ($1, $2, 'Xã', $3, $3, $3, $4::ltree, $5, $6)"
)


def _attempt(urls: DatabaseUrls, *rows: tuple[object, ...]) -> str:
    """Insert `rows` in one transaction (rolled back); "ok" or the violated constraint."""
    dsn = make_url(urls.owner).set(drivername="postgresql").render_as_string(hide_password=False)

    async def go() -> str:
        conn = await asyncpg.connect(dsn)
        try:
            transaction = conn.transaction()
            await transaction.start()
            try:
                for row in rows:
                    await conn.execute(INSERT, *row)
                return "ok"
            except asyncpg.ExclusionViolationError as error:
                return error.constraint_name or "exclusion"
            finally:
                await transaction.rollback()
        finally:
            await conn.close()

    return asyncio.run(go())


OLD = (date(2020, 1, 1), date(2025, 6, 30))
NEW = (date(2025, 7, 1), None)


@pytest.mark.parametrize(
    ("second", "expected"),
    [
        # same kind, same code, overlapping: refused
        (("99001", "commune", "B", "vn.t99.b", *OLD), "ex_admin_units_code_validity"),
        (
            ("99001", "commune", "B", "vn.t99.b", date(2024, 1, 1), None),
            "ex_admin_units_code_validity",
        ),
        # same code and kind, one after the other (a unit re-created by the reform): allowed
        (("99001", "commune", "B", "vn.t99.b", *NEW), "ok"),
        # same code, another kind (a district and a commune may share digits): allowed
        (("99001", "district", "B", "vn.t99.b", *OLD), "ok"),
        # another code: allowed
        (("99002", "commune", "B", "vn.t99.b", *OLD), "ok"),
    ],
)
def test_a_kind_and_code_has_one_incarnation_at_any_date(
    fresh_db: DatabaseUrls, second: tuple[object, ...], expected: str
) -> None:
    first = ("99001", "commune", "A", "vn.t99.a", *OLD)
    assert _attempt(fresh_db, first, second) == expected
