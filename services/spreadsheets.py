"""Excel workbooks in the layouts provincial offices already use, read and written with openpyxl.

Two layouts:

- a target table as the plans print it (seed 000's appendices): a title naming the year, the
  unit in parentheses, then the columns STT, DANH MỤC CHỈ TIÊU, CHỈ TIÊU, THỜI GIAN HOÀN THÀNH
  with upper-case category rows between groups. A row with an empty STT continues the row
  above, exactly as a wrapped line does in the seed text: rows are assembled by
  services.target_table and quantities and deadlines parsed by services.target_terms, the code
  the seed importer uses, so a sheet typed from a plan imports to the same targets.
- the yearly assessments of a commune's residential areas: code, name, Circular 124
  registered / achieved, Decision 510 class and the version last read (for corrections).

No database here: the readers return what they understood and the errors by row number, and
services.excel decides what to write. Every reader works on bytes whose size the caller has
already limited, refuses archives that unzip to more than `MAX_UNZIPPED_BYTES`, reads in
openpyxl's read-only (streaming) mode and stops after `MAX_ROWS` rows, so a small file that
unzips to a huge sheet cannot exhaust memory.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation

from core.i18n import msg, tr
from core.targets import TermError
from services.target_table import STT, RowDraft, TargetRow, is_heading_cells
from services.target_terms import TargetCategory, category_from_heading, clean_text
from services.text import fold

MAX_ROWS = 2000
MAX_UNZIPPED_BYTES = 20_000_000
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TARGET_HEADER = ("STT", "DANH MỤC CHỈ TIÊU", "CHỈ TIÊU", "THỜI GIAN HOÀN THÀNH")
# One heading per category, worded as seed 000 words them; each maps back to its category
# through category_from_heading (tests/services/test_spreadsheets.py checks it).
CATEGORY_HEADINGS: dict[TargetCategory, str] = {
    TargetCategory.DIRECTING_DOCUMENTS: "CÔNG TÁC CHỈ ĐẠO THỰC HIỆN",
    TargetCategory.PILOT_WARD_POLICE: "XÂY DỰNG THÍ ĐIỂM CÔNG AN PHƯỜNG ĐIỂN HÌNH, KIỂU MẪU VỀ "
    "AN NINH TRẬT TỰ VÀ VĂN MINH ĐÔ THỊ",
    TargetCategory.TYPICAL_UNITS: "XÂY DỰNG XÃ, PHƯỜNG, THỊ TRẤN, CƠ QUAN, DOANH NGHIỆP, CƠ SỞ "
    "GIÁO DỤC ĐIỂN HÌNH VỀ PHONG TRÀO TOÀN DÂN BẢO VỆ ANTQ",
    TargetCategory.MODELS: "CÔNG TÁC HƯỚNG DẪN XÂY DỰNG MÔ HÌNH, ĐIỂN HÌNH TIÊN TIẾN",
    TargetCategory.TRANSFORMING_AREAS: "CÔNG TÁC CHUYỂN HÓA ĐỊA BÀN TRỌNG ĐIỂM PHỨC TẠP VỀ ANTT",
    TargetCategory.FESTIVAL_DAY: "TỔ CHỨC NGÀY HỘI TOÀN DÂN BẢO VỆ ANTQ",
    TargetCategory.CIRCULAR_124_DECISION_510: "THỰC HIỆN THÔNG TƯ SỐ 124, QUYẾT ĐỊNH 510 CỦA BỘ "
    "TRƯỞNG BỘ CÔNG AN",
}
ASSESSMENT_HEADER = (
    "STT",
    "MÃ ĐƠN VỊ",
    "KHU DÂN CƯ",
    "ĐĂNG KÝ “AN TOÀN VỀ ANTT”",
    "ĐẠT “AN TOÀN VỀ ANTT”",
    "XẾP LOẠI PHONG TRÀO (QĐ 510)",
    "PHIÊN BẢN",
)
CLASS_LABELS = {"xuat_sac": "Xuất sắc", "kha": "Khá", "trung_binh": "Trung bình", "yeu": "Yếu"}
_CLASS_BY_FOLDED = {fold(label): value for value, label in CLASS_LABELS.items()}
_YES = {"co", "x", "dat", "1", "true", "yes"}
_NO = {"khong", "chua", "khong dat", "chua dat", "0", "false", "no"}
_YEAR_IN_TITLE = re.compile(r"\bnăm\s+(\d{4})\b", re.IGNORECASE)
_THIN = Side(style="thin")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="top")


class SheetError(ValueError):
    """The upload is not a workbook we can read at all (not xlsx, no header row, too long)."""


@dataclass(frozen=True, slots=True)
class RowError:
    """A row the importer could not use: its number as Excel shows it, and why."""

    row: int
    message: str
    column: str | None = None


@dataclass(frozen=True, slots=True)
class TargetSheet:
    """What a target sheet said: typed rows (`source_line` = sheet row) and errors by row."""

    rows: tuple[TargetRow, ...]
    errors: tuple[RowError, ...]


@dataclass(frozen=True, slots=True)
class AssessmentLine:
    """One filled-in residential-area row of an assessment sheet."""

    row: int
    unit_code: str
    name: str
    safety_registered: bool
    safety_achieved: bool | None
    classification: str | None
    version: int | None


@dataclass(frozen=True, slots=True)
class AssessmentSheet:
    lines: tuple[AssessmentLine, ...]
    errors: tuple[RowError, ...]


@dataclass(frozen=True, slots=True)
class ExportTarget:
    """A stored target as the exporter needs it (from the targets table)."""

    stt: str
    category: str
    text: str
    quantity_raw: str
    deadline_raw: str
    sub_rows: tuple[tuple[str, str], ...]  # (text, deadline wording) when the row had several


@dataclass(frozen=True, slots=True)
class ExportAssessment:
    code: str
    name: str
    safety_registered: bool | None
    safety_achieved: bool | None
    classification: str | None
    version: int | None


# -- reading -------------------------------------------------------------------------------------


def _cell_text(cell: Any) -> str:
    """A cell as the text a person sees: numbers without ".0", dates as dd/mm/yyyy, and a
    percent-formatted 0.8 as "80%" (a quantity cell typed as a percentage)."""
    value = getattr(cell, "value", None)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, datetime | date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, int | float):
        if "%" in (getattr(cell, "number_format", "") or ""):
            return f"{value * 100:g}%"
        return str(int(value)) if float(value).is_integer() else f"{value:g}"
    return str(value)


def _check_archive(data: bytes) -> None:
    """Refuse a workbook whose parts unzip to more than MAX_UNZIPPED_BYTES.

    openpyxl loads the shared-strings part whole even in read-only mode, so a small upload that
    inflates a thousandfold would still exhaust memory. zipfile never inflates a member past
    the size its directory declares, so checking the declared sizes is enough.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            total = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise SheetError(msg("Not an Excel .xlsx workbook (not a zip archive).")) from None
    if total > MAX_UNZIPPED_BYTES:
        raise SheetError(
            msg(
                "The workbook unpacks to more than {max_unzipped_bytes:,} bytes.",
                max_unzipped_bytes=MAX_UNZIPPED_BYTES,
            )
        )


def _rows(data: bytes, width: int) -> Iterator[tuple[int, list[str]]]:
    """(Excel row number, first `width` cells as text) of the first worksheet."""
    _check_archive(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as error:
        raise SheetError(
            msg(
                "Not an Excel .xlsx workbook ({error_class_name}).",
                error_class_name=error.__class__.__name__,
            )
        ) from None
    try:
        sheet = workbook.worksheets[0]
        for number, row in enumerate(sheet.iter_rows(max_col=width), start=1):
            if number > MAX_ROWS:
                raise SheetError(msg("The sheet has more than {max_rows} rows.", max_rows=MAX_ROWS))
            cells = [_cell_text(c) for c in row]
            yield number, cells + [""] * (width - len(cells))
    finally:
        workbook.close()


def _is_header(cells: Sequence[str], header: Sequence[str]) -> bool:
    return [fold(clean_text(c)) for c in cells[:2]] == [fold(h) for h in header[:2]]


def read_target_sheet(data: bytes, year: int) -> TargetSheet:
    """Targets of a sheet in the plans' layout; deadlines without a year take `year`.

    Rows before the header are the title; a title naming another year ("… năm 2023") is an
    error, so last year's sheet is not imported as this year's by mistake.
    """
    rows: list[TargetRow] = []
    errors: list[RowError] = []
    category: TargetCategory | None = None
    draft: RowDraft | None = None
    header_seen = False
    refused = False  # the last STT row was refused: its continuation rows go with it

    def flush() -> None:
        nonlocal draft
        if draft is not None:
            try:
                rows.append(draft.build(year))
            except TermError as error:
                errors.append(
                    RowError(
                        draft.line_no,
                        tr("STT {draft_stt}: {error}", draft_stt=draft.stt, error=error),
                    )
                )
            draft = None

    for number, cells in _rows(data, len(TARGET_HEADER)):
        texts = [clean_text(c) for c in cells]
        if not header_seen:
            header_seen = _is_header(cells, TARGET_HEADER)
            found = _YEAR_IN_TITLE.search(" ".join(texts))
            if found and int(found.group(1)) != year and not header_seen:
                errors.append(
                    RowError(
                        number,
                        tr(
                            "The title is for {group}, the import for {year}.",
                            group=found.group(1),
                            year=year,
                        ),
                    )
                )
            continue
        if not any(texts):
            continue
        _, target, quantity, deadline = cells
        if is_heading_cells(cells, upper_case=False):
            flush()
            refused = False
            try:
                category = category_from_heading(texts[0])
            except TermError as error:
                category = None
                errors.append(RowError(number, str(error), "STT"))
            continue
        if texts[0]:
            flush()
            refused = True
            if not STT.match(texts[0]):
                errors.append(
                    RowError(
                        number,
                        tr(
                            "STT must be a row number such as 1 or 3a, got {texts_0!r}.",
                            texts_0=texts[0],
                        ),
                        "STT",
                    )
                )
                continue
            if category is None:
                errors.append(
                    RowError(
                        number,
                        tr(
                            "STT {texts_0}: no category row above it (or it was not understood).",
                            texts_0=texts[0],
                        ),
                    )
                )
                continue
            draft = RowDraft.start(texts[0], category, number, target, quantity, deadline)
            refused = False
            continue
        if draft is None:
            if not refused:
                errors.append(
                    RowError(
                        number,
                        tr("A continuation row (empty STT) with no target row above it."),
                        "STT",
                    )
                )
            continue
        draft.add_continuation(target, quantity, deadline)
    flush()
    if not header_seen:
        raise SheetError(
            msg(
                "No header row (STT | DANH MỤC CHỈ TIÊU | CHỈ TIÊU | THỜI GIAN HOÀN THÀNH) "
                "in the first worksheet."
            )
        )
    return TargetSheet(tuple(rows), tuple(sorted(errors, key=lambda e: e.row)))


def _yes_no(text: str, *, required: bool) -> bool | None:
    folded = fold(clean_text(text))
    if folded in _YES:
        return True
    if folded in _NO:
        return False
    if not folded and not required:
        return None
    raise ValueError(f"expected Có or Không, got {text!r}" if folded else "Có or Không is needed")


def read_assessment_sheet(data: bytes) -> AssessmentSheet:
    """Filled-in rows of an assessment sheet; rows with nothing entered are skipped."""
    lines: list[AssessmentLine] = []
    errors: list[RowError] = []
    header_seen = False
    for number, cells in _rows(data, len(ASSESSMENT_HEADER)):
        if not header_seen:
            header_seen = _is_header(cells, ASSESSMENT_HEADER)
            continue
        _, code, name, registered, achieved, classification, version = (
            clean_text(c) for c in cells
        )
        if not any((registered, achieved, classification)):
            continue  # not assessed yet
        if not code:
            errors.append(RowError(number, tr("The unit code (MÃ ĐƠN VỊ) is empty."), "MÃ ĐƠN VỊ"))
            continue
        column = ASSESSMENT_HEADER[3]
        try:
            is_registered = bool(_yes_no(registered, required=True))
            column = ASSESSMENT_HEADER[4]
            is_achieved = _yes_no(achieved, required=False)
            column = ASSESSMENT_HEADER[5]
            cls = None
            if classification:
                cls = _CLASS_BY_FOLDED.get(fold(classification))
                if cls is None:
                    raise ValueError(
                        f"expected one of {', '.join(CLASS_LABELS.values())}, got "
                        f"{classification!r}"
                    )
            column = ASSESSMENT_HEADER[6]
            ver = int(version) if version else None
        except ValueError as error:
            message = str(error)
            if message.startswith("invalid literal"):
                message = f"expected a whole number, got {version!r}"
            errors.append(
                RowError(number, tr("{code}: {message}.", code=code, message=message), column)
            )
            continue
        lines.append(AssessmentLine(number, code, name, is_registered, is_achieved, cls, ver))
    if not header_seen:
        raise SheetError(
            msg("No header row (STT | MÃ ĐƠN VỊ | KHU DÂN CƯ | …) in the first worksheet.")
        )
    return AssessmentSheet(tuple(lines), tuple(errors))


# -- writing -------------------------------------------------------------------------------------

# What spreadsheet programs take for the start of a formula (OWASP, "CSV injection"): = + - @,
# a tab or carriage return before one, and the full-width forms an East Asian input method
# types (Excel accepts ＝ as =).
FORMULA_STARTS = frozenset("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20")


def looks_like_formula(text: str) -> bool:
    return bool(text) and (text[0] in FORMULA_STARTS or text.lstrip()[:1] in FORMULA_STARTS)


def write_cell(sheet: Any, row: int, column: int, value: object) -> Any:
    """The one way a value gets into an exported sheet.

    Text is stored as text, whatever it starts with: openpyxl would store "=…" as a live
    formula, so a target's wording could run in the office that opens the export. A value that
    looks like a formula also gets Excel's quote prefix (what typing '=… does), so editing the
    cell does not turn it into one either. The stored value is unchanged, so an import reads
    back exactly what was exported. Numbers stay numbers; None leaves the cell empty.
    """
    cell = sheet.cell(row, column)
    if value is None:
        return cell
    if isinstance(value, str):
        cell.value = value
        cell.data_type = "s"
        if looks_like_formula(value):
            cell.quotePrefix = True
        return cell
    if not isinstance(value, int | float | date):
        raise TypeError(f"unexpected cell value {type(value).__name__}")
    cell.value = value
    return cell


def _title(sheet: Any, lines: Sequence[str], width: int) -> int:
    for number, line in enumerate(lines, start=1):
        write_cell(sheet, number, 1, line).font = Font(bold=number == 1)
        sheet.merge_cells(start_row=number, start_column=1, end_row=number, end_column=width)
        sheet.cell(number, 1).alignment = Alignment(horizontal="center", wrap_text=True)
    return len(lines) + 2  # a blank row, then the header


def _header(sheet: Any, row: int, header: Sequence[str], widths: Sequence[int]) -> None:
    for column, (label, width) in enumerate(zip(header, widths, strict=True), start=1):
        cell = write_cell(sheet, row, column, label)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = _BOX
        sheet.column_dimensions[cell.column_letter].width = width
    sheet.freeze_panes = sheet.cell(row + 1, 1)


def _save(workbook: Workbook) -> bytes:
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _stt_key(stt: str) -> tuple[int, str]:
    digits = re.match(r"\d+", stt)
    return (int(digits.group()) if digits else 0, stt)


def write_target_sheet(unit_name: str, year: int, targets: Sequence[ExportTarget]) -> bytes:
    """The unit's targets in the plans' layout, grouped by category in the plans' order.

    A target whose deadline had sub-rows is written as the plan wrote it: its STT row, then a
    row with an empty STT per further sub-row (own wording and deadline), which
    `read_target_sheet` assembles back into the same target.
    """
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = f"Chỉ tiêu {year}"
    header_row = _title(
        sheet,
        [
            "Chỉ tiêu cụ thể công tác xây dựng phong trào toàn dân bảo vệ an ninh Tổ quốc năm "
            f"{year}",
            f"({unit_name})",
        ],
        len(TARGET_HEADER),
    )
    _header(sheet, header_row, TARGET_HEADER, (7, 60, 30, 30))
    order = list(TargetCategory)
    current = header_row + 1
    last_category: str | None = None
    for target in sorted(
        targets, key=lambda t: (order.index(TargetCategory(t.category)), _stt_key(t.stt))
    ):
        if target.category != last_category:
            write_cell(
                sheet, current, 1, CATEGORY_HEADINGS[TargetCategory(target.category)]
            ).font = Font(bold=True)
            sheet.merge_cells(
                start_row=current, start_column=1, end_row=current, end_column=len(TARGET_HEADER)
            )
            last_category = target.category
            current += 1
        lines: list[tuple[str, str, str, str]]
        if target.sub_rows:
            (first_text, first_deadline), *rest = target.sub_rows
            lines = [(target.stt, first_text, target.quantity_raw, first_deadline)]
            lines += [("", text, "", deadline) for text, deadline in rest]
        else:
            lines = [(target.stt, target.text, target.quantity_raw, target.deadline_raw)]
        for values in lines:
            for column, value in enumerate(values, start=1):
                cell = write_cell(sheet, current, column, value)
                cell.alignment = _WRAP
                cell.border = _BOX
            current += 1
    return _save(workbook)


def write_assessment_sheet(
    commune_name: str, commune_code: str, year: int, rows: Sequence[ExportAssessment]
) -> bytes:
    """One row per residential area, with drop-down lists for the answers."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = f"Đánh giá {year}"
    header_row = _title(
        sheet,
        [
            f"Đánh giá khu dân cư năm {year}: “An toàn về ANTT” (Thông tư 124/2021/TT-BCA) và "
            "phân loại phong trào (Quyết định 510/QĐ-BCA-V05)",
            f"({commune_name}, mã {commune_code})",
            "Điền Có/Không và xếp loại; giữ nguyên mã đơn vị và phiên bản.",
        ],
        len(ASSESSMENT_HEADER),
    )
    _header(sheet, header_row, ASSESSMENT_HEADER, (6, 14, 32, 18, 18, 22, 10))
    first = header_row + 1
    for offset, row in enumerate(rows):
        number = first + offset
        values = (
            offset + 1,
            row.code,
            row.name,
            "" if row.safety_registered is None else ("Có" if row.safety_registered else "Không"),
            "" if row.safety_achieved is None else ("Có" if row.safety_achieved else "Không"),
            CLASS_LABELS.get(row.classification or "", ""),
            row.version if row.version is not None else "",
        )
        for column, value in enumerate(values, start=1):
            write_cell(sheet, number, column, value).border = _BOX
    last = max(first, first + len(rows) - 1)
    yes_no = DataValidation(type="list", formula1='"Có,Không"', allow_blank=True)
    classes = DataValidation(
        type="list", formula1='"' + ",".join(CLASS_LABELS.values()) + '"', allow_blank=True
    )
    sheet.add_data_validation(yes_no)
    sheet.add_data_validation(classes)
    yes_no.add(f"D{first}:E{last}")
    classes.add(f"F{first}:F{last}")
    return _save(workbook)
