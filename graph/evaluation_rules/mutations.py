"""Mutations of evaluation rules: scoring-table imports, classification proposals and
decisions, police discipline records, commune safety results."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.file_uploads import Upload

from graph import door
from graph.door import Call
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
    PoliceDisciplineRecord,
    ScoringTable,
    ScoringTableImport,
    SheetError,
)
from graph.uploads import read_upload
from services import commune_safety as safety_service
from services import scoring as scoring_service


@strawberry.type
class EvaluationRuleMutations:
    @door.mutation(
        service=scoring_service.import_table,
        returns=ScoringTableImport,
        description="Import a Decision 510 points table (.xlsx: STT | NỘI DUNG "
        "| ĐIỂM TỐI ĐA | MINH CHỨNG, then XẾP LOẠI | ĐIỂM TỪ). Any row error "
        "stores nothing.",
    )
    async def import_scoring_table(
        call: Call,
        file: Annotated[
            Upload, strawberry.argument(description="The .xlsx file (multipart upload).")
        ],
        input: ImportScoringTableInput,
    ) -> ScoringTableImport:
        plain_text(input)
        result = await scoring_service.import_table(
            call.db,
            call.authorizer,
            call.principal,
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
            ScoringTable.from_result(await scoring_service.table(call.db, result.table_id))
            if result.table_id
            else None
        )
        return ScoringTableImport(
            table=table,
            errors=[SheetError(row=r, column=c, message=m) for r, c, m in result.errors],
        )

    @door.mutation(
        service=scoring_service.propose,
        returns=ClassificationProposal,
        description="File a unit's self-assessment (points per item with "
        "evidence) and its proposed class.",
    )
    async def propose_classification(
        call: Call,
        input: ProposeClassificationInput,
    ) -> ClassificationProposal:
        plain_text(input)
        row = await scoring_service.propose(
            call.db,
            call.authorizer,
            call.principal,
            unit_code=input.unit,
            year=input.year,
            as_of=input.as_of,
            on=input.on or call.today,
            scores=[scoring_service.ItemScore(s.stt, s.points, s.evidence) for s in input.scores],
            proposed_class=input.proposed_class.value if input.proposed_class else None,
            version=input.version,
        )
        return ClassificationProposal.from_result(row)

    @door.mutation(
        service=scoring_service.decide,
        returns=ClassificationProposal,
        description="The level above confirms a proposal, or corrects its "
        "class with a reason; the result becomes the assessment's class.",
    )
    async def decide_classification(
        call: Call,
        input: DecideClassificationInput,
    ) -> ClassificationProposal:
        plain_text(input)
        row = await scoring_service.decide(
            call.db,
            call.authorizer,
            call.principal,
            proposal_id=call.pk(input.id, "ClassificationProposal", field="id"),
            version=input.version,
            classification=input.classification.value if input.classification else None,
            reason=input.reason,
            on=input.on or call.today,
        )
        return ClassificationProposal.from_result(row)

    @door.mutation(
        service=safety_service.record_discipline,
        returns=PoliceDisciplineRecord,
        description="Record that a commune police officer was disciplined "
        "(by the level above the commune).",
    )
    async def record_police_discipline(
        call: Call,
        input: RecordPoliceDisciplineInput,
    ) -> PoliceDisciplineRecord:
        plain_text(input)
        row = await safety_service.record_discipline(
            call.db,
            call.authorizer,
            call.principal,
            unit_code=input.unit,
            officer_name=input.officer_name,
            penalty=input.penalty,
            decided_on=input.decided_on,
            source=input.source,
        )
        return PoliceDisciplineRecord.from_result(row)

    @door.mutation(
        service=safety_service.propose,
        returns=CommuneSafety,
        description="Compute a commune's Circular 124 result from its units, "
        "models and discipline facts, and propose it.",
    )
    async def propose_commune_safety(
        call: Call,
        input: ProposeCommuneSafetyInput,
    ) -> CommuneSafety:
        plain_text(input)
        row = await safety_service.propose(
            call.db,
            call.authorizer,
            call.principal,
            unit_code=input.unit,
            year=input.year,
            as_of=input.as_of,
            on=input.on or call.today,
        )
        return CommuneSafety.from_result(row)

    @door.mutation(
        service=safety_service.decide,
        returns=CommuneSafety,
        description="The level above recognises a commune's result (refused, "
        "naming each failed condition, unless all hold) or does not.",
    )
    async def decide_commune_safety(
        call: Call,
        input: DecideCommuneSafetyInput,
    ) -> CommuneSafety:
        plain_text(input)
        row = await safety_service.decide(
            call.db,
            call.authorizer,
            call.principal,
            result_id=call.pk(input.id, "CommuneSafety", field="id"),
            version=input.version,
            recognise=input.recognise,
            reason=input.reason,
            on=input.on or call.today,
        )
        return CommuneSafety.from_result(row)
