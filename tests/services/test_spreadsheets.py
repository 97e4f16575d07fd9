"""The workbook readers and writers on their own (no database): seed 000's 27 appendices typed
into sheets read back to exactly the rows the text importer reads, and what the writer writes
reads back to the same targets."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest
from openpyxl import Workbook

from seeds.paths import seed_file
from seeds.targets_text import load_seed_000
from services.spreadsheets import (
    CATEGORY_HEADINGS,
    MAX_ROWS,
    MAX_UNZIPPED_BYTES,
    TARGET_HEADER,
    ExportAssessment,
    ExportTarget,
    SheetError,
    read_assessment_sheet,
    read_target_sheet,
    write_assessment_sheet,
    write_target_sheet,
)
from services.target_table import TargetRow
from services.target_terms import TargetCategory, category_from_heading


def _save(workbook: Workbook) -> bytes:
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _appendix(number: int) -> bytes:
    lines = seed_file("000").read_text(encoding="utf-8").splitlines()
    start = lines.index(f"Phụ lục {number}")
    end = lines.index(f"Phụ lục {number + 1}") if number < 27 else len(lines)
    workbook = Workbook()
    for line in lines[start:end]:
        cells = line.split("\t")
        if len(cells) > 4:
            cells = [*cells[:3], " ".join(cells[3:])]
        workbook.active.append([c or None for c in cells])
    return _save(workbook)


def _key(row: TargetRow) -> tuple[object, ...]:
    return (
        row.stt,
        row.category,
        row.text,
        row.quantity,
        row.deadline,
        tuple((p.text, p.deadline, p.quantity) for p in row.parts),
    )


@pytest.mark.parametrize("number", range(1, 28))
def test_every_appendix_of_seed_000_as_a_sheet_reads_like_the_text(number: int) -> None:
    text_rows = next(t for t in load_seed_000(seed_file("000")) if t.appendix_no == number).rows
    sheet = read_target_sheet(_appendix(number), 2023)
    assert sheet.errors == ()
    assert [_key(r) for r in sheet.rows] == [_key(r) for r in text_rows]


def test_every_category_heading_the_writer_uses_reads_back_as_its_category() -> None:
    assert set(CATEGORY_HEADINGS) == set(TargetCategory)
    for category, heading in CATEGORY_HEADINGS.items():
        assert category_from_heading(heading) is category


def test_written_targets_read_back_with_sub_rows_and_title_year_is_checked() -> None:
    targets = [
        ExportTarget(
            "2", "models", "Hướng dẫn xây dựng mới", "≥ 02 mô hình", "Trước 10/11/2023", ()
        ),
        ExportTarget(
            "1",
            "directing_documents",
            "Nghị quyết A; Nghị quyết B",
            "02 văn bản",
            "Cuối Quý I/2023",
            (("Nghị quyết A;", "Tháng 3/2023"), ("Nghị quyết B", "Cuối Quý I/2023")),
        ),
    ]
    data = write_target_sheet("Huyện Hậu Lộc", 2023, targets)
    sheet = read_target_sheet(data, 2023)
    assert sheet.errors == ()
    assert [(r.stt, r.category, r.text, len(r.parts)) for r in sheet.rows] == [
        ("1", TargetCategory.DIRECTING_DOCUMENTS, "Nghị quyết A; Nghị quyết B", 2),
        ("2", TargetCategory.MODELS, "Hướng dẫn xây dựng mới", 1),
    ]
    assert sheet.rows[0].parts[0].deadline.due == date(2023, 3, 31)
    assert sheet.rows[1].deadline.due == date(2023, 11, 9)
    wrong_year = read_target_sheet(data, 2024)
    assert [e.row for e in wrong_year.errors] == [1]


def test_cells_typed_as_numbers_percentages_and_dates_read_as_written() -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(TARGET_HEADER))
    sheet.append(["thực hiện thông tư số 124, quyết định 510"])  # sentence case is fine here
    sheet.append([16, "Tỷ lệ đăng ký", 1, date(2023, 3, 31)])
    sheet["C3"].number_format = "0%"
    sheet.append([None, None, None, None])
    sheet.append(["17", "Tỷ lệ đạt", "≥ 80%", "Trước 10/11/2023"])
    sheet.append([None, None, None, "(ghi chú)"])  # wrapped deadline text
    sheet.append(["x", "Không có STT hợp lệ", "01 văn bản", "Quý II/2023"])
    sheet.append([None, "tiếp dòng bị từ chối", None, None])  # goes with the refused row
    result = read_target_sheet(_save(workbook), 2023)
    first, second = result.rows
    assert (first.stt, first.quantity.value, first.deadline.due) == ("16", 100.0, date(2023, 3, 31))
    assert first.category is TargetCategory.CIRCULAR_124_DECISION_510
    assert second.quantity.value == 80.0
    assert [(e.row, e.column) for e in result.errors] == [(7, "STT")]


def test_unreadable_uploads_are_sheet_errors() -> None:
    with pytest.raises(SheetError, match="Not an Excel"):
        read_target_sheet(b"STT;DANH MUC", 2023)
    workbook = Workbook()
    workbook.active.append(["no header here"])
    with pytest.raises(SheetError, match="No header row"):
        read_target_sheet(_save(workbook), 2023)
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", b"<" * (MAX_UNZIPPED_BYTES + 1))
    assert len(bomb.getvalue()) < 100_000
    with pytest.raises(SheetError, match="unpacks to more than"):
        read_target_sheet(bomb.getvalue(), 2023)
    long = Workbook()
    long.active.append(list(TARGET_HEADER))
    for _ in range(MAX_ROWS):
        long.active.append(["", "", "", "x"])
    with pytest.raises(SheetError, match="more than"):
        read_target_sheet(_save(long), 2023)


def test_assessment_sheet_round_trip_and_answers() -> None:
    data = write_assessment_sheet(
        "Xã Phú Lộc",
        "16072",
        2024,
        [
            ExportAssessment("16072-R01", "Thôn 1", True, True, "kha", 3),
            ExportAssessment("16072-R02", "Thôn 2", True, None, "xuat_sac", 1),
            ExportAssessment("16072-R03", "Thôn 3", None, None, None, None),
        ],
    )
    sheet = read_assessment_sheet(data)
    assert sheet.errors == ()
    assert [
        (a.unit_code, a.safety_registered, a.safety_achieved, a.classification, a.version)
        for a in sheet.lines
    ] == [("16072-R01", True, True, "kha", 3), ("16072-R02", True, None, "xuat_sac", 1)]
