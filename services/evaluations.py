"""Typical-unit campaigns (xây dựng điển hình): registration with its eligibility rule, the
yearly state machine, per-criterion results judged from reported figures, the dossier, and the
recognition by the level above.

Who may act is asked of the authorizer only: unit-side steps need `evaluation write` on the unit,
review steps `evaluation review` (policy scope `level_above`, the submitter excluded). What may
happen when is this module's table of transitions; every refusal says why in words a steering
committee uses (the criterion's number and text, the date that passed).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import RowMapping

from authz.authorizer import Authorizer, Principal
from core.domain import CampaignKind, CampaignState, Classification, DocumentKind, ScheduleStep
from core.errors import BadInput, Conflict, Forbidden, NotFound, TransitionRefused, raises
from core.i18n import msg, tr
from db.queries import authz as audit_q
from db.queries import evaluations as q
from db.queries import plans as plan_q
from db.queries import schedules as schedule_q
from db.session import RequestDB
from services import changes, schedules
from services.criteria_rules import RuleError, evaluate
from services.derived_criteria import classification_facts, rejudge_classification
from services.records import record, records
from services.units import unit_by_code
from services.versioning import check_version

S = CampaignState
CAMPAIGN_KINDS = frozenset({"commune", "agency", "enterprise", "school"})
ELIGIBLE_CLASSES = (Classification.XUAT_SAC, Classification.KHA)
CLASS_LABELS = {"xuat_sac": "Xuất sắc", "kha": "Khá", "trung_binh": "Trung bình", "yeu": "Yếu"}
DOSSIER = (DocumentKind.PROPOSAL, DocumentKind.RESULTS_REPORT, DocumentKind.REVIEW_MINUTES)
EDITABLE = frozenset(
    {
        S.REGISTERED,
        S.PLAN_SUBMITTED,
        S.SIX_MONTH_REPORTED,
        S.ANNUAL_REPORTED,
        S.DOSSIER_COMPLETE,
        S.RETURNED,
    }
)


# -- what readers get ----------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class CriteriaSet:
    id: int
    code: str
    title: str
    decision_ref: str
    issued_on: date
    effective_from: date
    effective_to: date | None
    temporary: bool
    applies_to: list[str]  # UnitKind values


@dataclass(frozen=True, slots=True)
class Criterion:
    id: int
    set_id: int
    code: str
    ordinal: int
    text: str
    group_code: str
    applies_to: list[str]  # UnitKind values
    kind: str
    rule: dict[str, Any] | None
    note: str | None


@dataclass(frozen=True, slots=True)
class CriteriaGroup:
    set_id: int
    grouping: str
    code: str
    name: str
    ordinal: int
    criterion_codes: list[str]


@dataclass(frozen=True, slots=True)
class Campaign:
    id: int
    unit_id: int
    unit_path: str
    year: int
    kind: str  # a CampaignKind value
    criteria_set_id: int
    state: str  # a CampaignState value
    register_deadline: date
    submit_deadline: date
    registered_on: date
    registered_by: str
    plan_submitted_on: date | None
    six_month_reported_on: date | None
    annual_reported_on: date | None
    dossier_completed_on: date | None
    submitted_on: date | None
    submitted_by: str | None
    review_started_on: date | None
    decided_on: date | None
    decided_by: str | None
    return_reasons: list[str]
    figures: dict[str, Any]
    previous_figures: dict[str, Any]
    version: int
    handed_over_on: date | None = None
    carried_from: int | None = None


@dataclass(frozen=True, slots=True)
class CriterionResult:
    campaign_id: int
    criterion_id: int
    declared_met: bool | None
    rule_met: bool | None
    met: bool | None
    explanation: str | None
    evidence: str | None


@dataclass(frozen=True, slots=True)
class CampaignDocument:
    id: int
    campaign_id: int
    kind: str  # a DocumentKind value
    title: str
    number: str | None
    issued_on: date | None
    file_ref: str
    added_by: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class CampaignEvent:
    campaign_id: int
    action: str  # a TRANSITIONS key
    from_state: str | None
    to_state: str
    on_date: date
    actor: str
    reasons: list[str]
    late: bool | None = None


@dataclass(frozen=True, slots=True)
class CampaignExtension:
    id: int
    campaign_id: int
    step: str  # a ScheduleStep value
    due_on: date
    reason: str
    granted_by: str
    granted_on: date


@dataclass(frozen=True, slots=True)
class Transition:
    sources: frozenset[CampaignState]
    target: CampaignState
    act: str  # "write" (the unit) or "review" (the level above)
    date_column: str
    step: ScheduleStep  # the plan's schedule step that dates it
    closes: str | None = None  # the reporting-deadline kind the step fulfils


TRANSITIONS: dict[str, Transition] = {
    "submit_plan": Transition(
        frozenset({S.REGISTERED}),
        S.PLAN_SUBMITTED,
        "write",
        "plan_submitted_on",
        ScheduleStep.UNIT_PLAN,
    ),
    "report_six_months": Transition(
        frozenset({S.PLAN_SUBMITTED}),
        S.SIX_MONTH_REPORTED,
        "write",
        "six_month_reported_on",
        ScheduleStep.SIX_MONTH_REPORT,
        "six_month",
    ),
    "report_annual": Transition(
        frozenset({S.SIX_MONTH_REPORTED}),
        S.ANNUAL_REPORTED,
        "write",
        "annual_reported_on",
        ScheduleStep.ANNUAL_REPORT,
        "annual",
    ),
    "complete_dossier": Transition(
        frozenset({S.ANNUAL_REPORTED}),
        S.DOSSIER_COMPLETE,
        "write",
        "dossier_completed_on",
        ScheduleStep.DOSSIER_SUBMISSION,
    ),
    "submit": Transition(
        frozenset({S.DOSSIER_COMPLETE, S.RETURNED}),
        S.SUBMITTED,
        "write",
        "submitted_on",
        ScheduleStep.DOSSIER_SUBMISSION,
        "recognition",
    ),
    "start_review": Transition(
        frozenset({S.SUBMITTED}),
        S.UNDER_REVIEW,
        "review",
        "review_started_on",
        ScheduleStep.RECOGNITION,
    ),
    "recognise": Transition(
        frozenset({S.SUBMITTED, S.UNDER_REVIEW}),
        S.RECOGNISED,
        "review",
        "decided_on",
        ScheduleStep.RECOGNITION,
    ),
    "return": Transition(
        frozenset({S.SUBMITTED, S.UNDER_REVIEW}),
        S.RETURNED,
        "review",
        "decided_on",
        ScheduleStep.RECOGNITION,
    ),
}


async def _insert_event(
    db: RequestDB,
    *,
    campaign_id: int,
    unit_id: int,
    unit_path: str,
    action: str,
    from_state: str | None,
    to_state: str,
    on: date,
    actor: str,
    reasons: Sequence[str] = (),
    late: bool = False,
) -> None:
    """The campaign's own history row, and the change event subscribers and webhooks get, in
    the same transaction."""
    await q.insert_event(
        db,
        campaign_id=campaign_id,
        unit_id=unit_id,
        unit_path=unit_path,
        action=action,
        from_state=from_state,
        to_state=to_state,
        on=on,
        actor=actor,
        reasons=reasons,
        late=late,
    )
    await changes.record(
        db,
        kind=changes.ChangeKind.CAMPAIGN_STATE,
        unit_id=unit_id,
        unit_path=unit_path,
        actor=actor,
        payload={
            "campaignId": campaign_id,
            "action": action,
            "fromState": from_state,
            "toState": str(to_state),
            "on": on.isoformat(),
            "reasons": list(reasons),
            "late": late,
        },
    )


# -- batch reads: one statement per relation for every campaign of a response (graph loaders) --
async def criteria_sets(
    db: RequestDB, *, unit_kind: str | None, on: date | None
) -> list[CriteriaSet]:
    """Criteria sets (public decisions), optionally those in force for a kind of unit on a day."""
    return records(CriteriaSet, await q.criteria_sets(db, unit_kind=unit_kind, on=on))


async def criteria_sets_by_ids(db: RequestDB, ids: Sequence[int]) -> dict[int, CriteriaSet]:
    """Criteria sets are public decisions: no scope."""
    return {c.id: c for c in records(CriteriaSet, await q.sets_by_ids(db, ids))}


async def criteria_of_sets(db: RequestDB, set_ids: Sequence[int]) -> dict[int, list[Criterion]]:
    """Each set's criteria in the decision's order."""
    return _by(records(Criterion, await q.criteria_of_sets(db, set_ids)), "set_id")


async def criteria_by_ids(db: RequestDB, ids: Sequence[int]) -> dict[int, Criterion]:
    """Criteria by id (public reference data, like their sets)."""
    return {c.id: c for c in records(Criterion, await q.criteria_by_ids(db, ids))}


async def groups_of_sets(db: RequestDB, set_ids: Sequence[int]) -> dict[int, list[CriteriaGroup]]:
    return _by(records(CriteriaGroup, await q.groups_of_sets(db, set_ids)), "set_id")


def _by(items: Sequence[Any], key: str) -> dict[int, list[Any]]:
    out: dict[int, list[Any]] = {}
    for item in items:
        out.setdefault(getattr(item, key), []).append(item)
    return out


async def readable_campaigns(
    db: RequestDB, authorizer: Authorizer, principal: Principal | None, ids: Sequence[int]
) -> dict[int, Campaign]:
    """The campaigns among `ids` the caller may read (evaluation read on the unit's path)."""
    rows = await q.campaigns_by_ids(db, ids)
    if principal is None:
        return {}
    return {
        r["id"]: record(Campaign, r)
        for r in rows
        if authorizer.allowed(principal, "evaluation", "read", r["unit_path"])
    }


async def results_of(
    db: RequestDB, campaign_ids: Sequence[int]
) -> dict[int, list[CriterionResult]]:
    """Results of campaigns the caller already read (row-level security applies)."""
    return _by(records(CriterionResult, await q.results_of(db, campaign_ids)), "campaign_id")


async def documents_of(
    db: RequestDB, campaign_ids: Sequence[int]
) -> dict[int, list[CampaignDocument]]:
    return _by(records(CampaignDocument, await q.documents_of(db, campaign_ids)), "campaign_id")


async def events_of(db: RequestDB, campaign_ids: Sequence[int]) -> dict[int, list[CampaignEvent]]:
    """Each campaign's steps, oldest first."""
    return _by(records(CampaignEvent, await q.events_of(db, campaign_ids)), "campaign_id")


async def extensions_of(
    db: RequestDB, campaign_ids: Sequence[int]
) -> dict[int, list[CampaignExtension]]:
    """Extensions granted for steps of these campaigns, oldest first."""
    rows = await schedule_q.extensions_of(db, campaign_ids)
    return _by(records(CampaignExtension, rows), "campaign_id")


# -- reading -------------------------------------------------------------------------------------
async def campaign(
    db: RequestDB, authorizer: Authorizer, principal: Principal, campaign_id: int
) -> Campaign:
    """A campaign the caller may read; outside their scope it does not exist."""
    return record(Campaign, await _campaign_row(db, authorizer, principal, campaign_id))


async def _campaign_row(
    db: RequestDB, authorizer: Authorizer, principal: Principal, campaign_id: int
) -> RowMapping:
    rows = await q.campaigns_by_ids(db, [campaign_id])
    if not rows or not authorizer.allowed(principal, "evaluation", "read", rows[0]["unit_path"]):
        raise NotFound(msg("No typical-unit campaign with this id."))
    return rows[0]


async def campaign_of_unit(
    db: RequestDB,
    authorizer: Authorizer,
    principal: Principal,
    *,
    unit_code: str,
    year: int,
    as_of: date | None,
) -> Campaign | None:
    unit = await unit_by_code(db, unit_code, as_of or date(year, 6, 30))
    authorizer.require(principal, "evaluation", "read", unit["path"])
    row = await q.campaign_for(db, unit["id"], year)
    return record(Campaign, row) if row else None


async def list_campaigns(
    db: RequestDB,
    authorizer: Authorizer,
    principal: Principal,
    *,
    under_code: str | None,
    year: int | None,
    state: str | None,
    after_id: int | None,
    limit: int,
) -> list[Campaign]:
    roots = authorizer.paths_for(principal, "evaluation", "read")
    if not roots:
        return []
    under = (
        (await unit_by_code(db, under_code, date(year, 6, 30) if year else None))["path"]
        if under_code
        else None
    )
    rows = await q.campaign_page(
        db, roots=roots, under_path=under, year=year, state=state, after_id=after_id, limit=limit
    )
    return records(Campaign, rows)


async def count_campaigns(
    db: RequestDB,
    authorizer: Authorizer,
    principal: Principal,
    *,
    under_code: str | None,
    year: int | None,
    state: str | None,
) -> int:
    """`totalCount` of `list_campaigns` with the same filters."""
    roots = authorizer.paths_for(principal, "evaluation", "read")
    if not roots:
        return 0
    under = (
        (await unit_by_code(db, under_code, date(year, 6, 30) if year else None))["path"]
        if under_code
        else None
    )
    return await q.campaign_count(db, roots=roots, under_path=under, year=year, state=state)


# -- registering ---------------------------------------------------------------------------------
@raises(BadInput, Conflict, Forbidden, NotFound, TransitionRefused)
async def register(
    db: RequestDB,
    authorizer: Authorizer,
    principal: Principal,
    *,
    unit_code: str,
    year: int,
    on: date,
    as_of: date | None,
) -> int:
    """Register a unit to build (or, once recognised, maintain) a typical unit for `year`.

    The registration deadline is the governing plan's (services.schedules); the unit does not
    choose any of its deadlines: the plans above it set them, the level above extends them."""
    unit = await unit_by_code(db, unit_code, as_of or date(year, 1, 1))
    authorizer.require(principal, "evaluation", "write", unit["path"])
    if unit["kind"] not in CAMPAIGN_KINDS:
        raise BadInput(
            msg(
                "{unit_name} is a {unit_kind}: typical units are communes, agencies, enterprises "
                "and schools.",
                unit_name=unit["name"],
                unit_kind=unit["kind"],
            ),
            field="unit",
        )
    if not 2000 <= year <= 2100:
        raise BadInput(msg("`year` is out of range."), field="year")
    if on.year != year:
        raise TransitionRefused(
            msg(
                "Registration for {year} happens in {year}; {on:%d/%m/%Y} is outside it.",
                year=year,
                on=on,
            ),
            code="DEADLINE_PASSED",
            reasons=[msg("register in {year}", year=year)],
        )
    checked = await schedules.check_step(
        db, unit, year, ScheduleStep.TYPICAL_REGISTRATION, on, what="registration"
    )
    if await q.campaign_for(db, unit["id"], year) is not None:
        raise TransitionRefused(
            msg("{unit_name} is already registered for {year}.", unit_name=unit["name"], year=year),
            code="ALREADY_REGISTERED",
        )
    kind = (
        CampaignKind.MAINTAIN
        if await q.previous_recognition(db, unit["id"], year)
        else CampaignKind.BUILD
    )
    if kind is CampaignKind.BUILD:
        await check_eligible(db, unit, year)
    criteria_set = await q.set_for(db, unit["kind"], date(year, 1, 1), unit["path"])
    if criteria_set is None:
        raise TransitionRefused(
            msg(
                "No criteria set is in force for a {unit_kind} in {year}.",
                unit_kind=unit["kind"],
                year=year,
            ),
            code="NO_CRITERIA_SET",
        )
    register_due, submit_due = await _snapshot_deadlines(db, unit, year)
    values = {
        "unit_id": unit["id"],
        "unit_path": unit["path"],
        "year": year,
        "kind": kind.value,
        "criteria_set_id": criteria_set["id"],
        "state": S.REGISTERED.value,
        "register_deadline": register_due,
        "submit_deadline": submit_due,
        "registered_on": on,
        "registered_by": principal.username,
    }
    campaign_id = await q.insert_campaign(db, values)
    if not campaign_id:
        raise Conflict(
            msg(
                "{unit_name} was registered for {year} concurrently; reload.",
                unit_name=unit["name"],
                year=year,
            )
        )
    await _insert_event(
        db,
        campaign_id=campaign_id,
        unit_id=unit["id"],
        unit_path=unit["path"],
        action="register",
        from_state=None,
        to_state=S.REGISTERED,
        on=on,
        actor=principal.username,
        late=checked.late,
        reasons=[checked.rule.citation] if checked.late and checked.rule else [],
    )
    await audit_q.record_audit(
        db,
        actor=principal.username,
        action="register",
        object_type="typical_campaign",
        object_id=str(campaign_id),
        unit_path=unit["path"],
        before=None,
        after=values,
    )
    await db.commit()
    return campaign_id


async def _snapshot_deadlines(
    db: RequestDB, unit: Mapping[Any, Any], year: int
) -> tuple[date, date]:
    """The registration and dossier days in force when the campaign starts, kept on the row
    for lists; every step is checked against the governing rule live. Without a rule the
    year's last day stands in (the step is then bound only by the year)."""
    year_end = date(year + 1, 1, 1) - timedelta(days=1)
    register = await schedules.governing_rule(db, unit, year, ScheduleStep.TYPICAL_REGISTRATION)
    submit = await schedules.governing_rule(db, unit, year, ScheduleStep.DOSSIER_SUBMISSION)
    return (register.due if register else year_end), (submit.due if submit else year_end)


async def check_eligible(db: RequestDB, unit: RowMapping, year: int) -> None:
    """Eligible only if last year the unit was "An toàn về ANTT" and classified Khá or better."""
    rows = await q.assessments_for(db, [unit["id"]], year - 1)
    last = rows[0] if rows else None
    reasons: list[str] = []
    if last is None:
        reasons.append(
            tr(
                "no {year_minus_1} assessment (Circular 124 / Decision 510) is recorded",
                year_minus_1=year - 1,
            )
        )
    else:
        if not last["safety_achieved"]:
            reasons.append(
                tr("in {year_minus_1} it did not achieve “An toàn về ANTT”", year_minus_1=year - 1)
            )
        if last["classification"] not in ELIGIBLE_CLASSES:
            label = CLASS_LABELS.get(last["classification"] or "", "not classified")
            reasons.append(
                tr(
                    "in {year_minus_1} it was classified {label} (Khá or better is required)",
                    year_minus_1=year - 1,
                    label=label,
                )
            )
    if reasons:
        raise TransitionRefused(
            msg(
                "{unit_name} is not eligible to build a typical unit in {year}: {reasons}.",
                unit_name=unit["name"],
                year=year,
                reasons="; ".join(reasons),
            ),
            code="NOT_ELIGIBLE",
            reasons=reasons,
        )


# -- results, figures, documents -----------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class ResultInput:
    criterion_code: str
    met: bool | None
    evidence: str | None


@raises(BadInput, Conflict, Forbidden, NotFound, TransitionRefused)
async def record_results(
    db: RequestDB,
    authorizer: Authorizer,
    principal: Principal,
    *,
    campaign_id: int,
    version: int,
    figures: Mapping[str, Any] | None,
    previous_figures: Mapping[str, Any] | None,
    results: Sequence[ResultInput],
) -> int:
    """Store figures and per-criterion results; quantitative criteria are judged by their rule
    from the figures (and, where the unit declares a qualitative clause unmet, stay unmet)."""
    row = await _campaign_row(db, authorizer, principal, campaign_id)
    authorizer.require(principal, "evaluation", "write", row["unit_path"])
    check_version(version, row["version"], "The campaign")
    if row["state"] not in EDITABLE:
        raise TransitionRefused(
            msg("Results cannot change while the campaign is {row_state}.", row_state=row["state"]),
            code="NOT_EDITABLE",
        )
    new_figures = {**row["figures"], **_figures(figures, "figures")}
    new_previous = {**row["previous_figures"], **_figures(previous_figures, "previousFigures")}
    criteria = {c["code"]: c for c in await q.criteria_of_sets(db, [row["criteria_set_id"]])}
    existing = {r["criterion_id"]: r for r in await q.results_of(db, [campaign_id])}
    facts = await classification_facts(db, row["unit_id"], row["year"])
    declared: dict[int, ResultInput] = {}
    for item in results:
        criterion = criteria.get(item.criterion_code.strip())
        if criterion is None:
            raise BadInput(
                msg(
                    "The criteria set has no criterion {item_criterion_code!r}.",
                    item_criterion_code=item.criterion_code,
                ),
                field="results.criterionCode",
            )
        if item.evidence is not None and len(item.evidence) > 4000:
            raise BadInput(
                msg("`evidence` may be at most 4000 characters."), field="results.evidence"
            )
        declared[criterion["id"]] = item
    rows: list[dict[str, Any]] = []
    for criterion in criteria.values():
        old = existing.get(criterion["id"])
        given = declared.get(criterion["id"])
        if old is None and given is None and criterion["kind"] != "quantitative":
            continue
        declared_met = (
            given.met
            if given is not None and given.met is not None
            else (old["declared_met"] if old else None)
        )
        evidence = (
            given.evidence
            if given is not None and given.evidence is not None
            else (old["evidence"] if old else None)
        )
        rule_met, explanation = None, None
        if criterion["kind"] == "quantitative":
            try:
                outcome = evaluate(criterion["rule"], new_figures, new_previous, facts)
            except RuleError as error:  # stored rule is broken: say so, judge unmet
                outcome = None
                explanation = f"rule error: {error}"
            if outcome is not None:
                rule_met, explanation = outcome.met, outcome.explanation
            if old is None and given is None and not new_figures:
                continue
            met = bool(rule_met) and declared_met is not False
        else:
            if declared_met is None:
                raise BadInput(
                    msg(
                        "Criterion {criterion_code} is yes/no: give `met`.",
                        criterion_code=criterion["code"],
                    ),
                    field="results.met",
                )
            met = declared_met
        rows.append(
            {
                "campaign_id": campaign_id,
                "criterion_id": criterion["id"],
                "unit_id": row["unit_id"],
                "unit_path": row["unit_path"],
                "declared_met": declared_met,
                "rule_met": rule_met,
                "met": met,
                "explanation": explanation,
                "evidence": evidence,
                "updated_by": principal.username,
            }
        )
    if not await q.update_campaign(
        db, campaign_id, version, {"figures": new_figures, "previous_figures": new_previous}
    ):
        raise Conflict(
            msg("The campaign was changed concurrently; reload."), current_version=version + 1
        )
    await q.upsert_results(db, rows)
    await audit_q.record_audit(
        db,
        actor=principal.username,
        action="record_results",
        object_type="typical_campaign",
        object_id=str(campaign_id),
        unit_path=row["unit_path"],
        before=None,
        after={
            "figures": new_figures,
            "results": {
                c["code"]: declared[c["id"]].met for c in criteria.values() if c["id"] in declared
            },
        },
    )
    await db.commit()
    return campaign_id


def _figures(value: Mapping[str, Any] | None, field: str) -> dict[str, float | int]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise BadInput(msg("`{field}` must be an object of numbers.", field=field), field=field)
    out: dict[str, float | int] = {}
    for key, number in value.items():
        if isinstance(number, bool) or not isinstance(number, int | float):
            raise BadInput(
                msg("`{field}.{key}` must be a number.", field=field, key=key), field=field
            )
        if number < 0:
            raise BadInput(
                msg("`{field}.{key}` must not be negative.", field=field, key=key), field=field
            )
        out[str(key)] = number
    return out


@raises(BadInput, Conflict, Forbidden, NotFound, TransitionRefused)
async def add_document(
    db: RequestDB,
    authorizer: Authorizer,
    principal: Principal,
    *,
    campaign_id: int,
    version: int,
    kind: str,
    title: str,
    number: str | None,
    issued_on: date | None,
    file_ref: str,
) -> int:
    """A document record of the dossier (the file itself lives in the document store)."""
    row = await _campaign_row(db, authorizer, principal, campaign_id)
    authorizer.require(principal, "evaluation", "write", row["unit_path"])
    check_version(version, row["version"], "The campaign")
    if row["state"] not in EDITABLE:
        raise TransitionRefused(
            msg(
                "Documents cannot be added while the campaign is {row_state}.",
                row_state=row["state"],
            ),
            code="NOT_EDITABLE",
        )
    title, file_ref = title.strip(), file_ref.strip()
    if not title or len(title) > 500:
        raise BadInput(msg("`title` must be 1 to 500 characters."), field="title")
    if not file_ref or len(file_ref) > 1000:
        raise BadInput(msg("`fileRef` must be 1 to 1000 characters."), field="fileRef")
    if not await q.update_campaign(db, campaign_id, version, {}):
        raise Conflict(msg("The campaign was changed concurrently; reload."))
    values = {
        "campaign_id": campaign_id,
        "unit_id": row["unit_id"],
        "unit_path": row["unit_path"],
        "kind": kind,
        "title": title,
        "number": number,
        "issued_on": issued_on,
        "file_ref": file_ref,
        "added_by": principal.username,
    }
    document_id = await q.insert_document(db, values)
    await audit_q.record_audit(
        db,
        actor=principal.username,
        action="add_document",
        object_type="typical_campaign",
        object_id=str(campaign_id),
        unit_path=row["unit_path"],
        before=None,
        after=values,
    )
    await db.commit()
    return document_id


# -- the state machine ---------------------------------------------------------------------------
@raises(BadInput, Conflict, Forbidden, NotFound, TransitionRefused)
async def advance(
    db: RequestDB,
    authorizer: Authorizer,
    principal: Principal,
    *,
    campaign_id: int,
    version: int,
    action: str,
    on: date,
    reasons: Sequence[str],
) -> int:
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise BadInput(msg("Unknown action {action!r}.", action=action), field="action")
    row = await _campaign_row(db, authorizer, principal, campaign_id)
    # Who first: a reviewer of another district, or the commune's own officer, is refused
    # before anything about the campaign's content is disclosed.
    authorizer.require(
        principal,
        "evaluation",
        transition.act,
        row["unit_path"],
        submitter=row["submitted_by"] or "",
    )
    check_version(version, row["version"], "The campaign")
    if row["handed_over_on"] is not None:
        raise TransitionRefused(
            msg(
                "This campaign passed to the successors of its unit on {row_handed_over_on:%d/%m/%Y}; "
                "continue theirs.",
                row_handed_over_on=row["handed_over_on"],
            ),
            code="HANDED_OVER",
        )
    state = CampaignState(row["state"])
    if state not in transition.sources:
        allowed = ", ".join(sorted(s.value for s in transition.sources))
        raise TransitionRefused(
            msg(
                "Cannot {action} a campaign that is {state} (only from: {allowed}).",
                action=action.replace("_", " "),
                state=state.value,
                allowed=allowed,
            ),
            code="ILLEGAL_TRANSITION",
        )
    checked = await _check_date(db, row, transition, on)
    changes: dict[str, Any] = {"state": transition.target.value, transition.date_column: on}
    clean_reasons = [r.strip() for r in reasons if r.strip()]
    if action in ("report_annual", "complete_dossier", "submit", "recognise"):
        await _check_content(db, row, action)
    if action == "submit":
        changes["submitted_by"] = principal.username
    if action in ("recognise", "return"):
        changes["decided_by"] = principal.username
    if action == "return":
        if not clean_reasons:
            raise BadInput(msg("Say why the campaign is returned (`reasons`)."), field="reasons")
        changes["return_reasons"] = clean_reasons
    if not await q.update_campaign(db, campaign_id, version, changes):
        raise Conflict(msg("The campaign was changed concurrently; reload."))
    await _insert_event(
        db,
        campaign_id=campaign_id,
        unit_id=row["unit_id"],
        unit_path=row["unit_path"],
        action=action,
        from_state=state.value,
        to_state=transition.target.value,
        on=on,
        actor=principal.username,
        reasons=clean_reasons + ([checked.rule.citation] if checked.late and checked.rule else []),
        late=checked.late,
    )
    if transition.closes:
        await plan_q.close_deadlines_of_unit(
            db,
            unit_id=row["unit_id"],
            year=row["year"],
            kind=transition.closes,
            on=on,
            by=principal.username,
            note=f"typical-unit campaign: {action}",
        )
    if transition.target is S.RECOGNISED:
        await _carry_maintain(db, row, on, principal)
    await audit_q.record_audit(
        db,
        actor=principal.username,
        action=action,
        object_type="typical_campaign",
        object_id=str(campaign_id),
        unit_path=row["unit_path"],
        before={"state": state.value},
        after=changes,
    )
    await db.commit()
    return campaign_id


async def _check_date(
    db: RequestDB, row: RowMapping, transition: Transition, on: date
) -> schedules.StepCheck:
    """The step against the governing plan's rule for it (and an extension the level above
    granted this campaign): refused when late unless the plan allows late, then marked late."""
    year = row["year"]
    if on < row["registered_on"]:
        raise BadInput(
            msg(
                "`on` is before the registration ({row_registered_on:%d/%m/%Y}).",
                row_registered_on=row["registered_on"],
            ),
            field="on",
        )
    if on.year > year:
        raise TransitionRefused(
            msg(
                "The {year} campaign closed with {year}; {on:%d/%m/%Y} is in {on_year}.",
                year=year,
                on=on,
                on_year=on.year,
            ),
            code="DEADLINE_PASSED",
            reasons=[msg("the {year} campaign ends with {year}", year=year)],
        )
    unit = {"path": row["unit_path"], "kind": _kind_from_path(row["unit_path"])}
    return await schedules.check_step(
        db,
        unit,
        year,
        transition.step,
        on,
        campaign_id=row["id"],
        what=schedules.STEP_LABELS[transition.step],
    )


async def _check_content(db: RequestDB, row: RowMapping, action: str) -> None:
    """Evidence for every criterion before the annual report; the three dossier documents; and
    100% of applicable criteria met before recognition (computed here, never taken on trust)."""
    if action in ("complete_dossier", "submit"):
        present = {d["kind"] for d in await q.documents_of(db, [row["id"]])}
        missing = [k.value for k in DOSSIER if k.value not in present]
        if missing:
            raise TransitionRefused(
                msg("The dossier lacks: {missing}.", missing=", ".join(missing)),
                code="DOSSIER_INCOMPLETE",
                reasons=missing,
            )
        if action == "complete_dossier":
            return
    criteria = await applicable_criteria(db, row)
    results = {r["criterion_id"]: r for r in await q.results_of(db, [row["id"]])}
    if action == "recognise":  # the confirmed class may have changed since results were saved
        results = await rejudge_classification(db, row, criteria, results)
    if action in ("report_annual", "submit"):
        lacking = [
            f"Tiêu chí {c['code']}"
            for c in criteria
            if c["id"] not in results or not (results[c["id"]]["evidence"] or "").strip()
        ]
        if lacking:
            raise TransitionRefused(
                msg(
                    "Give a result with evidence for every criterion; missing: {lacking}.",
                    lacking=", ".join(lacking),
                ),
                code="RESULTS_INCOMPLETE",
                reasons=lacking,
            )
        return
    failed = [c for c in criteria if c["id"] not in results or not results[c["id"]]["met"]]
    if failed:
        reasons = [_failure(c, results.get(c["id"])) for c in failed]
        raise TransitionRefused(
            msg(
                "Recognition needs 100% of the {criteria_count} criteria met; {value} are "
                "met. Not met: {reasons}",
                criteria_count=len(criteria),
                value=len(criteria) - len(failed),
                reasons="; ".join(reasons),
            ),
            code="CRITERIA_NOT_MET",
            reasons=reasons,
        )


def _failure(criterion: RowMapping, result: RowMapping | None) -> str:
    why = "no result" if result is None else (result["explanation"] or "declared not met")
    return f"Tiêu chí {criterion['code']} ({criterion['text']}): {why}"


async def applicable_criteria(db: RequestDB, row: RowMapping) -> list[RowMapping]:
    unit_kind = _kind_from_path(row["unit_path"])
    return [
        c
        for c in await q.criteria_of_sets(db, [row["criteria_set_id"]])
        if unit_kind in c["applies_to"]
    ]


def _kind_from_path(path: str) -> str:
    letter = path.rpartition(".")[2][:1]
    return {"c": "commune", "a": "agency", "e": "enterprise", "s": "school"}.get(letter, "")


async def _carry_maintain(db: RequestDB, row: RowMapping, on: date, principal: Principal) -> None:
    """A recognised unit carries a "maintain" campaign into the next year."""
    year = row["year"] + 1
    unit_kind = _kind_from_path(row["unit_path"])
    criteria_set = await q.set_for(db, unit_kind, date(year, 1, 1), row["unit_path"])
    register_due, submit_due = await _snapshot_deadlines(
        db, {"path": row["unit_path"], "kind": unit_kind}, year
    )
    values = {
        "unit_id": row["unit_id"],
        "unit_path": row["unit_path"],
        "year": year,
        "kind": CampaignKind.MAINTAIN.value,
        "criteria_set_id": (criteria_set or {"id": row["criteria_set_id"]})["id"],
        "state": S.REGISTERED.value,
        "register_deadline": register_due,
        "submit_deadline": submit_due,
        "registered_on": on,
        "registered_by": principal.username,
    }
    new_id = await q.insert_campaign(db, values)
    if new_id:
        await _insert_event(
            db,
            campaign_id=new_id,
            unit_id=row["unit_id"],
            unit_path=row["unit_path"],
            action="carry_maintain",
            from_state=None,
            to_state=S.REGISTERED,
            on=on,
            actor=principal.username,
        )


@raises(BadInput, Conflict, Forbidden, NotFound)
async def grant_extension(
    db: RequestDB,
    authorizer: Authorizer,
    principal: Principal,
    *,
    campaign_id: int,
    step: str,
    due_on: date,
    reason: str,
    on: date,
) -> int:
    """The level above (evaluation review, scope level_above) gives one unit's campaign a later
    due day for one step, with a reason; audited. A returned dossier can then be resubmitted
    until that day. The unit itself can never do this."""
    row = await _campaign_row(db, authorizer, principal, campaign_id)
    authorizer.require(principal, "evaluation", "review", row["unit_path"])
    try:
        schedule_step = ScheduleStep(step)
    except ValueError:
        raise BadInput(msg("Unknown step {step!r}.", step=step), field="step") from None
    clean = " ".join((reason or "").split())
    if not clean or len(clean) > 2000:
        raise BadInput(
            msg("Say why the extension is granted (`reason`, up to 2000 characters)."),
            field="reason",
        )
    if due_on.year != row["year"]:
        raise BadInput(
            msg(
                "An extension of the {row_year} campaign stays in {row_year}.", row_year=row["year"]
            ),
            field="dueOn",
        )
    unit = {"path": row["unit_path"], "kind": _kind_from_path(row["unit_path"])}
    rule = await schedules.governing_rule(db, unit, row["year"], schedule_step)
    if rule is not None and due_on <= rule.due:
        raise BadInput(
            msg(
                "{due_on:%d/%m/%Y} is not later than the rule's day {rule_due:%d/%m/%Y} ({rule_citation}).",
                due_on=due_on,
                rule_due=rule.due,
                rule_citation=rule.citation,
            ),
            field="dueOn",
        )
    values = {
        "unit_id": row["unit_id"],
        "unit_path": row["unit_path"],
        "campaign_id": campaign_id,
        "step": schedule_step.value,
        "due_on": due_on,
        "reason": clean,
        "granted_by": principal.username,
        "granted_on": on,
    }
    extension_id = await schedule_q.insert_extension(db, values)
    if not await q.update_campaign(db, campaign_id, row["version"], {}):
        raise Conflict(msg("The campaign was changed concurrently; reload."))
    await _insert_event(
        db,
        campaign_id=campaign_id,
        unit_id=row["unit_id"],
        unit_path=row["unit_path"],
        action="grant_extension",
        from_state=row["state"],
        to_state=row["state"],
        on=on,
        actor=principal.username,
        reasons=[f"{schedules.STEP_LABELS[schedule_step]}: {due_on:%d/%m/%Y}", clean],
    )
    await audit_q.record_audit(
        db,
        actor=principal.username,
        action="grant_extension",
        object_type="typical_campaign",
        object_id=str(campaign_id),
        unit_path=row["unit_path"],
        before={"due": rule.due if rule else None},
        after={**values, "id": extension_id},
    )
    await db.commit()
    return campaign_id
