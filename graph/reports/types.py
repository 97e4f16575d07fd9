"""`resultReport`: the official 6-month / annual result report of a unit as structured data.

The resolver only translates `services.reports.result_report`, the function the PDF and .docx
downloads (GET /reports/result.pdf|.docx) print, so the JSON and the documents carry the same
figures.
"""

from __future__ import annotations

import enum
from dataclasses import fields
from datetime import date
from typing import Any, TypeVar

import strawberry

from services import reports as report_service


@strawberry.enum(description="Which result report: the 6-month one or the annual one.")
class ReportPeriod(enum.Enum):
    ANNUAL = "annual"
    SIX_MONTHS = "six_months"


@strawberry.type(description="A count against a total and the target share (as in `rollup`).")
class ReportMeasure:
    count: int
    total: int
    percent: float | None
    target: float
    met: bool


@strawberry.type(
    description="Targets of the year over the subtree, by status "
    "(as `targetRollup` on the report's `asOf`)."
)
class ReportTargetSummary:
    total: int
    met: int
    on_track: int
    due_soon: int
    overdue: int
    missed: int


@strawberry.type(description="One target line of section I.")
class ReportTarget:
    unit_name: str
    own: bool = strawberry.field(description="A target of the reporting unit itself.")
    category: str
    category_label: str
    stt: str
    text: str
    quantity: str = strawberry.field(description="The quantity as worded in the plan.")
    deadline: str = strawberry.field(description="The deadline as worded in the plan.")
    due_on: date | None
    achieved: float | None
    status: str
    status_label: str


@strawberry.type(description="Section II figures (as `rollup` with its default structure date).")
class ReportAssessmentFigures:
    units: int
    assessed: int
    registered: ReportMeasure
    safe: ReportMeasure
    good_or_excellent: ReportMeasure
    typical_registered: int
    typical_recognised: ReportMeasure


@strawberry.type
class ReportAssessmentRow:
    unit_code: str
    unit_name: str
    figures: ReportAssessmentFigures


@strawberry.type(description="Section III figures (as `modelRollup`).")
class ReportModelFigures:
    models: int
    rated: int
    tot: int
    kha: int
    trung_binh: int
    yeu: int
    good_share: float | None
    meets_rule: bool


@strawberry.type
class ReportModel:
    unit_name: str
    name: str
    type_name: str
    origin_label: str
    status_label: str
    rating: str | None
    rating_label: str | None


@strawberry.type
class ReportCampaign:
    unit_name: str
    kind: str
    kind_label: str
    state: str
    state_label: str
    decided_on: date | None


@strawberry.type(
    description="A quota of typical units (chỉ tiêu số lượng đơn vị điển hình) "
    "binding the unit or a unit directly below it, met or short."
)
class ReportQuota:
    unit_name: str
    kinds_label: str = strawberry.field(
        description="“xã”, “phường/thị trấn”, “cơ quan / doanh nghiệp / cơ sở giáo dục”."
    )
    minimum: int
    measure: str = strawberry.field(
        description="What is counted: registered or recognised typical units."
    )
    count: int
    met: bool
    short: int
    wording: str
    plan_number: str | None


@strawberry.type(
    description="The result report of a unit for a year: the administrative "
    "header, sections I–IV (targets, assessments, models, typical units), "
    "recipients and signature. `pdfUrl` / `docxUrl` download the same report."
)
class ResultReport:
    unit_code: str
    unit_name: str
    unit_kind: str
    year: int
    period: ReportPeriod
    as_of: date = strawberry.field(description="Target statuses are read on this day.")
    structure_on: date = strawberry.field(description="The hierarchy assessments roll up under.")
    issuing_body: list[str]
    number: str
    place: str
    date_line: str
    title: list[str]
    target_summary: ReportTargetSummary
    targets: list[ReportTarget]
    targets_truncated: bool
    assessments: ReportAssessmentFigures
    assessment_children: list[ReportAssessmentRow]
    model_figures: ReportModelFigures
    models: list[ReportModel]
    models_truncated: bool
    campaigns: list[ReportCampaign]
    campaigns_truncated: bool
    recipients: list[str]
    signature: list[str]
    quotas: list[ReportQuota] = strawberry.field(
        description="Quotas of typical units the plans set, per bound unit."
    )
    pdf_url: str
    docx_url: str


T = TypeVar("T")


def _copy(cls: type[T], source: Any, **overrides: Any) -> T:
    """Build a GraphQL object from the service dataclass of the same field names."""
    values = {f.name: getattr(source, f.name) for f in fields(source)}
    values.update(overrides)
    return cls(**{k: list(v) if isinstance(v, tuple) else v for k, v in values.items()})


def _figures(f: report_service.AssessmentFigures) -> ReportAssessmentFigures:
    return _copy(
        ReportAssessmentFigures,
        f,
        registered=_copy(ReportMeasure, f.registered),
        safe=_copy(ReportMeasure, f.safe),
        good_or_excellent=_copy(ReportMeasure, f.good_or_excellent),
        typical_recognised=_copy(ReportMeasure, f.typical_recognised),
    )


def download_path(report: report_service.ResultReport, extension: str) -> str:
    return (
        f"/reports/result.{extension}?unit={report.unit_code}&year={report.year}"
        f"&period={report.period.value}&asOf={report.as_of.isoformat()}"
    )


def to_graphql(report: report_service.ResultReport) -> ResultReport:
    return _copy(
        ResultReport,
        report,
        period=ReportPeriod(report.period.value),
        target_summary=_copy(ReportTargetSummary, report.target_summary),
        targets=[_copy(ReportTarget, t) for t in report.targets],
        assessments=_figures(report.assessments),
        assessment_children=[
            ReportAssessmentRow(
                unit_code=c.unit_code, unit_name=c.unit_name, figures=_figures(c.figures)
            )
            for c in report.assessment_children
        ],
        model_figures=_copy(ReportModelFigures, report.model_figures),
        models=[_copy(ReportModel, m) for m in report.models],
        campaigns=[_copy(ReportCampaign, c) for c in report.campaigns],
        quotas=[_copy(ReportQuota, q) for q in report.quotas],
        pdf_url=download_path(report, "pdf"),
        docx_url=download_path(report, "docx"),
    )
