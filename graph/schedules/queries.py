"""Root fields of schedules: governing rules, a plan's own rules, quota rollups."""

from __future__ import annotations

from datetime import date

import strawberry

from graph import door
from graph.door import Call
from graph.scalars import Year
from graph.schedules.types import (
    GoverningRule,
    PlanQuota,
    QuotaLine,
    QuotaRollup,
    ScheduleRule,
)
from graph.units.types import AdminUnit
from services import quotas as quota_service
from services import schedules as schedule_service


@strawberry.type
class ScheduleQueries:
    @door.query(
        description="Every step's governing rule for a unit in a year, each with "
        "its plan and wording (what the platform enforces).",
    )
    async def governing_schedule(
        call: Call, unit: str, year: Year, as_of: date | None = None
    ) -> list[GoverningRule] | None:
        rules = await schedule_service.governing_schedule_of_unit(
            call.db, call.authorizer, call.principal, unit_code=unit, year=year, as_of=as_of
        )
        return [GoverningRule.of(r) for r in rules]

    @door.query(
        description="A plan's own schedule rules with their history (withdrawn "
        "ones too, flagged); with `asOf`, the rules as they stood at the end of "
        "that day.",
    )
    async def plan_schedule(
        call: Call, id: strawberry.ID, as_of: date | None = None
    ) -> list[ScheduleRule] | None:
        pk = call.pk(id, "Plan", field="id")
        rules = await schedule_service.readable_plan_schedule(
            call.db, call.authorizer, call.principal, pk, as_of
        )
        return [ScheduleRule.from_result(r.rule, r.changes) for r in rules]

    @door.query(
        description="Quotas of typical units binding the unit and the units "
        "directly below it: per unit, how many registered/recognised, met or "
        "short.",
    )
    async def quota_rollup(
        call: Call, unit: str, year: Year, as_of: date | None = None
    ) -> QuotaRollup | None:
        result = await quota_service.quota_rollup(
            call.db, call.authorizer, call.principal, unit_code=unit, year=year, as_of=as_of
        )

        return QuotaRollup(
            year=year,
            unit=AdminUnit.read(result.unit, as_of, call.context),
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
