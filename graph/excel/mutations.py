"""Excel imports as GraphQL mutations: the workbook arrives as a multipart upload (GraphQL
multipart request spec; authentication stays the bearer header, so no cookie is involved).

Both imports are dry runs unless `commit: true`: they answer per row what was understood (typed
quantity and deadline, or the Yes/No answers) or the error with its row number. Exports are
plain HTTP downloads (api/exports.py), which a browser or a spreadsheet can open directly.
"""

from __future__ import annotations

import strawberry
from strawberry.file_uploads import Upload
from strawberry.scalars import JSON

from graph import door
from graph.door import Call
from graph.evaluations.types import (
    Assessment,
    Classification,
)
from graph.excel.inputs import ImportAssessmentsInput, ImportTargetsInput
from graph.excel.types import (
    AssessmentImport,
    AssessmentImportRow,
    ImportRowError,
    TargetImport,
    TargetImportRow,
)
from graph.plans.types import (
    NamedItem,
    QuantityKind,
    Target,
    TargetCategory,
    TargetDeadline,
    TargetQuantity,
)
from graph.uploads import read_upload
from services import excel as excel_service
from services.spreadsheets import RowError
from services.target_table import TargetRow
from services.targets import quantity_json, row_deadline_json


def _errors(errors: tuple[RowError, ...]) -> list[ImportRowError]:
    return [ImportRowError(row=e.row, column=e.column, message=e.message) for e in errors]


def _import_row(row: TargetRow) -> TargetImportRow:
    q = quantity_json(row.quantity)
    d = row_deadline_json(row)
    quantity = TargetQuantity(
        kind=QuantityKind(row.quantity.kind),
        value=row.quantity.value,
        comparator=row.quantity.comparator,
        unit=q.get("unit"),
        qualifier=q.get("qualifier"),
        condition=q.get("condition"),
        items=[
            NamedItem(name=i["name"], count=i.get("count"), label=i.get("label") or "")
            for i in q.get("items") or []
        ],
        raw=q.get("raw") or "",
        data=JSON(q),
    )
    deadline = TargetDeadline(
        kind=row.deadline.kind,
        due_on=row.deadline.due,
        starts_on=row.deadline.start,
        raw=row.deadline.raw,
        data=JSON(d),
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
    @door.mutation(
        service=excel_service.import_targets,
        returns=TargetImport,
        description="Import a target table (.xlsx, STT | DANH MỤC CHỈ TIÊU | "
        "CHỈ TIÊU | THỜI GIAN HOÀN THÀNH with category rows, as in the plans' "
        "appendices) for one unit and year. A dry run unless `commit`; all or "
        "nothing. Files above 512 KB are refused.",
    )
    async def import_targets(call: Call, file: Upload, input: ImportTargetsInput) -> TargetImport:
        result = await excel_service.import_targets(
            call.db,
            call.authorizer,
            call.principal,
            unit_code=input.unit_code,
            year=input.year,
            plan_id=(None if input.plan is None else call.pk(input.plan, "Plan", field="planId")),
            data=await read_upload(file),
            commit=input.commit,
            today=call.today,
        )
        return TargetImport(
            committed=result.committed,
            rows=[_import_row(r) for r in result.rows],
            errors=_errors(result.errors),
            targets=[Target.from_result(t) for t in result.targets],
        )

    @door.mutation(
        service=excel_service.import_assessments,
        returns=AssessmentImport,
        description="Import a commune's residential-area assessments (.xlsx "
        "as exported by GET /exports/assessments.xlsx) through the same rules "
        "as recordAssessments. A dry run unless `commit`; all or nothing.",
    )
    async def import_assessments(
        call: Call, file: Upload, input: ImportAssessmentsInput
    ) -> AssessmentImport:
        result = await excel_service.import_assessments(
            call.db,
            call.authorizer,
            call.principal,
            unit_code=input.unit_code,
            year=input.year,
            as_of=input.as_of,
            on=input.on or call.today,
            data=await read_upload(file),
            commit=input.commit,
        )
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
            assessments=[Assessment.from_result(a) for a in result.assessments],
        )
