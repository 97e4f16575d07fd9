"""The real plans of seeds 000–004 and the documents they implement, cite or replace.

Curated by hand from the documents' headers (number, issuing body, date, title, the plan they
implement, reporting deadlines) because the headers are few, irregular (three of five plans are
unsigned drafts with a blank number "Số: /KH-…") and a header parser would be larger than this
list. The targets are NOT here: they come from seed 000's appendices via seeds/targets_text.py.

Deadlines written "trước ngày 30/3" are stored as their last on-time day (29/3), as the one
deadline parser (services.target_terms.parse_deadline / find_deadline) reads their wording; the
seed loader takes the parser's day and a test checks the curated dates agree. Each plan's
schedule (`schedule`, read by the same parser) and quotas are its rules as data (issue 14).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

CHILDREN = "children"  # a reporting deadline addressed to every unit directly below the issuer


@dataclass(frozen=True, slots=True)
class TaskSeed:
    assignee: str
    description: str
    due_on: date | None = None
    unit_path: str | None = None  # a subordinate unit it is assigned to; None: the issuer's own


@dataclass(frozen=True, slots=True)
class DeadlineSeed:
    kind: str
    due_on: date
    note: str
    addressed_to: tuple[str, ...] | str = CHILDREN


@dataclass(frozen=True, slots=True)
class RuleSeed:
    """One step of a plan's schedule, in the plan's own words (read by the one parser)."""

    step: str
    wording: str
    unit_kind: str | None = None
    every_year: bool = False
    late_allowed: bool = False
    note: str | None = None


@dataclass(frozen=True, slots=True)
class QuotaSeed:
    addressee: str  # each_child | issuer
    unit_kinds: tuple[str, ...]
    minimum: int
    wording: str
    measure: str = "registered"
    every_year: bool = False


@dataclass(frozen=True, slots=True)
class PlanSeed:
    ref_key: str
    unit_path: str
    number: str | None
    kind: str
    title: str
    issuing_body: str
    issued_on: date | None
    year: int
    status: str = "issued"
    parent: str | None = None
    supersedes: str | None = None
    objectives: str | None = None
    cited: tuple[str, ...] = ()
    subordinate_plans_due: date | None = None
    tasks: tuple[TaskSeed, ...] = ()
    deadlines: tuple[DeadlineSeed, ...] = ()
    source: str | None = None  # the seed file it was read from
    targets_from_appendices: bool = field(default=False)
    schedule: tuple[RuleSeed, ...] = ()
    quotas: tuple[QuotaSeed, ...] = ()


HAU_LOC = "vn.p38.d400"
NATIONAL_NOTE = "Mặc định toàn quốc của nền tảng (chưa đối chiếu văn bản gốc)"
DECISION_510_DATES = (
    "- Khu dân cư: trước ngày 20/11 - Xã, phường, thị trấn: trước ngày 30/11 "
    "- CQDN, cơ sở giáo dục: trước ngày 30/11"
)
ANY_TYPICAL = ("xa", "phuong_thi_tran", "dac_khu", "agency", "enterprise", "school")
AGENCY_LIKE = ("agency", "enterprise", "school")
THAP_MUOI = "vn.p87.d872"

PLANS: tuple[PlanSeed, ...] = (
    PlanSeed(
        "bca-14-ctr-2023",
        "vn",
        "14/CTr-BCA-V05",
        "programme",
        "Chương trình công tác trọng tâm xây dựng phong trào toàn dân bảo vệ an ninh Tổ "
        "quốc năm 2023",
        "Bộ Công an",
        date(2022, 12, 21),
        2023,
    ),
    PlanSeed(
        "bca-03-ctr-2025",
        "vn",
        "03/CTr-BCA-V05",
        "programme",
        "Chương trình công tác trọng tâm xây dựng phong trào toàn dân bảo vệ an ninh Tổ "
        "quốc năm 2025",
        "Bộ Công an",
        date(2025, 1, 16),
        2025,
    ),
    PlanSeed(
        "bca-630-kh-2022",
        "vn",
        "630/KH-BCA",
        "plan",
        "Xây dựng xã, phường, thị trấn, cơ quan, doanh nghiệp, cơ sở giáo dục điển hình về "
        "phong trào toàn dân bảo vệ an ninh Tổ quốc",
        "Bộ Công an",
        date(2022, 12, 28),
        2023,
        cited=("Quyết định số 9745/QĐ-BCA-V05 ngày 28/12/2022",),
        # National defaults where no plan below sets a step. The programme's text is not
        # among the seeds: these are the dates the seeds' plans share, marked for review.
        schedule=(
            RuleSeed(
                "typical_registration", "trước ngày 30/3", every_year=True, note=NATIONAL_NOTE
            ),
            RuleSeed("dossier_submission", "trước ngày 25/10", every_year=True, note=NATIONAL_NOTE),
            RuleSeed("recognition", "cuối năm", every_year=True, note=NATIONAL_NOTE),
        ),
    ),
    PlanSeed(
        "thanhhoa-kh-2023",
        "vn.p38",
        None,
        "plan",
        "Thực hiện phong trào toàn dân bảo vệ an ninh Tổ quốc năm 2023",
        "UBND tỉnh Thanh Hóa",
        None,
        2023,
        parent="bca-14-ctr-2023",
        source="000",
        objectives="Nâng cao chất lượng, hiệu quả phong trào toàn dân bảo vệ ANTQ; năm 2023 có "
        "trên 80% khu dân cư, xã, phường, thị trấn, cơ quan, doanh nghiệp, cơ sở giáo dục đạt "
        "tiêu chuẩn an toàn về ANTT và trên 80% phân loại phong trào đạt loại Khá trở lên; "
        "xây dựng thí điểm Công an phường An Hưng điển hình, kiểu mẫu.",
        cited=("Chương trình số 14/CTr-BCA-V05 ngày 21/12/2022",),
        tasks=(
            TaskSeed(
                "Công an tỉnh",
                "Chủ trì tham mưu Tỉnh ủy, UBND tỉnh; phối hợp Sở Tài "
                "chính lập dự toán kinh phí; hướng dẫn, đôn đốc, kiểm tra, tổng hợp báo cáo.",
            ),
            TaskSeed(
                "Văn phòng UBND tỉnh",
                "Phối hợp Công an tỉnh tham mưu văn bản hướng dẫn, "
                "kiểm tra, sơ kết, tổng kết thực hiện Kế hoạch.",
            ),
            TaskSeed(
                "Sở Nội vụ",
                "Chế độ chính sách cho lực lượng tham gia bảo đảm ANTT ở cơ sở; "
                "thẩm định, đề nghị khen thưởng.",
            ),
            TaskSeed("Sở Tài chính", "Tham mưu bố trí kinh phí thực hiện kế hoạch."),
            TaskSeed(
                "Sở Thông tin và Truyền thông",
                "Định hướng tuyên truyền trên báo chí, đài phát thanh, truyền hình.",
            ),
            TaskSeed(
                "Sở Giáo dục và Đào tạo",
                'Bảo đảm ANTT trường học; mô hình "Trường học an toàn về ANTT".',
            ),
            TaskSeed(
                "Sở Tư pháp", "Cơ quan thường trực Hội đồng phối hợp phổ biến, giáo dục pháp luật."
            ),
            TaskSeed(
                "Ban Quản lý khu kinh tế Nghi Sơn và các khu công nghiệp",
                "Hướng dẫn doanh nghiệp phát động phong trào, quản lý người lao động.",
            ),
            TaskSeed(
                "Ủy ban MTTQ và các tổ chức chính trị - xã hội tỉnh",
                "Rà soát, bổ sung quy chế và thực hiện các chương trình phối hợp.",
            ),
            TaskSeed(
                "UBND cấp huyện",
                "Triển khai Kế hoạch đến từng khu dân cư, xã, phường, "
                "thị trấn; báo cáo kết quả triển khai.",
                date(2023, 3, 29),
            ),
        ),
        deadlines=(
            DeadlineSeed(
                "implementation",
                date(2023, 3, 29),
                "Báo cáo kết quả triển khai thực hiện trước ngày 30/3/2023",
            ),
            DeadlineSeed("six_month", date(2023, 5, 14), "Báo cáo 06 tháng trước ngày 15/5"),
            DeadlineSeed("annual", date(2023, 10, 29), "Báo cáo 01 năm trước ngày 30/10"),
        ),
        targets_from_appendices=True,
        schedule=(
            RuleSeed("implementation_report", "trước ngày 30/3/2023"),
            RuleSeed("six_month_report", "trước ngày 15/5", late_allowed=True),
            RuleSeed("annual_report", "trước ngày 30/10", late_allowed=True),
            RuleSeed("typical_registration", "cuối Quý I/2023"),
            RuleSeed(
                "assessment_entry",
                "- Khu dân cư: trước ngày 05/11/2023 - Xã, phường, thị "
                "trấn: trước ngày 10/11/2023 - CQDN, cơ sở giáo dục: 13/11/2023",
            ),
        ),
    ),
    PlanSeed(
        "thanhhoa-86-kh-bcd-2023",
        "vn.p38",
        "86/KH-BCĐ",
        "plan",
        "Xây dựng xã, phường, thị trấn, cơ quan, doanh nghiệp, cơ sở giáo dục điển hình về "
        "phong trào toàn dân bảo vệ an ninh Tổ quốc trên địa bàn tỉnh Thanh Hóa",
        "Ban Chỉ đạo 138 tỉnh Thanh Hóa",
        date(2023, 4, 5),
        2023,
        parent="bca-630-kh-2022",
        cited=(
            "Kế hoạch số 630/KH-BCA ngày 28/12/2022",
            "Quyết định số 9745/QĐ-BCA-V05 ngày 28/12/2022",
        ),
    ),
    PlanSeed(
        "hauloc-kh-bcd-2024",
        HAU_LOC,
        None,
        "plan",
        "Xây dựng xã, thị trấn, cơ quan, doanh nghiệp, cơ sở giáo dục điển hình về phong trào "
        "toàn dân bảo vệ an ninh Tổ quốc năm 2024 trên địa bàn huyện Hậu Lộc",
        "Ban Chỉ đạo 138 huyện Hậu Lộc",
        None,
        2024,
        parent="thanhhoa-86-kh-bcd-2023",
        source="001",
        objectives="Tiếp tục xây dựng xã Phú Lộc điển hình; lựa chọn thêm xã Triệu Lộc và Công "
        "ty TNHH Ny Hoa Việt để xây dựng điển hình về phong trào toàn dân bảo vệ ANTQ năm 2024.",
        cited=(
            "Kế hoạch số 86/KH-BCĐ ngày 05/4/2023",
            "Quyết định số 9745/QĐ-BCA-V05 ngày 28/12/2022",
        ),
        tasks=(
            TaskSeed(
                "Công an huyện",
                "Cơ quan Thường trực tham mưu BCĐ 138 huyện; hướng dẫn xã "
                "Phú Lộc hoàn thiện hồ sơ đề nghị công nhận.",
            ),
            TaskSeed("Phòng Tài chính – Kế hoạch", "Lập dự toán kinh phí thực hiện kế hoạch."),
            TaskSeed(
                "Ban Chỉ đạo ANTT xã Phú Lộc",
                "Tổ chức xây dựng xã điển hình theo Bộ tiêu chí; báo cáo kết quả 01 năm.",
                date(2024, 10, 19),
                f"{HAU_LOC}.c16072",
            ),
            TaskSeed(
                "Ban Chỉ đạo ANTT xã Triệu Lộc",
                "Xây dựng xã điển hình; hướng dẫn Công ty TNHH Ny Hoa Việt thực hiện.",
                date(2024, 10, 19),
                f"{HAU_LOC}.c16021",
            ),
        ),
        deadlines=tuple(
            DeadlineSeed(
                kind, due, note, (f"{HAU_LOC}.c16072", f"{HAU_LOC}.c16021", f"{HAU_LOC}.eHL_NHV")
            )
            for kind, due, note in (
                ("six_month", date(2024, 6, 9), "Báo cáo 6 tháng trước ngày 10/6"),
                ("annual", date(2024, 10, 19), "Báo cáo 01 năm trước ngày 20/10"),
            )
        ),
        schedule=(
            RuleSeed("typical_registration", "Quý I"),
            RuleSeed("six_month_report", "trước ngày 10/6", late_allowed=True),
            RuleSeed("annual_report", "trước ngày 20/10", late_allowed=True),
            RuleSeed("recognition", "cuối năm"),
        ),
        quotas=(
            QuotaSeed(
                "issuer",
                ANY_TYPICAL,
                1,
                "Quý I hằng năm … lựa chọn ít nhất 01 đơn vị "
                "(xã, thị trấn, cơ quan, doanh nghiệp, cơ sở giáo dục) để xây dựng "
                "điển hình",
                every_year=True,
            ),
        ),
    ),
    PlanSeed(
        "thanhhoa-kh-2025",
        "vn.p38",
        None,
        "plan",
        "Công tác phong trào toàn dân bảo vệ an ninh Tổ quốc năm 2025",
        "UBND tỉnh Thanh Hóa",
        None,
        2025,
        parent="bca-03-ctr-2025",
        source="002",
        objectives="Năm 2025 có từ 80% trở lên khu dân cư, xã, phường, thị trấn, cơ quan, doanh "
        "nghiệp, cơ sở giáo dục đạt tiêu chuẩn an toàn về ANTT; trên 80% phân loại phong trào "
        "đạt loại Khá trở lên.",
        cited=("Chương trình số 03/CTr-BCA-V05 ngày 16/01/2025",),
        subordinate_plans_due=date(2025, 4, 9),
        deadlines=(
            DeadlineSeed("six_month", date(2025, 6, 15), "Báo cáo 06 tháng trước ngày 16/6/2025"),
            DeadlineSeed("annual", date(2025, 11, 14), "Báo cáo 01 năm trước ngày 15/11/2025"),
        ),
    ),
    PlanSeed(
        "quangtri-165-kh-2021",
        "vn.p45",
        "165/KH-UBND",
        "plan",
        "Xây dựng xã, phường, thị trấn điển hình về Phong trào toàn dân bảo vệ an ninh Tổ quốc",
        "UBND tỉnh Quảng Trị",
        date(2021, 9, 29),
        2021,
        status="superseded",
    ),
    PlanSeed(
        "quangtri-kh-dien-hinh",
        "vn.p45",
        None,
        "plan",
        "Xây dựng xã, phường, thị trấn, cơ quan, doanh nghiệp, cơ sở giáo dục điển hình về "
        "phong trào toàn dân bảo vệ an ninh Tổ quốc trên địa bàn tỉnh Quảng Trị",
        "UBND tỉnh Quảng Trị",
        None,
        2023,
        parent="bca-630-kh-2022",
        supersedes="quangtri-165-kh-2021",
        source="003",
        cited=(
            "Kế hoạch số 630/KH-BCA ngày 28/12/2022",
            "Quyết định số 9745/QĐ-BCA-V05 ngày 28/12/2022",
            "Thông tư số 124/2021/TT-BCA ngày 28/12/2021",
            "Quyết định số 510/QĐ-BCA ngày 20/01/2022",
        ),
        subordinate_plans_due=date(2023, 3, 29),
        deadlines=(
            DeadlineSeed(
                "implementation",
                date(2023, 3, 29),
                "Báo cáo kết quả triển khai kèm danh sách đăng ký (trước ngày 30/3)",
            ),
            DeadlineSeed(
                "annual",
                date(2023, 10, 24),
                "Báo cáo kết quả thực hiện hàng năm (trước ngày 25/10)",
            ),
        ),
        schedule=(
            RuleSeed("typical_registration", "trước ngày 30/3", every_year=True),
            RuleSeed("annual_report", "trước ngày 25/10", every_year=True, late_allowed=True),
            RuleSeed(
                "recognition",
                "25/10 hàng năm",
                every_year=True,
                note="Mốc thời gian hoàn thành xét, công nhận: 25/10 hàng năm",
            ),
        ),
        quotas=(
            QuotaSeed("each_child", ("xa",), 1, "Mỗi năm lựa chọn ít nhất 01 xã", every_year=True),
            QuotaSeed(
                "each_child",
                ("phuong_thi_tran",),
                1,
                "Mỗi năm lựa chọn ít nhất 01 phường/thị trấn",
                every_year=True,
            ),
            QuotaSeed(
                "each_child",
                AGENCY_LIKE,
                1,
                "Mỗi năm lựa chọn ít nhất 01 cơ quan (hoặc doanh nghiệp, cơ sở giáo dục)",
                every_year=True,
            ),
            QuotaSeed(
                "issuer",
                AGENCY_LIKE,
                1,
                "Cơ quan, doanh nghiệp, cơ sở giáo dục cấp tỉnh "
                "quản lý: mỗi năm lựa chọn ít nhất 01 cơ quan (hoặc doanh nghiệp, cơ sở "
                "giáo dục)",
                every_year=True,
            ),
        ),
    ),
    PlanSeed(
        "dongthap-118-kh-2023",
        "vn.p87",
        "118/KH-BCĐ138",
        "plan",
        "Xây dựng xã, phường, thị trấn, cơ quan, doanh nghiệp, cơ sở giáo dục điển hình về "
        "phong trào toàn dân bảo vệ an ninh Tổ quốc",
        "Ban Chỉ đạo 138 tỉnh Đồng Tháp",
        date(2023, 3, 31),
        2023,
        parent="bca-630-kh-2022",
    ),
    PlanSeed(
        "thapmuoi-2647-kh-2023",
        THAP_MUOI,
        "2647/KH-BCĐ",
        "plan",
        "Xây dựng xã, thị trấn, cơ quan, doanh nghiệp, cơ sở giáo dục điển hình về phong "
        "trào toàn dân bảo vệ ANTQ",
        "Ban Chỉ đạo 138 huyện Tháp Mười",
        date(2023, 4, 12),
        2023,
        parent="dongthap-118-kh-2023",
    ),
    PlanSeed(
        "thapmuoi-kh-2024",
        THAP_MUOI,
        None,
        "plan",
        "Xây dựng xã điển hình về phong trào toàn dân bảo vệ an ninh Tổ quốc năm 2024",
        "Ban Chỉ đạo 138 huyện Tháp Mười",
        None,
        2024,
        parent="dongthap-118-kh-2023",
        source="004",
        objectives="Xây dựng xã Thanh Mỹ điển hình năm 2024 (đạt 100% tiêu chí); xã Mỹ Đông "
        "(công nhận năm 2023) tiếp tục duy trì, nâng chất.",
        cited=(
            "Kế hoạch số 118/KH-BCĐ138 ngày 31/3/2023",
            "Công văn số 33/CAT-PV01 ngày 03/01/2024",
            "Kế hoạch số 2647/KH-BCĐ ngày 12/4/2023",
        ),
        tasks=(
            TaskSeed(
                "Hội đồng bảo vệ ANTT xã Thanh Mỹ",
                "Hoàn chỉnh hồ sơ đề nghị công nhận xã điển hình, gửi Ban Chỉ đạo 138 huyện.",
                date(2024, 10, 4),
                f"{THAP_MUOI}.c30073",
            ),
        ),
        deadlines=(
            DeadlineSeed(
                "six_month",
                date(2024, 6, 4),
                "Báo cáo 06 tháng trước ngày 05/6",
                (f"{THAP_MUOI}.c30073", f"{THAP_MUOI}.c30058"),
            ),
            DeadlineSeed(
                "annual",
                date(2024, 10, 4),
                "Báo cáo năm trước ngày 05/10",
                (f"{THAP_MUOI}.c30073", f"{THAP_MUOI}.c30058"),
            ),
            DeadlineSeed(
                "recognition",
                date(2024, 10, 4),
                "Hồ sơ đề nghị công nhận trước ngày 05/10/2024",
                (f"{THAP_MUOI}.c30073",),
            ),
        ),
        schedule=(
            RuleSeed("unit_plan", "trước ngày 31/01/2024", late_allowed=True),
            RuleSeed("six_month_report", "trước ngày 05/6", late_allowed=True),
            RuleSeed("annual_report", "trước ngày 05/10", late_allowed=True),
            RuleSeed("dossier_submission", "trước ngày 05/10/2024"),
            RuleSeed("recognition", "trước ngày 05/10/2024"),
        ),
    ),
    # Last, so the plans above keep their ids: the national reporting dates as data.
    PlanSeed(
        "bca-510-qd-2022",
        "vn",
        "510/QĐ-BCA-V05",
        "decision",
        "Ban hành Quy định đánh giá, phân loại phong trào toàn dân bảo vệ an ninh Tổ quốc",
        "Bộ Công an",
        date(2022, 1, 20),
        2022,
        schedule=(
            RuleSeed("decision510_report", DECISION_510_DATES, every_year=True),
            RuleSeed(
                "assessment_entry",
                DECISION_510_DATES,
                every_year=True,
                note="Default: the entry is due when the result is reported upward "
                "(Decision 510); provinces set earlier dates in their plans.",
            ),
        ),
    ),
)

# The catalogue of model types (extensible: new rows, never code).
MODEL_TYPES: tuple[tuple[str, str], ...] = (
    ("camera_antt", "Camera với ANTT"),
    ("to_an_ninh_cong_nhan", "Tổ an ninh công nhân"),
    ("xu_dao_binh_yen", "Xứ đạo bình yên"),
    ("dong_ho_tu_quan", "Dòng họ tự quản về ANTT"),
    ("dan_van_kheo", "Dân vận khéo"),
    ("cong_nhan_moi_truong", "Công nhân môi trường – Chiến sĩ tuần tra"),
    ("cong_truong_an_toan", "Cổng trường an toàn"),
    ("truong_hoc_an_toan", "Trường học an toàn về ANTT"),
)

# Illustrative model instances and 2023 ratings (the seeds name model types, not instances):
# ref_key, unit path, type code, name, origin, founded, 2023 rating or None
MODELS: tuple[tuple[str, str, str, str, str, date, str | None], ...] = (
    (
        "phuloc-camera",
        f"{HAU_LOC}.c16072",
        "camera_antt",
        "Camera với ANTT xã Phú Lộc",
        "new",
        date(2023, 3, 1),
        "tot",
    ),
    (
        "phuloc-dongho",
        f"{HAU_LOC}.c16072",
        "dong_ho_tu_quan",
        "Dòng họ Nguyễn tự quản về ANTT",
        "maintained",
        date(2021, 5, 1),
        "kha",
    ),
    (
        "trieuloc-danvan",
        f"{HAU_LOC}.c16021",
        "dan_van_kheo",
        "Dân vận khéo xã Triệu Lộc",
        "maintained",
        date(2020, 8, 19),
        "trung_binh",
    ),
    (
        "nyhoaviet-tocn",
        f"{HAU_LOC}.eHL_NHV",
        "to_an_ninh_cong_nhan",
        "Tổ an ninh công nhân Công ty TNHH Ny Hoa Việt",
        "new",
        date(2023, 2, 1),
        "kha",
    ),
    (
        "nghison-xudao",
        "vn.p38.d407",
        "xu_dao_binh_yen",
        "Xứ đạo bình yên thị xã Nghi Sơn",
        "maintained",
        date(2019, 6, 1),
        "tot",
    ),
)
