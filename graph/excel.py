"""Excel imports as GraphQL mutations: the workbook arrives as a multipart upload (GraphQL
multipart request spec; authentication stays the bearer header, so no cookie is involved).

Both imports are dry runs unless `commit: true`: they answer per row what was understood (typed
quantity and deadline, or the Yes/No answers) or the error with its row number. Exports are
plain HTTP downloads (api/exports.py), which a browser or a spreadsheet can open directly.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

import strawberry
from strawberry.file_uploads import Upload

from core.errors import AppError, BadInput, NotFound
from core.i18n import msg
from core.ids import from_global_id
from graph.context import Info
from graph.plans.types import (
    NamedItem,
    QuantityKind,
    Target,
    TargetCategory,
    TargetDeadline,
    TargetQuantity,
)
from graph.scalars import Year
from graph.types.errors import (
    InvalidInput,
    NotAllowed,
    NotFoundError,
    VersionConflict,
    as_user_error,
)
from graph.types.evaluation import (
    Assessment,
    Classification,
    TransitionRefusedError,
    as_evaluation_error,
)
from services import excel as excel_service
from services.spreadsheets import RowError
from services.target_table import TargetRow
from services.targets import quantity_json, row_deadline_json


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


TargetImportResult = Annotated[
    TargetImport | InvalidInput | NotAllowed | NotFoundError | VersionConflict,
    strawberry.union("TargetImportResult"),
]
AssessmentImportResult = Annotated[
    AssessmentImport
    | TransitionRefusedError
    | InvalidInput
    | NotAllowed
    | NotFoundError
    | VersionConflict,
    strawberry.union("AssessmentImportResult"),
]


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


async def _read(file: Any) -> bytes:
    """The upload's bytes, reading at most one byte past the limit (the rest stays unread)."""
    if not hasattr(file, "read"):
        raise BadInput(msg("`file` must be a multipart file upload."), field="file")
    data = await file.read(excel_service.MAX_UPLOAD_BYTES + 1)
    return bytes(data)


def _plan_pk(plan: strawberry.ID | None) -> int | None:
    if plan is None:
        return None
    decoded = from_global_id(plan)
    if decoded is None or decoded[0] != "Plan":
        raise NotFound(msg("No such plan."), field="planId")
    return decoded[1]


def _errors(errors: tuple[RowError, ...]) -> list[ImportRowError]:
    return [ImportRowError(row=e.row, column=e.column, message=e.message) for e in errors]


def _import_row(row: TargetRow) -> TargetImportRow:
    q = quantity_json(row.quantity)
    d = row_deadline_json(row)
    quantity = TargetQuantity(
        kind=QuantityKind(row.quantity.kind),
        value=row.quantity.value,
        comparator=row.quantity.comparator.value if row.quantity.comparator else None,
        unit=q.get("unit"),
        qualifier=q.get("qualifier"),
        condition=q.get("condition"),
        items=[
            NamedItem(name=i["name"], count=i.get("count"), label=i.get("label") or "")
            for i in q.get("items") or []
        ],
        raw=q.get("raw") or "",
        data=q,
    )
    deadline = TargetDeadline(
        kind=row.deadline.kind.value,
        due_on=row.deadline.due,
        starts_on=row.deadline.start,
        raw=row.deadline.raw,
        data=d,
    )
    return TargetImportRow(
        row=row.source_line,
        stt=row.stt,
        category=TargetCategory(row.category),
        text=row.text,
        quantity=quantity,
        deadline=deadline,
        sub_rows=len(row.parts),
    )


@strawberry.type
class ExcelMutations:
    @strawberry.mutation(
        description="Import a target table (.xlsx, STT | DANH MỤC CHỈ TIÊU | "
        "CHỈ TIÊU | THỜI GIAN HOÀN THÀNH with category rows, as in the plans' "
        "appendices) for one unit and year. A dry run unless `commit`; all or "
        "nothing. Files above 512 KB are refused."
    )
    async def import_targets(
        self, info: Info, file: Upload, input: ImportTargetsInput
    ) -> TargetImportResult:
        ctx = info.context
        principal = ctx.caller()
        try:
            result = await excel_service.import_targets(
                ctx.db,
                ctx.authorizer,
                principal,
                unit_code=input.unit_code,
                year=input.year,
                plan_id=_plan_pk(input.plan),
                data=await _read(file),
                commit=input.commit,
                today=ctx.today,
            )
        except AppError as error:
            return as_user_error(error)
        return TargetImport(
            committed=result.committed,
            rows=[_import_row(r) for r in result.rows],
            errors=_errors(result.errors),
            targets=[Target.from_row(r) for r in result.targets],
        )

    @strawberry.mutation(
        description="Import a commune's residential-area assessments (.xlsx "
        "as exported by GET /exports/assessments.xlsx) through the same rules "
        "as recordAssessments. A dry run unless `commit`; all or nothing."
    )
    async def import_assessments(
        self, info: Info, file: Upload, input: ImportAssessmentsInput
    ) -> AssessmentImportResult:
        ctx = info.context
        principal = ctx.caller()
        try:
            result = await excel_service.import_assessments(
                ctx.db,
                ctx.authorizer,
                principal,
                unit_code=input.unit_code,
                year=input.year,
                as_of=input.as_of,
                on=input.on or ctx.today,
                data=await _read(file),
                commit=input.commit,
            )
        except AppError as error:
            return as_evaluation_error(error)
        rows = [
            AssessmentImportRow(
                row=line.row,
                unit_code=line.unit_code,
                name=line.name,
                safety_registered=line.safety_registered,
                safety_achieved=line.safety_achieved,
                classification=Classification(line.classification) if line.classification else None,
                version=line.version,
                unchanged=line.unit_code in result.unchanged,
            )
            for line in result.lines
        ]
        return AssessmentImport(
            committed=result.committed,
            rows=rows,
            errors=_errors(result.errors),
            assessments=[Assessment.from_row(r) for r in result.assessments],
        )
