"""Granting and revoking roles: who may grant where, and what a grant must look like."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from authz.authorizer import Authorizer, Principal
from authz.roles import HELD_AT, Role
from db.models.units import UnitKind
from db.queries import authz as q
from db.session import RequestDB
from services.errors import BadInput
from services.units import unit_by_code


@dataclass(frozen=True, slots=True)
class Assignment:
    username: str
    role: str
    unit_path: str
    unit_id: int


def parse_role(value: str) -> Role:
    try:
        return Role(value)
    except ValueError:
        known = ", ".join(r.value for r in Role)
        raise BadInput(f"Unknown role {value!r}; roles are: {known}.", field="role") from None


async def grant_role(db: RequestDB, authorizer: Authorizer, principal: Principal | None, *,
                     username: str, role: str, unit_code: str, as_of: date | None) -> Assignment:
    assignment = await _validated(db, authorizer, principal, username, role, unit_code, as_of)
    if await q.is_service_account(db, assignment.username):
        # A service account holds exactly the integration role it was created with (see
        # services.service_accounts); another unit or role is another account.
        raise BadInput(f"{assignment.username} is a service account: its role is fixed when it "
                       "is created (createServiceAccount).", field="username")
    if await q.add_assignment(db, assignment.username, assignment.role, assignment.unit_path):
        await q.record_audit(db, actor=principal.username if principal else "", action="grant",
                             object_type="role_assignment", object_id=assignment.username,
                             unit_path=assignment.unit_path, before=None,
                             after={"role": assignment.role, "unit": assignment.unit_path})
        await q.notify_policy_changed(db)
    await db.commit()
    await authorizer.reload()
    return assignment


async def revoke_role(db: RequestDB, authorizer: Authorizer, principal: Principal | None, *,
                      username: str, role: str, unit_code: str,
                      as_of: date | None) -> Assignment:
    assignment = await _validated(db, authorizer, principal, username, role, unit_code, as_of)
    if await q.remove_assignment(db, assignment.username, assignment.role, assignment.unit_path):
        await q.record_audit(db, actor=principal.username if principal else "", action="revoke",
                             object_type="role_assignment", object_id=assignment.username,
                             unit_path=assignment.unit_path,
                             before={"role": assignment.role, "unit": assignment.unit_path},
                             after=None)
        await q.notify_policy_changed(db)
    else:
        raise BadInput(f"{username} does not hold {role} at that unit.", field="role")
    await db.commit()
    await authorizer.reload()
    return assignment


async def _validated(db: RequestDB, authorizer: Authorizer, principal: Principal | None,
                     username: str, role: str, unit_code: str,
                     as_of: date | None) -> Assignment:
    username = username.strip()
    if not username or len(username) > 128:
        raise BadInput("`username` must be 1 to 128 characters.", field="username")
    parsed = parse_role(role)
    unit = await unit_by_code(db, unit_code, as_of)  # NotFound outside the caller's scope too
    # Only an admin strictly above the unit may grant there (policy: role/grant, scope below).
    authorizer.require(principal, "role", "grant", unit["path"])
    if UnitKind(unit["kind"]) not in HELD_AT[parsed]:
        allowed = ", ".join(sorted(k.value for k in HELD_AT[parsed]))
        raise BadInput(f"{parsed.value} is held at a {allowed}, not at a {unit['kind']}.",
                       field="unit")
    if not await q.user_exists(db, username):
        raise BadInput(f"No user {username!r}.", field="username")
    return Assignment(username, parsed.value, unit["path"], unit["id"])
