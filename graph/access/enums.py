"""The one GraphQL enum of roles (people, grants, service accounts all use it)."""

from __future__ import annotations

import strawberry

from authz.roles import Role

strawberry.enum(
    Role,
    name="Role",
    description="A role of the platform (vai trò); each is held at a unit and applies to its "
    "subtree.",
)
RoleEnum = Role  # the class itself, now a GraphQL enum: usable as a type annotation
