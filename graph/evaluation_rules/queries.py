"""Root fields of evaluation rules: periods, scoring tables, proposals, commune safety."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry

from graph import door
from graph.door import Call
from graph.evaluation_rules.inputs import (
    plain_text,
)
from graph.evaluation_rules.types import (
    ClassificationProposal,
    CommuneSafety,
    EvaluationPeriod,
    ScoringTable,
)
from graph.scalars import Year
from graph.units.types import UnitKind
from services import commune_safety as safety_service
from services import scoring as scoring_service
from services.evaluation_periods import period, period_of_unit


@strawberry.type
class EvaluationRuleQueries:
    @door.query(
        description="The Circular 124 period a day belongs to for a unit (a "
        "hamlet on 05/11 is in the next period; a commune on 05/11 in this one).",
    )
    async def evaluation_period(
        call: Call,
        unit: Annotated[str, strawberry.argument(description="Unit code.")],
        on: Annotated[date, strawberry.argument(description="The day.")],
    ) -> EvaluationPeriod | None:
        plain_text(unit)
        return EvaluationPeriod.of(await period_of_unit(call.db, unit, on))

    @door.query(
        description="The periods of a year for every assessed kind of unit (what "
        "rollups and assessments of that year cover).",
    )
    async def evaluation_periods(
        call: Call,
        year: Annotated[Year, strawberry.argument(description="Period year.")],
    ) -> list[EvaluationPeriod] | None:
        return [
            EvaluationPeriod.of(await period(call.db, kind, year))
            for kind in ("residential_area", "commune", "agency", "enterprise", "school")
        ]

    @door.query(
        description="Decision 510 scoring tables that apply in your scope.",
    )
    async def scoring_tables(
        call: Call,
        unit_kind: Annotated[
            UnitKind | None, strawberry.argument(description="Only tables of this kind.")
        ] = None,
        as_of: Annotated[
            date | None, strawberry.argument(description="Only tables in force on this day.")
        ] = None,
    ) -> list[ScoringTable] | None:
        rows = await scoring_service.tables(
            call.db,
            call.authorizer,
            call.principal,
            unit_kind=unit_kind.value if unit_kind else None,
            on=as_of,
        )
        return [ScoringTable.from_result(t) for t in rows]

    @door.query(
        description="A unit's Decision 510 proposal of a period (null if none).",
    )
    async def classification_proposal(
        call: Call,
        unit: Annotated[str, strawberry.argument(description="Unit code.")],
        year: Annotated[Year, strawberry.argument(description="Period year.")],
        as_of: Annotated[
            date | None,
            strawberry.argument(description="Structure date (default 30/06 of the year)."),
        ] = None,
    ) -> ClassificationProposal | None:
        plain_text(unit)
        row = await scoring_service.proposal_of_unit(
            call.db, call.authorizer, call.principal, unit_code=unit, year=year, as_of=as_of
        )
        return ClassificationProposal.from_result(row) if row else None

    @door.query(
        description="A commune's Circular 124 result of a period (null if none).",
    )
    async def commune_safety(
        call: Call,
        unit: Annotated[str, strawberry.argument(description="Commune code.")],
        year: Annotated[Year, strawberry.argument(description="Period year.")],
        as_of: Annotated[
            date | None,
            strawberry.argument(description="Structure date (default 30/06 of the year)."),
        ] = None,
    ) -> CommuneSafety | None:
        plain_text(unit)
        row = await safety_service.result_of_unit(
            call.db, call.authorizer, call.principal, unit_code=unit, year=year, as_of=as_of
        )
        return CommuneSafety.from_result(row) if row else None
