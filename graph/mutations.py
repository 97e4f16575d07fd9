"""Root mutations of access control. Each returns a union of its result and UserError types."""

from __future__ import annotations

from datetime import date

import strawberry

from core.errors import AppError
from graph.access.enums import RoleEnum
from graph.access.types import RoleAssignment, RoleChangeResult
from graph.context import Info
from graph.types.errors import as_user_error
from services import roles as role_service


@strawberry.input(
    name="GrantRoleInput", description="Who gets which role, at which unit (grantRole)."
)
class RoleChangeInput:
    username: str
    role: RoleEnum = strawberry.field(description="The role.")
    unit_code: str = strawberry.field(name="unit")
    as_of: date | None = None


@strawberry.input(
    name="RevokeRoleInput", description="Who loses which role, at which unit (revokeRole)."
)
class RevokeRoleInput(RoleChangeInput):
    pass


@strawberry.type
class AccessMutations:
    @strawberry.mutation(
        description="Give a user a role at a unit strictly below one where you "
        "are province_admin (never to yourself). Takes effect in every API "
        "process at once; you are recorded as the grantor."
    )
    async def grant_role(self, info: Info, input: RoleChangeInput) -> RoleChangeResult:
        ctx = info.context
        principal = ctx.caller()
        try:
            a = await role_service.grant_role(
                ctx.db,
                ctx.authorizer,
                principal,
                username=input.username,
                role=input.role,
                unit_code=input.unit_code,
                as_of=input.as_of,
            )
        except AppError as error:
            return as_user_error(error)
        return RoleAssignment(
            username=a.username,
            role=a.role,
            unit_path=a.unit_path,
            known_granted_by=(a.granted_by,),
        )

    @strawberry.mutation(description="Take a role back (same rule as grantRole).")
    async def revoke_role(self, info: Info, input: RevokeRoleInput) -> RoleChangeResult:
        ctx = info.context
        principal = ctx.caller()
        try:
            a = await role_service.revoke_role(
                ctx.db,
                ctx.authorizer,
                principal,
                username=input.username,
                role=input.role,
                unit_code=input.unit_code,
                as_of=input.as_of,
            )
        except AppError as error:
            return as_user_error(error)
        return RoleAssignment(
            username=a.username,
            role=a.role,
            unit_path=a.unit_path,
            known_granted_by=(a.granted_by,),
        )
