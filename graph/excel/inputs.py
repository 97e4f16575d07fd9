"""Inputs of the Excel import mutations (the workbook itself is the `file` upload)."""

from __future__ import annotations

from datetime import date

import strawberry

from graph.scalars import Year


@strawberry.input
class ImportTargetsInput:
    unit_code: str = strawberry.field(name="unit")
    year: Year
    plan: strawberry.ID | None = strawberry.field(
        name="planId", default=None, description="The plan the targets belong to (default: none)."
    )
    commit: bool = strawberry.field(
        default=False, description="Write (all or nothing). Default: a dry run that writes nothing."
    )


@strawberry.input
class ImportAssessmentsInput:
    unit_code: str = strawberry.field(
        name="unit", description="The commune whose residential areas the sheet lists."
    )
    year: Year
    on: date | None = strawberry.field(
        default=None,
        description="Date of entry (default: today), checked against the per-kind deadline.",
    )
    as_of: date | None = strawberry.field(
        default=None, description="Structure date for codes (default 30/06 of `year`)."
    )
    commit: bool = strawberry.field(
        default=False, description="Write (all or nothing). Default: a dry run that writes nothing."
    )
