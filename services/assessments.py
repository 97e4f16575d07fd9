"""Yearly assessments of residential areas, communes, agencies and schools (Circular 124 "An toàn
về ANTT" and the Decision 510 classification), their confirmation by the level above, and the
rollups that compare them with the targets (registered 100%, safe ≥ 80%, Xuất sắc + Khá ≥ 80%).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import RowMapping

from authz.authorizer import Authorizer, Principal
from core.domain import Classification
from core.errors import BadInput, Conflict, Forbidden, NotFound, TransitionRefused, raises
from core.i18n import msg
from db.queries import authz as audit_q
from db.queries import evaluations as q
from db.session import RequestDB
from services import schedules
from services.records import record as record_of
from services.records import records
from services.units import unit_by_code
from services.versioning import check_version

MAX_BULK = 500
# Assessed unit kinds; their entry deadlines are the governing plans' (services.schedules).
ASSESSED_KINDS = schedules.ASSESSED_KINDS
TARGETS = {"registered": 100.0, "safe": 80.0, "good_or_excellent": 80.0, "typical": 100.0}


@dataclass(frozen=True, slots=True)
class Assessment:
    """A unit's yearly assessment (classification: a Classification value or None)."""

    id: int
    unit_id: int
    unit_path: str
    year: int
    safety_registered: bool
    safety_achieved: bool | None
    classification: str | None
    entered_by: str
    entered_on: date
    confirmed_by: str | None
    confirmed_on: date | None
    version: int


@dataclass(frozen=True, slots=True)
class Figures:
    """The rollup counts of a subtree (or of one child's subtree)."""

    units: int
    assessed: int
    registered: int
    safe: int
    good_or_excellent: int
    typical_registered: int
    typical_recognised: int


@dataclass(frozen=True, slots=True)
class AssessmentInput:
    unit_code: str
    version: int | None
    safety_registered: bool
    safety_achieved: bool | None
    classification: str | None


async def readable_assessments(
    db: RequestDB, authorizer: Authorizer, principal: Principal | None, ids: Sequence[int]
) -> list[Assessment]:
    """The assessments among `ids` the caller may read (assessment read on the unit's path)."""
    rows = await q.assessments_by_ids(db, ids)
    if principal is None:
        return []
    return [
        record_of(Assessment, r)
        for r in rows
        if authorizer.allowed(principal, "assessment", "read", r["unit_path"])
    ]


async def latest_assessments(db: RequestDB, unit_ids: Sequence[int]) -> list[Assessment]:
    """Each unit's most recent assessment (row-level security scopes them)."""
    return records(Assessment, await q.latest_assessments(db, unit_ids))


async def _assessment_row(
    db: RequestDB, authorizer: Authorizer, principal: Principal, assessment_id: int
) -> RowMapping:
    rows = await q.assessments_by_ids(db, [assessment_id])
    if not rows or not authorizer.allowed(principal, "assessment", "read", rows[0]["unit_path"]):
        raise NotFound(msg("No assessment with this id."))
    return rows[0]


async def assessment_of_unit(
    db: RequestDB,
    authorizer: Authorizer,
    principal: Principal,
    *,
    unit_code: str,
    year: int,
    as_of: date | None,
) -> Assessment | None:
    unit = await unit_by_code(db, unit_code, as_of or date(year, 6, 30))
    authorizer.require(principal, "assessment", "read", unit["path"])
    rows = await q.assessments_for(db, [unit["id"]], year)
    return record_of(Assessment, rows[0]) if rows else None


async def list_assessments(
    db: RequestDB,
    authorizer: Authorizer,
    principal: Principal,
    *,
    under_code: str,
    year: int,
    as_of: date | None,
    after_path: str | None,
    limit: int,
) -> list[Assessment]:
    roots = authorizer.paths_for(principal, "assessment", "read")
    under = await unit_by_code(db, under_code, as_of or date(year, 6, 30))
    if not roots:
        return []
    rows = await q.assessment_page(
        db, roots=roots, under_path=under["path"], year=year, after_path=after_path, limit=limit
    )
    return records(Assessment, rows)


async def count_assessments(
    db: RequestDB,
    authorizer: Authorizer,
    principal: Principal,
    *,
    under_code: str,
    year: int,
    as_of: date | None,
) -> int:
    """`totalCount` of `list_assessments` with the same filters."""
    roots = authorizer.paths_for(principal, "assessment", "read")
    under = await unit_by_code(db, under_code, as_of or date(year, 6, 30))
    if not roots:
        return 0
    return await q.assessment_count(db, roots=roots, under_path=under["path"], year=year)


@raises(BadInput, Conflict, Forbidden, NotFound, TransitionRefused)
async def record(
    db: RequestDB,
    authorizer: Authorizer,
    principal: Principal,
    *,
    year: int,
    as_of: date | None,
    on: date,
    entries: Sequence[AssessmentInput],
    commit: bool = True,
) -> list[Assessment]:
    """Enter or correct assessments of many units (a commune's hamlets) in one write.

    All or nothing: any invalid entry, late entry, unauthorised unit or stale version refuses the
    whole batch, so a commune never ends up with half its hamlets saved. `commit=False` leaves
    the transaction to the caller: a spreadsheet dry run writes through every rule here and
    then rolls back, so what it reports is exactly what a commit would do.
    """
    if not entries:
        raise BadInput(msg("Give at least one entry."), field="entries")
    if len(entries) > MAX_BULK:
        raise BadInput(
            msg("At most {max_bulk} entries per call.", max_bulk=MAX_BULK), field="entries"
        )
    if not 2000 <= year <= 2100:
        raise BadInput(msg("`year` is out of range."), field="year")
    codes = [e.unit_code.strip() for e in entries]
    if len(set(codes)) != len(codes):
        raise BadInput(msg("Each unit may appear once."), field="entries.unitCode")
    day = as_of or date(year, 6, 30)
    units: dict[str, RowMapping] = {}
    for row in await q.units_by_codes(db, codes, day):
        units.setdefault(row["code"], row)
    rows: list[dict[str, Any]] = []
    late: list[str] = []
    rules: dict[tuple[str, str], schedules.GoverningRule | None] = {}
    existing = {
        r["unit_id"]: r
        for r in await q.assessments_for(db, [u["id"] for u in units.values()], year)
    }
    for entry, code in zip(entries, codes, strict=True):
        unit = units.get(code)
        if unit is None:
            raise NotFound(
                msg(
                    "No administrative unit with code {code!r} on {day:%d/%m/%Y}.",
                    code=code,
                    day=day,
                ),
                code_value=code,
            )
        authorizer.require(principal, "assessment", "write", unit["path"])
        if unit["kind"] not in ASSESSED_KINDS:
            raise BadInput(
                msg(
                    "{unit_name} is a {unit_kind}: assessed are residential areas, communes, "
                    "agencies, enterprises and schools.",
                    unit_name=unit["name"],
                    unit_kind=unit["kind"],
                ),
                field="entries.unitCode",
            )
        validate_entry(entry)
        if (why := await schedules.check_assessment_entry(db, unit, year, on, rules)) is not None:
            late.append(why)
        old = existing.get(unit["id"])
        if old is not None:
            if entry.version is None:
                raise Conflict(
                    msg(
                        "{unit_name} already has a {year} assessment; send its version to change "
                        "it.",
                        unit_name=unit["name"],
                        year=year,
                    ),
                    current_version=old["version"],
                )
            check_version(entry.version, old["version"], f"The assessment of {unit['name']}")
        rows.append(
            {
                "unit_id": unit["id"],
                "unit_path": unit["path"],
                "safety_registered": entry.safety_registered,
                "safety_achieved": entry.safety_achieved,
                "classification": entry.classification,
                "expected_version": old["version"] if old else None,
                "year": year,
                "entered_by": principal.username,
                "entered_on": on,
            }
        )
    if late:
        raise TransitionRefused(
            msg(
                "Too late to enter {year} assessments on {on:%d/%m/%Y}: {late}.",
                year=year,
                on=on,
                late="; ".join(late),
            ),
            code="DEADLINE_PASSED",
            reasons=late,
        )
    written = await q.upsert_assessments(db, rows)
    if len(written) != len(rows):
        raise Conflict(msg("Some assessments were changed concurrently; reload and retry."))
    for row in written:
        await audit_q.record_audit(
            db,
            actor=principal.username,
            action="record_assessment",
            object_type="assessment",
            object_id=str(row["id"]),
            unit_path=row["unit_path"],
            before=None,
            after=dict(row),
        )
    if commit:
        await db.commit()
    by_unit = {r["unit_id"]: r for r in written}
    return [record_of(Assessment, by_unit[r["unit_id"]]) for r in rows]


def validate_entry(entry: AssessmentInput) -> None:
    """The rules of one entry on its own (a spreadsheet import reports them per row)."""
    if entry.safety_achieved and not entry.safety_registered:
        raise BadInput(
            msg("A unit that did not register for “An toàn về ANTT” cannot achieve it."),
            field="entries.safetyAchieved",
        )
    if entry.classification is not None and entry.classification not in set(Classification):
        raise BadInput(
            msg(
                "Unknown classification {entry_classification!r}.",
                entry_classification=entry.classification,
            ),
            field="entries.classification",
        )


@raises(BadInput, Conflict, Forbidden, NotFound)
async def confirm(
    db: RequestDB,
    authorizer: Authorizer,
    principal: Principal,
    *,
    assessment_id: int,
    version: int,
    on: date,
) -> Assessment:
    """The level above confirms (policy `assessment confirm`, scope parent; never oneself)."""
    row = await _assessment_row(db, authorizer, principal, assessment_id)
    authorizer.require(
        principal, "assessment", "confirm", row["unit_path"], submitter=row["entered_by"]
    )
    check_version(version, row["version"], "The assessment")
    if on < row["entered_on"]:
        raise BadInput(msg("`on` is before the assessment was entered."), field="on")
    written = await q.confirm_assessment(db, assessment_id, version, by=principal.username, on=on)
    if written is None:
        raise Conflict(msg("The assessment was changed concurrently; reload."))
    await audit_q.record_audit(
        db,
        actor=principal.username,
        action="confirm_assessment",
        object_type="assessment",
        object_id=str(assessment_id),
        unit_path=row["unit_path"],
        before={"confirmed_by": None},
        after={"confirmed_by": principal.username, "confirmed_on": on},
    )
    await db.commit()
    return record_of(Assessment, written)


# -- rollups -------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class RollupResult:
    """The unit asked for, its subtree's figures, and each child (its unit row and figures)."""

    unit: RowMapping
    total: Figures
    children: list[tuple[RowMapping, Figures]]


async def rollup(
    db: RequestDB,
    authorizer: Authorizer,
    principal: Principal,
    *,
    unit_code: str,
    year: int,
    as_of: date,
    include_predecessors: bool,
) -> RollupResult:
    unit = await unit_by_code(db, unit_code, as_of)
    authorizer.require(principal, "assessment", "read", unit["path"])
    rows = await q.rollup(
        db, root_id=unit["id"], year=year, as_of=as_of, include_predecessors=include_predecessors
    )
    total = next(r for r in rows if r["is_total"])
    children = [(r, record_of(Figures, r)) for r in rows if not r["is_total"]]
    return RollupResult(unit, record_of(Figures, total), children)
