"""Inputs of the role mutations."""

from __future__ import annotations

from datetime import date

import strawberry

from graph.access.enums import RoleEnum


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
