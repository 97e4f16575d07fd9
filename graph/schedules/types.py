"""Schedules, quotas, extensions, work done and corrections over GraphQL. Resolvers only
translate; the rules live in services.schedules, services.quotas, services.work and
services.evaluations.grant_extension."""

from __future__ import annotations

from datetime import date, datetime
from typing import TypeAlias

import strawberry
from strawberry.scalars import JSON

from core.domain import QuotaAddressee as QuotaAddresseeValue
from core.domain import QuotaKind as QuotaKindValue
from core.domain import QuotaMeasure as QuotaMeasureValue
from core.domain import ScheduleStep as ScheduleStepValue
from core.ids import to_global_id
from graph.context import Context, Info
from graph.nodes.types import NODE_FETCHERS, Node, register_node
from graph.units.types import AdminUnit, UnitKind
from services import quotas as quota_service
from services import schedules as schedule_service

strawberry.enum(
    ScheduleStepValue,
    name="ScheduleStep",
    description="A dated step of a plan's schedule (mốc thời gian): typical-unit registration, "
    "the unit's own plan, six-month and annual reports, dossier submission, recognition, "
    "assessment entry (TT 124 / QĐ 510), the Decision 510 upward report, the implementation "
    "report.",
)  # registers the GraphQL enum on the class itself
ScheduleStep: TypeAlias = ScheduleStepValue
strawberry.enum(
    QuotaKindValue,
    name="QuotaKind",
    description="Xã; phường / thị trấn; đặc khu; cơ quan; doanh nghiệp; cơ sở giáo dục.",
)  # registers the GraphQL enum on the class itself
QuotaKind: TypeAlias = QuotaKindValue
strawberry.enum(
    QuotaAddresseeValue,
    name="QuotaAddressee",
    description="EACH_CHILD: every unit directly below the issuer must meet it; ISSUER: the "
    "issuing level itself, for the units it manages directly.",
)  # registers the GraphQL enum on the class itself
QuotaAddressee: TypeAlias = QuotaAddresseeValue
strawberry.enum(
    QuotaMeasureValue,
    name="QuotaMeasure",
    description="Counted: campaigns registered, or recognised.",
)  # registers the GraphQL enum on the class itself
QuotaMeasure: TypeAlias = QuotaMeasureValue


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
class ScheduleRule(Node):
    id: strawberry.ID = strawberry.field(description="Global ID (Relay), for `node(id:)`.")
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
        default_factory=list, description="Its changes, oldest first (planSchedule and node(id:))."
    )

    @classmethod
    def from_result(
        cls, rule: schedule_service.Rule, history: list[schedule_service.RuleChange] | None = None
    ) -> ScheduleRule:
        return cls(
            id=strawberry.ID(to_global_id("ScheduleRule", rule.id)),
            step=ScheduleStepValue(rule.step),
            unit_kind=UnitKind(rule.unit_kind) if rule.unit_kind else None,
            wording=rule.wording,
            due_on=rule.due_on,
            starts_on=rule.starts_on,
            every_year=rule.every_year,
            late_allowed=rule.late_allowed,
            source_note=rule.source_note,
            withdrawn_on=rule.withdrawn_on,
            withdrawn_reason=rule.withdrawn_reason,
            version=rule.version,
            history=[
                ScheduleRuleChange(
                    action=e.action,
                    actor=e.actor,
                    at=e.at,
                    before=JSON(e.before) if e.before is not None else None,
                    after=JSON(e.after) if e.after is not None else None,
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
class PlanQuota(Node):
    id: strawberry.ID = strawberry.field(description="Global ID (Relay), for `node(id:)`.")
    addressee: QuotaAddressee
    unit_kinds: list[QuotaKind] = strawberry.field(description="Any of these counts.")
    minimum: int
    measure: QuotaMeasure
    wording: str
    plan_number: str | None

    @classmethod
    def from_result(cls, quota: quota_service.Quota) -> PlanQuota:
        return cls(
            id=strawberry.ID(to_global_id("PlanQuota", quota.id)),
            addressee=QuotaAddresseeValue(quota.addressee),
            unit_kinds=[QuotaKindValue(k) for k in quota.unit_kinds],
            minimum=quota.minimum,
            measure=QuotaMeasureValue(quota.measure),
            wording=quota.wording,
            plan_number=quota.plan_number,
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
        unit: AdminUnit | None = await NODE_FETCHERS["AdminUnit"](info.context, self.unit_id)
        return unit


@strawberry.type(description="Quotas binding a unit and the units directly below it.")
class QuotaRollup:
    year: int
    unit: AdminUnit
    lines: list[QuotaLine]


# `node(id:)`: rules and quotas of plans the caller may read (services.schedules/quotas).
async def _fetch_rule(ctx: Context, pk: int) -> ScheduleRule | None:
    ctx.caller()
    found = await ctx.plans.schedule_rule.load(pk)
    return ScheduleRule.from_result(found.rule, found.changes) if found else None


async def _fetch_quota(ctx: Context, pk: int) -> PlanQuota | None:
    ctx.caller()
    found = await ctx.plans.quota.load(pk)
    return PlanQuota.from_result(found) if found else None


register_node("ScheduleRule", _fetch_rule)
register_node("PlanQuota", _fetch_quota)
