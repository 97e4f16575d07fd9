"""Inputs of the people queries and mutations."""

from __future__ import annotations

from datetime import date

import strawberry

from graph.access.enums import RoleEnum


@strawberry.input(description="Filters for `people`; all optional and combined with AND.")
class PeopleFilter:
    role: RoleEnum | None = strawberry.field(
        default=None, description="Holding this role (anywhere, active or not)."
    )
    unit: str | None = strawberry.field(
        default=None, description="Code of the unit the people belong to (exactly that unit)."
    )
    waiting: bool | None = strawberry.field(
        default=None,
        description="True: only people waiting for a role; false: only people with one.",
    )
    disabled: bool | None = strawberry.field(
        default=None, description="True: only disabled people; false: only enabled ones."
    )


@strawberry.input(description="Invite a person (create them) at a unit with their first role.")
class InvitePersonInput:
    username: str = strawberry.field(description="Their sign-in name at the identity provider.")
    display_name: str = strawberry.field(description="Họ tên.")
    role: RoleEnum = strawberry.field(description="The first role, held at `unit`.")
    unit: str = strawberry.field(
        description="Code of the unit they belong to and hold the role at (strictly below yours)."
    )
    position: str | None = strawberry.field(
        default=None, description='Chức vụ, e.g. "Trưởng Công an xã".'
    )
    contact: str | None = strawberry.field(default=None, description="Phone or e-mail.")
    as_of: date | None = strawberry.field(
        default=None, description="Date the unit code is read on (default: today)."
    )
    valid_from: date | None = strawberry.field(
        default=None, description="First day of the role (default: now)."
    )
    valid_to: date | None = strawberry.field(
        default=None, description="Last day of the role (an acting role); null: until revoked."
    )


@strawberry.input(description="Grant a person a role at a unit, optionally for a period.")
class GrantPersonRoleInput:
    id: strawberry.ID = strawberry.field(description="The Person.")
    version: int = strawberry.field(description="The person's version you read.")
    role: RoleEnum = strawberry.field(description="The role.")
    unit: str = strawberry.field(description="Code of the unit (strictly below yours).")
    as_of: date | None = strawberry.field(
        default=None, description="Date the unit code is read on (default: today)."
    )
    valid_from: date | None = strawberry.field(default=None, description="First day (acting role).")
    valid_to: date | None = strawberry.field(
        default=None, description="Last day (acting role: it ends by itself)."
    )


@strawberry.input(description="Take a role back from a person.")
class RevokePersonRoleInput:
    id: strawberry.ID = strawberry.field(description="The Person.")
    version: int = strawberry.field(description="The person's version you read.")
    role: RoleEnum = strawberry.field(description="The role.")
    unit: str = strawberry.field(description="Code of the unit it is held at.")
    as_of: date | None = strawberry.field(
        default=None, description="Date the unit code is read on."
    )


@strawberry.input(
    description="Move a person to another unit: the roles you could grant are "
    "revoked and `role` is granted at the new unit, in one step."
)
class MovePersonInput:
    id: strawberry.ID = strawberry.field(description="The Person.")
    version: int = strawberry.field(description="The person's version you read.")
    unit: str = strawberry.field(description="Code of the new unit (strictly below yours).")
    role: RoleEnum = strawberry.field(description="Their role at the new unit.")
    as_of: date | None = strawberry.field(
        default=None, description="Date the unit code is read on (default: today)."
    )


@strawberry.input(description="Which person to disable, at which version (disablePerson).")
class DisablePersonInput:
    id: strawberry.ID = strawberry.field(description="The Person.")
    version: int = strawberry.field(description="The person's version you read.")


@strawberry.input(description="Which person to enable again, at which version (enablePerson).")
class EnablePersonInput:
    id: strawberry.ID = strawberry.field(description="The Person.")
    version: int = strawberry.field(description="The person's version you read.")
