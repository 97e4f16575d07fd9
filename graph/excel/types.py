"""Results of the Excel imports: what each row was understood as, or its error."""

from __future__ import annotations

import strawberry

from graph.evaluations.types import (
    Assessment,
    Classification,
)
from graph.plans.types import (
    Target,
    TargetCategory,
    TargetDeadline,
    TargetQuantity,
)


@strawberry.type(
    description="A row the importer could not use. Nothing is written while any row is in error."
)
class ImportRowError:
    row: int = strawberry.field(description="The row number Excel shows (0: the sheet as a whole).")
    column: str | None = strawberry.field(description="The column's header, when known.")
    message: str


@strawberry.type(description="One target as the importer understood it.")
class TargetImportRow:
    row: int = strawberry.field(description="The sheet row where the target starts.")
    stt: str
    category: TargetCategory
    text: str
    quantity: TargetQuantity
    deadline: TargetDeadline
    sub_rows: int = strawberry.field(description="Sub-rows with their own deadline (1 if none).")


@strawberry.type(
    description="The result of a target-sheet import. `committed` is false for a "
    "dry run and whenever `errors` is not empty."
)
class TargetImport:
    committed: bool
    rows: list[TargetImportRow]
    errors: list[ImportRowError]
    targets: list[Target] = strawberry.field(description="The targets written (commit only).")


@strawberry.type(description="One residential area's answers as the importer understood them.")
class AssessmentImportRow:
    row: int
    unit_code: str
    name: str
    safety_registered: bool
    safety_achieved: bool | None
    classification: Classification | None
    version: int | None
    unchanged: bool = strawberry.field(
        description="The row repeats what is stored (at its version), so it is not written again."
    )


@strawberry.type(
    description="The result of an assessment-sheet import. `committed` is false "
    "for a dry run and whenever `errors` is not empty."
)
class AssessmentImport:
    committed: bool
    rows: list[AssessmentImportRow]
    errors: list[ImportRowError]
    assessments: list[Assessment] = strawberry.field(description="Written (commit only).")
