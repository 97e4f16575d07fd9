"""Root mutations of people management: each returns the person or why nothing changed."""

from __future__ import annotations

from datetime import date

import strawberry

from core.errors import AppError, NotFound
from core.i18n import msg
from core.ids import from_global_id
from graph.context import Info
from graph.people.types import Person, PersonResult, RoleName
from graph.types.errors import as_user_error
from services import people as people_service


@strawberry.input(description="Invite a person (create them) at a unit with their first role.")
class InvitePersonInput:
    username: str = strawberry.field(description="Their sign-in name at the identity provider.")
    display_name: str = strawberry.field(description="Họ tên.")
    role: RoleName = strawberry.field(description="The first role, held at `unit`.")
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
    role: RoleName = strawberry.field(description="The role.")
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
    role: RoleName = strawberry.field(description="The role.")
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
    role: RoleName = strawberry.field(description="Their role at the new unit.")
    as_of: date | None = strawberry.field(
        default=None, description="Date the unit code is read on (default: today)."
    )


@strawberry.input(description="Which person, at which version.")
class PersonVersionInput:
    id: strawberry.ID = strawberry.field(description="The Person.")
    version: int = strawberry.field(description="The person's version you read.")


def _pk(global_id: strawberry.ID) -> int:
    decoded = from_global_id(global_id)
    if decoded is None or decoded[0] != "Person":
        raise NotFound(msg("No person with this id."))
    return decoded[1]


@strawberry.type
class PeopleMutations:
    @strawberry.mutation(
        description="Create a person at a unit strictly below yours with a "
        "first role (province_admin). They sign in with that username."
    )
    async def invite_person(self, info: Info, input: InvitePersonInput) -> PersonResult:
        ctx = info.context
        try:
            view = await people_service.invite(
                ctx.db,
                ctx.authorizer,
                ctx.caller(),
                username=input.username,
                display_name=input.display_name,
                position=input.position,
                contact=input.contact,
                role=input.role.value,
                unit_code=input.unit,
                as_of=input.as_of,
                valid_from=input.valid_from,
                valid_to=input.valid_to,
                day=ctx.authorizer.clock(),
            )
        except AppError as error:
            return as_user_error(error)  # type: ignore[return-value]
        return Person.of(view)

    @strawberry.mutation(
        description="Grant a role, for a period if given: an acting role "
        "stops counting after `validTo` by itself. Never to yourself "
        "(SELF_GRANT), never your own level or above (ABOVE_OWN_LEVEL)."
    )
    async def grant_person_role(self, info: Info, input: GrantPersonRoleInput) -> PersonResult:
        ctx = info.context
        try:
            view = await people_service.grant(
                ctx.db,
                ctx.authorizer,
                ctx.caller(),
                person_id=_pk(input.id),
                version=input.version,
                role=input.role.value,
                unit_code=input.unit,
                as_of=input.as_of,
                valid_from=input.valid_from,
                valid_to=input.valid_to,
                day=ctx.authorizer.clock(),
            )
        except AppError as error:
            return as_user_error(error)  # type: ignore[return-value]
        return Person.of(view)

    @strawberry.mutation(description="Take a role back from a person.")
    async def revoke_person_role(self, info: Info, input: RevokePersonRoleInput) -> PersonResult:
        ctx = info.context
        try:
            view = await people_service.revoke(
                ctx.db,
                ctx.authorizer,
                ctx.caller(),
                person_id=_pk(input.id),
                version=input.version,
                role=input.role.value,
                unit_code=input.unit,
                as_of=input.as_of,
                day=ctx.authorizer.clock(),
            )
        except AppError as error:
            return as_user_error(error)  # type: ignore[return-value]
        return Person.of(view)

    @strawberry.mutation(description="Change a person's unit: revoke and grant in one step.")
    async def move_person(self, info: Info, input: MovePersonInput) -> PersonResult:
        ctx = info.context
        try:
            view = await people_service.move(
                ctx.db,
                ctx.authorizer,
                ctx.caller(),
                person_id=_pk(input.id),
                version=input.version,
                role=input.role.value,
                unit_code=input.unit,
                as_of=input.as_of,
                day=ctx.authorizer.clock(),
            )
        except AppError as error:
            return as_user_error(error)  # type: ignore[return-value]
        return Person.of(view)

    @strawberry.mutation(
        description="Disable a person: their tokens are refused at once in "
        "every API process and their roles count for nothing until enabled."
    )
    async def disable_person(self, info: Info, input: PersonVersionInput) -> PersonResult:
        return await _set_disabled(info, input, True)

    @strawberry.mutation(description="Enable a disabled person again (their roles count again).")
    async def enable_person(self, info: Info, input: PersonVersionInput) -> PersonResult:
        return await _set_disabled(info, input, False)


async def _set_disabled(info: Info, input: PersonVersionInput, disabled: bool) -> PersonResult:
    ctx = info.context
    try:
        view = await people_service.set_disabled(
            ctx.db,
            ctx.authorizer,
            ctx.caller(),
            person_id=_pk(input.id),
            version=input.version,
            disabled=disabled,
            day=ctx.authorizer.clock(),
        )
    except AppError as error:
        return as_user_error(error)  # type: ignore[return-value]
    return Person.of(view)
