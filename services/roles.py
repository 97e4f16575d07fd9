"""Granting and revoking roles: who may grant where, and what a grant must look like.

Separation of duty: nobody grants a role to themselves (a province admin giving itself a
reviewer or integration role could confirm assessments or register webhooks), and every grant
records the admin who made it (`granted_by`, migration 0019; in the audit log as well).

Usernames are not a probe: a name that does not exist and a name of somebody in another
tenant (every role they hold, or a service account's home, outside the caller's read scope)
get the same InvalidInput, word for word, in grantRole and revokeRole.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from authz.authorizer import Authorizer, Principal, require_authenticated
from authz.paths import is_within
from authz.roles import HELD_AT, Role
from core.domain import UnitKind
from core.errors import BadInput, Forbidden, NotFound, raises
from core.i18n import msg
from db.queries import authz as q
from db.session import RequestDB
from services.units import unit_by_code


@dataclass(frozen=True, slots=True)
class Assignment:
    username: str
    role: str
    unit_path: str
    unit_id: int
    granted_by: str | None = None


async def granted_by(db: RequestDB, *, username: str, role: str, unit_path: str) -> str | None:
    """Who granted an assignment (None when not recorded)."""
    return await q.granted_by(db, username, role, unit_path)


def unknown_user() -> BadInput:
    """The one answer for a name that is unknown or belongs to another tenant (the name is not
    echoed, so the message is the same string for every such name)."""
    return BadInput(msg("No user by that name that you can manage."), field="username")


def parse_role(value: str) -> Role:
    try:
        return Role(value)
    except ValueError:
        known = ", ".join(r.value for r in Role)
        raise BadInput(
            msg("Unknown role {value!r}; roles are: {known}.", value=value, known=known),
            field="role",
        ) from None


@raises(BadInput, Forbidden, NotFound)
async def grant_role(
    db: RequestDB,
    authorizer: Authorizer,
    principal: Principal | None,
    *,
    username: str,
    role: str,
    unit_code: str,
    as_of: date | None,
) -> Assignment:
    principal = require_authenticated(principal)
    if username.strip() == principal.username:
        raise Forbidden(
            msg("Nobody grants a role to themselves; another administrator must."),
            object="role",
            action="grant",
        )
    assignment = await _validated(db, authorizer, principal, username, role, unit_code, as_of)
    if await q.is_service_account(db, assignment.username):
        # A service account holds exactly the integration role it was created with (see
        # services.service_accounts); another unit or role is another account.
        raise BadInput(
            msg(
                "{assignment_username} is a service account: its role is fixed when it is "
                "created (createServiceAccount).",
                assignment_username=assignment.username,
            ),
            field="username",
        )
    if await q.add_assignment(
        db,
        assignment.username,
        assignment.role,
        assignment.unit_path,
        granted_by=principal.username,
    ):
        await q.record_audit(
            db,
            actor=principal.username,
            action="grant",
            object_type="role_assignment",
            object_id=assignment.username,
            unit_path=assignment.unit_path,
            before=None,
            after={
                "role": assignment.role,
                "unit": assignment.unit_path,
                "user": assignment.username,
                "grantedBy": principal.username,
            },
        )
        await q.notify_policy_changed(db)
        granted: str | None = principal.username
    else:  # already held: whoever granted it first stays on record
        granted = await q.granted_by(db, assignment.username, assignment.role, assignment.unit_path)
    await db.commit()
    await authorizer.reload()
    return replace(assignment, granted_by=granted)


@raises(BadInput, Forbidden, NotFound)
async def revoke_role(
    db: RequestDB,
    authorizer: Authorizer,
    principal: Principal | None,
    *,
    username: str,
    role: str,
    unit_code: str,
    as_of: date | None,
) -> Assignment:
    assignment = await _validated(db, authorizer, principal, username, role, unit_code, as_of)
    granted = await q.granted_by(db, assignment.username, assignment.role, assignment.unit_path)
    if await q.remove_assignment(db, assignment.username, assignment.role, assignment.unit_path):
        await q.record_audit(
            db,
            actor=principal.username if principal else "",
            action="revoke",
            object_type="role_assignment",
            object_id=assignment.username,
            unit_path=assignment.unit_path,
            before={
                "role": assignment.role,
                "unit": assignment.unit_path,
                "user": assignment.username,
                "grantedBy": granted,
            },
            after=None,
        )
        await q.notify_policy_changed(db)
    else:
        raise BadInput(
            msg(
                "{assignment_username} does not hold {role} at that unit.",
                assignment_username=assignment.username,
                role=role,
            ),
            field="role",
        )
    await db.commit()
    await authorizer.reload()
    return replace(assignment, granted_by=granted)


async def _validated(
    db: RequestDB,
    authorizer: Authorizer,
    principal: Principal | None,
    username: str,
    role: str,
    unit_code: str,
    as_of: date | None,
) -> Assignment:
    username = username.strip()
    if not username or len(username) > 128:
        raise BadInput(msg("`username` must be 1 to 128 characters."), field="username")
    parsed = parse_role(role)
    unit = await unit_by_code(db, unit_code, as_of)  # NotFound outside the caller's scope too
    # Only an admin strictly above the unit may grant there (policy: role/grant, scope below).
    authorizer.require(principal, "role", "grant", unit["path"])
    if UnitKind(unit["kind"]) not in HELD_AT[parsed]:
        allowed = ", ".join(sorted(k.value for k in HELD_AT[parsed]))
        raise BadInput(
            msg(
                "{parsed} is held at a {allowed}, not at a {unit_kind}.",
                parsed=parsed.value,
                allowed=allowed,
                unit_kind=unit["kind"],
            ),
            field="unit",
        )
    if not await manageable_user(db, authorizer, principal, username):
        raise unknown_user()
    return Assignment(username, parsed.value, unit["path"], unit["id"])


async def manageable_user(
    db: RequestDB, authorizer: Authorizer, principal: Principal | None, username: str
) -> bool:
    """Whether the caller may see that `username` exists: a service account whose home is in
    the caller's read scope, or a person with no role yet or with a role in that scope. Someone
    of another tenant is treated exactly like a name that does not exist."""
    home = await q.user_home(db, username)
    if home is None:
        return False
    scope = authorizer.read_scope(principal)
    is_account, home_path = home
    if is_account:
        return home_path is not None and any(is_within(home_path, root) for root in scope)
    grants = authorizer.principal(username).grants
    return not grants or any(is_within(g.path, root) for g in grants for root in scope)
