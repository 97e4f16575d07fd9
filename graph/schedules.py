"""Schedules, quotas, extensions, work done and corrections over GraphQL. Resolvers only
translate; the rules live in services.schedules, services.quotas, services.work and
services.evaluations.grant_extension."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

import strawberry
from sqlalchemy import RowMapping
from strawberry.scalars import JSON

from core.domain import QuotaAddressee as QuotaAddresseeValue
from core.domain import QuotaKind as QuotaKindValue
from core.domain import QuotaMeasure as QuotaMeasureValue
from core.domain import ScheduleStep as ScheduleStepValue
from core.errors import AppError, NotFound
from core.i18n import msg
from core.ids import from_global_id, to_global_id
from graph.context import Info
from graph.plans.types import PlanTask, ReportingDeadline, Target
from graph.scalars import Year
from graph.types.errors import (
    InvalidInput,
    NotAllowed,
    NotFoundError,
    VersionConflict,
    as_user_error,
)
from graph.types.evaluation import CampaignResult, TypicalCampaign, as_evaluation_error
from graph.types.unit import AdminUnit, UnitKind
from services import evaluations as campaign_service
from services import quotas as quota_service
from services import schedules as schedule_service
from services import work as work_service

ScheduleStep = strawberry.enum(
    ScheduleStepValue,
    name="ScheduleStep",
    description="A dated step of a plan's schedule (mốc thời gian): typical-unit registration, "
    "the unit's own plan, six-month and annual reports, dossier submission, recognition, "
    "assessment entry (TT 124 / QĐ 510), the Decision 510 upward report, the implementation "
    "report.",
)
QuotaKind = strawberry.enum(
    QuotaKindValue,
    name="QuotaKind",
    description="Xã; phường / thị trấn; đặc khu; cơ quan; doanh nghiệp; cơ sở giáo dục.",
)
QuotaAddressee = strawberry.enum(
    QuotaAddresseeValue,
    name="QuotaAddressee",
    description="EACH_CHILD: every unit directly below the issuer must meet it; ISSUER: the "
    "issuing level itself, for the units it manages directly.",
)
QuotaMeasure = strawberry.enum(
    QuotaMeasureValue,
    name="QuotaMeasure",
    description="Counted: campaigns registered, or recognised.",
)


def _pk(global_id: str, *types: str) -> tuple[str, int]:
    decoded = from_global_id(global_id)
    if decoded is None or decoded[0] not in types:
        raise NotFound(msg("No object with this id."), field="id")
    return decoded


@strawberry.type(description="One change of a schedule rule, from the audit log.")
class ScheduleRuleChange:
    action: str = strawberry.field(
        description="The audited action: add_schedule_rule, "
        "edit_schedule_rule or withdraw_schedule_rule."
    )
    actor: str
    at: datetime
    before: JSON | None
    after: JSON | None


@strawberry.type(description="A rule of a plan's schedule, in the plan's words and typed.")
class ScheduleRule:
    id: strawberry.ID
    step: ScheduleStep
    unit_kind: UnitKind | None = strawberry.field(
        description="Set when the rule is for one kind of unit only."
    )
    wording: str = strawberry.field(description="The plan's own words (“trước ngày 10/6”).")
    due_on: date = strawberry.field(description="Last on-time day in the plan's year.")
    starts_on: date | None
    every_year: bool = strawberry.field(description="Also governs later years (hằng năm).")
    late_allowed: bool = strawberry.field(description="Late steps are recorded late, not refused.")
    source_note: str | None
    withdrawn_on: date | None
    withdrawn_reason: str | None
    version: int
    history: list[ScheduleRuleChange] = strawberry.field(
        default_factory=list, description="Its changes, oldest first (planSchedule only)."
    )

    @classmethod
    def from_row(cls, row: Any, history: list[Any] | None = None) -> ScheduleRule:
        return cls(
            id=strawberry.ID(to_global_id("ScheduleRule", row["id"])),
            step=ScheduleStepValue(row["step"]),
            unit_kind=UnitKind(row["unit_kind"]) if row["unit_kind"] else None,
            wording=row["wording"],
            due_on=row["due_on"],
            starts_on=row["starts_on"],
            every_year=row["every_year"],
            late_allowed=row["late_allowed"],
            source_note=row["source_note"],
            withdrawn_on=row["withdrawn_on"],
            withdrawn_reason=row["withdrawn_reason"],
            version=row["version"],
            history=[
                ScheduleRuleChange(
                    action=e["action"],
                    actor=e["actor"],
                    at=e["at"],
                    before=e["before"],
                    after=e["after"],
                )
                for e in history or []
            ],
        )


@strawberry.type(
    description="The rule that governs one step of one unit in one year, and the "
    "plan it comes from (the nearest plan up the unit's cascade that sets it)."
)
class GoverningRule:
    step: ScheduleStep
    wording: str
    due_on: date = strawberry.field(description="Last on-time day for the unit's kind.")
    late_allowed: bool
    plan_number: str | None
    plan_title: str
    issuing_body: str
    citation: str = strawberry.field(description="Plan and wording, as refusals quote them.")
    source_note: str | None

    @classmethod
    def of(cls, rule: schedule_service.GoverningRule) -> GoverningRule:
        return cls(
            step=rule.step,
            wording=rule.wording,
            due_on=rule.due,
            late_allowed=rule.late_allowed,
            plan_number=rule.plan_number,
            plan_title=rule.plan_title,
            issuing_body=rule.issuing_body,
            citation=rule.citation,
            source_note=rule.source_note,
        )


@strawberry.type(description="A quota of typical units a plan sets (chỉ tiêu số đơn vị).")
class PlanQuota:
    id: strawberry.ID
    addressee: QuotaAddressee
    unit_kinds: list[QuotaKind] = strawberry.field(description="Any of these counts.")
    minimum: int
    measure: QuotaMeasure
    wording: str
    plan_number: str | None

    @classmethod
    def from_row(cls, row: RowMapping) -> PlanQuota:
        return cls(
            id=strawberry.ID(to_global_id("PlanQuota", row["id"])),
            addressee=QuotaAddresseeValue(row["addressee"]),
            unit_kinds=[QuotaKindValue(k) for k in row["unit_kinds"]],
            minimum=row["minimum"],
            measure=QuotaMeasureValue(row["measure"]),
            wording=row["wording"],
            plan_number=row.get("plan_number"),
        )


@strawberry.type(description="One quota for one unit: how many it has, met or short.")
class QuotaLine:
    unit_id: strawberry.Private[int]
    quota: PlanQuota
    count: int
    met: bool
    short: int = strawberry.field(description="How many are missing (0 when met).")

    @strawberry.field(description="The unit the quota binds.")
    async def unit(self, info: Info) -> AdminUnit | None:
        row = await info.context.units.by_id.load(self.unit_id)
        return AdminUnit.read(row, None, info.context) if row else None


@strawberry.type(description="Quotas binding a unit and the units directly below it.")
class QuotaRollup:
    year: int
    unit: AdminUnit
    lines: list[QuotaLine]


RuleResult = Annotated[
    ScheduleRule | InvalidInput | NotAllowed | NotFoundError | VersionConflict,
    strawberry.union("ScheduleRuleResult"),
]
QuotaResult = Annotated[
    PlanQuota | InvalidInput | NotAllowed | NotFoundError | VersionConflict,
    strawberry.union("PlanQuotaResult"),
]
WorkItem = Annotated[PlanTask | ReportingDeadline, strawberry.union("WorkItem")]
WorkItemResult = Annotated[
    PlanTask | ReportingDeadline | InvalidInput | NotAllowed | NotFoundError | VersionConflict,
    strawberry.union("WorkItemResult"),
]
TargetCorrectionResult = Annotated[
    Target | InvalidInput | NotAllowed | NotFoundError | VersionConflict,
    strawberry.union("TargetCorrectionResult"),
]


@strawberry.type
class ScheduleQueries:
    @strawberry.field(
        description="Every step's governing rule for a unit in a year, each with "
        "its plan and wording (what the platform enforces)."
    )
    async def governing_schedule(
        self, info: Info, unit: str, year: Year, as_of: date | None = None
    ) -> list[GoverningRule] | None:
        from services.units import unit_by_code

        ctx = info.context
        row = await unit_by_code(ctx.db, unit, as_of or date(year, 6, 1))
        ctx.authorizer.require(ctx.caller(), "unit", "read", row["path"])
        rules = await schedule_service.governing_schedule(ctx.db, row, year)
        return [GoverningRule.of(r) for r in rules]

    @strawberry.field(
        description="A plan's own schedule rules with their history (withdrawn "
        "ones too, flagged); with `asOf`, the rules as they stood at the end of "
        "that day."
    )
    async def plan_schedule(
        self, info: Info, id: strawberry.ID, as_of: date | None = None
    ) -> list[ScheduleRule] | None:
        from services import plans as plan_service

        ctx = info.context
        _kind, pk = _pk(id, "Plan")
        await plan_service.plan_by_id(ctx.db, ctx.authorizer, ctx.caller(), pk)
        return [
            ScheduleRule.from_row(state, entries)
            for state, entries in await schedule_service.plan_schedule(ctx.db, pk, as_of)
        ]

    @strawberry.field(
        description="Quotas of typical units binding the unit and the units "
        "directly below it: per unit, how many registered/recognised, met or "
        "short."
    )
    async def quota_rollup(
        self, info: Info, unit: str, year: Year, as_of: date | None = None
    ) -> QuotaRollup | None:
        ctx = info.context
        result = await quota_service.quota_rollup(
            ctx.db, ctx.authorizer, ctx.caller(), unit_code=unit, year=year, as_of=as_of
        )

        return QuotaRollup(
            year=year,
            unit=AdminUnit.read(result.unit, as_of, ctx),
            lines=[
                QuotaLine(
                    unit_id=line.unit["id"],
                    quota=PlanQuota.from_row(line.quota),
                    count=line.count,
                    met=line.met,
                    short=line.short,
                )
                for line in result.lines
            ],
        )


@strawberry.input(description="A rule to add to a plan's schedule.")
class AddScheduleRuleInput:
    id: strawberry.ID = strawberry.field(description="The plan.")
    step: ScheduleStep
    wording: str = strawberry.field(
        description="In the plan's words: “trước ngày 10/6”, “đến "
        "ngày 31/12”, “cuối Quý I”, or per unit kind “- Khu dân cư: "
        "trước ngày 05/11 - Xã, phường, thị trấn: …”."
    )
    unit_kind: UnitKind | None = None
    every_year: bool = False
    late_allowed: bool = False
    source_note: str | None = None


@strawberry.input(description="A correction of a schedule rule; null fields stay.")
class EditScheduleRuleInput:
    id: strawberry.ID
    version: int
    wording: str | None = None
    late_allowed: bool | None = None
    every_year: bool | None = None
    source_note: str | None = None


@strawberry.input(description="Withdraw a rule, quota, task, reporting deadline or target.")
class WithdrawInput:
    id: strawberry.ID
    version: int
    reason: str
    on: date | None = strawberry.field(default=None, description="Default: today.")


@strawberry.input(description="A quota of typical units to add to a plan.")
class AddPlanQuotaInput:
    id: strawberry.ID = strawberry.field(description="The plan.")
    addressee: QuotaAddressee
    unit_kinds: list[QuotaKind]
    minimum: int
    wording: str
    measure: QuotaMeasure = QuotaMeasureValue.REGISTERED
    every_year: bool = False


@strawberry.input(description="An extension for one step of one unit's campaign.")
class GrantCampaignExtensionInput:
    id: strawberry.ID = strawberry.field(description="The TypicalCampaign.")
    step: ScheduleStep
    due_on: date = strawberry.field(description="The new last on-time day.")
    reason: str
    on: date | None = strawberry.field(default=None, description="Default: today.")


@strawberry.input(description="Mark a task or reporting deadline done (the addressee).")
class MarkWorkDoneInput:
    id: strawberry.ID = strawberry.field(description="A PlanTask or ReportingDeadline.")
    version: int
    on: date | None = strawberry.field(default=None, description="Completion day (default today).")
    note: str | None = None
    link: str | None = strawberry.field(default=None, description="The report or document.")


@strawberry.input(description="Correct a task or reporting deadline (the plan's issuer).")
class CorrectWorkItemInput:
    id: strawberry.ID
    version: int
    due_on: date | None = None
    text: str | None = strawberry.field(
        default=None, description="A task's description or a report's note."
    )


@strawberry.input(description="Correct a target (the issuer of its plan).")
class CorrectTargetInput:
    id: strawberry.ID
    version: int
    text: str | None = None
    deadline: str | None = strawberry.field(
        default=None, description="New deadline wording, read by the same parser as the plan's."
    )
    target_value: float | None = None


def _work(row: RowMapping, kind: str) -> PlanTask | ReportingDeadline:
    return PlanTask.from_row(row) if kind == "task" else ReportingDeadline.from_row(row)


_WORK_KINDS = {"PlanTask": "task", "ReportingDeadline": "report"}


@strawberry.type
class ScheduleMutations:
    @strawberry.mutation(
        description="Add a rule to a plan's schedule (plan write at its "
        "issuer). It governs the units below the issuer."
    )
    async def add_schedule_rule(self, info: Info, input: AddScheduleRuleInput) -> RuleResult:
        ctx = info.context
        try:
            row = await schedule_service.add_rule(
                ctx.db,
                ctx.authorizer,
                ctx.caller(),
                plan_id=_pk(input.id, "Plan")[1],
                item=schedule_service.RuleInput(
                    input.step.value,
                    input.wording,
                    input.unit_kind.value if input.unit_kind else None,
                    input.every_year,
                    input.late_allowed,
                    input.source_note,
                ),
            )
        except AppError as error:
            return as_user_error(error)
        return ScheduleRule.from_row(row)

    @strawberry.mutation(description="Correct a schedule rule; audited with before/after.")
    async def edit_schedule_rule(self, info: Info, input: EditScheduleRuleInput) -> RuleResult:
        ctx = info.context
        try:
            row = await schedule_service.edit_rule(
                ctx.db,
                ctx.authorizer,
                ctx.caller(),
                rule_id=_pk(input.id, "ScheduleRule")[1],
                version=input.version,
                wording=input.wording,
                late_allowed=input.late_allowed,
                every_year=input.every_year,
                note=input.source_note,
            )
        except AppError as error:
            return as_user_error(error)
        return ScheduleRule.from_row(row)

    @strawberry.mutation(description="Withdraw a schedule rule: the next plan up governs.")
    async def withdraw_schedule_rule(self, info: Info, input: WithdrawInput) -> RuleResult:
        ctx = info.context
        try:
            row = await schedule_service.withdraw_rule(
                ctx.db,
                ctx.authorizer,
                ctx.caller(),
                rule_id=_pk(input.id, "ScheduleRule")[1],
                version=input.version,
                on=input.on or ctx.today,
                reason=input.reason,
            )
        except AppError as error:
            return as_user_error(error)
        return ScheduleRule.from_row(row)

    @strawberry.mutation(description="Add a quota of typical units to a plan.")
    async def add_plan_quota(self, info: Info, input: AddPlanQuotaInput) -> QuotaResult:
        ctx = info.context
        try:
            row = await quota_service.add_quota(
                ctx.db,
                ctx.authorizer,
                ctx.caller(),
                plan_id=_pk(input.id, "Plan")[1],
                item=quota_service.QuotaInput(
                    input.addressee.value,
                    [k.value for k in input.unit_kinds],
                    input.minimum,
                    input.measure.value,
                    input.wording,
                    input.every_year,
                ),
            )
        except AppError as error:
            return as_user_error(error)
        return PlanQuota.from_row(row)

    @strawberry.mutation(description="Withdraw a quota of a plan.")
    async def withdraw_plan_quota(self, info: Info, input: WithdrawInput) -> QuotaResult:
        ctx = info.context
        try:
            row = await quota_service.withdraw_quota(
                ctx.db,
                ctx.authorizer,
                ctx.caller(),
                quota_id=_pk(input.id, "PlanQuota")[1],
                version=input.version,
                on=input.on or ctx.today,
                reason=input.reason,
            )
        except AppError as error:
            return as_user_error(error)
        return PlanQuota.from_row(row)

    @strawberry.mutation(
        description="The level above (the reviewer who recognises) grants one "
        "unit's campaign a later day for one step, with a reason (audited, in "
        "the campaign's history). A returned dossier can be resubmitted "
        "within it."
    )
    async def grant_campaign_extension(
        self, info: Info, input: GrantCampaignExtensionInput
    ) -> CampaignResult:
        ctx = info.context
        try:
            campaign_id = await campaign_service.grant_extension(
                ctx.db,
                ctx.authorizer,
                ctx.caller(),
                campaign_id=_pk(input.id, "TypicalCampaign")[1],
                step=input.step.value,
                due_on=input.due_on,
                reason=input.reason,
                on=input.on or ctx.today,
            )
            row = await campaign_service.campaign(ctx.db, ctx.authorizer, ctx.caller(), campaign_id)
        except AppError as error:
            return as_evaluation_error(error)
        return TypicalCampaign.from_row(row)

    @strawberry.mutation(
        description="The addressee marks a task or reporting deadline done: "
        "the day, a note, the report or document, and who."
    )
    async def mark_work_done(self, info: Info, input: MarkWorkDoneInput) -> WorkItemResult:
        ctx = info.context
        try:
            type_name, pk = _pk(input.id, *_WORK_KINDS)
            kind = _WORK_KINDS[type_name]
            row = await work_service.mark_done(
                ctx.db,
                ctx.authorizer,
                ctx.caller(),
                kind=kind,
                item_id=pk,
                version=input.version,
                on=input.on or ctx.today,
                note=input.note,
                link=input.link,
                today=ctx.today,
            )
        except AppError as error:
            return as_user_error(error)
        return _work(row, kind)

    @strawberry.mutation(
        description="The plan's issuer corrects a task or reporting deadline "
        "(due day, wording); audited with before/after."
    )
    async def correct_work_item(self, info: Info, input: CorrectWorkItemInput) -> WorkItemResult:
        ctx = info.context
        try:
            type_name, pk = _pk(input.id, *_WORK_KINDS)
            kind = _WORK_KINDS[type_name]
            row = await work_service.correct(
                ctx.db,
                ctx.authorizer,
                ctx.caller(),
                kind=kind,
                item_id=pk,
                version=input.version,
                due_on=input.due_on,
                text_value=input.text,
            )
        except AppError as error:
            return as_user_error(error)
        return _work(row, kind)

    @strawberry.mutation(
        description="The plan's issuer withdraws a task or reporting deadline "
        "(it leaves calendars and overdue lists); audited."
    )
    async def withdraw_work_item(self, info: Info, input: WithdrawInput) -> WorkItemResult:
        ctx = info.context
        try:
            type_name, pk = _pk(input.id, *_WORK_KINDS)
            kind = _WORK_KINDS[type_name]
            row = await work_service.withdraw(
                ctx.db,
                ctx.authorizer,
                ctx.caller(),
                kind=kind,
                item_id=pk,
                version=input.version,
                on=input.on or ctx.today,
                reason=input.reason,
            )
        except AppError as error:
            return as_user_error(error)
        return _work(row, kind)

    @strawberry.mutation(description="Correct a target's wording, value or deadline; audited.")
    async def correct_target(self, info: Info, input: CorrectTargetInput) -> TargetCorrectionResult:
        ctx = info.context
        try:
            row = await work_service.correct_target(
                ctx.db,
                ctx.authorizer,
                ctx.caller(),
                target_id=_pk(input.id, "Target")[1],
                version=input.version,
                text_value=input.text,
                deadline_wording=input.deadline,
                target_value=input.target_value,
                today=ctx.today,
            )
        except AppError as error:
            return as_user_error(error)
        return Target.from_row(row)

    @strawberry.mutation(description="Withdraw a target (it leaves lists and calendars).")
    async def withdraw_target(self, info: Info, input: WithdrawInput) -> TargetCorrectionResult:
        ctx = info.context
        try:
            row = await work_service.withdraw_target(
                ctx.db,
                ctx.authorizer,
                ctx.caller(),
                target_id=_pk(input.id, "Target")[1],
                version=input.version,
                on=input.on or ctx.today,
                reason=input.reason,
                today=ctx.today,
            )
        except AppError as error:
            return as_user_error(error)
        return Target.from_row(row)
