"""A commune's Circular 124 "An toàn về ANTT" result: computed from its units and recorded
facts, proposed by the commune, recognised (or not) by the level above.

The conditions (Circular 124/2021/TT-BCA, as DOMAIN.md summarises them), judged over the
commune's evaluation period (services/evaluation_periods.py):
- 100% of its residential areas and the agencies, enterprises and schools it manages registered;
- at least 70% of them recognised ("An toàn về ANTT" achieved in their assessment of the year);
- at least one effective model (active at the period's end, rated Tốt or Khá for the year);
- no commune police officer disciplined within the period (`police_discipline_records`).

Each condition is stored with its figures and a Vietnamese sentence, so a "not achieved" or a
refused recognition names every failed condition with its numbers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import Any

from sqlalchemy import RowMapping

from authz.authorizer import Authorizer, Principal
from core.errors import BadInput, Conflict, Forbidden, NotFound, TransitionRefused, raises
from core.i18n import msg
from db.queries import authz as audit_q
from db.queries import evaluation_rules as q
from db.queries import units as unit_q
from db.session import RequestDB
from services.evaluation_periods import period
from services.evaluation_texts import say
from services.records import record
from services.units import unit_by_code
from services.versioning import check_version

MIN_RECOGNISED = Fraction(70, 100)


def _pct(part: int, whole: int) -> str:
    if whole == 0:
        return "0"
    value = Fraction(part * 100, whole)
    return str(int(value)) if value.denominator == 1 else f"{float(value):.1f}".replace(".", ",")


@dataclass(frozen=True, slots=True)
class SafetyResult:
    """A commune's Circular 124 result (state: proposed, recognised or not_recognised)."""

    id: int
    year: int
    period_start: date
    period_end: date
    state: str
    achieved: bool
    conditions: list[dict[str, Any]]  # {code, met, message, figures}
    proposed_by: str
    proposed_on: date
    decided_by: str | None
    decided_on: date | None
    decision_reason: str | None
    version: int


@dataclass(frozen=True, slots=True)
class DisciplineRecord:
    id: int
    officer_name: str
    penalty: str
    decided_on: date
    source: str
    recorded_by: str


def safety_of(row: RowMapping) -> SafetyResult:
    return record(SafetyResult, row)


def discipline_of(row: RowMapping) -> DisciplineRecord:
    return record(DisciplineRecord, row)


async def compute(
    db: RequestDB, commune: Mapping[Any, Any], year: int
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The period and every condition with its figures (nothing is written)."""
    p = await period(db, "commune", year)
    members = await q.member_units(db, commune["id"], p.starts_on, p.ends_on, year)
    total = len(members)
    registered = [m for m in members if m["safety_registered"]]
    recognised = [m for m in members if m["safety_achieved"]]
    unregistered = [m["name"] for m in members if not m["safety_registered"]]
    models = await q.effective_models(db, commune["path"], p.ends_on, year)
    cases = await q.discipline_between(db, commune["id"], p.starts_on, p.ends_on)
    dates = {"start": f"{p.starts_on:%d/%m/%Y}", "end": f"{p.ends_on:%d/%m/%Y}"}
    conditions = [
        {
            "code": "ALL_REGISTERED",
            "met": total > 0 and len(registered) == total,
            "figures": {"registered": len(registered), "total": total},
            "message": say(
                "safety.cond.registered",
                registered=len(registered),
                total=total,
                pct=_pct(len(registered), total),
                missing=f"; chưa đăng ký: {', '.join(unregistered)}" if unregistered else "",
            ),
        },
        {
            "code": "RECOGNISED_70_PCT",
            "met": total > 0 and Fraction(len(recognised), total) >= MIN_RECOGNISED,
            "figures": {"recognised": len(recognised), "total": total},
            "message": say(
                "safety.cond.recognised",
                recognised=len(recognised),
                total=total,
                pct=_pct(len(recognised), total),
            ),
        },
        {
            "code": "EFFECTIVE_MODEL",
            "met": len(models) >= 1,
            "figures": {"models": len(models)},
            "message": say(
                "safety.cond.models",
                year=year,
                count=len(models),
                names=f" ({', '.join(m['name'] for m in models)})" if models else "",
            ),
        },
        {
            "code": "NO_POLICE_DISCIPLINE",
            "met": not cases,
            "figures": {"disciplined": len(cases)},
            "message": say(
                "safety.cond.discipline",
                count=len(cases),
                **dates,
                cases="".join(
                    f"; {c['officer_name']}: {c['penalty']} "
                    f"({c['decided_on']:%d/%m/%Y}, {c['source']})"
                    for c in cases
                ),
            ),
        },
    ]
    return {"year": year, "starts_on": p.starts_on, "ends_on": p.ends_on}, conditions


def _failed(conditions: list[dict[str, Any]]) -> list[str]:
    return [c["message"] for c in conditions if not c["met"]]


async def _commune(db: RequestDB, unit_code: str, year: int, as_of: date | None) -> RowMapping:
    unit = await unit_by_code(db, unit_code, as_of or date(year, 6, 30))
    if unit["kind"] != "commune":
        raise BadInput(say("safety.not_commune", unit=unit["name"]), field="unit")
    return unit


@raises(BadInput, Conflict, Forbidden, NotFound, TransitionRefused)
async def propose(
    db: RequestDB,
    authorizer: Authorizer,
    principal: Principal,
    *,
    unit_code: str,
    year: int,
    as_of: date | None,
    on: date,
) -> SafetyResult:
    """Compute the commune's result and file it as its proposal (recomputed while pending)."""
    unit = await _commune(db, unit_code, year, as_of)
    authorizer.require(principal, "assessment", "write", unit["path"])
    existing = await q.safety_result_for(db, unit["id"], year)
    if existing is not None and existing["state"] != "proposed":
        raise TransitionRefused(
            say("safety.decided", year=year, unit=unit["name"], state=existing["state"]),
            code="ALREADY_DECIDED",
        )
    p, conditions = await compute(db, unit, year)
    row = await q.upsert_safety_result(
        db,
        {
            "unit_id": unit["id"],
            "unit_path": unit["path"],
            "year": year,
            "period_start": p["starts_on"],
            "period_end": p["ends_on"],
            "achieved": all(c["met"] for c in conditions),
            "conditions": conditions,
            "proposed_by": principal.username,
            "proposed_on": on,
        },
    )
    if row is None:
        raise Conflict(msg("The result was decided concurrently; reload."))
    await audit_q.record_audit(
        db,
        actor=principal.username,
        action="propose_commune_safety",
        object_type="commune_safety_result",
        object_id=str(row["id"]),
        unit_path=unit["path"],
        before=None,
        after={"achieved": row["achieved"], "year": year},
    )
    await db.commit()
    return safety_of(row)


async def result(
    db: RequestDB, authorizer: Authorizer, principal: Principal, result_id: int
) -> RowMapping:
    row = await q.safety_result(db, result_id)
    if row is None or not authorizer.allowed(principal, "assessment", "read", row["unit_path"]):
        raise NotFound(msg("No commune safety result with this id."))
    return row


async def readable_results(
    db: RequestDB, authorizer: Authorizer, principal: Principal | None, ids: Sequence[int]
) -> dict[int, SafetyResult]:
    """The results of `ids` whose commune the caller may read assessments of (what
    `communeSafety(unit:, year:)` would answer them), by id, in one statement."""
    if principal is None:
        return {}
    rows = await q.safety_results_by_ids(db, ids) if ids else []
    return {
        r["id"]: safety_of(r)
        for r in rows
        if authorizer.allowed(principal, "assessment", "read", r["unit_path"])
    }


async def readable_discipline(
    db: RequestDB, authorizer: Authorizer, principal: Principal | None, ids: Sequence[int]
) -> dict[int, DisciplineRecord]:
    """The discipline records of `ids` whose commune the caller may read assessments of: the
    facts its Circular 124 result is judged on are readable wherever that result is."""
    if principal is None:
        return {}
    rows = await q.discipline_by_ids(db, ids) if ids else []
    return {
        r["id"]: discipline_of(r)
        for r in rows
        if authorizer.allowed(principal, "assessment", "read", r["unit_path"])
    }


async def result_of_unit(
    db: RequestDB,
    authorizer: Authorizer,
    principal: Principal,
    *,
    unit_code: str,
    year: int,
    as_of: date | None,
) -> SafetyResult | None:
    unit = await unit_by_code(db, unit_code, as_of or date(year, 6, 30))
    authorizer.require(principal, "assessment", "read", unit["path"])
    found = await q.safety_result_for(db, unit["id"], year)
    return safety_of(found) if found else None


@raises(BadInput, Conflict, Forbidden, NotFound, TransitionRefused)
async def decide(
    db: RequestDB,
    authorizer: Authorizer,
    principal: Principal,
    *,
    result_id: int,
    version: int,
    recognise: bool,
    reason: str | None,
    on: date,
) -> SafetyResult:
    """The level above recognises (refused, naming each failed condition, unless every
    condition holds now) or does not recognise (with a reason)."""
    row = await result(db, authorizer, principal, result_id)
    authorizer.require(
        principal, "assessment", "confirm", row["unit_path"], submitter=row["proposed_by"]
    )
    check_version(version, row["version"], "The result")
    if row["state"] != "proposed":
        raise TransitionRefused(
            say("safety.decided", year=row["year"], unit="đơn vị", state=row["state"]),
            code="ILLEGAL_TRANSITION",
        )
    if on < row["proposed_on"]:
        raise BadInput(msg("`on` is before the proposal."), field="on")
    unit = {"id": row["unit_id"], "path": row["unit_path"]}
    _, conditions = await compute(db, unit, row["year"])  # facts may have changed since
    failed = _failed(conditions)
    name = await _unit_name(db, row)
    clean_reason = (reason or "").strip() or None
    if recognise and failed:
        raise TransitionRefused(
            say("safety.refused", unit=name, year=row["year"], failed=" ".join(failed)),
            code="CONDITIONS_NOT_MET",
            reasons=failed,
        )
    if not recognise and clean_reason is None and not failed:
        raise BadInput(say("safety.reject_needs_reason"), field="reason")
    if not recognise and clean_reason is None:
        clean_reason = say(
            "safety.not_achieved",
            unit=name,
            year=row["year"],
            start=f"{row['period_start']:%d/%m/%Y}",
            end=f"{row['period_end']:%d/%m/%Y}",
            failed=" ".join(failed),
        )
    written = await q.decide_safety_result(
        db,
        result_id,
        version,
        state="recognised" if recognise else "not_recognised",
        achieved=recognise,
        conditions=conditions,
        by=principal.username,
        on=on,
        reason=clean_reason,
    )
    if written is None:
        raise Conflict(msg("The result was changed concurrently; reload."))
    await q.set_assessment_safety(
        db,
        unit_id=row["unit_id"],
        unit_path=row["unit_path"],
        year=row["year"],
        achieved=recognise,
        by=principal.username,
        on=on,
    )
    await audit_q.record_audit(
        db,
        actor=principal.username,
        action="decide_commune_safety",
        object_type="commune_safety_result",
        object_id=str(result_id),
        unit_path=row["unit_path"],
        before={"state": "proposed"},
        after={"state": written["state"], "reason": clean_reason},
    )
    await db.commit()
    return safety_of(written)


async def _unit_name(db: RequestDB, row: RowMapping) -> str:
    units = await unit_q.by_ids(db, [row["unit_id"]])
    return units[0]["name"] if units else "Đơn vị"


# -- police discipline facts ---------------------------------------------------------------------
@raises(BadInput, Forbidden, NotFound)
async def record_discipline(
    db: RequestDB,
    authorizer: Authorizer,
    principal: Principal,
    *,
    unit_code: str,
    officer_name: str,
    penalty: str,
    decided_on: date,
    source: str,
) -> DisciplineRecord:
    """A commune police officer disciplined, with the decision it comes from. Recorded by the
    level above the commune (write rights on its parent), never by the commune itself."""
    unit = await unit_by_code(db, unit_code, decided_on)
    if unit["kind"] != "commune":
        raise BadInput(say("safety.not_commune", unit=unit["name"]), field="unit")
    parent_path = unit["path"].rpartition(".")[0]
    authorizer.require(principal, "assessment", "write", parent_path)
    values = {
        "officer_name": officer_name.strip(),
        "penalty": penalty.strip(),
        "source": source.strip(),
    }
    for name, value in values.items():
        if not value or len(value) > 500:
            raise BadInput(say("discipline.bad_text", field=name), field=name)
    row = await q.insert_discipline(
        db,
        {
            **values,
            "unit_id": unit["id"],
            "unit_path": unit["path"],
            "decided_on": decided_on,
            "recorded_by": principal.username,
        },
    )
    await audit_q.record_audit(
        db,
        actor=principal.username,
        action="record_police_discipline",
        object_type="police_discipline_record",
        object_id=str(row["id"]),
        unit_path=unit["path"],
        before=None,
        after={**values, "decided_on": decided_on.isoformat()},
    )
    await db.commit()
    return discipline_of(row)
