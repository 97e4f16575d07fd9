"""Root field of result reports: `resultReport`, the report as data."""

from __future__ import annotations

from datetime import date

import strawberry

from graph import door
from graph.arguments import UnitArg
from graph.door import Call
from graph.reports.types import ReportPeriod, ResultReport, to_graphql
from graph.scalars import Year
from services import reports as report_service


@strawberry.type
class ReportQueries:
    @door.query(
        description="The official result report of a unit for a year (annual or "
        "6-month), as data. Statuses are read on `asOf` (default: the end of the "
        "period, or today while it runs). A unit outside your scope is NOT_FOUND.",
    )
    async def result_report(
        call: Call,
        unit_code: UnitArg,
        year: Year,
        period: ReportPeriod = ReportPeriod.ANNUAL,
        as_of: date | None = None,
    ) -> ResultReport | None:
        report = await report_service.result_report(
            call.db,
            call.authorizer,
            call.principal,
            unit_code=unit_code,
            year=year,
            period=report_service.ReportPeriod(period.value),
            as_of=as_of,
            today=call.today,
        )
        return to_graphql(report)
