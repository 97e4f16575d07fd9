"""Root mutations of people management: each returns the person or why nothing changed."""

from __future__ import annotations

import strawberry

from core.errors import AppError, NotFound
from core.ids import from_global_id
from graph.context import Info
from graph.people.inputs import (
    GrantPersonRoleInput,
    InvitePersonInput,
    MovePersonInput,
    PersonVersionInput,
    RevokePersonRoleInput,
)
from graph.people.types import Person, PersonResult
from graph.types.errors import as_user_error
from services import people as people_service


def _pk(global_id: strawberry.ID) -> int:
    decoded = from_global_id(global_id)
    if decoded is None or decoded[0] != "Person":
        raise NotFound("No person with this id.")
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
