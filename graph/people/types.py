"""GraphQL types of people: Person (a Node), the roles they hold with periods, and what a role
allows in words."""

from __future__ import annotations

import enum
from datetime import date, datetime

import strawberry

from authz.roles import Role
from core.errors import NotFound
from core.ids import to_global_id
from graph.access.enums import RoleEnum
from graph.context import Context, Info
from graph.nodes.types import Node, register_node
from graph.pagination import Counted, Edge, PageInfo
from graph.units.types import AdminUnit
from services import people as people_service


@strawberry.enum(description="How a person came into the platform.")
class Provisioning(enum.Enum):
    SEED = strawberry.enum_value("seed", description="Demo data.")
    INVITED = strawberry.enum_value("invited", description="Invited by an administrator.")
    SIGN_IN = strawberry.enum_value(
        "sign_in", description="Created by their first sign-in with the identity provider."
    )
    CLI = strawberry.enum_value("cli", description="`antq users create-admin`.")


@strawberry.enum(description="Where a permission of a role applies.")
class PermissionScope(enum.Enum):
    SUBTREE = strawberry.enum_value("subtree", description="The role's unit and below.")
    BELOW = strawberry.enum_value("below", description="Strictly below the role's unit.")
    PARENT = strawberry.enum_value(
        "parent", description="Units directly below the role's unit (one hop)."
    )
    LEVEL_ABOVE = strawberry.enum_value(
        "level_above",
        description="Units this level "
        "recognises (one hop; agencies by the level above "
        "their managing unit).",
    )


@strawberry.type(
    description="One permission of a role, from the policy templates "
    "(authz/policy.csv), in words for menus."
)
class Permission:
    object: str = strawberry.field(
        description="What it is about: unit, plan, target, model, "
        "evaluation, assessment, audit, role, person, …."
    )
    action: str = strawberry.field(
        description="What it lets you do: read, write, review, confirm, rate, grant, manage, …."
    )
    scope: PermissionScope = strawberry.field(description="Where it applies.")
    description: str = strawberry.field(description="The permission in words (English).")


def permissions_of(role: str) -> list[Permission]:
    return [
        Permission(
            object=p.object,
            action=p.action,
            scope=PermissionScope(p.scope),
            description=p.description,
        )
        for p in people_service.permissions(role)
    ]


@strawberry.type(description="A role a person holds at a unit (phân quyền), with its period.")
class RoleGrant:
    role: RoleEnum = strawberry.field(description="The role.")
    valid_from: date | None = strawberry.field(description="First day (null: since granted).")
    valid_to: date | None = strawberry.field(
        description="Last day of an acting role (null: until revoked)."
    )
    unit_ended_on: date | None = strawberry.field(
        description="Last day of the unit, when it has ended: the role grants nothing after."
    )
    active: bool = strawberry.field(description="Whether the role counts today.")
    unit_path: strawberry.Private[str]

    @strawberry.field(description="The unit the role is held at (null outside your scope).")
    async def unit(self, info: Info) -> AdminUnit | None:
        unit = await info.context.units.by_path.load(self.unit_path)
        return AdminUnit.read(unit, None, info.context) if unit else None

    @strawberry.field(description="What the role allows, in words.")
    def allows(self) -> list[Permission]:
        return permissions_of(self.role.value)

    @classmethod
    def of(cls, h: people_service.RoleHolding) -> RoleGrant:
        return cls(
            role=Role(h.role),
            valid_from=h.valid_from,
            valid_to=h.valid_to,
            unit_ended_on=h.unit_valid_to,
            active=h.active,
            unit_path=h.unit_path,
        )


@strawberry.type(
    description="A person who uses the platform (người dùng): an officer, a "
    "reviewer, an administrator."
)
class Person(Node):
    id: strawberry.ID
    username: str = strawberry.field(description="The sign-in name (the identity provider's).")
    display_name: str | None = strawberry.field(description="Họ tên, as shown.")
    position: str | None = strawberry.field(description='Chức vụ, e.g. "Trưởng Công an xã".')
    contact: str | None = strawberry.field(description="Phone or e-mail, as given.")
    provisioned: Provisioning = strawberry.field(description="How the person came in.")
    waiting: bool = strawberry.field(
        description="Signed in or invited but holding no role today (chờ phân quyền)."
    )
    disabled: bool = strawberry.field(description="Disabled: their tokens are refused.")
    disabled_at: datetime | None = strawberry.field(description="When they were disabled.")
    created_at: datetime = strawberry.field(description="When the person was created.")
    version: int = strawberry.field(description="Send it back with every change.")
    roles: list[RoleGrant] = strawberry.field(
        description="Every role assignment, active or not (see `active`)."
    )
    unit_path: strawberry.Private[str | None]
    pk: strawberry.Private[int]

    @strawberry.field(description="The unit the person belongs to (null outside your scope).")
    async def unit(self, info: Info) -> AdminUnit | None:
        if self.unit_path is None:
            return None
        unit = await info.context.units.by_path.load(self.unit_path)
        return AdminUnit.read(unit, None, info.context) if unit else None

    @classmethod
    def of(cls, view: people_service.PersonView) -> Person:
        return cls(
            id=strawberry.ID(to_global_id("Person", view.id)),
            username=view.username,
            display_name=view.display_name,
            position=view.position,
            contact=view.contact,
            provisioned=Provisioning(view.provisioned),
            waiting=view.waiting,
            disabled=view.disabled_at is not None,
            disabled_at=view.disabled_at,
            created_at=view.created_at,
            version=view.version,
            roles=[RoleGrant.of(h) for h in view.roles],
            unit_path=view.unit_path,
            pk=view.id,
        )


@strawberry.type(description="People of a subtree (keyset-paginated, oldest first).")
class PersonConnection:
    edges: list[Edge[Person]]
    page_info: PageInfo
    criteria: strawberry.Private[people_service.PeopleCriteria]

    @strawberry.field(description="Number of people matching the filter (one extra query).")
    async def total_count(self, info: Info) -> int:
        return await people_service.count(info.context.db, self.criteria)


@strawberry.type(
    description="A role held at a unit whose validity has ended: for the "
    "administrators of its successors to move, re-grant or revoke. Nothing "
    "carries over by itself."
)
class EndedUnitRole:
    username: str = strawberry.field(description="Who holds it.")
    role: RoleEnum = strawberry.field(description="The role.")
    unit_code: str = strawberry.field(description="Code of the ended unit.")
    unit_name: str = strawberry.field(description="Name of the ended unit.")
    unit_ended_on: date = strawberry.field(description="The unit's last day.")
    unit_path: strawberry.Private[str]
    person_pk: strawberry.Private[int | None]
    pk: strawberry.Private[int]

    @strawberry.field(
        description="The ended unit, with its `successors` (null when it lies "
        "outside your scope, e.g. a province merged into yours)."
    )
    async def unit(self, info: Info) -> AdminUnit | None:
        unit = await info.context.units.by_path.load(self.unit_path)
        return AdminUnit.read(unit, None, info.context) if unit else None

    @strawberry.field(description="The person, when you can see them.")
    async def person(self, info: Info) -> Person | None:
        return await _fetch_person(info.context, self.person_pk) if self.person_pk else None

    @classmethod
    def of(cls, held: people_service.EndedUnitRole) -> EndedUnitRole:
        return cls(
            username=held.username,
            role=held.role,
            unit_code=held.unit_code,
            unit_name=held.unit_name,
            unit_ended_on=held.unit_valid_to,
            unit_path=held.unit_path,
            person_pk=held.person_id,
            pk=held.id,
        )


@strawberry.type(description="Roles at ended units (keyset-paginated).")
class EndedUnitRoleConnection(Counted):
    edges: list[Edge[EndedUnitRole]]
    page_info: PageInfo


async def _fetch_person(ctx: Context, pk: int) -> Person | None:
    try:
        view = await people_service.visible_person(
            ctx.db, ctx.authorizer, ctx.principal, pk, ctx.authorizer.clock()
        )
    except NotFound:
        return None
    return Person.of(view)


register_node("Person", _fetch_person)
