"""Root fields of the evaluation domain: criteria sets, typical-unit campaigns, yearly
assessments and rollups. Resolvers only translate; rules live in services.evaluations and
services.assessments."""

from __future__ import annotations

from datetime import date

import strawberry
from strawberry.scalars import JSON

from core.errors import AppError, Forbidden, NotFound
from core.i18n import msg
from core.ids import decode_int_cursor, encode_cursor, from_global_id
from graph.arguments import UnitArg
from graph.context import Info
from graph.pagination import build_edges, decode_ltree_cursor, page_size
from graph.scalars import Year
from graph.types.evaluation import (
    Assessment,
    AssessmentConnection,
    AssessmentList,
    AssessmentResult,
    AssessmentsResult,
    CampaignAction,
    CampaignResult,
    CampaignState,
    Classification,
    CriteriaSet,
    DocumentKind,
    Rollup,
    RollupFigures,
    RollupRow,
    TypicalCampaign,
    TypicalCampaignConnection,
    as_evaluation_error,
)
from graph.types.unit import AdminUnit, UnitKind
from services import assessments as assessment_service
from services import evaluations as campaign_service


def _pk(global_id: str, type_name: str) -> int:
    decoded = from_global_id(global_id)
    if decoded is None or decoded[0] != type_name:
        raise NotFound(msg("No {type_name} with this id.", type_name=type_name))
    return decoded[1]


async def _campaign(info: Info, campaign_id: int) -> TypicalCampaign:
    ctx = info.context
    row = await campaign_service.campaign(ctx.db, ctx.authorizer, ctx.caller(), campaign_id)
    return TypicalCampaign.from_row(row)


@strawberry.input(description="Filters for `typicalCampaigns`; combined with AND.")
class CampaignFilter:
    year: Year | None = None
    under: str | None = strawberry.field(default=None, description="Code of a unit.")
    state: CampaignState | None = None


@strawberry.type
class EvaluationQueries:
    @strawberry.field(
        description="Criteria sets, optionally those in force for a kind of unit "
        "on a date (newest decision first)."
    )
    async def criteria_sets(
        self, info: Info, unit_kind: UnitKind | None = None, as_of: date | None = None
    ) -> list[CriteriaSet] | None:
        ctx = info.context
        ctx.caller()
        rows = await campaign_service.q.criteria_sets(
            ctx.db, unit_kind=unit_kind.value if unit_kind else None, on=as_of
        )
        return [CriteriaSet.from_row(r) for r in rows]

    @strawberry.field(
        description="A unit's typical-unit campaign for a year (null if none). "
        "`asOf` picks the unit's incarnation (default: mid-year)."
    )
    async def typical_campaign(
        self, info: Info, unit_code: UnitArg, year: Year, as_of: date | None = None
    ) -> TypicalCampaign | None:
        ctx = info.context
        row = await campaign_service.campaign_of_unit(
            ctx.db, ctx.authorizer, ctx.caller(), unit_code=unit_code, year=year, as_of=as_of
        )
        return TypicalCampaign.from_row(row) if row else None

    @strawberry.field(description="Campaigns in your scope, oldest first.")
    async def typical_campaigns(
        self,
        info: Info,
        filter: CampaignFilter | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> TypicalCampaignConnection | None:
        ctx = info.context
        f = filter or CampaignFilter()
        limit = page_size(first, ctx.settings.default_page_size, ctx.settings.max_page_size)
        after_id = _int_cursor(after, "campaign")
        rows = await campaign_service.list_campaigns(
            ctx.db,
            ctx.authorizer,
            ctx.caller(),
            under_code=f.under,
            year=f.year,
            state=f.state.value if f.state else None,
            after_id=after_id,
            limit=limit + 1,
        )
        edges, page_info = build_edges(
            [TypicalCampaign.from_row(r) for r in rows],
            limit,
            lambda c: encode_cursor("campaign", str(c.pk)),
            after,
        )
        return TypicalCampaignConnection(edges=edges, page_info=page_info)

    @strawberry.field(description="A unit's assessment for a year (null if not entered).")
    async def assessment(
        self, info: Info, unit_code: UnitArg, year: Year, as_of: date | None = None
    ) -> Assessment | None:
        ctx = info.context
        row = await assessment_service.assessment_of_unit(
            ctx.db, ctx.authorizer, ctx.caller(), unit_code=unit_code, year=year, as_of=as_of
        )
        return Assessment.from_row(row) if row else None

    @strawberry.field(
        description="Assessments of a year under a unit (itself included), in hierarchy order."
    )
    async def assessments(
        self,
        info: Info,
        under: str,
        year: Year,
        as_of: date | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> AssessmentConnection | None:
        ctx = info.context
        limit = page_size(first, ctx.settings.default_page_size, ctx.settings.max_page_size)
        after_path = decode_ltree_cursor(after, "apath") if after else None
        rows = await assessment_service.list_assessments(
            ctx.db,
            ctx.authorizer,
            ctx.caller(),
            under_code=under,
            year=year,
            as_of=as_of,
            after_path=after_path,
            limit=limit + 1,
        )
        edges, page_info = build_edges(
            [Assessment.from_row(r) for r in rows],
            limit,
            lambda a: encode_cursor("apath", a.unit_path),
            after,
        )
        return AssessmentConnection(edges=edges, page_info=page_info)

    @strawberry.field(
        description="Registered %, safe %, Xuất sắc+Khá % and typical units of a "
        "unit's subtree and of each child, against the targets, for `year` under "
        "the structure of `asOf` (default: 30/06 of the year). With "
        "`includePredecessors`, units merged into these count too."
    )
    async def rollup(
        self,
        info: Info,
        unit_code: UnitArg,
        year: Year,
        as_of: date | None = None,
        include_predecessors: bool = False,
    ) -> Rollup | None:
        ctx = info.context
        day = as_of or date(year, 6, 30)
        result = await assessment_service.rollup(
            ctx.db,
            ctx.authorizer,
            ctx.caller(),
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
            total=RollupFigures.from_row(result.total),
            children=[
                RollupRow(unit=AdminUnit.from_row(r, day), figures=RollupFigures.from_row(r))
                for r in result.children
            ],
        )


def _int_cursor(after: str | None, kind: str) -> int | None:
    if after is None:
        return None
    return decode_int_cursor(after, kind)


# -- mutations -----------------------------------------------------------------------------------
@strawberry.input
class RegisterTypicalUnitInput:
    unit_code: str = strawberry.field(name="unit")
    year: Year
    as_of: date | None = strawberry.field(default=None, description="Default: 01/01 of `year`.")
    on: date | None = strawberry.field(
        default=None,
        description="Date of the step (default: "
        "today in Vietnam); checked against the registration "
        "deadline of the governing plan.",
    )
    submit_deadline: date | None = strawberry.field(
        default=None,
        deprecation_reason="The unit under evaluation does not set its own "
        "deadline: the governing plan's schedule does, and the level above may grant an "
        "extension (grantCampaignExtension). Any value is refused.",
    )


@strawberry.input
class CriterionResultInput:
    criterion_code: str
    met: bool | None = strawberry.field(
        default=None,
        description="Required for yes/no criteria; for quantitative ones, false "
        "marks a qualitative clause unmet (the rule judges the figures).",
    )
    evidence: str | None = strawberry.field(default=None, description="Hồ sơ minh chứng.")


@strawberry.input
class RecordCriterionResultsInput:
    campaign_id: strawberry.ID = strawberry.field(name="id")
    version: int
    figures: JSON | None = strawberry.field(
        default=None, description="Figures of the year, merged into those already reported."
    )
    previous_figures: JSON | None = strawberry.field(
        default=None, description="Figures of the year before."
    )
    results: list[CriterionResultInput] = strawberry.field(default_factory=list)


@strawberry.input
class AddCampaignDocumentInput:
    campaign_id: strawberry.ID = strawberry.field(name="id")
    version: int
    kind: DocumentKind
    title: str
    file_ref: str
    number: str | None = None
    issued_on: date | None = None


@strawberry.input
class AdvanceCampaignInput:
    campaign_id: strawberry.ID = strawberry.field(name="id")
    version: int
    action: CampaignAction
    on: date | None = strawberry.field(default=None, description="Default: today (Vietnam).")
    reasons: list[str] = strawberry.field(
        default_factory=list, description="Required to RETURN a campaign."
    )


@strawberry.input
class AssessmentEntryInput:
    unit_code: str = strawberry.field(name="unit")
    safety_registered: bool
    safety_achieved: bool | None = None
    classification: Classification | None = None
    version: int | None = strawberry.field(
        default=None, description="Required to change an existing one."
    )


@strawberry.input
class RecordAssessmentsInput:
    year: Year
    entries: list[AssessmentEntryInput]
    as_of: date | None = strawberry.field(
        default=None, description="Structure date for codes (default 30/06 of `year`)."
    )
    on: date | None = strawberry.field(
        default=None,
        description="Date of entry (default: today), checked against the per-kind deadline.",
    )


@strawberry.input
class ConfirmAssessmentInput:
    assessment_id: strawberry.ID = strawberry.field(name="id")
    version: int
    on: date | None = None


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
                    msg(
                        "The unit under evaluation does not set its own deadline: the governing plan's "
                        "schedule does; ask the level above for an extension."
                    ),
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
        return AssessmentList(assessments=[Assessment.from_row(r) for r in rows])

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
        return Assessment.from_row(row)
