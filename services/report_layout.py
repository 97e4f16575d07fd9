"""The text of an official result report, laid out once for every output format.

`layout(report)` turns a `ResultReport` into header, title, numbered sections I–IV (paragraphs
and tables), "Nơi nhận" and signature. The PDF and the .docx renderers only draw these blocks, so
the two documents say the same words and print the same figures as the JSON.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from services.reports import (
    Measure,
    ReportPeriod,
    ResultReport,
    format_measure,
    format_percent,
)

NATIONAL_MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
SAFE_LABEL = "An toàn về an ninh, trật tự"
MAX_DEADLINE_WORDING = 60


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str
    bold: bool = False
    italic: bool = False
    indent: bool = True  # first-line indent of body text


@dataclass(frozen=True, slots=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]  # relative column widths
    align: tuple[str, ...]  # "L", "C" or "R" per column


Block = Paragraph | Table


@dataclass(frozen=True, slots=True)
class Layout:
    issuing_body: tuple[str, ...]
    number: str
    motto: tuple[str, ...]
    place_date: str
    title: tuple[str, ...]
    body: tuple[Block, ...]
    recipients: tuple[str, ...]
    signature: tuple[str, ...]
    file_stem: str = field(default="")


def issuer_phrase(report: ResultReport) -> str:
    """Who reports, inside a sentence: "Ban Chỉ đạo 138 huyện Hậu Lộc"."""
    name = report.unit_name[:1].lower() + report.unit_name[1:]
    if report.unit_kind in ("province", "district"):
        return f"Ban Chỉ đạo 138 {name}"
    if report.unit_kind == "commune":
        return f"Ban Chỉ đạo an ninh, trật tự {name}"
    return report.unit_name


def verdict(m: Measure) -> str:
    return "Đạt" if m.met else "Chưa đạt"


def _target_phrase(target: float) -> str:
    return "100%" if target >= 100 else f"≥ {format_percent(target)}"


def _deadline(wording: str, due_on: date | None) -> str:
    """The plan's wording, unless it is a paragraph (seed 000 has deadlines of 300 characters
    listing sub-tasks): then the last on-time day, which the status is judged against."""
    if len(wording) <= MAX_DEADLINE_WORDING or due_on is None:
        return wording
    return f"Đến {due_on:%d/%m/%Y}"


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:g}".replace(".", ",")


def layout(report: ResultReport) -> Layout:
    when = (
        f"6 tháng đầu năm {report.year}"
        if report.period is ReportPeriod.SIX_MONTHS
        else f"năm {report.year}"
    )
    body: list[Block] = [
        Paragraph(
            f"Thực hiện chương trình, kế hoạch công tác xây dựng phong trào toàn dân bảo vệ an ninh "
            f"Tổ quốc {when}, {issuer_phrase(report)} báo cáo kết quả thực hiện (số liệu tính đến "
            f"ngày {report.as_of:%d/%m/%Y}) như sau:"
        )
    ]
    body += _targets(report)
    body += _assessments(report)
    body += _models(report)
    body += _typical(report)
    body.append(
        Paragraph(
            f"Trên đây là báo cáo kết quả thực hiện phong trào toàn dân bảo vệ "
            f"an ninh Tổ quốc {when} của {issuer_phrase(report)}./."
        )
    )
    return Layout(
        issuing_body=report.issuing_body,
        number=report.number,
        motto=NATIONAL_MOTTO,
        place_date=f"{report.place}, {report.date_line}",
        title=report.title,
        body=tuple(body),
        recipients=report.recipients,
        signature=report.signature,
        file_stem=f"bao-cao-ket-qua-{report.unit_code}-{report.year}-{report.period.value}",
    )


def _targets(report: ResultReport) -> list[Block]:
    s = report.target_summary
    blocks: list[Block] = [
        Paragraph("I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU", bold=True, indent=False),
        Paragraph(
            f"Tổng số chỉ tiêu năm {report.year}: {s.total}; trong đó: đạt {s.met}, "
            f"đang thực hiện {s.on_track}, sắp đến hạn {s.due_soon}, quá hạn {s.overdue}, "
            f"không đạt {s.missed}."
        ),
    ]
    if not report.targets:
        blocks.append(Paragraph("Trong năm không có chỉ tiêu nào được giao."))
        return blocks
    rows = []
    for line in report.targets:
        text = line.text if line.own else f"{line.unit_name}: {line.text}"
        rows.append(
            (
                line.stt,
                text,
                line.quantity,
                _deadline(line.deadline, line.due_on),
                _number(line.achieved),
                line.status_label,
            )
        )
    blocks.append(
        Table(
            headers=(
                "STT",
                "Chỉ tiêu",
                "Chỉ tiêu giao",
                "Thời gian hoàn thành",
                "Kết quả",
                "Đánh giá",
            ),
            rows=tuple(rows),
            widths=(12, 56, 30, 30, 14, 22),
            align=("C", "L", "L", "L", "C", "C"),
        )
    )
    if report.targets_truncated:
        blocks.append(
            Paragraph(
                f"(Chỉ liệt kê {len(report.targets)} chỉ tiêu đầu; số liệu tổng "
                "hợp tính trên toàn bộ chỉ tiêu.)",
                italic=True,
            )
        )
    return blocks


def _assessments(report: ResultReport) -> list[Block]:
    a = report.assessments
    blocks: list[Block] = [
        Paragraph(
            f"II. KẾT QUẢ ĐÁNH GIÁ “{SAFE_LABEL.upper()}” VÀ PHÂN LOẠI PHONG TRÀO",
            bold=True,
            indent=False,
        ),
        Paragraph(
            f"- Tổng số đơn vị thuộc diện đánh giá (khu dân cư, xã, phường, thị trấn, cơ "
            f"quan, doanh nghiệp, cơ sở giáo dục): {a.units}; đã có kết quả đánh giá: "
            f"{a.assessed}."
        ),
        Paragraph(
            f"- Đăng ký xây dựng “{SAFE_LABEL}” (Thông tư 124/2021/TT-BCA): "
            f"{format_measure(a.registered)}; chỉ tiêu {_target_phrase(a.registered.target)}"
            f": {verdict(a.registered)}."
        ),
        Paragraph(
            f"- Đạt tiêu chuẩn “{SAFE_LABEL}”: {format_measure(a.safe)}; chỉ tiêu "
            f"{_target_phrase(a.safe.target)}: {verdict(a.safe)}."
        ),
        Paragraph(
            f"- Phân loại phong trào đạt Xuất sắc, Khá (Quyết định 510/QĐ-BCA-V05): "
            f"{format_measure(a.good_or_excellent)}; chỉ tiêu "
            f"{_target_phrase(a.good_or_excellent.target)}: {verdict(a.good_or_excellent)}."
        ),
    ]
    if report.assessment_children:
        rows = tuple(
            (
                str(i),
                c.unit_name,
                str(c.figures.units),
                format_measure(c.figures.registered),
                format_measure(c.figures.safe),
                format_measure(c.figures.good_or_excellent),
            )
            for i, c in enumerate(report.assessment_children, 1)
        )
        blocks.append(
            Table(
                headers=(
                    "STT",
                    "Đơn vị",
                    "Số đơn vị",
                    "Đăng ký",
                    "Đạt “An toàn về ANTT”",
                    "Xuất sắc, Khá",
                ),
                rows=rows,
                widths=(12, 46, 18, 30, 30, 30),
                align=("C", "L", "C", "C", "C", "C"),
            )
        )
    return blocks


def _models(report: ResultReport) -> list[Block]:
    m = report.model_figures
    rule = "Đạt" if m.meets_rule else "Chưa đạt"
    blocks: list[Block] = [
        Paragraph("III. XÂY DỰNG, NHÂN RỘNG MÔ HÌNH, ĐIỂN HÌNH TIÊN TIẾN", bold=True, indent=False),
        Paragraph(
            f"- Tổng số mô hình hoạt động trong năm: {m.models}; đã xếp loại: {m.rated} "
            f"(Tốt {m.tot}, Khá {m.kha}, Trung bình {m.trung_binh}, Yếu {m.yeu}); tỷ lệ "
            f"Tốt, Khá: {format_percent(m.good_share)}; chỉ tiêu ≥ 80% Tốt, Khá và không "
            f"có mô hình Yếu: {rule}."
        ),
    ]
    if report.models:
        rows = tuple(
            (
                str(i),
                x.name,
                x.type_name,
                x.unit_name,
                x.origin_label,
                x.rating_label or "Chưa xếp loại",
            )
            for i, x in enumerate(report.models, 1)
        )
        blocks.append(
            Table(
                headers=("STT", "Tên mô hình", "Loại mô hình", "Đơn vị", "Hình thức", "Xếp loại"),
                rows=rows,
                widths=(12, 46, 34, 32, 22, 20),
                align=("C", "L", "L", "L", "C", "C"),
            )
        )
    if report.models_truncated:
        blocks.append(Paragraph(f"(Chỉ liệt kê {len(report.models)} mô hình đầu.)", italic=True))
    return blocks


def _typical(report: ResultReport) -> list[Block]:
    a = report.assessments
    blocks: list[Block] = [
        Paragraph(
            "IV. XÂY DỰNG XÃ, PHƯỜNG, THỊ TRẤN, CƠ QUAN, DOANH NGHIỆP, CƠ SỞ GIÁO DỤC ĐIỂN HÌNH",
            bold=True,
            indent=False,
        ),
        Paragraph(
            f"- Số đơn vị đăng ký xây dựng, duy trì điển hình: {a.typical_registered}; "
            f"được công nhận: {format_measure(a.typical_recognised)}; chỉ tiêu "
            f"{_target_phrase(a.typical_recognised.target)}: "
            f"{verdict(a.typical_recognised)}."
        ),
    ]
    if report.campaigns:
        rows = tuple(
            (str(i), c.unit_name, c.kind_label, c.state_label)
            for i, c in enumerate(report.campaigns, 1)
        )
        blocks.append(
            Table(
                headers=("STT", "Đơn vị", "Hình thức", "Kết quả"),
                rows=rows,
                widths=(12, 76, 38, 40),
                align=("C", "L", "C", "C"),
            )
        )
    else:
        blocks.append(Paragraph("Trong năm không có đơn vị đăng ký xây dựng điển hình."))
    if report.campaigns_truncated:
        blocks.append(Paragraph(f"(Chỉ liệt kê {len(report.campaigns)} đơn vị đầu.)", italic=True))
    blocks += _quotas(report)
    return blocks


def _quotas(report: ResultReport) -> list[Block]:
    """Chỉ tiêu số lượng đơn vị điển hình the plans set, per bound unit: met or how many short."""
    if not report.quotas:
        return []
    rows = tuple(
        (
            str(i),
            q.unit_name,
            f"≥ {q.minimum:02d} {q.kinds_label}"
            + (" (được công nhận)" if q.measure == "recognised" else ""),
            str(q.count),
            "Đạt" if q.met else f"Thiếu {q.short:02d}",
        )
        for i, q in enumerate(report.quotas, 1)
    )
    return [
        Paragraph("Chỉ tiêu số lượng đơn vị xây dựng điển hình theo kế hoạch:", italic=True),
        Table(
            headers=("STT", "Đơn vị", "Chỉ tiêu", "Đã có", "Kết quả"),
            rows=rows,
            widths=(12, 64, 50, 18, 22),
            align=("C", "L", "L", "C", "C"),
        ),
    ]
