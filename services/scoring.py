"""Decision 510 classification by points: importing a unit's scoring table (.xlsx), the unit's
self-assessment and proposal, and the level above's confirmation or correction.

Nothing of a table is in code: items, maximum points, the evidence they need and the class
thresholds are the imported version's rows (services/scoring_sheet.py reads the layout). A
table is issued by a unit (a province's police, or the ministry) and applies to that unit's
subtree from its effective date; the nearest issuer wins.

The confirmed class is written into `assessments.classification`, which is what rollups and
their tallies count; a proposal on its own counts nowhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import RowMapping

from authz.authorizer import Authorizer, Principal
from core.errors import BadInput, Conflict, Forbidden, NotFound, TransitionRefused, raises
from core.i18n import msg
from db.queries import authz as audit_q
from db.queries import evaluation_rules as q
from db.session import RequestDB
from services.evaluation_periods import reporting_deadline
from services.evaluation_texts import label, say
from services.records import record, records
from services.scoring_sheet import CLASS_ORDER, earned_class, parse_scoring_sheet
from services.units import unit_by_code
from services.versioning import check_version

SCORED_KINDS = frozenset({"residential_area", "commune", "agency", "enterprise", "school"})
MAX_SHEET_BYTES = 512 * 1024


@dataclass(frozen=True, slots=True)
class TableImport:
    table_id: int | None
    errors: list[tuple[int, str, str]]


@dataclass(frozen=True, slots=True)
class ScoringTable:
    """A Decision 510 points table version (unit_kind: a UnitKind value; issuer: a path)."""

    id: int
    code: str
    unit_kind: str
    title: str
    source: str
    demo: bool
    issuer: str
    effective_from: date
    effective_to: date | None
    max_total: Decimal


@dataclass(frozen=True, slots=True)
class ScoringItem:
    stt: str
    text: str
    max_points: Decimal | None
    evidence: str | None


@dataclass(frozen=True, slots=True)
class Threshold:
    classification: str  # a Classification value
    min_points: Decimal


@dataclass(frozen=True, slots=True)
class Proposal:
    """A unit's self-assessment and proposed class (classes: Classification values)."""

    id: int
    unit_id: int
    scoring_table_id: int
    year: int
    state: str  # proposed, confirmed or corrected
    scores: list[dict[str, Any]]  # {stt, points, evidence}
    total_points: Decimal
    earned_class: str
    proposed_class: str
    confirmed_class: str | None
    filed_by: str
    filed_on: date
    decided_by: str | None
    decided_on: date | None
    correction_reason: str | None
    version: int


def proposal_of(row: RowMapping) -> Proposal:
    return record(Proposal, row)


@raises(BadInput, Conflict, Forbidden, NotFound)
async def import_table(
    db: RequestDB,
    authorizer: Authorizer,
    principal: Principal,
    *,
    issuer_code: str,
    unit_kind: str,
    code: str,
    title: str,
    source: str,
    effective_from: date,
    effective_to: date | None,
    demo: bool,
    data: bytes,
) -> TableImport:
    """Store a new table version from a sheet; any row error stores nothing."""
    issuer = await unit_by_code(db, issuer_code, effective_from)
    authorizer.require(principal, "scoring_table", "manage", issuer["path"])
    if unit_kind not in SCORED_KINDS:
        raise BadInput(
            msg("Unknown unit kind {unit_kind!r}.", unit_kind=unit_kind), field="unitKind"
        )
    code, title, source = code.strip(), title.strip(), source.strip()
    for name, value in (("code", code), ("title", title), ("source", source)):
        if not value or len(value) > 500:
            raise BadInput(msg("`{name}` must be 1 to 500 characters.", name=name), field=name)
    if effective_to is not None and effective_to < effective_from:
        raise BadInput(msg("`effectiveTo` is before `effectiveFrom`."), field="effectiveTo")
    if len(data) > MAX_SHEET_BYTES:
        raise BadInput(
            msg(
                "The file is larger than {max_sheet_bytes_div_1024} KB.",
                max_sheet_bytes_div_1024=MAX_SHEET_BYTES // 1024,
            ),
            field="file",
        )
    sheet = parse_scoring_sheet(data)
    if sheet.errors:
        return TableImport(None, sheet.errors)
    values = {
        "code": code,
        "unit_kind": unit_kind,
        "title": title,
        "source": source,
        "demo": demo,
        "issuer_path": issuer["path"],
        "effective_from": effective_from,
        "effective_to": effective_to,
        "max_total": sheet.max_total,
        "imported_by": principal.username,
    }
    items = [
        {
            "ordinal": n,
            "stt": i.stt,
            "text": i.text,
            "max_points": i.max_points,
            "evidence": i.evidence,
        }
        for n, i in enumerate(sheet.items, start=1)
    ]
    table_id = await q.insert_scoring_table(db, values, items, sheet.thresholds)
    if table_id is None:
        raise Conflict(say("table.code_taken", code=code))
    await audit_q.record_audit(
        db,
        actor=principal.username,
        action="import_scoring_table",
        object_type="scoring_table",
        object_id=str(table_id),
        unit_path=issuer["path"],
        before=None,
        after={
            **{k: str(v) for k, v in values.items()},
            "items": len(items),
            "thresholds": {k: str(v) for k, v in sheet.thresholds.items()},
        },
    )
    await db.commit()
    return TableImport(table_id, [])


async def table(db: RequestDB, table_id: int) -> ScoringTable:
    row = await q.scoring_table(db, table_id)
    if row is None:
        raise NotFound(msg("No scoring table with this id."))
    return record(ScoringTable, row)


async def items_of(db: RequestDB, table_id: int) -> list[ScoringItem]:
    """The rows of a table the caller already read, in order."""
    return records(ScoringItem, await q.items_of(db, table_id))


async def thresholds_of(db: RequestDB, table_id: int) -> list[Threshold]:
    """The class thresholds of a table the caller already read, best class first."""
    return records(Threshold, await q.thresholds_of(db, table_id))


async def tables(
    db: RequestDB,
    authorizer: Authorizer,
    principal: Principal,
    *,
    unit_kind: str | None,
    on: date | None,
) -> list[ScoringTable]:
    """Tables that apply somewhere in the caller's scope, or that the caller issued below."""
    roots = authorizer.paths_for(principal, "assessment", "read")
    if not roots:
        return []
    return records(
        ScoringTable, await q.scoring_tables_over(db, paths=roots, unit_kind=unit_kind, on=on)
    )


async def readable_tables(
    db: RequestDB, authorizer: Authorizer, principal: Principal | None, ids: Sequence[int]
) -> dict[int, ScoringTable]:
    """The tables of `ids` the caller's `scoringTables` would list (any kind, any day), by id;
    the others are absent, as if they did not exist."""
    if principal is None:
        return {}
    roots = authorizer.paths_for(principal, "assessment", "read")
    if not roots or not ids:
        return {}
    rows = await q.scoring_tables_by_ids(db, ids, paths=roots)
    return {r["id"]: record(ScoringTable, r) for r in rows}


async def table_for_unit(db: RequestDB, unit: RowMapping, year: int) -> RowMapping:
    found = await q.scoring_table_for(
        db, unit_kind=unit["kind"], unit_path=unit["path"], on=date(year, 12, 31)
    )
    if found is None:
        raise TransitionRefused(
            say("table.none", kind=unit["kind"], unit=unit["name"], year=year),
            code="NO_SCORING_TABLE",
        )
    return found


# -- self-assessment and proposal ----------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class ItemScore:
    stt: str
    points: str  # decimal text: exact arithmetic, as the points list is summed by hand
    evidence: str | None


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
    scores: Sequence[ItemScore],
    proposed_class: str | None,
    version: int | None,
) -> Proposal:
    """The unit's points per item with evidence, its total, and the class it proposes."""
    unit = await unit_by_code(db, unit_code, as_of or date(year, 6, 30))
    authorizer.require(principal, "assessment", "write", unit["path"])
    if unit["kind"] not in SCORED_KINDS:
        raise BadInput(
            msg("{unit_name} is not classified under Decision 510.", unit_name=unit["name"]),
            field="unit",
        )
    if not 2000 <= year <= 2100:
        raise BadInput(msg("`year` is out of range."), field="year")
    existing = await q.proposal_for(db, unit["id"], year)
    if existing is not None and existing["state"] != "proposed":
        raise TransitionRefused(
            say("score.already_decided", year=year, unit=unit["name"]), code="ALREADY_DECIDED"
        )
    if existing is not None:
        if version is None:
            raise Conflict(
                msg("Send the proposal's version to file it again."),
                current_version=existing["version"],
            )
        check_version(version, existing["version"], "The proposal")
    deadline = await reporting_deadline(db, unit, year)
    if deadline is not None and on > deadline.last_day:
        message = say(
            "score.late",
            year=year,
            unit=unit["name"],
            wording=deadline.wording,
            last=f"{deadline.last_day:%d/%m/%Y}",
            source=deadline.source,
            on=f"{on:%d/%m/%Y}",
        )
        raise TransitionRefused(message, code="DEADLINE_PASSED", reasons=[message])
    table_row = await table_for_unit(db, unit, year)
    items = {
        i["stt"]: i for i in await q.items_of(db, table_row["id"]) if i["max_points"] is not None
    }
    thresholds = {
        t["classification"]: t["min_points"] for t in await q.thresholds_of(db, table_row["id"])
    }
    problems: list[str] = []
    given: dict[str, tuple[Decimal, str | None]] = {}
    for score in scores:
        stt = score.stt.strip()
        item = items.get(stt)
        if item is None:
            problems.append(say("score.unknown_item", stt=stt))
            continue
        try:
            points = Decimal(score.points.strip().replace(",", "."))
        except InvalidOperation:
            points = Decimal(-1)
        if not points.is_finite() or not 0 <= points <= item["max_points"]:
            problems.append(
                say("score.out_of_range", stt=stt, points=score.points, max=_n(item["max_points"]))
            )
            continue
        evidence = (score.evidence or "").strip() or None
        if evidence is not None and len(evidence) > 4000:
            raise BadInput(
                msg("`evidence` may be at most 4000 characters."), field="scores.evidence"
            )
        if points > 0 and item["evidence"] and evidence is None:
            problems.append(say("score.needs_evidence", stt=stt, evidence=item["evidence"]))
        given[stt] = (points, evidence)
    missing = [stt for stt in items if stt not in given]
    if missing:
        problems.append(say("score.missing_items", stts=", ".join(missing)))
    if problems:
        raise BadInput(" ".join(problems), field="scores", reasons=problems)
    total = sum((p for p, _ in given.values()), Decimal(0))
    earned = earned_class(total, thresholds)
    proposed = proposed_class or earned
    if CLASS_ORDER.index(proposed) < CLASS_ORDER.index(earned):
        raise BadInput(
            say(
                "score.class_too_high",
                total=_n(total),
                max_total=_n(table_row["max_total"]),
                earned=label(earned),
                proposed=label(proposed),
                threshold=_n(thresholds[proposed]),
            ),
            field="proposedClass",
        )
    values = {
        "unit_id": unit["id"],
        "unit_path": unit["path"],
        "year": year,
        "scoring_table_id": table_row["id"],
        "scores": [{"stt": stt, "points": str(p), "evidence": e} for stt, (p, e) in given.items()],
        "total_points": total,
        "earned_class": earned,
        "proposed_class": proposed,
        "filed_by": principal.username,
        "filed_on": on,
    }
    row = await q.upsert_proposal(db, values, existing["version"] if existing is not None else None)
    if row is None:
        raise Conflict(msg("The proposal was changed concurrently; reload."))
    await audit_q.record_audit(
        db,
        actor=principal.username,
        action="propose_classification",
        object_type="classification_proposal",
        object_id=str(row["id"]),
        unit_path=unit["path"],
        before=None,
        after={"total": str(total), "earned": earned, "proposed": proposed, "year": year},
    )
    await db.commit()
    return proposal_of(row)


async def proposal(
    db: RequestDB, authorizer: Authorizer, principal: Principal, proposal_id: int
) -> RowMapping:
    row = await q.proposal(db, proposal_id)
    if row is None or not authorizer.allowed(principal, "assessment", "read", row["unit_path"]):
        raise NotFound(msg("No classification proposal with this id."))
    return row


async def readable_proposals(
    db: RequestDB, authorizer: Authorizer, principal: Principal | None, ids: Sequence[int]
) -> dict[int, Proposal]:
    """The proposals of `ids` whose unit the caller may read assessments of (what
    `classificationProposal(unit:, year:)` would answer them), by id, in one statement."""
    if principal is None:
        return {}
    rows = await q.proposals_by_ids(db, ids) if ids else []
    return {
        r["id"]: proposal_of(r)
        for r in rows
        if authorizer.allowed(principal, "assessment", "read", r["unit_path"])
    }


async def proposal_of_unit(
    db: RequestDB,
    authorizer: Authorizer,
    principal: Principal,
    *,
    unit_code: str,
    year: int,
    as_of: date | None,
) -> Proposal | None:
    unit = await unit_by_code(db, unit_code, as_of or date(year, 6, 30))
    authorizer.require(principal, "assessment", "read", unit["path"])
    found = await q.proposal_for(db, unit["id"], year)
    return proposal_of(found) if found else None


@raises(BadInput, Conflict, Forbidden, NotFound, TransitionRefused)
async def decide(
    db: RequestDB,
    authorizer: Authorizer,
    principal: Principal,
    *,
    proposal_id: int,
    version: int,
    classification: str | None,
    reason: str | None,
    on: date,
) -> Proposal:
    """The level above confirms the proposed class, or sets another one and says why."""
    row = await proposal(db, authorizer, principal, proposal_id)
    authorizer.require(
        principal, "assessment", "confirm", row["unit_path"], submitter=row["filed_by"]
    )
    check_version(version, row["version"], "The proposal")
    if row["state"] != "proposed":
        raise TransitionRefused(
            say("score.not_pending", state=row["state"]), code="ILLEGAL_TRANSITION"
        )
    if on < row["filed_on"]:
        raise BadInput(msg("`on` is before the proposal was filed."), field="on")
    final = classification or row["proposed_class"]
    clean_reason = (reason or "").strip() or None
    corrected = final != row["proposed_class"]
    if corrected and clean_reason is None:
        raise BadInput(say("score.correct_needs_reason"), field="reason")
    written = await q.decide_proposal(
        db,
        proposal_id,
        version,
        state="corrected" if corrected else "confirmed",
        confirmed_class=final,
        by=principal.username,
        on=on,
        reason=clean_reason,
    )
    if written is None:
        raise Conflict(msg("The proposal was changed concurrently; reload."))
    await q.set_assessment_classification(
        db,
        unit_id=row["unit_id"],
        unit_path=row["unit_path"],
        year=row["year"],
        classification=final,
        by=principal.username,
        on=on,
    )
    await audit_q.record_audit(
        db,
        actor=principal.username,
        action="decide_classification",
        object_type="classification_proposal",
        object_id=str(proposal_id),
        unit_path=row["unit_path"],
        before={"proposed": row["proposed_class"]},
        after={"confirmed": final, "reason": clean_reason},
    )
    await db.commit()
    return proposal_of(written)


def _n(value: Decimal) -> str:
    """Points as a report prints them: 7 not 7.00, 2,5 for two and a half."""
    text = format(value.normalize(), "f")
    return text.replace(".", ",")
