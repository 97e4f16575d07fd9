"""Root mutations of access control. Each returns a union of its result and UserError types."""

from __future__ import annotations

from datetime import date

import strawberry

from graph.context import Info
from graph.types.access import RoleAssignment, RoleChangeResult
from graph.types.errors import as_user_error
from services import roles as role_service
from services.errors import AppError


@strawberry.input
class RoleChangeInput:
    username: str
    role: str = strawberry.field(description="Role name: ministry_viewer, province_admin, "
                                 "province_reviewer, "
                                 "district_officer, district_reviewer, commune_officer, "
                                 "agency_head, department_viewer or integration.")
    unit_code: str
    as_of: date | None = None


@strawberry.type
class AccessMutations:
    @strawberry.mutation(description="Give a user a role at a unit strictly below one where you "
                         "are province_admin. Takes effect in every API process at once.")
    async def grant_role(self, info: Info, input: RoleChangeInput) -> RoleChangeResult:
        ctx = info.context
        principal = ctx.caller()
        try:
            a = await role_service.grant_role(
                ctx.db, ctx.authorizer, principal, username=input.username, role=input.role,
                unit_code=input.unit_code, as_of=input.as_of)
        except AppError as error:
            return as_user_error(error)
        return RoleAssignment(username=a.username, role=a.role, unit_path=a.unit_path)

    @strawberry.mutation(description="Take a role back (same rule as grantRole).")
    async def revoke_role(self, info: Info, input: RoleChangeInput) -> RoleChangeResult:
        ctx = info.context
        principal = ctx.caller()
        try:
            a = await role_service.revoke_role(
                ctx.db, ctx.authorizer, principal, username=input.username, role=input.role,
                unit_code=input.unit_code, as_of=input.as_of)
        except AppError as error:
            return as_user_error(error)
        return RoleAssignment(username=a.username, role=a.role, unit_path=a.unit_path)
