"""Who am I, role assignments, and the audit trail."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry
from strawberry.scalars import JSON

from authz.roles import Role
from graph.context import Info
from graph.pagination import Edge, PageInfo
from graph.types.errors import InvalidInput, NotAllowed, NotFoundError
from graph.types.unit import AdminUnit

RoleEnum = strawberry.enum(Role, name="Role", description="Roles a user can hold at a unit "
                           "(vai trò); each applies to the unit's whole subtree.")


@strawberry.type(description="A role held at a unit; it applies to the unit's whole subtree.")
class RoleAssignment:
    username: str
    role: RoleEnum
    unit_path: strawberry.Private[str]

    @strawberry.field(description="The unit the role is held at.")
    async def unit(self, info: Info) -> AdminUnit | None:
        rows = await info.context.units.by_path.load(self.unit_path)
        return AdminUnit.read(rows, None, info.context) if rows else None


@strawberry.type
class Me:
    username: str
    roles: list[RoleAssignment]


@strawberry.type(description="One change: who, when, what, before and after.")
class AuditEntry:
    id: strawberry.ID
    at: datetime
    actor: str
    action: str
    object_type: str
    object_id: str
    unit_path: str
    before: JSON | None
    after: JSON | None


@strawberry.type
class AuditEntryConnection:
    edges: list[Edge[AuditEntry]]
    page_info: PageInfo


RoleChangeResult = Annotated[
    RoleAssignment | InvalidInput | NotAllowed | NotFoundError,
    strawberry.union("RoleChangeResult"),
]
