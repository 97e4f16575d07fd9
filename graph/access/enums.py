"""The one GraphQL enum of roles (people, grants, service accounts all use it)."""

from __future__ import annotations

import strawberry

from authz.roles import Role

RoleEnum = strawberry.enum(
    Role,
    name="Role",
    description="A role of the platform (vai trò); each is held at a unit and applies to its "
    "subtree.",
)
