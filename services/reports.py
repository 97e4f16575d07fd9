"""The official result report of a unit for a year (6-month or annual): one function builds it,
and the GraphQL field, the PDF and the .docx all print what it returns, so their figures cannot
diverge.

The figures are the rollups the API already serves (targetRollup, rollup, modelRollup), called
through their own services with the same dates the GraphQL fields default to; the report adds
the detail lines below them and the wording of the Vietnamese administrative layout (issuing
body, "Số: /BC-…", place and date, title, "Nơi nhận", signature).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date

from sqlalchemy import RowMapping

from authz.authorizer import Authorizer, Principal
from core.domain import RATING_LABELS, CampaignKind, CampaignState, ModelOrigin, ModelStatus, Rating
from core.errors import BadInput
from core.i18n import msg
from db.queries import reports as q
from db.session import RequestDB
from services import assessments as assessment_service
from services import movement_models as model_service
from services import quotas as quota_service
from services import targets as target_service
from services.measures import Measured, measure_target
from services.target_terms import TargetCategory
from services.units import unit_by_code

# A district has a few dozen targets, models and campaigns; a province asking for its whole
# subtree could have thousands. Lines beyond these are left out (and the report says so); the
# figures always cover everything.
MAX_TARGET_LINES = 500
MAX_MODEL_LINES = 500
MAX_CAMPAIGN_LINES = 300


class ReportPeriod(enum.StrEnum):
    ANNUAL = "annual"
    SIX_MONTHS = "six_months"


STATUS_LABELS = {
    "met": "Đạt",
    "on_track": "Đang thực hiện",
    "due_soon": "Sắp đến hạn",
    "overdue": "Quá hạn",
    "missed": "Không đạt",
}
CATEGORY_LABELS = {
    TargetCategory.DIRECTING_DOCUMENTS: "Ban hành văn bản chỉ đạo",
    TargetCategory.PILOT_WARD_POLICE: "Thí điểm mô hình Công an phường",
    TargetCategory.TYPICAL_UNITS: "Xây dựng điển hình",
    TargetCategory.MODELS: "Mô hình, điển hình tiên tiến",
    TargetCategory.TRANSFORMING_AREAS: "Chuyển hóa địa bàn phức tạp",
    TargetCategory.FESTIVAL_DAY: "Ngày hội toàn dân bảo vệ ANTQ",
    TargetCategory.CIRCULAR_124_DECISION_510: "Thông tư 124 và Quyết định 510",
}
CAMPAIGN_STATE_LABELS = {
    CampaignState.REGISTERED: "Đã đăng ký",
    CampaignState.PLAN_SUBMITTED: "Đã có kế hoạch",
    CampaignState.SIX_MONTH_REPORTED: "Đã báo cáo 6 tháng",
    CampaignState.ANNUAL_REPORTED: "Đã báo cáo năm",
    CampaignState.DOSSIER_COMPLETE: "Đã hoàn thiện hồ sơ",
    CampaignState.SUBMITTED: "Đã đề nghị công nhận",
    CampaignState.UNDER_REVIEW: "Đang xét",
    CampaignState.RECOGNISED: "Được công nhận",
    CampaignState.RETURNED: "Trả lại hồ sơ",
}
CAMPAIGN_KIND_LABELS = {CampaignKind.BUILD: "Xây dựng mới", CampaignKind.MAINTAIN: "Duy trì"}
ORIGIN_LABELS = {ModelOrigin.NEW: "Xây dựng mới", ModelOrigin.MAINTAINED: "Duy trì"}
MODEL_STATUS_LABELS = {
    ModelStatus.ACTIVE: "Đang hoạt động",
    ModelStatus.MERGED: "Đã sáp nhập",
    ModelStatus.WOUND_UP: "Đã giải thể",
}


# -- the report ----------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Measure:
    """A count against a total and its target share, as the rollup field computes it."""

    count: int
    total: int
    percent: float | None
    target: float
    met: bool


def measure(count: int, total: int, target: float) -> Measure:
    """Same rounding and rule as `RollupMeasure` of the GraphQL rollup (2 decimals, ≥ target)."""
    percent = round(100.0 * count / total, 2) if total else None
    return Measure(count, total, percent, target, percent is not None and percent >= target)


@dataclass(frozen=True, slots=True)
class TargetSummary:
    total: int
    met: int
    on_track: int
    due_soon: int
    overdue: int
    missed: int


@dataclass(frozen=True, slots=True)
class TargetLine:
    unit_name: str
    own: bool  # a target of the reporting unit itself, not of a unit below it
    category: str
    category_label: str
    stt: str
    text: str
    quantity: str
    deadline: str
    due_on: date | None
    achieved: float | None
    status: str
    status_label: str


@dataclass(frozen=True, slots=True)
class AssessmentFigures:
    units: int
    assessed: int
    registered: Measure
    safe: Measure
    good_or_excellent: Measure
    typical_registered: int
    typical_recognised: Measure


@dataclass(frozen=True, slots=True)
class AssessmentLine:
    unit_code: str
    unit_name: str
    figures: AssessmentFigures


@dataclass(frozen=True, slots=True)
class ModelFigures:
    models: int
    rated: int
    tot: int
    kha: int
    trung_binh: int
    yeu: int
    good_share: float | None
    meets_rule: bool


@dataclass(frozen=True, slots=True)
class ModelLine:
    unit_name: str
    name: str
    type_name: str
    origin_label: str
    status_label: str
    rating: str | None
    rating_label: str | None


@dataclass(frozen=True, slots=True)
class CampaignLine:
    unit_name: str
    kind: str
    kind_label: str
    state: str
    state_label: str
    decided_on: date | None


@dataclass(frozen=True, slots=True)
class QuotaReportLine:
    """One quota of typical units binding the unit or a unit directly below it."""

    unit_name: str
    kinds_label: str
    minimum: int
    measure: str
    count: int
    met: bool
    short: int
    wording: str
    plan_number: str | None


@dataclass(frozen=True, slots=True)
class ResultReport:
    """Everything the document prints, and the JSON the API returns."""

    unit_code: str
    unit_name: str
    unit_kind: str
    year: int
    period: ReportPeriod
    as_of: date  # the day target statuses are read (and the report is dated)
    structure_on: date  # the hierarchy the assessments are rolled up under
    issuing_body: tuple[str, ...]
    number: str
    place: str
    date_line: str
    title: tuple[str, ...]
    target_summary: TargetSummary
    targets: tuple[TargetLine, ...]
    targets_truncated: bool
    assessments: AssessmentFigures
    assessment_children: tuple[AssessmentLine, ...]
    model_figures: ModelFigures
    models: tuple[ModelLine, ...]
    models_truncated: bool
    campaigns: tuple[CampaignLine, ...]
    campaigns_truncated: bool
    recipients: tuple[str, ...]
    signature: tuple[str, ...]
    quotas: tuple[QuotaReportLine, ...] = ()


# -- building ------------------------------------------------------------------------------------
def report_day(period: ReportPeriod, year: int, as_of: date | None, today: date) -> date:
    """The day statuses are read: the end of the period (30/06 or 31/12), or today while the
    period is still running; an explicit `as_of` wins."""
    if as_of is not None:
        return as_of
    end = date(year, 6, 30) if period is ReportPeriod.SIX_MONTHS else date(year, 12, 31)
    return max(min(end, today), date(year, 1, 1))


async def result_report(
    db: RequestDB,
    authorizer: Authorizer,
    principal: Principal,
    *,
    unit_code: str,
    year: int,
    period: ReportPeriod,
    as_of: date | None,
    today: date,
) -> ResultReport:
    """The report of `unit_code` for `year`. A unit outside the caller's scope is NOT_FOUND
    (like one that does not exist); a role that may not read one of the four parts is
    FORBIDDEN."""
    if not 2000 <= year <= 2100:
        raise BadInput(msg("`year` must be between 2000 and 2100."), field="year")
    day = report_day(period, year, as_of, today)
    if day.year != year:
        raise BadInput(msg("`asOf` must fall in the report's year."), field="asOf")
    structure_on = date(year, 6, 30)  # the rollup field's default structure date
    unit = await unit_by_code(db, unit_code, structure_on)
    for obj in ("target", "assessment", "model", "evaluation"):
        authorizer.require(principal, obj, "read", unit["path"])

    _, target_rows = await target_service.rollup(
        db, authorizer, principal, unit_code=unit_code, year=year, today=day
    )
    rollup = await assessment_service.rollup(
        db,
        authorizer,
        principal,
        unit_code=unit_code,
        year=year,
        as_of=structure_on,
        include_predecessors=False,
    )
    _, model_rows = await model_service.rollup(
        db, authorizer, principal, unit_code=unit_code, year=year
    )

    target_roots = authorizer.paths_for(principal, "target", "read")
    targets = await q.targets_under(
        db,
        roots=target_roots,
        under_path=unit["path"],
        year=year,
        today=day,
        limit=MAX_TARGET_LINES + 1,
    )
    models = await q.models_under(
        db,
        roots=authorizer.paths_for(principal, "model", "read"),
        under_path=unit["path"],
        year=year,
        limit=MAX_MODEL_LINES + 1,
    )
    campaigns = await q.campaigns_under(
        db,
        roots=authorizer.paths_for(principal, "evaluation", "read"),
        under_path=unit["path"],
        year=year,
        limit=MAX_CAMPAIGN_LINES + 1,
    )

    measured = {
        r["id"]: await measure_target(db, r, day)
        for r in targets[:MAX_TARGET_LINES]
        if r["measure"]
    }
    quota_rollup = await quota_service.quota_rollup(
        db, authorizer, principal, unit_code=unit_code, year=year, as_of=structure_on
    )
    total = next(r for r in target_rows if r.unit_id is None)
    model_total = next(r for r in model_rows if r.unit_id is None)
    return ResultReport(
        unit_code=unit["code"],
        unit_name=unit["name"],
        unit_kind=unit["kind"],
        year=year,
        period=period,
        as_of=day,
        structure_on=structure_on,
        issuing_body=issuing_body(unit),
        number=document_number(unit["kind"]),
        place=unit["short_name"] or unit["name"],
        date_line=date_line(day),
        title=title(unit, year, period),
        target_summary=TargetSummary(
            total=total.total,
            met=total.met,
            on_track=total.on_track,
            due_soon=total.due_soon,
            overdue=total.overdue,
            missed=total.missed,
        ),
        targets=tuple(
            [
                _target_line(r, unit["path"], measured.get(r["id"]))
                for r in targets[:MAX_TARGET_LINES]
            ]
        ),
        targets_truncated=len(targets) > MAX_TARGET_LINES,
        assessments=_figures(rollup.total),
        assessment_children=tuple(
            AssessmentLine(u["code"], u["name"], _figures(f)) for u, f in rollup.children
        ),
        model_figures=ModelFigures(
            models=model_total.models,
            rated=model_total.rated,
            tot=model_total.tot,
            kha=model_total.kha,
            trung_binh=model_total.trung_binh,
            yeu=model_total.yeu,
            good_share=(
                float(model_total.good_share) if model_total.good_share is not None else None
            ),
            meets_rule=model_total.meets_rule,
        ),
        models=tuple(_model_line(r) for r in models[:MAX_MODEL_LINES]),
        models_truncated=len(models) > MAX_MODEL_LINES,
        campaigns=tuple(_campaign_line(r) for r in campaigns[:MAX_CAMPAIGN_LINES]),
        campaigns_truncated=len(campaigns) > MAX_CAMPAIGN_LINES,
        recipients=recipients(unit),
        signature=signature(unit["kind"]),
        quotas=tuple(
            QuotaReportLine(
                unit_name=line.unit["name"],
                kinds_label=line.kinds_label,
                minimum=line.quota.minimum,
                measure=line.quota.measure,
                count=line.count,
                met=line.met,
                short=line.short,
                wording=line.quota.wording,
                plan_number=line.quota.plan_number,
            )
            for line in quota_rollup.lines
        ),
    )


def _figures(figures: assessment_service.Figures) -> AssessmentFigures:
    units = figures.units
    targets = assessment_service.TARGETS
    return AssessmentFigures(
        units=units,
        assessed=figures.assessed,
        registered=measure(figures.registered, units, targets["registered"]),
        safe=measure(figures.safe, units, targets["safe"]),
        good_or_excellent=measure(figures.good_or_excellent, units, targets["good_or_excellent"]),
        typical_registered=figures.typical_registered,
        typical_recognised=measure(
            figures.typical_recognised, figures.typical_registered, targets["typical"]
        ),
    )


def _target_line(row: RowMapping, unit_path: str, measured: Measured | None = None) -> TargetLine:
    """One target line; a measured target prints the platform's value and status."""
    category = row["category"]
    try:
        category_label = CATEGORY_LABELS[TargetCategory(category)]
    except ValueError:
        category_label = category
    achieved = row["achieved"] if measured is None else measured.value
    status = row["status"] if measured is None else measured.status
    return TargetLine(
        unit_name=row["unit_name"],
        own=row["unit_path"] == unit_path,
        category=category,
        category_label=category_label,
        stt=row["stt"],
        text=row["text"],
        quantity=row["quantity_raw"] or "",
        deadline=row["deadline_raw"] or "",
        due_on=row["due_on"],
        achieved=float(achieved) if achieved is not None else None,
        status=status,
        status_label=STATUS_LABELS.get(status, status),
    )


def _model_line(row: RowMapping) -> ModelLine:
    rating = row["rating"]
    return ModelLine(
        unit_name=row["unit_name"],
        name=row["name"],
        type_name=row["type_name"],
        origin_label=ORIGIN_LABELS.get(ModelOrigin(row["origin"]), row["origin"]),
        status_label=MODEL_STATUS_LABELS.get(ModelStatus(row["status"]), row["status"]),
        rating=rating,
        rating_label=RATING_LABELS[Rating(rating)] if rating else None,
    )


def _campaign_line(row: RowMapping) -> CampaignLine:
    return CampaignLine(
        unit_name=row["unit_name"],
        kind=row["kind"],
        kind_label=CAMPAIGN_KIND_LABELS.get(CampaignKind(row["kind"]), row["kind"]),
        state=row["state"],
        state_label=CAMPAIGN_STATE_LABELS.get(CampaignState(row["state"]), row["state"]),
        decided_on=row["decided_on"],
    )


# -- the wording of the administrative layout ----------------------------------------------------
def _lower_first(name: str) -> str:
    """ "Huyện Hậu Lộc" → "huyện Hậu Lộc", as a unit is named inside a sentence."""
    return name[:1].lower() + name[1:]


def issuing_body(unit: RowMapping) -> tuple[str, ...]:
    """The two header lines on the left: the people's committee, then the steering body that
    issues the report (BCĐ 138 at province and district level, as in seeds 000–004)."""
    kind, name = unit["kind"], unit["name"]
    if kind == "nation":
        return ("BỘ CÔNG AN", "BAN CHỈ ĐẠO 138/CP")
    if kind in ("province", "district"):
        return (f"UBND {name.upper()}", "BAN CHỈ ĐẠO 138")
    if kind == "commune":
        return (f"UBND {name.upper()}", "BAN CHỈ ĐẠO AN NINH, TRẬT TỰ")
    return (name.upper(),)


def document_number(kind: str) -> str:
    """Left blank for the clerk, as the seeds' drafts are ("Số:      /KH-BCĐ")."""
    suffix = {"nation": "BCĐ138", "province": "BCĐ138", "district": "BCĐ138", "commune": "BCĐ"}.get(
        kind, ""
    )
    return f"Số:        /BC-{suffix}" if suffix else "Số:        /BC"


def date_line(day: date) -> str:
    """ "ngày 05 tháng 01 năm 2024": days below 10 and months below 3 take a leading zero
    (Decree 30/2020/NĐ-CP on the format of administrative documents)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def title(unit: RowMapping, year: int, period: ReportPeriod) -> tuple[str, ...]:
    when = f"6 tháng đầu năm {year}" if period is ReportPeriod.SIX_MONTHS else f"năm {year}"
    return (
        "BÁO CÁO",
        "Kết quả thực hiện phong trào toàn dân bảo vệ an ninh Tổ quốc",
        f"{when} trên địa bàn {_lower_first(unit['name'])}",
    )


def recipients(unit: RowMapping) -> tuple[str, ...]:
    """The usual "Nơi nhận" of each level (seeds 000, 001, 004), the archive copy last."""
    kind, sub_kind = unit["kind"], (unit["sub_kind"] or "").lower()
    if kind == "nation":
        return (
            "- Ban Chỉ đạo 138/CP (để b/c);",
            "- Lãnh đạo Bộ Công an (để b/c);",
            "- Lưu: VT, V05.",
        )
    if kind == "province":
        return (
            "- Bộ Công an (Cục V05) (để b/c);",
            "- Thường trực Tỉnh ủy, HĐND tỉnh (để b/c);",
            "- Chủ tịch, các PCT UBND tỉnh;",
            "- Các thành viên BCĐ 138 tỉnh;",
            "- UBND các huyện, thị xã, thành phố;",
            "- Lưu: VT, PV05.",
        )
    if kind == "district":
        return (
            "- Ban Chỉ đạo 138 tỉnh (để b/c);",
            "- Công an tỉnh (PV05) (để b/c);",
            f"- Thường trực cấp ủy, HĐND {sub_kind or 'huyện'};",
            f"- Các thành viên BCĐ 138 {sub_kind or 'huyện'};",
            "- UBND các xã, thị trấn;",
            "- Lưu: VT, CA.",
        )
    if kind == "commune":
        return (
            "- Ban Chỉ đạo 138 cấp trên (để b/c);",
            f"- Đảng ủy, HĐND {sub_kind or 'xã'};",
            "- Các thôn, tổ dân phố;",
            "- Lưu: VT.",
        )
    return ("- Ban Chỉ đạo 138 cấp trên (để b/c);", "- Lưu: VT.")


def signature(kind: str) -> tuple[str, ...]:
    if kind in ("nation", "province", "district", "commune"):
        return ("TM. BAN CHỈ ĐẠO", "TRƯỞNG BAN")
    if kind == "residential_area":
        return ("TRƯỞNG BAN CÔNG TÁC MẶT TRẬN",)
    return ("THỦ TRƯỞNG ĐƠN VỊ",)


def format_percent(value: float | None) -> str:
    """Vietnamese decimals: "66,67%"; whole numbers without decimals ("100%")."""
    if value is None:
        return "—"
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") + "%"


def format_measure(m: Measure) -> str:
    """ "3/30 (10%)" — what the documents print for a measure."""
    return f"{m.count}/{m.total} ({format_percent(m.percent)})"


def parse_period(value: str) -> ReportPeriod:
    """Accepts `annual` and `six_months` in any case (`SIX_MONTHS`, `six-months`, `6m`)."""
    folded = value.strip().lower().replace("-", "_")
    if folded in ("6m", "6_months", "six_month"):
        folded = ReportPeriod.SIX_MONTHS.value
    try:
        return ReportPeriod(folded)
    except ValueError:
        raise BadInput(msg("`period` is annual or six_months."), field="period") from None
