"""Who am I, role assignments, and the audit trail."""

from __future__ import annotations

from datetime import date, datetime

import strawberry
from strawberry.scalars import JSON

from core.errors import NotFound
from core.ids import to_global_id
from graph.access.enums import RoleEnum
from graph.context import Context, Info
from graph.nodes.types import Node, register_node
from graph.pagination import Counted, Edge, PageInfo
from graph.people.types import Permission, Person, permissions_of
from graph.units.types import AdminUnit
from services import audit as audit_service
from services import roles as role_service


@strawberry.type(description="A role held at a unit; it applies to the unit's whole subtree.")
class RoleAssignment:
    username: str
    role: RoleEnum
    unit_path: strawberry.Private[str]
    # (who,) when the resolver already knows who granted it (a mutation's result).
    known_granted_by: strawberry.Private[tuple[str | None] | None] = None

    @strawberry.field(
        description="The administrator who granted this role (người cấp quyền); "
        "null when that was not recorded (granted by the seed or before it was "
        "recorded: see the audit log)."
    )
    async def granted_by(self, info: Info) -> str | None:
        if self.known_granted_by is not None:
            return self.known_granted_by[0]
        return await role_service.granted_by(
            info.context.db, username=self.username, role=self.role, unit_path=self.unit_path
        )

    valid_from: date | None = strawberry.field(
        default=None, description=("First day of the role (null: since granted).")
    )
    valid_to: date | None = strawberry.field(
        default=None, description=("Last day of an acting role (null: until revoked).")
    )

    @strawberry.field(description="The unit the role is held at.")
    async def unit(self, info: Info) -> AdminUnit | None:
        unit = await info.context.units.by_path.load(self.unit_path)
        return AdminUnit.read(unit, None, info.context) if unit else None

    @strawberry.field(
        description="What the role allows (the policy templates in words), so a "
        "front end can build its menus."
    )
    def allows(self) -> list[Permission]:
        return permissions_of(self.role)


@strawberry.type(
    description="The signed-in user: the roles that count today, with their "
    "periods and what each allows, and the person record."
)
class Me:
    username: str
    roles: list[RoleAssignment]
    person: Person | None = strawberry.field(
        default=None,
        description=(
            "Display name, position, unit and every role assignment (null for a user the platform "
            "has no person record of, e.g. a service account)."
        ),
    )


@strawberry.type(description="One change: who, when, what, before and after.")
class AuditEntry(Node):
    id: strawberry.ID
    at: datetime
    actor: str
    action: str
    object_type: str
    object_id: str
    unit_path: str
    before: JSON | None
    after: JSON | None
    pk: strawberry.Private[int]

    @classmethod
    def of(cls, record: audit_service.AuditRecord) -> AuditEntry:
        return cls(
            id=strawberry.ID(to_global_id("AuditEntry", record.id)),
            pk=record.id,
            at=record.at,
            actor=record.actor,
            action=record.action,
            object_type=record.object_type,
            object_id=record.object_id,
            unit_path=record.unit_path,
            before=record.before,
            after=record.after,
        )


@strawberry.type
class AuditEntryConnection(Counted):
    edges: list[Edge[AuditEntry]]
    page_info: PageInfo


async def _fetch_audit_entry(ctx: Context, pk: int) -> AuditEntry | None:
    try:
        return AuditEntry.of(await audit_service.entry(ctx.db, ctx.authorizer, ctx.principal, pk))
    except NotFound:
        return None


register_node("AuditEntry", _fetch_audit_entry)
