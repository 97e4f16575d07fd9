"""Mutations of evaluation rules: scoring-table imports, classification proposals and
decisions, police discipline records, commune safety results."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.file_uploads import Upload

from core.errors import AppError, NotFound
from core.ids import from_global_id, to_global_id
from graph.context import Info
from graph.evaluation_rules.inputs import (
    DecideClassificationInput,
    DecideCommuneSafetyInput,
    ImportScoringTableInput,
    ProposeClassificationInput,
    ProposeCommuneSafetyInput,
    RecordPoliceDisciplineInput,
    plain_text,
)
from graph.evaluation_rules.types import (
    ClassificationProposal,
    CommuneSafety,
    DecideClassificationResult,
    DecideCommuneSafetyResult,
    ImportScoringTableResult,
    PoliceDisciplineRecord,
    ProposeClassificationResult,
    ProposeCommuneSafetyResult,
    RecordPoliceDisciplineResult,
    ScoringTable,
    ScoringTableImport,
    SheetError,
)
from graph.evaluations.types import as_evaluation_error
from graph.uploads import read_upload
from services import commune_safety as safety_service
from services import scoring as scoring_service


def _pk(global_id: str, type_name: str) -> int:
    decoded = from_global_id(global_id)
    if decoded is None or decoded[0] != type_name:
        raise NotFound(f"No {type_name} with this id.")
    return decoded[1]


@strawberry.type
class EvaluationRuleMutations:
    @strawberry.mutation(
        description="Import a Decision 510 points table (.xlsx: STT | NỘI DUNG "
        "| ĐIỂM TỐI ĐA | MINH CHỨNG, then XẾP LOẠI | ĐIỂM TỪ). Any row error "
        "stores nothing."
    )
    async def import_scoring_table(
        self,
        info: Info,
        file: Annotated[
            Upload, strawberry.argument(description="The .xlsx file (multipart upload).")
        ],
        input: ImportScoringTableInput,
    ) -> ImportScoringTableResult:
        ctx = info.context
        try:
            plain_text(input)
            result = await scoring_service.import_table(
                ctx.db,
                ctx.authorizer,
                ctx.caller(),
                issuer_code=input.unit,
                unit_kind=input.unit_kind.value,
                code=input.code,
                title=input.title,
                source=input.source,
                effective_from=input.effective_from,
                effective_to=input.effective_to,
                demo=input.demo,
                data=await read_upload(file),
            )
            table = (
                ScoringTable.from_result(await scoring_service.table(ctx.db, result.table_id))
                if result.table_id
                else None
            )
        except AppError as error:
            return as_evaluation_error(error)
        return ScoringTableImport(
            table=table,
            errors=[SheetError(row=r, column=c, message=m) for r, c, m in result.errors],
        )

    @strawberry.mutation(
        description="File a unit's self-assessment (points per item with "
        "evidence) and its proposed class."
    )
    async def propose_classification(
        self,
        info: Info,
        input: ProposeClassificationInput,
    ) -> ProposeClassificationResult:
        ctx = info.context
        try:
            plain_text(input)
            row = await scoring_service.propose(
                ctx.db,
                ctx.authorizer,
                ctx.caller(),
                unit_code=input.unit,
                year=input.year,
                as_of=input.as_of,
                on=input.on or ctx.today,
                scores=[
                    scoring_service.ItemScore(s.stt, s.points, s.evidence) for s in input.scores
                ],
                proposed_class=input.proposed_class.value if input.proposed_class else None,
                version=input.version,
            )
        except AppError as error:
            return as_evaluation_error(error)
        return ClassificationProposal.from_result(row)

    @strawberry.mutation(
        description="The level above confirms a proposal, or corrects its "
        "class with a reason; the result becomes the assessment's class."
    )
    async def decide_classification(
        self,
        info: Info,
        input: DecideClassificationInput,
    ) -> DecideClassificationResult:
        ctx = info.context
        try:
            plain_text(input)
            row = await scoring_service.decide(
                ctx.db,
                ctx.authorizer,
                ctx.caller(),
                proposal_id=_pk(input.id, "ClassificationProposal"),
                version=input.version,
                classification=input.classification.value if input.classification else None,
                reason=input.reason,
                on=input.on or ctx.today,
            )
        except AppError as error:
            return as_evaluation_error(error)
        return ClassificationProposal.from_result(row)

    @strawberry.mutation(
        description="Record that a commune police officer was disciplined "
        "(by the level above the commune)."
    )
    async def record_police_discipline(
        self,
        info: Info,
        input: RecordPoliceDisciplineInput,
    ) -> RecordPoliceDisciplineResult:
        ctx = info.context
        try:
            plain_text(input)
            row = await safety_service.record_discipline(
                ctx.db,
                ctx.authorizer,
                ctx.caller(),
                unit_code=input.unit,
                officer_name=input.officer_name,
                penalty=input.penalty,
                decided_on=input.decided_on,
                source=input.source,
            )
        except AppError as error:
            return as_evaluation_error(error)
        return PoliceDisciplineRecord(
            id=strawberry.ID(to_global_id("PoliceDisciplineRecord", row.id)),
            officer_name=row.officer_name,
            penalty=row.penalty,
            decided_on=row.decided_on,
            source=row.source,
            recorded_by=row.recorded_by,
        )

    @strawberry.mutation(
        description="Compute a commune's Circular 124 result from its units, "
        "models and discipline facts, and propose it."
    )
    async def propose_commune_safety(
        self,
        info: Info,
        input: ProposeCommuneSafetyInput,
    ) -> ProposeCommuneSafetyResult:
        ctx = info.context
        try:
            plain_text(input)
            row = await safety_service.propose(
                ctx.db,
                ctx.authorizer,
                ctx.caller(),
                unit_code=input.unit,
                year=input.year,
                as_of=input.as_of,
                on=input.on or ctx.today,
            )
        except AppError as error:
            return as_evaluation_error(error)
        return CommuneSafety.from_result(row)

    @strawberry.mutation(
        description="The level above recognises a commune's result (refused, "
        "naming each failed condition, unless all hold) or does not."
    )
    async def decide_commune_safety(
        self,
        info: Info,
        input: DecideCommuneSafetyInput,
    ) -> DecideCommuneSafetyResult:
        ctx = info.context
        try:
            plain_text(input)
            row = await safety_service.decide(
                ctx.db,
                ctx.authorizer,
                ctx.caller(),
                result_id=_pk(input.id, "CommuneSafety"),
                version=input.version,
                recognise=input.recognise,
                reason=input.reason,
                on=input.on or ctx.today,
            )
        except AppError as error:
            return as_evaluation_error(error)
        return CommuneSafety.from_result(row)
