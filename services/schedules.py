"""Schedules as data of plans: which rule governs a unit's step, whether a step is on time, and
the writes that set, correct and withdraw a plan's rules.

A plan carries its schedule as rows of `plan_schedule_rules`, each a Vietnamese phrase ("trước
ngày 10/6") read by the one parser (services.target_terms.parse_deadline) into a typed rule.
The rule that governs a unit's campaign step, assessment or report for a year is the one set by
the nearest plan up the unit's cascade (its ancestors' issued plans of that year, nearest
first; a rule marked `every_year` also governs later years); above them all is the ministry's
programme, seeded as data like any plan. No date is written in this module. A unit never
governs itself: its own plans set the schedule of the units below it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import RowMapping

from authz.authorizer import Authorizer, Principal
from core import domain
from core.domain import ScheduleStep
from core.errors import BadInput, Conflict, Forbidden, NotFound, TransitionRefused, raises
from core.i18n import msg
from core.targets import Deadline, DeadlineKind, TermError
from db.queries import authz as audit_q
from db.queries import plans as plan_q
from db.queries import schedules as q
from db.session import RequestDB
from services.plans import plan_by_id
from services.records import record, records
from services.target_terms import parse_deadline
from services.targets import deadline_json
from services.units import unit_by_code
from services.versioning import check_version

STEP_LABELS: dict[ScheduleStep, str] = {
    ScheduleStep.TYPICAL_REGISTRATION: "đăng ký xây dựng điển hình",
    ScheduleStep.UNIT_PLAN: "kế hoạch của đơn vị",
    ScheduleStep.SIX_MONTH_REPORT: "báo cáo 6 tháng",
    ScheduleStep.ANNUAL_REPORT: "báo cáo năm",
    ScheduleStep.DOSSIER_SUBMISSION: "gửi hồ sơ đề nghị công nhận",
    ScheduleStep.RECOGNITION: "xét, công nhận",
    ScheduleStep.ASSESSMENT_ENTRY: "đánh giá, phân loại (TT 124 / QĐ 510)",
    ScheduleStep.DECISION510_REPORT: "báo cáo kết quả phân loại phong trào (QĐ 510)",
    ScheduleStep.IMPLEMENTATION_REPORT: "báo cáo kết quả triển khai",
}
ASSESSED_KINDS = frozenset(k.value for k in domain.ASSESSED_KINDS)


@dataclass(frozen=True, slots=True)
class GoverningRule:
    """The rule that governs one step of one unit in one year, and where it comes from."""

    rule_id: int
    step: ScheduleStep
    unit_kind: str | None
    wording: str
    deadline: Deadline
    due: date  # last on-time day for the unit's kind, in the year asked for
    starts: date | None
    late_allowed: bool
    plan_id: int
    plan_number: str | None
    plan_title: str
    issuing_body: str
    plan_unit_path: str
    source_note: str | None

    @property
    def source(self) -> str:
        """ "Kế hoạch số 2647/KH-BCĐ (Ban Chỉ đạo 138 huyện Tháp Mười)"; an unnumbered draft is
        named by its title."""
        name = f"số {self.plan_number}" if self.plan_number else f"“{self.plan_title}”"
        return f"Kế hoạch {name} ({self.issuing_body})"

    @property
    def citation(self) -> str:
        return f"{self.source}: {STEP_LABELS[self.step]} “{self.wording}”"


@dataclass(frozen=True, slots=True)
class Rule:
    """A rule of a plan's schedule (step: a ScheduleStep value; unit_kind: a UnitKind value)."""

    id: int
    plan_id: int
    step: str
    unit_kind: str | None
    wording: str
    due_on: date
    starts_on: date | None
    every_year: bool
    late_allowed: bool
    source_note: str | None
    withdrawn_on: date | None
    withdrawn_reason: str | None
    version: int


def rule_of(row: RowMapping) -> Rule:
    return record(Rule, row)


@dataclass(frozen=True, slots=True)
class RuleChange:
    """One audited change of a rule (add_schedule_rule, edit_schedule_rule, withdraw_...)."""

    action: str
    actor: str
    at: datetime
    before: dict[str, Any] | None
    after: dict[str, Any] | None


@dataclass(frozen=True, slots=True)
class RuleHistory:
    """A rule as it stood on the day asked for, and its changes, oldest first."""

    rule: Rule
    changes: list[RuleChange]


def read_rule(wording: str, year: int) -> Deadline:
    """The typed rule of a wording in `year` (BadInput when it cannot be read)."""
    try:
        deadline = parse_deadline(wording, year)
    except (TermError, ValueError, OverflowError) as error:  # a date outside the calendar too
        raise BadInput(
            msg("Cannot read the deadline {wording!r}: {error}", wording=wording, error=error),
            field="wording",
        ) from None
    return deadline


def _due_for(deadline: Deadline, unit_kind: str | None) -> tuple[date, date | None] | None:
    """(last on-time day, opening day) for a unit kind; None when a per-kind rule has no part
    for that kind (the rule does not address it)."""
    if deadline.kind is DeadlineKind.PER_UNIT_KIND:
        if unit_kind is None:
            return deadline.due, deadline.start
        key = unit_kind if unit_kind in ASSESSED_KINDS else None
        part = next((p.deadline for p in deadline.parts if p.key == key), None)
        return (part.due, part.start) if part else None
    return deadline.due, deadline.start


def _governing(
    rows: list[RowMapping], year: int, step: ScheduleStep, unit_kind: str | None
) -> GoverningRule | None:
    """Nearest plan first (rows come so ordered); within a plan a rule for the unit's own kind
    wins over one for every kind."""
    candidates = [
        r
        for r in rows
        if r["step"] == step.value and (r["unit_kind"] is None or r["unit_kind"] == unit_kind)
    ]
    if not candidates:
        return None
    first_plan = candidates[0]["plan_id"]
    same_plan = [r for r in candidates if r["plan_id"] == first_plan]
    for row in sorted(same_plan, key=lambda r: r["unit_kind"] is None):
        try:
            deadline = parse_deadline(row["wording"], year)
        except (TermError, ValueError, OverflowError):
            continue  # a stored rule that no longer parses governs nothing; editors see it
        found = _due_for(deadline, unit_kind)
        if found is None:
            continue
        due, starts = found
        return GoverningRule(
            rule_id=row["id"],
            step=step,
            unit_kind=row["unit_kind"],
            wording=row["wording"],
            deadline=deadline,
            due=due,
            starts=starts,
            late_allowed=row["late_allowed"],
            plan_id=row["plan_id"],
            plan_number=row["plan_number"],
            plan_title=row["plan_title"],
            issuing_body=row["issuing_body"],
            plan_unit_path=row["plan_unit_path"],
            source_note=row["source_note"],
        )
    # the nearest plan's rule does not address this kind: look further up
    return _governing([r for r in rows if r["plan_id"] != first_plan], year, step, unit_kind)


async def governing_rule(
    db: RequestDB, unit: Mapping[Any, Any], year: int, step: ScheduleStep | str
) -> GoverningRule | None:
    """The rule that governs `step` of `unit` (a row with `path` and `kind`) in `year`, with
    the plan that sets it and its wording; None when no plan up the cascade sets the step.

    Issue 16 (Decision 510 upward reporting) asks this with step `decision510_report`."""
    rows = await q.governing_rules(db, str(unit["path"]), year)
    return _governing(rows, year, ScheduleStep(step), unit.get("kind"))


async def governing_schedule(
    db: RequestDB, unit: Mapping[Any, Any], year: int
) -> list[GoverningRule]:
    """Every step's governing rule for the unit (one statement)."""
    rows = await q.governing_rules(db, str(unit["path"]), year)
    found = [_governing(rows, year, step, unit.get("kind")) for step in ScheduleStep]
    return [rule for rule in found if rule is not None]


async def governing_schedule_of_unit(
    db: RequestDB,
    authorizer: Authorizer,
    principal: Principal,
    *,
    unit_code: str,
    year: int,
    as_of: date | None,
) -> list[GoverningRule]:
    """The governing schedule of a unit the caller may read (as it was on `as_of`, default
    1/6 of the year)."""
    unit = await unit_by_code(db, unit_code, as_of or date(year, 6, 1))
    authorizer.require(principal, "unit", "read", unit["path"])
    return await governing_schedule(db, unit, year)


@dataclass(frozen=True, slots=True)
class StepCheck:
    rule: GoverningRule | None
    due: date | None  # the rule's day, or a granted extension's
    late: bool
    extension_reason: str | None = None


async def check_step(
    db: RequestDB,
    unit: Mapping[Any, Any],
    year: int,
    step: ScheduleStep,
    on: date,
    *,
    campaign_id: int | None = None,
    what: str | None = None,
) -> StepCheck:
    """Is `step` on `on` on time under the governing rule (and an extension granted to this
    campaign)? Late and not allowed: TransitionRefused naming the plan and the wording; late
    and allowed by the plan: a StepCheck with `late` (the caller records it)."""
    rule = await governing_rule(db, unit, year, step)
    if rule is None:
        return StepCheck(None, None, False)
    due, reason = rule.due, None
    if campaign_id is not None:
        extension = await q.extension_for(db, campaign_id, step.value)
        if extension is not None and extension["due_on"] > due:
            due, reason = extension["due_on"], extension["reason"]
    label = what or STEP_LABELS[step]
    if rule.starts is not None and on < rule.starts and rule.deadline.kind is DeadlineKind.WINDOW:
        raise TransitionRefused(
            msg(
                "{label} for {year} opens on {rule_starts:%d/%m/%Y} under {rule_citation}; "
                "{on:%d/%m/%Y} is too early.",
                label=label.capitalize(),
                year=year,
                rule_starts=rule.starts,
                rule_citation=rule.citation,
                on=on,
            ),
            code="NOT_OPEN_YET",
            reasons=[rule.citation],
        )
    if on <= due:
        return StepCheck(rule, due, False, reason)
    if rule.late_allowed:
        return StepCheck(rule, due, True, reason)
    extended = f" (extended to {due:%d/%m/%Y}: {reason})" if reason else ""
    raise TransitionRefused(
        msg(
            "Too late: {label} for {year} was due by {due:%d/%m/%Y}{extended} under {rule_citation}; "
            "{on:%d/%m/%Y} is after it.",
            label=label,
            year=year,
            due=due,
            extended=extended,
            rule_citation=rule.citation,
            on=on,
        ),
        code="DEADLINE_PASSED",
        reasons=[rule.citation, msg("last on-time day {due:%d/%m/%Y}", due=due)],
    )


async def check_assessment_entry(
    db: RequestDB,
    unit: Mapping[Any, Any],
    year: int,
    on: date,
    cache: dict[tuple[str, str], GoverningRule | None] | None = None,
) -> str | None:
    """The assessment-entry deadline of one unit (Circular 124 / Decision 510 results): None
    when on time, else the reason it is late, naming the plan and the wording. The one place
    the entry deadline is checked (recordAssessments and the spreadsheet import both call it).
    `cache` (per batch) shares the lookup between siblings: a commune's hamlets have the same
    ancestors, so the same governing rule."""
    key = (str(unit["path"]).rpartition(".")[0], str(unit["kind"]))
    if cache is not None and key in cache:
        rule = cache[key]
    else:
        rule = await governing_rule(db, unit, year, ScheduleStep.ASSESSMENT_ENTRY)
        if cache is not None:
            cache[key] = rule
    if rule is None or on <= rule.due or rule.late_allowed:
        return None
    return f"{unit['name']}: due by {rule.due:%d/%m/%Y} under {rule.citation}"


# -- writes: a plan's schedule ------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class RuleInput:
    step: str
    wording: str
    unit_kind: str | None = None
    every_year: bool = False
    late_allowed: bool = False
    source_note: str | None = None


async def _writable_plan(
    db: RequestDB, authorizer: Authorizer, principal: Principal, plan_id: int
) -> RowMapping:
    rows = await plan_q.by_ids(db, [plan_id], authorizer.paths_for(principal, "plan", "read"))
    if not rows:
        raise NotFound(msg("No such plan."), field="id")
    authorizer.require(principal, "plan", "write", rows[0]["unit_path"])
    return rows[0]


def _rule_values(item: RuleInput, year: int) -> dict[str, Any]:
    try:
        step = ScheduleStep(item.step)
    except ValueError:
        raise BadInput(
            msg("Unknown step {item_step!r}.", item_step=item.step), field="step"
        ) from None
    if item.unit_kind is not None and item.unit_kind not in ASSESSED_KINDS:
        raise BadInput(
            msg("Unknown unit kind {item_unit_kind!r}.", item_unit_kind=item.unit_kind),
            field="unitKind",
        )
    wording = " ".join((item.wording or "").split())
    if not wording or len(wording) > 500:
        raise BadInput(msg("`wording` must be 1 to 500 characters."), field="wording")
    deadline = read_rule(wording, year)
    if item.unit_kind is not None and _due_for(deadline, item.unit_kind) is None:
        raise BadInput(
            msg(
                "{wording!r} sets no date for {item_unit_kind}.",
                wording=wording,
                item_unit_kind=item.unit_kind,
            ),
            field="wording",
        )
    note = " ".join(item.source_note.split()) if item.source_note else None
    return {
        "step": step.value,
        "unit_kind": item.unit_kind,
        "wording": wording,
        "rule": deadline_json(deadline),
        "due_on": deadline.due,
        "starts_on": deadline.start,
        "every_year": item.every_year,
        "late_allowed": item.late_allowed,
        "source_note": note,
    }


@raises(BadInput, Conflict, Forbidden, NotFound)
async def add_rule(
    db: RequestDB, authorizer: Authorizer, principal: Principal, *, plan_id: int, item: RuleInput
) -> Rule:
    """Add one rule to a plan's schedule (plan write on the issuing unit)."""
    plan = await _writable_plan(db, authorizer, principal, plan_id)
    values = _rule_values(item, plan["year"])
    row = await q.insert_rule(
        db,
        {
            **values,
            "unit_id": plan["unit_id"],
            "unit_path": plan["unit_path"],
            "plan_id": plan_id,
            "created_by": principal.username,
        },
    )
    if row is None:
        raise Conflict(
            msg(
                "The plan already has a rule for {values_step}{value}; edit it.",
                values_step=values["step"],
                value=" / " + values["unit_kind"] if values["unit_kind"] else "",
            )
        )
    await audit_q.record_audit(
        db,
        actor=principal.username,
        action="add_schedule_rule",
        object_type="schedule_rule",
        object_id=str(row["id"]),
        unit_path=row["unit_path"],
        before=None,
        after=dict(row),
    )
    await db.commit()
    return rule_of(row)


async def _rule(
    db: RequestDB, authorizer: Authorizer, principal: Principal, rule_id: int
) -> tuple[RowMapping, RowMapping]:
    row = await q.rule_by_id(db, rule_id)
    if row is None or not authorizer.allowed(principal, "plan", "read", row["unit_path"]):
        raise NotFound(msg("No such schedule rule."), field="id")
    plan = await _writable_plan(db, authorizer, principal, row["plan_id"])
    return row, plan


@raises(BadInput, Conflict, Forbidden, NotFound)
async def edit_rule(
    db: RequestDB,
    authorizer: Authorizer,
    principal: Principal,
    *,
    rule_id: int,
    version: int,
    wording: str | None,
    late_allowed: bool | None,
    every_year: bool | None,
    note: str | None,
) -> Rule:
    """Correct a rule (its wording is re-read by the parser); audited with before/after."""
    row, plan = await _rule(db, authorizer, principal, rule_id)
    check_version(version, row["version"], "This schedule rule")
    if row["withdrawn_on"] is not None:
        raise BadInput(msg("The rule was withdrawn; add a new one."), field="id")
    item = RuleInput(
        row["step"],
        wording if wording is not None else row["wording"],
        row["unit_kind"],
        row["every_year"] if every_year is None else every_year,
        row["late_allowed"] if late_allowed is None else late_allowed,
        note if note is not None else row["source_note"],
    )
    values = _rule_values(item, plan["year"])
    values.pop("step")
    values.pop("unit_kind")
    updated = await q.update_rule(db, rule_id, version, values)
    if updated is None:
        raise Conflict(
            msg("The rule was changed concurrently; reload."), current_version=version + 1
        )
    await audit_q.record_audit(
        db,
        actor=principal.username,
        action="edit_schedule_rule",
        object_type="schedule_rule",
        object_id=str(rule_id),
        unit_path=row["unit_path"],
        before=dict(row),
        after=dict(updated),
    )
    await db.commit()
    return rule_of(updated)


@raises(BadInput, Conflict, Forbidden, NotFound)
async def withdraw_rule(
    db: RequestDB,
    authorizer: Authorizer,
    principal: Principal,
    *,
    rule_id: int,
    version: int,
    on: date,
    reason: str,
) -> Rule:
    """Withdraw a rule: it stops governing (the next plan up the cascade governs instead)."""
    row, _plan = await _rule(db, authorizer, principal, rule_id)
    check_version(version, row["version"], "This schedule rule")
    reason = " ".join((reason or "").split())
    if not reason:
        raise BadInput(msg("Say why the rule is withdrawn (`reason`)."), field="reason")
    if row["withdrawn_on"] is not None:
        raise BadInput(msg("The rule is already withdrawn."), field="id")
    updated = await q.update_rule(
        db, rule_id, version, {"withdrawn_on": on, "withdrawn_reason": reason}
    )
    if updated is None:
        raise Conflict(
            msg("The rule was changed concurrently; reload."), current_version=version + 1
        )
    await audit_q.record_audit(
        db,
        actor=principal.username,
        action="withdraw_schedule_rule",
        object_type="schedule_rule",
        object_id=str(rule_id),
        unit_path=row["unit_path"],
        before=dict(row),
        after=dict(updated),
    )
    await db.commit()
    return rule_of(updated)


async def readable_plan_schedule(
    db: RequestDB, authorizer: Authorizer, principal: Principal, plan_id: int, as_of: date | None
) -> list[RuleHistory]:
    """`plan_schedule` of a plan the caller may read (NOT_FOUND otherwise), typed."""
    await plan_by_id(db, authorizer, principal, plan_id)
    return [
        RuleHistory(record(Rule, state), records(RuleChange, entries))
        for state, entries in await plan_schedule(db, plan_id, as_of)
    ]


async def readable_rules(
    db: RequestDB, authorizer: Authorizer, principal: Principal | None, ids: Sequence[int]
) -> dict[int, RuleHistory]:
    """Rules by id as `planSchedule` shows them today (with their history): rules of plans the
    caller may read. Two statements however many ids."""
    roots = authorizer.paths_for(principal, "plan", "read")
    if not roots or not ids:
        return {}
    rows = await q.rules_by_ids(db, ids, roots)
    history: dict[str, list[RowMapping]] = {}
    for entry in await q.rule_audit(db, [r["id"] for r in rows]) if rows else []:
        history.setdefault(entry["object_id"], []).append(entry)
    return {
        r["id"]: RuleHistory(record(Rule, r), records(RuleChange, history.get(str(r["id"]), [])))
        for r in rows
    }


async def plan_schedule(
    db: RequestDB, plan_id: int, as_of: date | None
) -> list[tuple[dict[str, Any], list[RowMapping]]]:
    """A plan's rules, each with its audit history; with `as_of`, each rule as it stood at the
    end of that day (from the audit's before/after), leaving out rules not yet added or
    already withdrawn then. Seeded rules have no audit entry until first changed."""
    rows = await q.rules_of(db, [plan_id], with_withdrawn=True)
    history: dict[str, list[RowMapping]] = {}
    for entry in await q.rule_audit(db, [r["id"] for r in rows]):
        history.setdefault(entry["object_id"], []).append(entry)
    out: list[tuple[dict[str, Any], list[RowMapping]]] = []
    for row in rows:
        entries = history.get(str(row["id"]), [])
        state: dict[str, Any] | None = dict(row)
        if as_of is not None:
            before_day = [e for e in entries if e["at"].date() <= as_of]
            if before_day:
                state = {**dict(row), **(before_day[-1]["after"] or {})}
            elif entries:
                first = entries[0]
                state = (
                    None
                    if first["action"] == "add_schedule_rule"
                    else {**dict(row), **(first["before"] or {})}
                )
            elif row["created_at"].date() > as_of:
                state = None
            if state is not None and state.get("withdrawn_on"):
                withdrawn = state["withdrawn_on"]
                if isinstance(withdrawn, str):
                    withdrawn = date.fromisoformat(withdrawn[:10])
                if withdrawn <= as_of:
                    state = None
        if state is not None:
            for key in ("due_on", "starts_on", "withdrawn_on"):
                if isinstance(state.get(key), str):
                    state[key] = date.fromisoformat(state[key][:10])
            out.append((state, entries))
    return out
