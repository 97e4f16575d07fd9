"""Mutations of schedules, quotas, campaign extensions, work items and target corrections."""

from __future__ import annotations

import strawberry

from core.errors import AppError, NotFound
from core.ids import from_global_id
from graph.context import Info
from graph.evaluations.types import CampaignResult, TypicalCampaign, as_evaluation_error
from graph.plans.types import PlanTask, ReportingDeadline, Target
from graph.schedules.inputs import (
    AddPlanQuotaInput,
    AddScheduleRuleInput,
    CorrectTargetInput,
    CorrectWorkItemInput,
    EditScheduleRuleInput,
    GrantCampaignExtensionInput,
    MarkWorkDoneInput,
    WithdrawInput,
)
from graph.schedules.types import (
    PlanQuota,
    QuotaResult,
    RuleResult,
    ScheduleRule,
    TargetCorrectionResult,
    WorkItemResult,
)
from graph.types.errors import (
    as_user_error,
)
from services import evaluations as campaign_service
from services import plans as plan_service
from services import quotas as quota_service
from services import schedules as schedule_service
from services import work as work_service


def _pk(global_id: str, *types: str) -> tuple[str, int]:
    decoded = from_global_id(global_id)
    if decoded is None or decoded[0] not in types:
        raise NotFound("No object with this id.", field="id")
    return decoded


def _work(item: plan_service.Task | plan_service.ReportDeadline) -> PlanTask | ReportingDeadline:
    if isinstance(item, plan_service.Task):
        return PlanTask.from_result(item)
    return ReportingDeadline.from_result(item)


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
        return ScheduleRule.from_result(row)

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
        return ScheduleRule.from_result(row)

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
        return ScheduleRule.from_result(row)

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
        return PlanQuota.from_result(row)

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
        return PlanQuota.from_result(row)

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
        return TypicalCampaign.from_result(row)

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
        return _work(row)

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
        return _work(row)

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
        return _work(row)

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
        return Target.from_result(row)

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
        return Target.from_result(row)
