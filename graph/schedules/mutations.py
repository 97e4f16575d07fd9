"""Mutations of schedules, quotas, campaign extensions, work items and target corrections."""

from __future__ import annotations

import strawberry

from graph import door
from graph.door import Call
from graph.evaluations.types import TypicalCampaign
from graph.plans.types import PlanTask, ReportingDeadline, Target
from graph.schedules.inputs import (
    AddPlanQuotaInput,
    AddScheduleRuleInput,
    CorrectTargetInput,
    CorrectWorkItemInput,
    EditScheduleRuleInput,
    GrantCampaignExtensionInput,
    MarkWorkDoneInput,
    WithdrawPlanQuotaInput,
    WithdrawScheduleRuleInput,
    WithdrawTargetInput,
    WithdrawWorkItemInput,
)
from graph.schedules.types import (
    PlanQuota,
    ScheduleRule,
)
from services import evaluations as campaign_service
from services import plans as plan_service
from services import quotas as quota_service
from services import schedules as schedule_service
from services import work as work_service


def _work(item: plan_service.Task | plan_service.ReportDeadline) -> PlanTask | ReportingDeadline:
    if isinstance(item, plan_service.Task):
        return PlanTask.from_result(item)
    return ReportingDeadline.from_result(item)


_WORK_KINDS = {"PlanTask": "task", "ReportingDeadline": "report"}


@strawberry.type
class ScheduleMutations:
    @door.mutation(
        service=schedule_service.add_rule,
        returns=ScheduleRule,
        description="Add a rule to a plan's schedule (plan write at its "
        "issuer). It governs the units below the issuer.",
    )
    async def add_schedule_rule(call: Call, input: AddScheduleRuleInput) -> ScheduleRule:
        row = await schedule_service.add_rule(
            call.db,
            call.authorizer,
            call.principal,
            plan_id=call.pk(input.id, "Plan", field="id"),
            item=schedule_service.RuleInput(
                input.step.value,
                input.wording,
                input.unit_kind.value if input.unit_kind else None,
                input.every_year,
                input.late_allowed,
                input.source_note,
            ),
        )
        return ScheduleRule.from_result(row)

    @door.mutation(
        service=schedule_service.edit_rule,
        returns=ScheduleRule,
        description="Correct a schedule rule; audited with before/after.",
    )
    async def edit_schedule_rule(call: Call, input: EditScheduleRuleInput) -> ScheduleRule:
        row = await schedule_service.edit_rule(
            call.db,
            call.authorizer,
            call.principal,
            rule_id=call.pk(input.id, "ScheduleRule", field="id"),
            version=input.version,
            wording=input.wording,
            late_allowed=input.late_allowed,
            every_year=input.every_year,
            note=input.source_note,
        )
        return ScheduleRule.from_result(row)

    @door.mutation(
        service=schedule_service.withdraw_rule,
        returns=ScheduleRule,
        description="Withdraw a schedule rule: the next plan up governs.",
    )
    async def withdraw_schedule_rule(call: Call, input: WithdrawScheduleRuleInput) -> ScheduleRule:
        row = await schedule_service.withdraw_rule(
            call.db,
            call.authorizer,
            call.principal,
            rule_id=call.pk(input.id, "ScheduleRule", field="id"),
            version=input.version,
            on=input.on or call.today,
            reason=input.reason,
        )
        return ScheduleRule.from_result(row)

    @door.mutation(
        service=quota_service.add_quota,
        returns=PlanQuota,
        description="Add a quota of typical units to a plan.",
    )
    async def add_plan_quota(call: Call, input: AddPlanQuotaInput) -> PlanQuota:
        row = await quota_service.add_quota(
            call.db,
            call.authorizer,
            call.principal,
            plan_id=call.pk(input.id, "Plan", field="id"),
            item=quota_service.QuotaInput(
                input.addressee.value,
                [k.value for k in input.unit_kinds],
                input.minimum,
                input.measure.value,
                input.wording,
                input.every_year,
            ),
        )
        return PlanQuota.from_result(row)

    @door.mutation(
        service=quota_service.withdraw_quota,
        returns=PlanQuota,
        description="Withdraw a quota of a plan.",
    )
    async def withdraw_plan_quota(call: Call, input: WithdrawPlanQuotaInput) -> PlanQuota:
        row = await quota_service.withdraw_quota(
            call.db,
            call.authorizer,
            call.principal,
            quota_id=call.pk(input.id, "PlanQuota", field="id"),
            version=input.version,
            on=input.on or call.today,
            reason=input.reason,
        )
        return PlanQuota.from_result(row)

    @door.mutation(
        service=campaign_service.grant_extension,
        returns=TypicalCampaign,
        description="The level above (the reviewer who recognises) grants one "
        "unit's campaign a later day for one step, with a reason (audited, in "
        "the campaign's history). A returned dossier can be resubmitted "
        "within it.",
    )
    async def grant_campaign_extension(
        call: Call, input: GrantCampaignExtensionInput
    ) -> TypicalCampaign:
        campaign_id = await campaign_service.grant_extension(
            call.db,
            call.authorizer,
            call.principal,
            campaign_id=call.pk(input.id, "TypicalCampaign", field="id"),
            step=input.step.value,
            due_on=input.due_on,
            reason=input.reason,
            on=input.on or call.today,
        )
        row = await campaign_service.campaign(call.db, call.authorizer, call.principal, campaign_id)
        return TypicalCampaign.from_result(row)

    @door.mutation(
        service=work_service.mark_done,
        returns=PlanTask | ReportingDeadline,  # type: ignore[arg-type]  # either work item
        description="The addressee marks a task or reporting deadline done: "
        "the day, a note, the report or document, and who.",
    )
    async def mark_work_done(call: Call, input: MarkWorkDoneInput) -> PlanTask | ReportingDeadline:
        type_name, pk = call.typed_pk(input.id, *_WORK_KINDS, field="id")
        kind = _WORK_KINDS[type_name]
        row = await work_service.mark_done(
            call.db,
            call.authorizer,
            call.principal,
            kind=kind,
            item_id=pk,
            version=input.version,
            on=input.on or call.today,
            note=input.note,
            link=input.link,
            today=call.today,
        )
        return _work(row)

    @door.mutation(
        service=work_service.correct,
        returns=PlanTask | ReportingDeadline,  # type: ignore[arg-type]  # either work item
        description="The plan's issuer corrects a task or reporting deadline "
        "(due day, wording); audited with before/after.",
    )
    async def correct_work_item(
        call: Call, input: CorrectWorkItemInput
    ) -> PlanTask | ReportingDeadline:
        type_name, pk = call.typed_pk(input.id, *_WORK_KINDS, field="id")
        kind = _WORK_KINDS[type_name]
        row = await work_service.correct(
            call.db,
            call.authorizer,
            call.principal,
            kind=kind,
            item_id=pk,
            version=input.version,
            due_on=input.due_on,
            text_value=input.text,
        )
        return _work(row)

    @door.mutation(
        service=work_service.withdraw,
        returns=PlanTask | ReportingDeadline,  # type: ignore[arg-type]  # either work item
        description="The plan's issuer withdraws a task or reporting deadline "
        "(it leaves calendars and overdue lists); audited.",
    )
    async def withdraw_work_item(
        call: Call, input: WithdrawWorkItemInput
    ) -> PlanTask | ReportingDeadline:
        type_name, pk = call.typed_pk(input.id, *_WORK_KINDS, field="id")
        kind = _WORK_KINDS[type_name]
        row = await work_service.withdraw(
            call.db,
            call.authorizer,
            call.principal,
            kind=kind,
            item_id=pk,
            version=input.version,
            on=input.on or call.today,
            reason=input.reason,
        )
        return _work(row)

    @door.mutation(
        service=work_service.correct_target,
        returns=Target,
        description="Correct a target's wording, value or deadline; audited.",
    )
    async def correct_target(call: Call, input: CorrectTargetInput) -> Target:
        row = await work_service.correct_target(
            call.db,
            call.authorizer,
            call.principal,
            target_id=call.pk(input.id, "Target", field="id"),
            version=input.version,
            text_value=input.text,
            deadline_wording=input.deadline,
            target_value=input.target_value,
            today=call.today,
        )
        return Target.from_result(row)

    @door.mutation(
        service=work_service.withdraw_target,
        returns=Target,
        description="Withdraw a target (it leaves lists and calendars).",
    )
    async def withdraw_target(call: Call, input: WithdrawTargetInput) -> Target:
        row = await work_service.withdraw_target(
            call.db,
            call.authorizer,
            call.principal,
            target_id=call.pk(input.id, "Target", field="id"),
            version=input.version,
            on=input.on or call.today,
            reason=input.reason,
            today=call.today,
        )
        return Target.from_result(row)
