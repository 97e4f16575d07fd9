"""Root fields of the evaluation domain: criteria sets, typical-unit campaigns, yearly
assessments and rollups. Resolvers only translate; rules live in services.evaluations and
services.assessments."""

from __future__ import annotations

from datetime import date

import strawberry

from core.ids import decode_int_cursor, encode_cursor
from graph import door
from graph.arguments import UnitArg
from graph.door import Call
from graph.evaluations.inputs import CampaignFilter
from graph.evaluations.types import (
    Assessment,
    AssessmentConnection,
    CriteriaSet,
    Rollup,
    RollupFigures,
    RollupRow,
    TypicalCampaign,
    TypicalCampaignConnection,
)
from graph.pagination import build_edges, decode_ltree_cursor, page_size
from graph.scalars import Year
from graph.units.types import AdminUnit, UnitKind
from services import assessments as assessment_service
from services import evaluations as campaign_service


@strawberry.type
class EvaluationQueries:
    @door.query(
        description="Criteria sets, optionally those in force for a kind of unit "
        "on a date (newest decision first).",
    )
    async def criteria_sets(
        call: Call, unit_kind: UnitKind | None = None, as_of: date | None = None
    ) -> list[CriteriaSet] | None:
        rows = await campaign_service.criteria_sets(
            call.db, unit_kind=unit_kind.value if unit_kind else None, on=as_of
        )
        return [CriteriaSet.from_result(c) for c in rows]

    @door.query(
        description="A unit's typical-unit campaign for a year (null if none). "
        "`asOf` picks the unit's incarnation (default: mid-year).",
    )
    async def typical_campaign(
        call: Call, unit_code: UnitArg, year: Year, as_of: date | None = None
    ) -> TypicalCampaign | None:
        row = await campaign_service.campaign_of_unit(
            call.db, call.authorizer, call.principal, unit_code=unit_code, year=year, as_of=as_of
        )
        return TypicalCampaign.from_result(row) if row else None

    @door.query(
        description="Campaigns in your scope, oldest first.",
    )
    async def typical_campaigns(
        call: Call,
        filter: CampaignFilter | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> TypicalCampaignConnection | None:
        f = filter or CampaignFilter()
        limit = page_size(first, call.settings.default_page_size, call.settings.max_page_size)
        after_id = _int_cursor(after, "campaign")
        rows = await campaign_service.list_campaigns(
            call.db,
            call.authorizer,
            call.principal,
            under_code=f.under,
            year=f.year,
            state=f.state.value if f.state else None,
            after_id=after_id,
            limit=limit + 1,
        )
        edges, page_info = build_edges(
            [TypicalCampaign.from_result(c) for c in rows],
            limit,
            lambda c: encode_cursor("campaign", str(c.pk)),
            after,
        )
        return TypicalCampaignConnection(
            edges=edges,
            page_info=page_info,
            count=lambda: campaign_service.count_campaigns(
                call.db,
                call.authorizer,
                call.principal,
                under_code=f.under,
                year=f.year,
                state=f.state.value if f.state else None,
            ),
        )

    @door.query(
        description="A unit's assessment for a year (null if not entered).",
    )
    async def assessment(
        call: Call, unit_code: UnitArg, year: Year, as_of: date | None = None
    ) -> Assessment | None:
        row = await assessment_service.assessment_of_unit(
            call.db, call.authorizer, call.principal, unit_code=unit_code, year=year, as_of=as_of
        )
        return Assessment.from_result(row) if row else None

    @door.query(
        description="Assessments of a year under a unit (itself included), in hierarchy order.",
    )
    async def assessments(
        call: Call,
        under: str,
        year: Year,
        as_of: date | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> AssessmentConnection | None:
        limit = page_size(first, call.settings.default_page_size, call.settings.max_page_size)
        after_path = decode_ltree_cursor(after, "apath") if after else None
        rows = await assessment_service.list_assessments(
            call.db,
            call.authorizer,
            call.principal,
            under_code=under,
            year=year,
            as_of=as_of,
            after_path=after_path,
            limit=limit + 1,
        )
        edges, page_info = build_edges(
            [Assessment.from_result(a) for a in rows],
            limit,
            lambda a: encode_cursor("apath", a.unit_path),
            after,
        )
        return AssessmentConnection(
            edges=edges,
            page_info=page_info,
            count=lambda: assessment_service.count_assessments(
                call.db, call.authorizer, call.principal, under_code=under, year=year, as_of=as_of
            ),
        )

    @door.query(
        description="Registered %, safe %, Xuất sắc+Khá % and typical units of a "
        "unit's subtree and of each child, against the targets, for `year` under "
        "the structure of `asOf` (default: 30/06 of the year). With "
        "`includePredecessors`, units merged into these count too.",
    )
    async def rollup(
        call: Call,
        unit_code: UnitArg,
        year: Year,
        as_of: date | None = None,
        include_predecessors: bool = False,
    ) -> Rollup | None:
        day = as_of or date(year, 6, 30)
        result = await assessment_service.rollup(
            call.db,
            call.authorizer,
            call.principal,
            unit_code=unit_code,
            year=year,
            as_of=day,
            include_predecessors=include_predecessors,
        )
        return Rollup(
            unit=AdminUnit.from_row(result.unit, day),
            year=year,
            as_of=day,
            include_predecessors=include_predecessors,
            total=RollupFigures.from_result(result.total),
            children=[
                RollupRow(unit=AdminUnit.from_row(u, day), figures=RollupFigures.from_result(f))
                for u, f in result.children
            ],
        )


def _int_cursor(after: str | None, kind: str) -> int | None:
    if after is None:
        return None
    return decode_int_cursor(after, kind)
