"""Root queries of people management."""

from __future__ import annotations

from typing import Annotated

import strawberry

from authz.roles import Role
from core.errors import BadInput
from core.i18n import msg
from core.ids import decode_cursor, encode_cursor
from graph import door
from graph.door import Call
from graph.pagination import build_edges, page_size
from graph.people.inputs import PeopleFilter
from graph.people.types import (
    EndedUnitRole,
    EndedUnitRoleConnection,
    Person,
    PersonConnection,
)
from services import people as people_service


def _after_id(after: str | None, kind: str) -> int | None:
    if after is None:
        return None
    value = decode_cursor(after, kind)
    if not value.isdigit():
        raise BadInput(
            msg(
                "Malformed cursor {after!r}: pass a cursor returned by this connection.",
                after=after,
            ),
            argument="after",
        )
    return int(value)


@strawberry.type
class PeopleQueries:
    @door.query(
        description="The people of your subtree with their roles (administrators;"
        " `waiting: true` is the list of people waiting for a role)."
    )
    async def people(
        call: Call,
        under: Annotated[
            str | None,
            strawberry.argument(description=("Code of a unit: only people of its subtree.")),
        ] = None,
        filter: PeopleFilter | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> PersonConnection | None:
        ctx = call.context
        principal = call.principal
        f = filter or PeopleFilter()
        limit = page_size(first, ctx.settings.default_page_size, ctx.settings.max_page_size)
        views, criteria = await people_service.people(
            ctx.db,
            ctx.authorizer,
            principal,
            under_code=under,
            role=Role(f.role.value).value if f.role else None,
            unit_code=f.unit,
            waiting=f.waiting,
            disabled=f.disabled,
            after_id=_after_id(after, "person"),
            limit=limit + 1,
            day=ctx.authorizer.clock(),
        )
        items = [Person.of(v) for v in views]
        edges, page_info = build_edges(
            items, limit, lambda p: encode_cursor("person", str(p.pk)), after
        )
        return PersonConnection(edges=edges, page_info=page_info, criteria=criteria)

    @door.query(
        description="Roles held at units whose validity has ended, listed for the "
        "administrators of their successors (or, for a unit nobody succeeded, of "
        "the level above it). Such a role grants nothing after the unit's end."
    )
    async def roles_at_ended_units(
        call: Call,
        under: Annotated[
            str | None,
            strawberry.argument(
                description=(
                    "Code of a unit: only ended units succeeded (or, without successors, lying) "
                    "inside its subtree."
                )
            ),
        ] = None,
        first: int | None = None,
        after: str | None = None,
    ) -> EndedUnitRoleConnection | None:
        ctx = call.context
        principal = call.principal
        limit = page_size(first, ctx.settings.default_page_size, ctx.settings.max_page_size)
        found = await people_service.ended_unit_roles(
            ctx.db,
            ctx.authorizer,
            principal,
            under_code=under,
            after_id=_after_id(after, "ended_role"),
            limit=limit + 1,
            day=ctx.authorizer.clock(),
        )
        items = [EndedUnitRole.of(e) for e in found]
        edges, page_info = build_edges(
            items, limit, lambda e: encode_cursor("ended_role", str(e.pk)), after
        )
        day = ctx.authorizer.clock()
        return EndedUnitRoleConnection(
            edges=edges,
            page_info=page_info,
            count=lambda: people_service.count_ended_unit_roles(
                ctx.db, ctx.authorizer, principal, under_code=under, day=day
            ),
        )
