"""Quotas of typical units that plans set ("mỗi năm lựa chọn ít nhất 01 xã, 01 phường/thị trấn
và 01 cơ quan …"), and the rollup that says, per subordinate unit, whether it met them.

A quota row counts campaigns of the year (registered, or recognised) of units of the listed
kinds in the addressed unit's subtree; `issuer` quotas count the units directly below the
issuing level itself (the agencies a province manages).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import RowMapping

from authz.authorizer import Authorizer, Principal
from core.domain import QuotaAddressee, QuotaKind, QuotaMeasure
from core.errors import BadInput, Conflict, Forbidden, NotFound, raises
from core.i18n import msg
from db.queries import authz as audit_q
from db.queries import schedules as q
from db.session import RequestDB
from services.records import record
from services.schedules import _writable_plan
from services.units import unit_by_code
from services.versioning import check_version

KIND_LABELS = {
    QuotaKind.XA: "xã",
    QuotaKind.PHUONG_THI_TRAN: "phường/thị trấn",
    QuotaKind.DAC_KHU: "đặc khu",
    QuotaKind.AGENCY: "cơ quan",
    QuotaKind.ENTERPRISE: "doanh nghiệp",
    QuotaKind.SCHOOL: "cơ sở giáo dục",
}


@dataclass(frozen=True, slots=True)
class QuotaInput:
    addressee: str
    unit_kinds: list[str]
    minimum: int
    measure: str
    wording: str
    every_year: bool = False


@raises(BadInput, Forbidden, NotFound)
async def add_quota(
    db: RequestDB, authorizer: Authorizer, principal: Principal, *, plan_id: int, item: QuotaInput
) -> Quota:
    plan = await _writable_plan(db, authorizer, principal, plan_id)
    try:
        addressee = QuotaAddressee(item.addressee).value
        measure = QuotaMeasure(item.measure).value
        kinds = sorted({QuotaKind(k).value for k in item.unit_kinds})
    except ValueError as error:
        raise BadInput(msg("Unknown value: {error}.", error=error), field="input") from None
    if not kinds:
        raise BadInput(msg("Give at least one unit kind."), field="unitKinds")
    if not 1 <= item.minimum <= 1000:
        raise BadInput(msg("`minimum` must be 1 to 1000."), field="minimum")
    wording = " ".join((item.wording or "").split())
    if not wording or len(wording) > 1000:
        raise BadInput(msg("`wording` must be 1 to 1000 characters."), field="wording")
    row = await q.insert_quota(
        db,
        {
            "unit_id": plan["unit_id"],
            "unit_path": plan["unit_path"],
            "plan_id": plan_id,
            "addressee": addressee,
            "unit_kinds": kinds,
            "minimum": item.minimum,
            "measure": measure,
            "wording": wording,
            "every_year": item.every_year,
            "created_by": principal.username,
        },
    )
    await audit_q.record_audit(
        db,
        actor=principal.username,
        action="add_quota",
        object_type="plan_quota",
        object_id=str(row["id"]),
        unit_path=row["unit_path"],
        before=None,
        after=dict(row),
    )
    await db.commit()
    return quota_of(row)


@raises(BadInput, Conflict, Forbidden, NotFound)
async def withdraw_quota(
    db: RequestDB,
    authorizer: Authorizer,
    principal: Principal,
    *,
    quota_id: int,
    version: int,
    on: date,
    reason: str,
) -> Quota:
    row = await q.quota_by_id(db, quota_id)
    if row is None or row["withdrawn_on"] is not None:
        raise NotFound(msg("No such quota."), field="id")
    await _writable_plan(db, authorizer, principal, row["plan_id"])
    check_version(version, row["version"], "This quota")
    reason = " ".join((reason or "").split())
    if not reason:
        raise BadInput(msg("Say why the quota is withdrawn (`reason`)."), field="reason")
    updated = await q.update_quota(
        db, quota_id, version, {"withdrawn_on": on, "withdrawn_reason": reason}
    )
    if updated is None:
        raise Conflict(
            msg("The quota was changed concurrently; reload."), current_version=version + 1
        )
    await audit_q.record_audit(
        db,
        actor=principal.username,
        action="withdraw_quota",
        object_type="plan_quota",
        object_id=str(quota_id),
        unit_path=row["unit_path"],
        before=dict(row),
        after=dict(updated),
    )
    await db.commit()
    return quota_of(updated)


@dataclass(frozen=True, slots=True)
class Quota:
    """A plan's quota of typical units (addressee, unit kinds and measure: their enum values)."""

    id: int
    plan_id: int
    addressee: str
    unit_kinds: list[str]
    minimum: int
    measure: str
    wording: str
    version: int
    plan_number: str | None = None


def quota_of(row: RowMapping) -> Quota:
    return record(Quota, row)


async def readable_quotas(
    db: RequestDB, authorizer: Authorizer, principal: Principal | None, ids: Sequence[int]
) -> dict[int, Quota]:
    """Quotas in force by id, of plans the caller may read. Narrower than a quota rollup, which
    also shows a commune the quotas its district's plan sets for it: the node does not widen
    anyone's view of a plan they cannot read."""
    roots = authorizer.paths_for(principal, "plan", "read")
    if not roots or not ids:
        return {}
    return {r["id"]: quota_of(r) for r in await q.quotas_by_ids(db, ids, roots)}


@dataclass(frozen=True, slots=True)
class QuotaLine:
    unit: RowMapping
    quota: Quota
    count: int

    @property
    def unit_id(self) -> int:
        unit_id: int = self.unit["id"]
        return unit_id

    @property
    def met(self) -> bool:
        return self.count >= self.quota.minimum

    @property
    def short(self) -> int:
        return max(0, self.quota.minimum - self.count)

    @property
    def kinds_label(self) -> str:
        return " / ".join(KIND_LABELS[QuotaKind(k)] for k in self.quota.unit_kinds)


@dataclass(frozen=True, slots=True)
class QuotaRollup:
    unit: RowMapping
    year: int
    lines: list[QuotaLine]


async def quota_rollup(
    db: RequestDB,
    authorizer: Authorizer,
    principal: Principal,
    *,
    unit_code: str,
    year: int,
    as_of: date | None,
) -> QuotaRollup:
    """Each quota that binds the unit or the units directly below it, per unit, met or short.

    Counts are of campaigns inside the caller's scope (evaluation read)."""
    day = as_of or date(year, 6, 1)
    unit = await unit_by_code(db, unit_code, day)
    authorizer.require(principal, "evaluation", "read", unit["path"])
    roots = authorizer.paths_for(principal, "evaluation", "read")
    quotas = await q.quotas_for(db, unit["path"], year)
    parent_path = str(unit["path"]).rpartition(".")[0]
    children = None
    lines: list[tuple[RowMapping, RowMapping, str | None]] = []  # (unit, quota, direct parent)
    for quota in quotas:
        if quota["plan_unit_path"] == unit["path"]:
            if quota["addressee"] == QuotaAddressee.ISSUER.value:
                lines.append((unit, quota, unit["path"]))
            else:
                if children is None:
                    children = await q.children(
                        db, unit["id"], day, authorizer.paths_for(principal, "unit", "read")
                    )
                lines.extend((child, quota, None) for child in children)
        elif (
            quota["plan_unit_path"] == parent_path
            and quota["addressee"] == QuotaAddressee.EACH_CHILD.value
        ):
            lines.append((unit, quota, None))
    counts: dict[tuple[str, str, str | None], dict[str, int]] = {}
    subtree = sorted({str(u["path"]) for u, _q, d in lines if d is None})
    if subtree:
        for row in await q.quota_counts(
            db, roots=roots, unit_paths=subtree, year=year, direct_parent=None
        ):
            counts[(row["under"], row["quota_kind"], None)] = dict(row)
    for direct in sorted({d for _u, _q, d in lines if d is not None}):
        for row in await q.quota_counts(
            db, roots=roots, unit_paths=[direct], year=year, direct_parent=direct
        ):
            counts[(row["under"], row["quota_kind"], direct)] = dict(row)
    result: list[QuotaLine] = []
    for line_unit, quota, parent in lines:
        total = 0
        for kind in quota["unit_kinds"]:
            found: dict[str, Any] = counts.get((str(line_unit["path"]), kind, parent), {})
            total += int(found.get(quota["measure"], 0))
        result.append(QuotaLine(line_unit, quota_of(quota), total))
    return QuotaRollup(unit, year, result)
