"""Root fields of schedules: governing rules, a plan's own rules, quota rollups."""

from __future__ import annotations

from datetime import date

import strawberry

from core.errors import NotFound
from core.ids import from_global_id
from graph.context import Info
from graph.scalars import Year
from graph.schedules.types import (
    GoverningRule,
    PlanQuota,
    QuotaLine,
    QuotaRollup,
    ScheduleRule,
)
from graph.types.unit import AdminUnit
from services import quotas as quota_service
from services import schedules as schedule_service


def _pk(global_id: str, *types: str) -> tuple[str, int]:
    decoded = from_global_id(global_id)
    if decoded is None or decoded[0] not in types:
        raise NotFound("No object with this id.", field="id")
    return decoded


@strawberry.type
class ScheduleQueries:
    @strawberry.field(
        description="Every step's governing rule for a unit in a year, each with "
        "its plan and wording (what the platform enforces)."
    )
    async def governing_schedule(
        self, info: Info, unit: str, year: Year, as_of: date | None = None
    ) -> list[GoverningRule] | None:
        ctx = info.context
        rules = await schedule_service.governing_schedule_of_unit(
            ctx.db, ctx.authorizer, ctx.caller(), unit_code=unit, year=year, as_of=as_of
        )
        return [GoverningRule.of(r) for r in rules]

    @strawberry.field(
        description="A plan's own schedule rules with their history (withdrawn "
        "ones too, flagged); with `asOf`, the rules as they stood at the end of "
        "that day."
    )
    async def plan_schedule(
        self, info: Info, id: strawberry.ID, as_of: date | None = None
    ) -> list[ScheduleRule] | None:
        ctx = info.context
        _kind, pk = _pk(id, "Plan")
        rules = await schedule_service.readable_plan_schedule(
            ctx.db, ctx.authorizer, ctx.caller(), pk, as_of
        )
        return [ScheduleRule.from_result(r.rule, r.changes) for r in rules]

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
                    unit_id=line.unit_id,
                    quota=PlanQuota.from_result(line.quota),
                    count=line.count,
                    met=line.met,
                    short=line.short,
                )
                for line in result.lines
            ],
        )
