"""Root mutations of access control, through the one door (graph/door.py)."""

from __future__ import annotations

import strawberry

from authz.roles import Role
from graph import door
from graph.access.inputs import RevokeRoleInput, RoleChangeInput
from graph.access.types import RoleAssignment
from graph.door import Call
from services import roles as role_service


def _assignment(a: role_service.Assignment) -> RoleAssignment:
    return RoleAssignment(
        username=a.username,
        role=Role(a.role),
        unit_path=a.unit_path,
        known_granted_by=(a.granted_by,),
    )


@strawberry.type
class AccessMutations:
    @door.mutation(
        service=role_service.grant_role,
        returns=RoleAssignment,
        description="Give a user a role at a unit strictly below one where you "
        "are province_admin (never to yourself). Takes effect in every API "
        "process at once; you are recorded as the grantor.",
    )
    async def grant_role(call: Call, input: RoleChangeInput) -> RoleAssignment:
        a = await role_service.grant_role(
            call.db,
            call.authorizer,
            call.principal,
            username=input.username,
            role=input.role,
            unit_code=input.unit_code,
            as_of=input.as_of,
        )
        return _assignment(a)

    @door.mutation(
        service=role_service.revoke_role,
        returns=RoleAssignment,
        description="Take a role back (same rule as grantRole).",
    )
    async def revoke_role(call: Call, input: RevokeRoleInput) -> RoleAssignment:
        a = await role_service.revoke_role(
            call.db,
            call.authorizer,
            call.principal,
            username=input.username,
            role=input.role,
            unit_code=input.unit_code,
            as_of=input.as_of,
        )
        return _assignment(a)
