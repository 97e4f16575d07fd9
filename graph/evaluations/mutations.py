"""Mutations of the evaluation domain: campaigns (register, results, documents, steps) and
yearly assessments. Resolvers only translate; rules live in services.evaluations and
services.assessments."""

from __future__ import annotations

import strawberry

from core.errors import AppError, Forbidden, NotFound
from core.ids import from_global_id
from graph.context import Info
from graph.evaluations.inputs import (
    AddCampaignDocumentInput,
    AdvanceCampaignInput,
    ConfirmAssessmentInput,
    RecordAssessmentsInput,
    RecordCriterionResultsInput,
    RegisterTypicalUnitInput,
)
from graph.evaluations.types import (
    Assessment,
    AssessmentList,
    AssessmentResult,
    AssessmentsResult,
    CampaignResult,
    TypicalCampaign,
    as_evaluation_error,
)
from services import assessments as assessment_service
from services import evaluations as campaign_service


def _pk(global_id: str, type_name: str) -> int:
    decoded = from_global_id(global_id)
    if decoded is None or decoded[0] != type_name:
        raise NotFound(f"No {type_name} with this id.")
    return decoded[1]


async def _campaign(info: Info, campaign_id: int) -> TypicalCampaign:
    ctx = info.context
    row = await campaign_service.campaign(ctx.db, ctx.authorizer, ctx.caller(), campaign_id)
    return TypicalCampaign.from_result(row)


@strawberry.type
class EvaluationMutations:
    @strawberry.mutation(
        description="Register a unit to build a typical unit this year (or to "
        "maintain one recognised earlier). Refused with reasons when last "
        "year's assessment does not make it eligible."
    )
    async def register_typical_unit(
        self, info: Info, input: RegisterTypicalUnitInput
    ) -> CampaignResult:
        ctx = info.context
        principal = ctx.caller()
        try:
            if input.submit_deadline is not None:
                raise Forbidden(
                    "The unit under evaluation does not set its own deadline: the "
                    "governing plan's schedule does; ask the level above for an "
                    "extension.",
                    field="submitDeadline",
                )
            campaign_id = await campaign_service.register(
                ctx.db,
                ctx.authorizer,
                principal,
                unit_code=input.unit_code,
                year=input.year,
                on=input.on or ctx.today,
                as_of=input.as_of,
            )
            return await _campaign(info, campaign_id)
        except AppError as error:
            return as_evaluation_error(error)

    @strawberry.mutation(description="Report figures and per-criterion results with evidence.")
    async def record_criterion_results(
        self, info: Info, input: RecordCriterionResultsInput
    ) -> CampaignResult:
        ctx = info.context
        principal = ctx.caller()
        try:
            campaign_id = await campaign_service.record_results(
                ctx.db,
                ctx.authorizer,
                principal,
                campaign_id=_pk(input.campaign_id, "TypicalCampaign"),
                version=input.version,
                figures=input.figures,
                previous_figures=input.previous_figures,
                results=[
                    campaign_service.ResultInput(r.criterion_code, r.met, r.evidence)
                    for r in input.results
                ],
            )
            return await _campaign(info, campaign_id)
        except AppError as error:
            return as_evaluation_error(error)

    @strawberry.mutation(description="Record a dossier document (tờ trình, báo cáo, biên bản).")
    async def add_campaign_document(
        self, info: Info, input: AddCampaignDocumentInput
    ) -> CampaignResult:
        ctx = info.context
        principal = ctx.caller()
        try:
            campaign_id = _pk(input.campaign_id, "TypicalCampaign")
            await campaign_service.add_document(
                ctx.db,
                ctx.authorizer,
                principal,
                campaign_id=campaign_id,
                version=input.version,
                kind=input.kind.value,
                title=input.title,
                number=input.number,
                issued_on=input.issued_on,
                file_ref=input.file_ref,
            )
            return await _campaign(info, campaign_id)
        except AppError as error:
            return as_evaluation_error(error)

    @strawberry.mutation(
        description="Move a campaign one step. Review steps (START_REVIEW, "
        "RECOGNISE, RETURN) belong to the level above; RECOGNISE is refused "
        "unless 100% of the applicable criteria are met."
    )
    async def advance_campaign(self, info: Info, input: AdvanceCampaignInput) -> CampaignResult:
        ctx = info.context
        principal = ctx.caller()
        try:
            campaign_id = await campaign_service.advance(
                ctx.db,
                ctx.authorizer,
                principal,
                campaign_id=_pk(input.campaign_id, "TypicalCampaign"),
                version=input.version,
                action=input.action.value,
                on=input.on or ctx.today,
                reasons=input.reasons,
            )
            return await _campaign(info, campaign_id)
        except AppError as error:
            return as_evaluation_error(error)

    @strawberry.mutation(
        description="Enter or correct the assessments of many units at once "
        "(e.g. all hamlets of a commune); all or nothing."
    )
    async def record_assessments(
        self, info: Info, input: RecordAssessmentsInput
    ) -> AssessmentsResult:
        ctx = info.context
        principal = ctx.caller()
        try:
            rows = await assessment_service.record(
                ctx.db,
                ctx.authorizer,
                principal,
                year=input.year,
                as_of=input.as_of,
                on=input.on or ctx.today,
                entries=[
                    assessment_service.AssessmentInput(
                        e.unit_code,
                        e.version,
                        e.safety_registered,
                        e.safety_achieved,
                        e.classification.value if e.classification else None,
                    )
                    for e in input.entries
                ],
            )
        except AppError as error:
            return as_evaluation_error(error)
        return AssessmentList(assessments=[Assessment.from_result(a) for a in rows])

    @strawberry.mutation(description="Confirm an assessment (the level above the unit).")
    async def confirm_assessment(
        self, info: Info, input: ConfirmAssessmentInput
    ) -> AssessmentResult:
        ctx = info.context
        principal = ctx.caller()
        try:
            row = await assessment_service.confirm(
                ctx.db,
                ctx.authorizer,
                principal,
                assessment_id=_pk(input.assessment_id, "Assessment"),
                version=input.version,
                on=input.on or ctx.today,
            )
        except AppError as error:
            return as_evaluation_error(error)
        return Assessment.from_result(row)
