"""Mutations of the evaluation domain, through the one door (graph/door.py): campaigns
(register, results, documents, steps) and yearly assessments. Resolvers only translate; rules
live in services.evaluations and services.assessments."""

from __future__ import annotations

from typing import Any, cast

import strawberry

from core.errors import Forbidden
from core.i18n import msg
from graph import door
from graph.door import Call
from graph.evaluations.inputs import (
    AddCampaignDocumentInput,
    AdvanceCampaignInput,
    ConfirmAssessmentInput,
    RecordAssessmentsInput,
    RecordCriterionResultsInput,
    RegisterTypicalUnitInput,
)
from graph.evaluations.types import Assessment, AssessmentList, TypicalCampaign
from services import assessments as assessment_service
from services import evaluations as campaign_service


async def _campaign(call: Call, campaign_id: int) -> TypicalCampaign:
    found = await campaign_service.campaign(call.db, call.authorizer, call.principal, campaign_id)
    return TypicalCampaign.from_result(found)


@strawberry.type
class EvaluationMutations:
    @door.mutation(
        service=campaign_service.register,
        returns=TypicalCampaign,
        description="Register a unit to build a typical unit this year (or to "
        "maintain one recognised earlier). Refused with reasons when last "
        "year's assessment does not make it eligible.",
    )
    async def register_typical_unit(call: Call, input: RegisterTypicalUnitInput) -> TypicalCampaign:
        if input.submit_deadline is not None:
            raise Forbidden(
                msg(
                    "The unit under evaluation does not set its own deadline: the governing plan's "
                    "schedule does; ask the level above for an extension."
                ),
                field="submitDeadline",
            )
        campaign_id = await campaign_service.register(
            call.db,
            call.authorizer,
            call.principal,
            unit_code=input.unit_code,
            year=input.year,
            on=input.on or call.today,
            as_of=input.as_of,
        )
        return await _campaign(call, campaign_id)

    @door.mutation(
        service=campaign_service.record_results,
        returns=TypicalCampaign,
        description="Report figures and per-criterion results with evidence.",
    )
    async def record_criterion_results(
        call: Call, input: RecordCriterionResultsInput
    ) -> TypicalCampaign:
        campaign_id = await campaign_service.record_results(
            call.db,
            call.authorizer,
            call.principal,
            campaign_id=call.pk(input.campaign_id, "TypicalCampaign", field="id"),
            version=input.version,
            figures=cast("dict[str, Any] | None", input.figures),
            previous_figures=cast("dict[str, Any] | None", input.previous_figures),
            results=[
                campaign_service.ResultInput(r.criterion_code, r.met, r.evidence)
                for r in input.results
            ],
        )
        return await _campaign(call, campaign_id)

    @door.mutation(
        service=campaign_service.add_document,
        returns=TypicalCampaign,
        description="Record a dossier document (tờ trình, báo cáo, biên bản).",
    )
    async def add_campaign_document(call: Call, input: AddCampaignDocumentInput) -> TypicalCampaign:
        campaign_id = call.pk(input.campaign_id, "TypicalCampaign", field="id")
        await campaign_service.add_document(
            call.db,
            call.authorizer,
            call.principal,
            campaign_id=campaign_id,
            version=input.version,
            kind=input.kind.value,
            title=input.title,
            number=input.number,
            issued_on=input.issued_on,
            file_ref=input.file_ref,
        )
        return await _campaign(call, campaign_id)

    @door.mutation(
        service=campaign_service.advance,
        returns=TypicalCampaign,
        description="Move a campaign one step. Review steps (START_REVIEW, "
        "RECOGNISE, RETURN) belong to the level above; RECOGNISE is refused "
        "unless 100% of the applicable criteria are met.",
    )
    async def advance_campaign(call: Call, input: AdvanceCampaignInput) -> TypicalCampaign:
        campaign_id = await campaign_service.advance(
            call.db,
            call.authorizer,
            call.principal,
            campaign_id=call.pk(input.campaign_id, "TypicalCampaign", field="id"),
            version=input.version,
            action=input.action.value,
            on=input.on or call.today,
            reasons=input.reasons,
        )
        return await _campaign(call, campaign_id)

    @door.mutation(
        service=assessment_service.record,
        returns=AssessmentList,
        description="Enter or correct the assessments of many units at once "
        "(e.g. all hamlets of a commune); all or nothing.",
    )
    async def record_assessments(call: Call, input: RecordAssessmentsInput) -> AssessmentList:
        written = await assessment_service.record(
            call.db,
            call.authorizer,
            call.principal,
            year=input.year,
            as_of=input.as_of,
            on=input.on or call.today,
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
        return AssessmentList(assessments=[Assessment.from_result(a) for a in written])

    @door.mutation(
        service=assessment_service.confirm,
        returns=Assessment,
        description="Confirm an assessment (the level above the unit).",
    )
    async def confirm_assessment(call: Call, input: ConfirmAssessmentInput) -> Assessment:
        confirmed = await assessment_service.confirm(
            call.db,
            call.authorizer,
            call.principal,
            assessment_id=call.pk(input.assessment_id, "Assessment", field="id"),
            version=input.version,
            on=input.on or call.today,
        )
        return Assessment.from_result(confirmed)
