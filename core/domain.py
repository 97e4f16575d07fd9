"""The domain's closed sets and their fixed tables: unit kinds, plan and model states,
ratings, campaign states, schedule steps. Every layer speaks these; the ORM maps them to columns.
"""

from __future__ import annotations

import enum


class UnitKind(enum.StrEnum):
    NATION = "nation"
    PROVINCE = "province"
    DISTRICT = "district"
    COMMUNE = "commune"
    RESIDENTIAL_AREA = "residential_area"
    AGENCY = "agency"
    ENTERPRISE = "enterprise"
    SCHOOL = "school"


# One letter per kind prefixes each path label; the kind of any ancestor is readable from the path.
KIND_LETTER: dict[UnitKind, str] = {
    UnitKind.NATION: "",
    UnitKind.PROVINCE: "p",
    UnitKind.DISTRICT: "d",
    UnitKind.COMMUNE: "c",
    UnitKind.RESIDENTIAL_AREA: "r",
    UnitKind.AGENCY: "a",
    UnitKind.ENTERPRISE: "e",
    UnitKind.SCHOOL: "s",
}


ATTACHED_KINDS = frozenset({UnitKind.AGENCY, UnitKind.ENTERPRISE, UnitKind.SCHOOL})

# The kinds of unit assessed each year (Circular 124 / Decision 510), in the order deadlines that
# are split by kind list them; a province or the nation is never assessed itself.
ASSESSED_KINDS: tuple[UnitKind, ...] = (
    UnitKind.RESIDENTIAL_AREA,
    UnitKind.COMMUNE,
    UnitKind.AGENCY,
    UnitKind.ENTERPRISE,
    UnitKind.SCHOOL,
)


class PlanKind(enum.StrEnum):
    PLAN = "plan"  # kế hoạch
    PROGRAMME = "programme"  # chương trình
    GUIDANCE = "guidance"  # hướng dẫn
    DECISION = "decision"  # quyết định
    OFFICIAL_LETTER = "official_letter"  # công văn


class PlanStatus(enum.StrEnum):
    DRAFT = "draft"
    ISSUED = "issued"
    SUPERSEDED = "superseded"


class ReportKind(enum.StrEnum):
    IMPLEMENTATION = "implementation"  # báo cáo kết quả triển khai
    SIX_MONTH = "six_month"
    ANNUAL = "annual"
    AD_HOC = "ad_hoc"
    RECOGNITION = "recognition"  # dossier for recognition (hồ sơ đề nghị công nhận)


class TargetStatus(enum.StrEnum):
    MET = "met"
    ON_TRACK = "on_track"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    MISSED = "missed"


class ModelOrigin(enum.StrEnum):
    NEW = "new"
    MAINTAINED = "maintained"


class ModelStatus(enum.StrEnum):
    ACTIVE = "active"
    MERGED = "merged"
    WOUND_UP = "wound_up"


class Rating(enum.StrEnum):
    """Guidance 22/HD-BCA-V05: Tốt / Khá / Trung bình / Yếu."""

    TOT = "tot"
    KHA = "kha"
    TRUNG_BINH = "trung_binh"
    YEU = "yeu"


RATING_LABELS: dict[Rating, str] = {
    Rating.TOT: "Tốt",
    Rating.KHA: "Khá",
    Rating.TRUNG_BINH: "Trung bình",
    Rating.YEU: "Yếu",
}


class CampaignState(enum.StrEnum):
    REGISTERED = "registered"
    PLAN_SUBMITTED = "plan_submitted"
    SIX_MONTH_REPORTED = "six_month_reported"
    ANNUAL_REPORTED = "annual_reported"
    DOSSIER_COMPLETE = "dossier_complete"
    SUBMITTED = "submitted"
    UNDER_REVIEW = "under_review"
    RECOGNISED = "recognised"
    RETURNED = "returned"


class CampaignKind(enum.StrEnum):
    BUILD = "build"  # building a new typical unit this year
    MAINTAIN = "maintain"  # a unit recognised earlier keeps its status


class Classification(enum.StrEnum):
    """Decision 510/QĐ-BCA-V05 classes, best first."""

    XUAT_SAC = "xuat_sac"
    KHA = "kha"
    TRUNG_BINH = "trung_binh"
    YEU = "yeu"


class DocumentKind(enum.StrEnum):
    PLAN = "plan"
    SIX_MONTH_REPORT = "six_month_report"
    ANNUAL_REPORT = "annual_report"
    PROPOSAL = "proposal"  # tờ trình
    RESULTS_REPORT = "results_report"  # báo cáo kết quả + hồ sơ minh chứng
    REVIEW_MINUTES = "review_minutes"  # biên bản họp xét
    OTHER = "other"


class ScheduleStep(enum.StrEnum):
    """What a schedule rule dates (mốc thời gian của kế hoạch)."""

    TYPICAL_REGISTRATION = "typical_registration"  # đăng ký xây dựng điển hình
    UNIT_PLAN = "unit_plan"  # kế hoạch của đơn vị được chọn
    SIX_MONTH_REPORT = "six_month_report"  # báo cáo 6 tháng
    ANNUAL_REPORT = "annual_report"  # báo cáo năm
    DOSSIER_SUBMISSION = "dossier_submission"  # gửi hồ sơ đề nghị công nhận
    RECOGNITION = "recognition"  # xét, công nhận
    ASSESSMENT_ENTRY = "assessment_entry"  # đánh giá "An toàn về ANTT" / phân loại phong trào
    DECISION510_REPORT = "decision510_report"  # báo cáo kết quả phân loại lên cấp trên (QĐ 510)
    IMPLEMENTATION_REPORT = "implementation_report"  # báo cáo kết quả triển khai


class QuotaKind(enum.StrEnum):
    """Kinds of unit a quota counts (xã; phường / thị trấn; đặc khu; cơ quan; DN; CSGD)."""

    XA = "xa"
    PHUONG_THI_TRAN = "phuong_thi_tran"
    DAC_KHU = "dac_khu"
    AGENCY = "agency"
    ENTERPRISE = "enterprise"
    SCHOOL = "school"


class QuotaAddressee(enum.StrEnum):
    EACH_CHILD = "each_child"  # every unit directly below the issuer must meet it
    ISSUER = "issuer"  # the issuing level itself (province-managed agencies)


class QuotaMeasure(enum.StrEnum):
    REGISTERED = "registered"
    RECOGNISED = "recognised"
