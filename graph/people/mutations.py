"""Root mutations of people management, through the one door (graph/door.py): each returns the
person or why nothing changed."""

from __future__ import annotations

import strawberry

from graph import door
from graph.door import Call
from graph.people.inputs import (
    DisablePersonInput,
    EnablePersonInput,
    GrantPersonRoleInput,
    InvitePersonInput,
    MovePersonInput,
    RevokePersonRoleInput,
)
from graph.people.types import Person
from services import people as people_service


def _person(call: Call, global_id: strawberry.ID) -> int:
    return call.pk(global_id, "Person", field="id")


@strawberry.type
class PeopleMutations:
    @door.mutation(
        service=people_service.invite,
        returns=Person,
        description="Create a person at a unit strictly below yours with a "
        "first role (province_admin). They sign in with that username.",
    )
    async def invite_person(call: Call, input: InvitePersonInput) -> Person:
        view = await people_service.invite(
            call.db,
            call.authorizer,
            call.principal,
            username=input.username,
            display_name=input.display_name,
            position=input.position,
            contact=input.contact,
            role=input.role.value,
            unit_code=input.unit,
            as_of=input.as_of,
            valid_from=input.valid_from,
            valid_to=input.valid_to,
            day=call.authorizer.clock(),
        )
        return Person.of(view)

    @door.mutation(
        service=people_service.grant,
        returns=Person,
        description="Grant a role, for a period if given: an acting role "
        "stops counting after `validTo` by itself. Never to yourself "
        "(SELF_GRANT), never your own level or above (ABOVE_OWN_LEVEL).",
    )
    async def grant_person_role(call: Call, input: GrantPersonRoleInput) -> Person:
        view = await people_service.grant(
            call.db,
            call.authorizer,
            call.principal,
            person_id=_person(call, input.id),
            version=input.version,
            role=input.role.value,
            unit_code=input.unit,
            as_of=input.as_of,
            valid_from=input.valid_from,
            valid_to=input.valid_to,
            day=call.authorizer.clock(),
        )
        return Person.of(view)

    @door.mutation(
        service=people_service.revoke,
        returns=Person,
        description="Take a role back from a person.",
    )
    async def revoke_person_role(call: Call, input: RevokePersonRoleInput) -> Person:
        view = await people_service.revoke(
            call.db,
            call.authorizer,
            call.principal,
            person_id=_person(call, input.id),
            version=input.version,
            role=input.role.value,
            unit_code=input.unit,
            as_of=input.as_of,
            day=call.authorizer.clock(),
        )
        return Person.of(view)

    @door.mutation(
        service=people_service.move,
        returns=Person,
        description="Change a person's unit: revoke and grant in one step.",
    )
    async def move_person(call: Call, input: MovePersonInput) -> Person:
        view = await people_service.move(
            call.db,
            call.authorizer,
            call.principal,
            person_id=_person(call, input.id),
            version=input.version,
            role=input.role.value,
            unit_code=input.unit,
            as_of=input.as_of,
            day=call.authorizer.clock(),
        )
        return Person.of(view)

    @door.mutation(
        service=people_service.set_disabled,
        returns=Person,
        description="Disable a person: their tokens are refused at once in "
        "every API process and their roles count for nothing until enabled.",
    )
    async def disable_person(call: Call, input: DisablePersonInput) -> Person:
        return await _set_disabled(call, input.id, input.version, True)

    @door.mutation(
        service=people_service.set_disabled,
        returns=Person,
        description="Enable a disabled person again (their roles count again).",
    )
    async def enable_person(call: Call, input: EnablePersonInput) -> Person:
        return await _set_disabled(call, input.id, input.version, False)


async def _set_disabled(
    call: Call, global_id: strawberry.ID, version: int, disabled: bool
) -> Person:
    view = await people_service.set_disabled(
        call.db,
        call.authorizer,
        call.principal,
        person_id=_person(call, global_id),
        version=version,
        disabled=disabled,
        day=call.authorizer.clock(),
    )
    return Person.of(view)
