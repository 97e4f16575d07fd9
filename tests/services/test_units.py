"""Unit reads for resolvers ask the authorizer, not only row-level security: with a database
handle whose RLS scope covers the whole nation, a district officer still reads only their
district, while the service-internal lookup (under that same handle) finds the other unit."""

from __future__ import annotations

import asyncio
from datetime import date

import pytest

from authz.authorizer import Authorizer
from authz.paths import is_within
from core.config import Settings
from core.errors import NotFound
from db.queries.changes import SYSTEM_SCOPE
from db.session import RequestDB, create_engine
from db.urls import DatabaseUrls
from services import units


def test_the_authorizer_decides_what_a_unit_read_shows_with_rls_as_the_second_wall(
    shared_db: DatabaseUrls, settings: Settings
) -> None:
    async def go() -> None:
        engine = create_engine(shared_db.app, settings)
        authorizer = Authorizer(roles_end_with_units=settings.roles_end_with_units)
        await authorizer.load(engine)
        officer = authorizer.principal("hauloc_officer")
        db = RequestDB(engine, SYSTEM_SCOPE)  # RLS lets every unit through
        try:
            assert (await units.unit_by_code(db, "407", None))["code"] == "407"  # Nghi Sơn
            with pytest.raises(NotFound):
                await units.find(db, authorizer, officer, "407", None)
            assert (await units.find(db, authorizer, officer, "400", None)).code == "400"
            nobody = await units.by_paths(db, authorizer, None, ["vn"])
            assert nobody == {}  # no principal, no roots: nothing
            criteria = await units.criteria(
                db,
                authorizer,
                officer,
                as_of=date(2024, 6, 1),
                kind=None,
                under_code=None,
                name_contains=None,
            )
            listed = await units.page(db, authorizer, officer, criteria, after_path=None, limit=500)
            roots = [g.path for g in officer.grants]
            assert listed and all(any(is_within(u.path, r) for r in roots) for u in listed)
            assert "407" not in {u.code for u in listed}
        finally:
            await db.close()
            await engine.dispose()

    asyncio.run(go())
