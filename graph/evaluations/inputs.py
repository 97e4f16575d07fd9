"""Inputs of the evaluation domain's fields and mutations."""

from __future__ import annotations

from datetime import date

import strawberry
from strawberry.scalars import JSON

from graph.evaluations.types import CampaignAction, CampaignState, Classification, DocumentKind
from graph.scalars import Year


@strawberry.input(description="Filters for `typicalCampaigns`; combined with AND.")
class CampaignFilter:
    year: Year | None = None
    under: str | None = strawberry.field(default=None, description="Code of a unit.")
    state: CampaignState | None = None


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
