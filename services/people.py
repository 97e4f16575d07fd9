"""People: how administrators onboard and manage the users of their units (issue 17).

The rules, all asked of the one authorizer:
- An administrator sees the people whose unit is in their subtree (`person read`) and manages
  (grants to, moves, disables) those strictly below them (`person manage`, scope `below`). A
  person who holds no role yet ("waiting for a role") may also be taken on by an administrator
  of the unit they wait at, since nobody below could (a sign-in without a unit claim waits at
  the province).
- Grants follow grantRole's rules: `role grant` (strictly below the granter's unit), never to
  oneself (SELF_GRANT), never a role of the granter's own level or above (ABOVE_OWN_LEVEL), the
  role only at a kind of unit it is held at, never at a unit that has ended. A unit outside the
  caller's scope answers NOT_FOUND, like a unit that does not exist.
- Every change takes the person's `version`, writes an audit entry and NOTIFYs the policy
  channel (grants, moves, disabling) so every API process applies it at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import RowMapping
from sqlalchemy.ext.asyncio import AsyncEngine

from authz.authorizer import Authorizer, Principal, require_authenticated, role_templates
from authz.paths import is_within
from authz.roles import HELD_AT, Role
from core.domain import UnitKind
from core.errors import BadInput, Conflict, Forbidden, NotFound, raises
from core.i18n import msg
from db.queries import authz as authz_q
from db.queries import people as q
from db.session import RequestDB
from services.roles import parse_role
from services.service_accounts import USERNAME
from services.text import nfc
from services.units import unit_by_code

OBJECT = "person"
NATION_ROOT = "vn"

# How high a unit kind stands (lower = higher level): "never above their level" compares the
# level of the role granted with the level of the administrator's own role.
KIND_RANK: dict[UnitKind, float] = {
    UnitKind.NATION: 0,
    UnitKind.PROVINCE: 1,
    UnitKind.DISTRICT: 2,
    UnitKind.COMMUNE: 3,
    UnitKind.AGENCY: 3.5,
    UnitKind.ENTERPRISE: 3.5,
    UnitKind.SCHOOL: 3.5,
    UnitKind.RESIDENTIAL_AREA: 4,
}
LETTER_RANK = {"p": 1.0, "d": 2.0, "c": 3.0, "a": 3.5, "e": 3.5, "s": 3.5, "r": 4.0}


class SelfGrant(Forbidden):
    code = "SELF_GRANT"


class SelfManagement(Forbidden):
    code = "SELF_MANAGEMENT"


class AboveOwnLevel(Forbidden):
    code = "ABOVE_OWN_LEVEL"


class NotBelowYou(Forbidden):
    code = "NOT_BELOW_YOU"


@dataclass(frozen=True, slots=True)
class RoleHolding:
    """One role assignment as shown to people: where, for how long, and whether it counts
    today (its period, and its unit's validity)."""

    username: str
    role: str
    unit_path: str
    valid_from: date | None
    valid_to: date | None
    unit_valid_to: date | None
    active: bool


@dataclass(frozen=True, slots=True)
class PersonView:
    """A person as administrators (and the person) see them, with every role assignment."""

    id: int
    username: str
    display_name: str | None
    position: str | None
    contact: str | None
    provisioned: str
    waiting: bool
    disabled_at: datetime | None
    created_at: datetime
    version: int
    unit_path: str | None
    roles: tuple[RoleHolding, ...] = ()

    @classmethod
    def from_row(cls, row: RowMapping, roles: Sequence[RoleHolding]) -> PersonView:
        return cls(
            id=int(row["id"]),
            username=str(row["username"]),
            display_name=row["display_name"],
            position=row["position"],
            contact=row["contact"],
            provisioned=str(row["provisioned"]),
            waiting=bool(row["waiting"]),
            disabled_at=row["disabled_at"],
            created_at=row["created_at"],
            version=int(row["version"]),
            unit_path=None if row["unit_path"] is None else str(row["unit_path"]),
            roles=tuple(roles),
        )


@dataclass(frozen=True, slots=True)
class PeopleCriteria:
    """What `people` filters on, resolved; `totalCount` counts with the same."""

    roots: tuple[str, ...]
    under_path: str | None
    unit_path: str | None
    role: str | None
    waiting: bool | None
    disabled: bool | None
    day: date


@dataclass(frozen=True, slots=True)
class EndedUnitRole:
    """A role held at a unit whose validity has ended."""

    id: int
    username: str
    role: Role
    unit_code: str
    unit_name: str
    unit_valid_to: date
    unit_path: str
    person_id: int | None

    @classmethod
    def from_row(cls, row: RowMapping) -> EndedUnitRole:
        return cls(
            id=int(row["id"]),
            username=str(row["username"]),
            role=Role(row["role"]),
            unit_code=str(row["unit_code"]),
            unit_name=str(row["unit_name"]),
            unit_valid_to=row["unit_valid_to"],
            unit_path=str(row["unit_path"]),
            person_id=row["person_id"],
        )


@dataclass(frozen=True, slots=True)
class Permission:
    object: str
    action: str
    scope: str
    description: str


def path_rank(path: str) -> float:
    if "." not in path:
        return 0.0
    return LETTER_RANK.get(path.rsplit(".", 1)[1][:1], 4.0)


def role_rank(role: Role) -> float:
    return min(KIND_RANK[k] for k in HELD_AT[role])


def _holding(row: RowMapping, day: date, authorizer: Authorizer) -> RoleHolding:
    active = (
        (row["valid_from"] is None or row["valid_from"] <= day)
        and (row["valid_to"] is None or row["valid_to"] >= day)
        and not (
            authorizer.roles_end_with_units
            and row["unit_valid_to"] is not None
            and row["unit_valid_to"] < day
        )
    )
    return RoleHolding(
        row["username"],
        row["role"],
        row["unit_path"],
        row["valid_from"],
        row["valid_to"],
        row["unit_valid_to"],
        active,
    )


async def _with_roles(
    db: RequestDB, authorizer: Authorizer, rows: Sequence[RowMapping], day: date
) -> list[PersonView]:
    roles: dict[str, list[RoleHolding]] = {str(r["username"]): [] for r in rows}
    if roles:
        for a in await q.assignments_of(db, list(roles)):
            roles[a["username"]].append(_holding(a, day, authorizer))
    return [PersonView.from_row(r, roles[str(r["username"])]) for r in rows]


def _readable(authorizer: Authorizer, principal: Principal, path: str | None) -> bool:
    return path is not None and any(
        is_within(path, root) for root in authorizer.paths_for(principal, OBJECT, "read")
    )


# -- reading ------------------------------------------------------------------------------------
async def people(
    db: RequestDB,
    authorizer: Authorizer,
    principal: Principal | None,
    *,
    under_code: str | None,
    role: str | None,
    unit_code: str | None,
    waiting: bool | None,
    disabled: bool | None,
    after_id: int | None,
    limit: int,
    day: date,
) -> tuple[list[PersonView], PeopleCriteria]:
    """A page of the people in the caller's subtree, and the criteria to count them."""
    principal = require_authenticated(principal)
    roots = authorizer.paths_for(principal, OBJECT, "read")
    if not roots:
        raise Forbidden(msg("Only administrators list people."), object=OBJECT, action="read")
    criteria = PeopleCriteria(
        roots=tuple(roots),
        under_path=(await unit_by_code(db, under_code, None))["path"] if under_code else None,
        unit_path=(await unit_by_code(db, unit_code, None))["path"] if unit_code else None,
        role=parse_role(role).value if role else None,
        waiting=waiting,
        disabled=disabled,
        day=day,
    )
    rows = await q.people_page(db, after_id=after_id, limit=limit, **_criteria(criteria))
    return await _with_roles(db, authorizer, rows, day), criteria


def _criteria(criteria: PeopleCriteria) -> dict[str, Any]:
    return {
        "roots": list(criteria.roots),
        "under_path": criteria.under_path,
        "unit_path": criteria.unit_path,
        "role": criteria.role,
        "waiting": criteria.waiting,
        "disabled": criteria.disabled,
        "day": criteria.day,
    }


async def count(db: RequestDB, criteria: PeopleCriteria) -> int:
    return await q.count_people(db, **_criteria(criteria))


async def visible_person(
    db: RequestDB, authorizer: Authorizer, principal: Principal | None, person_id: int, day: date
) -> PersonView:
    principal = require_authenticated(principal)
    row = await q.person(db, person_id=person_id, day=day)
    if row is None or not (
        _readable(authorizer, principal, row["unit_path"]) or row["username"] == principal.username
    ):
        raise NotFound(msg("No person with this id."))
    return (await _with_roles(db, authorizer, [row], day))[0]


async def me(
    db: RequestDB, authorizer: Authorizer, principal: Principal, day: date
) -> PersonView | None:
    row = await q.person(db, username=principal.username, day=day)
    return (await _with_roles(db, authorizer, [row], day))[0] if row is not None else None


async def holdings_of(
    db: RequestDB, authorizer: Authorizer, username: str, day: date
) -> list[RoleHolding]:
    return [_holding(a, day, authorizer) for a in await q.assignments_of(db, [username])]


def permissions(role: str) -> list[Permission]:
    """What a role allows, from authz/policy.csv, in words (for menus)."""
    return [
        Permission(obj, act, scope, describe(obj, act, scope))
        for r, scope, obj, act in role_templates()
        if r == role
    ]


OBJECT_WORDS = {
    "unit": "units",
    "plan": "plans",
    "target": "targets",
    "model": "movement models",
    "evaluation": "typical-unit campaigns and evaluations",
    "assessment": "assessments",
    "audit": "the audit log",
    "role": "roles",
    "person": "people",
    "service_account": "service accounts and their API keys",
    "import": "spreadsheet imports",
    "webhook": "webhooks",
}
SCOPE_WORDS = {
    "subtree": "at the unit of the role and everywhere below it",
    "below": "strictly below the unit of the role",
    "parent": "of the units directly below the unit of the role",
    "level_above": "of the units this level recognises (communes of a district, agencies of "
    "the level below)",
}


def describe(obj: str, act: str, scope: str) -> str:
    verb = {
        "read": "read",
        "write": "create and change",
        "review": "review",
        "confirm": "confirm",
        "rate": "rate",
        "grant": "grant and revoke",
        "manage": "manage",
    }.get(act, act)
    return f"{verb.capitalize()} {OBJECT_WORDS.get(obj, obj)} {SCOPE_WORDS.get(scope, scope)}."


async def ended_unit_roles(
    db: RequestDB,
    authorizer: Authorizer,
    principal: Principal | None,
    *,
    under_code: str | None,
    after_id: int | None,
    limit: int,
    day: date,
) -> list[EndedUnitRole]:
    principal = require_authenticated(principal)
    roots = authorizer.paths_for(principal, OBJECT, "read")
    if not roots:
        raise Forbidden(msg("Only administrators list role holders."), object=OBJECT, action="read")
    under_path = (await unit_by_code(db, under_code, None))["path"] if under_code else None
    rows = await q.ended_unit_roles(
        db, roots=roots, under_path=under_path, day=day, after_id=after_id, limit=limit
    )
    return [EndedUnitRole.from_row(r) for r in rows]


async def count_ended_unit_roles(
    db: RequestDB,
    authorizer: Authorizer,
    principal: Principal | None,
    *,
    under_code: str | None,
    day: date,
) -> int:
    principal = require_authenticated(principal)
    roots = authorizer.paths_for(principal, OBJECT, "read")
    if not roots:
        raise Forbidden(msg("Only administrators list role holders."), object=OBJECT, action="read")
    under_path = (await unit_by_code(db, under_code, None))["path"] if under_code else None
    return await q.count_ended_unit_roles(db, roots=roots, under_path=under_path, day=day)


# -- checks -------------------------------------------------------------------------------------
async def _grantable(
    db: RequestDB,
    authorizer: Authorizer,
    principal: Principal,
    *,
    username: str,
    role: str,
    unit_code: str,
    as_of: date | None,
    day: date,
) -> tuple[Role, RowMapping]:
    """The role and unit of a grant the caller may make, or the coded refusal."""
    parsed = parse_role(role)
    if username == principal.username:
        raise SelfGrant(msg("You cannot grant a role to yourself; ask an administrator above you."))
    unit = await unit_by_code(db, unit_code, as_of)  # NotFound outside the caller's scope too
    granting = {r for r, scope, obj, act in role_templates() if obj == "role" and act == "grant"}
    own = [g for g in principal.grants if g.role in granting and is_within(unit["path"], g.path)]
    if not own:
        raise Forbidden(msg("You may not grant roles at this unit."), object="role", action="grant")
    if role_rank(parsed) <= min(path_rank(g.path) for g in own):
        raise AboveOwnLevel(
            msg(
                "{parsed} is a role of your own level or above; only an administrator above "
                "you can grant it.",
                parsed=parsed.value,
            )
        )
    if not authorizer.allowed(principal, "role", "grant", unit["path"]):
        raise NotBelowYou(msg("You grant roles only at units strictly below yours."))
    if parsed is Role.INTEGRATION:
        raise BadInput(
            msg("The integration role belongs to service accounts (createServiceAccount)."),
            field="role",
        )
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
    if unit["valid_to"] is not None and unit["valid_to"] < day:
        raise BadInput(
            msg(
                "{unit_name} ended on {unit_valid_to}: grant the role at the unit that succeeded "
                "it.",
                unit_name=unit["name"],
                unit_valid_to=unit["valid_to"].isoformat(),
            ),
            field="unit",
        )
    return parsed, unit


def _check_period(valid_from: date | None, valid_to: date | None, day: date) -> None:
    if valid_from is not None and valid_to is not None and valid_to < valid_from:
        raise BadInput(msg("`validTo` is before `validFrom`."), field="validTo")
    if valid_to is not None and valid_to < day:
        raise BadInput(msg("`validTo` is in the past."), field="validTo")


async def _managed(
    db: RequestDB,
    authorizer: Authorizer,
    principal: Principal,
    person_id: int,
    version: int,
    day: date,
    self_error: type[Forbidden] = SelfManagement,
) -> RowMapping:
    """The person, if the caller may manage them: NotFound when the caller cannot see them,
    SELF_MANAGEMENT for oneself, NOT_BELOW_YOU for people at or above the caller's unit."""
    row = await q.person(db, person_id=person_id, day=day)
    if row is None or not (
        _readable(authorizer, principal, row["unit_path"]) or row["username"] == principal.username
    ):
        raise NotFound(msg("No person with this id."))
    if row["username"] == principal.username:
        raise self_error(
            "You cannot change your own roles or account; ask an administrator above you."
        )
    if not (authorizer.allowed(principal, OBJECT, "manage", row["unit_path"]) or row["waiting"]):
        raise NotBelowYou(msg("You manage only people of units strictly below yours."))
    if row["version"] != version:
        raise Conflict(
            msg(
                "{row_username} was changed by someone else (you have version {version}, "
                "the current one is {row_version}); reload and retry.",
                row_username=row["username"],
                version=version,
                row_version=row["version"],
            ),
            current_version=row["version"],
        )
    return row


async def _bump(db: RequestDB, row: RowMapping, **values: Any) -> None:
    if not await q.update_person(db, row["id"], row["version"], **values):
        raise Conflict(
            msg(
                "{row_username} was changed by someone else; reload and retry.",
                row_username=row["username"],
            ),
            current_version=None,
        )


async def _finish(
    db: RequestDB,
    authorizer: Authorizer,
    principal: Principal,
    person_id: int,
    day: date,
    *,
    policy: bool = True,
) -> PersonView:
    if policy:
        await authz_q.notify_policy_changed(db)
    await db.commit()
    if policy:
        await authorizer.reload()
    return await visible_person(db, authorizer, principal, person_id, day)


# -- changes ------------------------------------------------------------------------------------
@raises(BadInput, Forbidden, NotFound)
async def invite(
    db: RequestDB,
    authorizer: Authorizer,
    principal: Principal | None,
    *,
    username: str,
    display_name: str,
    position: str | None,
    contact: str | None,
    role: str,
    unit_code: str,
    as_of: date | None,
    valid_from: date | None,
    valid_to: date | None,
    day: date,
) -> PersonView:
    """Create a person at a unit with their first role (an invitation: they sign in later with
    the identity provider under this username)."""
    principal = require_authenticated(principal)
    username = username.strip()
    if not USERNAME.match(username):
        raise BadInput(
            msg(
                "`username`: 3 to 64 characters, lower-case letters, digits, `_`, `.`, `-`, "
                "starting with a letter or digit."
            ),
            field="username",
        )
    if not display_name.strip() or len(display_name) > 200:
        raise BadInput(msg("`displayName` must be 1 to 200 characters."), field="displayName")
    parsed, unit = await _grantable(
        db,
        authorizer,
        principal,
        username=username,
        role=role,
        unit_code=unit_code,
        as_of=as_of,
        day=day,
    )
    _check_period(valid_from, valid_to, day)
    for name, value in (("position", position), ("contact", contact)):
        if value is not None and len(value) > 200:
            raise BadInput(msg("`{name}` may be at most 200 characters.", name=name), field=name)
    created = await q.create_person(
        db,
        username=username,
        display_name=nfc(display_name.strip()),
        position=nfc((position or "").strip()) or None,
        contact=nfc((contact or "").strip()) or None,
        unit_path=unit["path"],
        created_by=principal.username,
        provisioned="invited",
    )
    if created is None:
        raise BadInput(
            msg("The username {username!r} is taken.", username=username), field="username"
        )
    await q.put_assignment(
        db,
        username=username,
        role=parsed.value,
        path=unit["path"],
        valid_from=valid_from,
        valid_to=valid_to,
        granted_by=principal.username,
    )
    await authz_q.record_audit(
        db,
        actor=principal.username,
        action="invite",
        object_type=OBJECT,
        object_id=username,
        unit_path=unit["path"],
        before=None,
        after={
            "role": parsed.value,
            "unit": unit["path"],
            "validFrom": valid_from,
            "validTo": valid_to,
            "position": position,
        },
    )
    return await _finish(db, authorizer, principal, created["id"], day)


@raises(BadInput, Conflict, Forbidden, NotFound)
async def grant(
    db: RequestDB,
    authorizer: Authorizer,
    principal: Principal | None,
    *,
    person_id: int,
    version: int,
    role: str,
    unit_code: str,
    as_of: date | None,
    valid_from: date | None,
    valid_to: date | None,
    day: date,
) -> PersonView:
    """Grant a role, for a period when validFrom/validTo are given (an acting role ends by
    itself: the authorizer stops honouring it after validTo). Granting a role the person holds
    already at that unit sets its period."""
    principal = require_authenticated(principal)
    row = await _managed(db, authorizer, principal, person_id, version, day, SelfGrant)
    parsed, unit = await _grantable(
        db,
        authorizer,
        principal,
        username=row["username"],
        role=role,
        unit_code=unit_code,
        as_of=as_of,
        day=day,
    )
    _check_period(valid_from, valid_to, day)
    before = await q.put_assignment(
        db,
        username=row["username"],
        role=parsed.value,
        path=unit["path"],
        valid_from=valid_from,
        valid_to=valid_to,
        granted_by=principal.username,
    )
    # A waiting person belongs, from now on, where they were given their first role.
    moved = {"unit_path": unit["path"]} if row["waiting"] or row["unit_path"] is None else {}
    await _bump(db, row, **moved)
    await authz_q.record_audit(
        db,
        actor=principal.username,
        action="grant",
        object_type="role_assignment",
        object_id=row["username"],
        unit_path=unit["path"],
        before=None
        if before is None
        else {
            "role": parsed.value,
            "unit": unit["path"],
            "validFrom": before["valid_from"],
            "validTo": before["valid_to"],
        },
        after={
            "role": parsed.value,
            "unit": unit["path"],
            "validFrom": valid_from,
            "validTo": valid_to,
        },
    )
    return await _finish(db, authorizer, principal, person_id, day)


@raises(BadInput, Conflict, Forbidden, NotFound)
async def revoke(
    db: RequestDB,
    authorizer: Authorizer,
    principal: Principal | None,
    *,
    person_id: int,
    version: int,
    role: str,
    unit_code: str,
    as_of: date | None,
    day: date,
) -> PersonView:
    principal = require_authenticated(principal)
    row = await _managed(db, authorizer, principal, person_id, version, day, SelfGrant)
    parsed = parse_role(role)
    unit = await unit_by_code(db, unit_code, as_of)
    if not authorizer.allowed(principal, "role", "grant", unit["path"]):
        raise NotBelowYou(msg("You revoke roles only at units strictly below yours."))
    if not await authz_q.remove_assignment(db, row["username"], parsed.value, unit["path"]):
        raise BadInput(
            msg(
                "{row_username} does not hold {parsed} at that unit.",
                row_username=row["username"],
                parsed=parsed.value,
            ),
            field="role",
        )
    await _bump(db, row)
    await authz_q.record_audit(
        db,
        actor=principal.username,
        action="revoke",
        object_type="role_assignment",
        object_id=row["username"],
        unit_path=unit["path"],
        before={"role": parsed.value, "unit": unit["path"]},
        after=None,
    )
    return await _finish(db, authorizer, principal, person_id, day)


@raises(BadInput, Conflict, Forbidden, NotFound)
async def move(
    db: RequestDB,
    authorizer: Authorizer,
    principal: Principal | None,
    *,
    person_id: int,
    version: int,
    role: str,
    unit_code: str,
    as_of: date | None,
    day: date,
) -> PersonView:
    """Change a person's unit in one step: the roles the caller could have granted are revoked
    and `role` is granted at the new unit (roles held elsewhere, beyond the caller, stay)."""
    principal = require_authenticated(principal)
    row = await _managed(db, authorizer, principal, person_id, version, day, SelfGrant)
    parsed, unit = await _grantable(
        db,
        authorizer,
        principal,
        username=row["username"],
        role=role,
        unit_code=unit_code,
        as_of=as_of,
        day=day,
    )
    revoked = []
    for a in await q.assignments_of(db, [row["username"]]):
        if authorizer.allowed(principal, "role", "grant", a["unit_path"]):
            await authz_q.remove_assignment(db, row["username"], a["role"], a["unit_path"])
            revoked.append({"role": a["role"], "unit": a["unit_path"]})
    await q.put_assignment(
        db,
        username=row["username"],
        role=parsed.value,
        path=unit["path"],
        valid_from=None,
        valid_to=None,
        granted_by=principal.username,
    )
    await _bump(db, row, unit_path=unit["path"])
    await authz_q.record_audit(
        db,
        actor=principal.username,
        action="move",
        object_type=OBJECT,
        object_id=row["username"],
        unit_path=unit["path"],
        before={"unit": row["unit_path"], "roles": revoked},
        after={"unit": unit["path"], "role": parsed.value},
    )
    return await _finish(db, authorizer, principal, person_id, day)


@raises(BadInput, Conflict, Forbidden, NotFound)
async def set_disabled(
    db: RequestDB,
    authorizer: Authorizer,
    principal: Principal | None,
    *,
    person_id: int,
    version: int,
    disabled: bool,
    day: date,
) -> PersonView:
    """Disable a person (their tokens are refused by every API process from the NOTIFY on, and
    they hold nothing) or enable them again (their roles count again)."""
    principal = require_authenticated(principal)
    row = await _managed(db, authorizer, principal, person_id, version, day)
    if disabled == (row["disabled_at"] is not None):
        state = "disabled" if disabled else "enabled"
        raise BadInput(
            msg("{row_username} is already {state}.", row_username=row["username"], state=state),
            field="id",
        )
    await _bump(db, row, disabled_by=principal.username if disabled else None)
    await authz_q.record_audit(
        db,
        actor=principal.username,
        action="disable" if disabled else "enable",
        object_type=OBJECT,
        object_id=row["username"],
        unit_path=row["unit_path"],
        before={"disabled": not disabled},
        after={"disabled": disabled},
    )
    return await _finish(db, authorizer, principal, person_id, day)


# -- first sign-in --------------------------------------------------------------------------------
async def provision_on_sign_in(
    engine: AsyncEngine,
    *,
    username: str,
    display_name: str | None,
    unit_code: str | None,
    default_unit_code: str | None,
    day: date,
) -> bool:
    """Create the person of a first valid identity-provider token, with no roles, waiting at the
    unit its claim names (or the configured default unit, the province); True when created."""
    codes = [c for c in (unit_code, default_unit_code) if c]
    async with engine.begin() as conn:
        return await q.provision(
            conn,
            username=username,
            display_name=nfc(display_name)[:200] if display_name else None,
            unit_codes=codes,
            root=NATION_ROOT,
            day=day,
        )


# -- the first administrator --------------------------------------------------------------------
async def create_admin(
    owner_url: str, *, username: str, unit_code: str, display_name: str | None, day: date
) -> str:
    """`antq users create-admin`: the first province_admin of a fresh deployment, written with
    the owner connection (nobody can grant it through the API: it is the top of the tree).
    Returns the unit's path. Safe to repeat; the grant is in the audit log (actor `cli`)."""
    from sqlalchemy.ext.asyncio import create_async_engine

    if not USERNAME.match(username):
        raise BadInput(
            msg("`--username`: 3 to 64 characters, lower-case letters, digits, `_`, `.`, `-`."),
            field="username",
        )
    engine = create_async_engine(owner_url)
    try:
        async with engine.begin() as conn:
            path = await q.create_admin(
                conn,
                username=username,
                unit_code=unit_code,
                display_name=display_name,
                role=Role.PROVINCE_ADMIN.value,
                day=day,
            )
            if path is None:
                raise BadInput(
                    msg("No province with code {unit_code!r} exists today.", unit_code=unit_code),
                    field="unit",
                )
    finally:
        await engine.dispose()
    return path
