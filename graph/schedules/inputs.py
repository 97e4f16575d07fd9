"""Inputs of the schedule, quota, extension and work-item mutations."""

from __future__ import annotations

from datetime import date

import strawberry

from core.domain import QuotaMeasure as QuotaMeasureValue
from graph.schedules.types import (
    QuotaAddressee,
    QuotaKind,
    QuotaMeasure,
    ScheduleStep,
)
from graph.units.types import UnitKind


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


@strawberry.input(description="What every withdrawal says: the object, its version, why, when.")
class WithdrawInput:
    id: strawberry.ID
    version: int
    reason: str
    on: date | None = strawberry.field(default=None, description="Default: today.")


@strawberry.input(description="Withdraw a schedule rule: the next plan up governs.")
class WithdrawScheduleRuleInput(WithdrawInput):
    pass


@strawberry.input(description="Withdraw a quota of a plan.")
class WithdrawPlanQuotaInput(WithdrawInput):
    pass


@strawberry.input(description="Withdraw a task or a reporting deadline.")
class WithdrawWorkItemInput(WithdrawInput):
    pass


@strawberry.input(description="Withdraw a target.")
class WithdrawTargetInput(WithdrawInput):
    pass


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
