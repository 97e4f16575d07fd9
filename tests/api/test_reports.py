"""Official result reports over real HTTP: the annual report of Hậu Lộc (seed 000's 2023
targets, the demo assessments and model ratings) is downloaded as PDF and .docx, the PDF is
rendered to PNG and its text extracted with pdfium, and every figure it prints is compared with
the GraphQL rollups (`rollup`, `targetRollup`, `modelRollup`) fetched in the same test.

Set ANTQ_WRITE_REPORT_EXAMPLE=1 to rewrite docs/report-example.png from the rendered page 1.
"""

from __future__ import annotations

import io
import os
import time
import unicodedata
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
from docx import Document

from core.config import PROJECT_ROOT
from tests.support.server import LiveServer

REPORT = """query($unit: String!, $year: Year!, $period: ReportPeriod!) {
  resultReport(unit: $unit, year: $year, period: $period) {
    unitName year period asOf structureOn issuingBody number place dateLine title
    targetSummary { total met onTrack dueSoon overdue missed }
    targets { stt text status statusLabel own }
    assessments { ...figures }
    assessmentChildren { unitCode unitName figures { ...figures } }
    modelFigures { models rated tot kha trungBinh yeu goodShare meetsRule }
    models { name ratingLabel }
    campaigns { unitName kindLabel stateLabel }
    recipients signature pdfUrl docxUrl } }
fragment figures on ReportAssessmentFigures {
  units assessed typicalRegistered
  registered { count total percent met } safe { count total percent met }
  goodOrExcellent { count total percent met } typicalRecognised { count total percent met } }"""
ROLLUPS = """query($unit: String!, $year: Year!, $asOf: Date!) {
  rollup(unit: $unit, year: $year) {
    total { ...figures }
    children { unit { code name } figures { ...figures } } }
  targetRollup(unit: $unit, year: $year, asOf: $asOf) {
    total { total met onTrack dueSoon overdue missed } }
  modelRollup(unit: $unit, year: $year) {
    total { models rated tot kha trungBinh yeu goodShare meetsRule } } }
fragment figures on RollupFigures {
  units assessed typicalRegistered
  registered { count total percent met } safe { count total percent met }
  goodOrExcellent { count total percent met } typicalRecognised { count total percent met } }"""


def _data(result: dict[str, Any]) -> dict[str, Any]:
    assert "errors" not in result, result
    return result["data"]


def _percent(value: float | None) -> str:
    """Written here, independently of the service: "66,67%", "100%", "—" for no total."""
    if value is None:
        return "—"
    return f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",") + "%"


def _measure(m: dict[str, Any]) -> str:
    return f"{m['count']}/{m['total']} ({_percent(m['percent'])})"


def _flat(text: str) -> str:
    """One line: the PDF wraps lines at spaces, so any run of whitespace is one space."""
    return " ".join(text.split())


def _pdf_text(content: bytes) -> str:
    pdf = pdfium.PdfDocument(content)
    try:
        return _flat("\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf))))
    finally:
        pdf.close()


def _pdf_text_and_png(content: bytes, png: Path) -> tuple[str, int]:
    pdf = pdfium.PdfDocument(content)
    try:
        pages = len(pdf)
        texts = []
        for index in range(pages):
            page = pdf[index]
            textpage = page.get_textpage()
            texts.append(textpage.get_text_range())
            if index == 0:
                image = page.render(scale=1.5).to_pil()
                image.save(png)
                # A real page: A4 at 108 dpi, mostly white with dark text on it.
                assert image.size == (893, 1263)
                grey = image.convert("L")
                dark = sum(grey.histogram()[:128])
                assert 0.005 < dark / (image.size[0] * image.size[1]) < 0.3
            textpage.close()
            page.close()
    finally:
        pdf.close()
    return "\n".join(texts), pages


def test_annual_report_of_hau_loc_prints_the_rollups_with_vietnamese_text(
    api: LiveServer,
    tmp_path: Path,
) -> None:
    officer = api.as_user("hauloc_officer")
    report = _data(officer.graphql(REPORT, {"unit": "400", "year": 2023, "period": "ANNUAL"}))[
        "resultReport"
    ]
    rollups = _data(officer.graphql(ROLLUPS, {"unit": "400", "year": 2023, "asOf": report["asOf"]}))
    assert report["asOf"] == "2023-12-31" and report["structureOn"] == "2023-06-30"

    # The JSON carries exactly the rollups' figures.
    assert report["targetSummary"] == rollups["targetRollup"]["total"]
    assert report["assessments"] == rollups["rollup"]["total"]
    assert [(c["unitCode"], c["unitName"], c["figures"]) for c in report["assessmentChildren"]] == [
        (c["unit"]["code"], c["unit"]["name"], c["figures"]) for c in rollups["rollup"]["children"]
    ]
    assert report["modelFigures"] == rollups["modelRollup"]["total"]
    # …and they are the seeded data: seed 000's Hậu Lộc table, three 2023 assessments, four
    # rated models (Tốt, Khá, Trung bình, Khá).
    summary = report["targetSummary"]
    assert summary["total"] == len(report["targets"]) > 10
    assert all(t["own"] for t in report["targets"])
    assert report["assessments"]["assessed"] == 3
    assert report["assessments"]["registered"]["count"] == 3
    assert report["modelFigures"] | {"goodShare": None} == {
        "models": 4,
        "rated": 4,
        "tot": 1,
        "kha": 2,
        "trungBinh": 1,
        "yeu": 0,
        "goodShare": None,
        "meetsRule": False,
    }
    assert report["modelFigures"]["goodShare"] == 75.0
    assert report["issuingBody"] == ["UBND HUYỆN HẬU LỘC", "BAN CHỈ ĐẠO 138"]
    assert report["pdfUrl"].startswith("/reports/result.pdf?unit=400&year=2023")

    # The PDF, downloaded with the same token, rendered and read back.
    response = api.client.get(
        report["pdfUrl"], headers={"Authorization": f"Bearer {officer.token}"}
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    assert "bao-cao-ket-qua-400-2023-annual.pdf" in response.headers["content-disposition"]
    raw, pages = _pdf_text_and_png(response.content, tmp_path / "page1.png")
    if os.environ.get("ANTQ_WRITE_REPORT_EXAMPLE"):
        (PROJECT_ROOT / "docs" / "report-example.png").write_bytes(
            (tmp_path / "page1.png").read_bytes()
        )
    assert pages >= 2
    assert unicodedata.is_normalized("NFC", raw)
    text = _flat(raw)
    for expected in (
        "UBND HUYỆN HẬU LỘC",
        "BAN CHỈ ĐẠO 138",
        "Số: /BC-BCĐ138",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Hậu Lộc, ngày 31 tháng 12 năm 2023",
        "BÁO CÁO",
        "Kết quả thực hiện phong trào toàn dân bảo vệ an ninh Tổ quốc năm 2023 trên địa bàn "
        "huyện Hậu Lộc",
        "I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU",
        "II. KẾT QUẢ ĐÁNH GIÁ “AN TOÀN VỀ AN NINH, TRẬT TỰ” VÀ PHÂN LOẠI PHONG TRÀO",
        "III. XÂY DỰNG, NHÂN RỘNG MÔ HÌNH",
        "IV. XÂY DỰNG XÃ, PHƯỜNG, THỊ TRẤN",
        "Nơi nhận:",
        "- Ban Chỉ đạo 138 tỉnh (để b/c);",
        "TM. BAN CHỈ ĐẠO",
        "TRƯỞNG BAN",
        "Camera với ANTT xã Phú Lộc",
        "Dòng họ Nguyễn tự quản về ANTT",
    ):
        assert expected in text, expected
    # Every figure the document prints, built here from the GraphQL rollups.
    t = rollups["targetRollup"]["total"]
    a = rollups["rollup"]["total"]
    m = rollups["modelRollup"]["total"]
    figures = [
        f"Tổng số chỉ tiêu năm 2023: {t['total']}; trong đó: đạt {t['met']}, đang thực hiện "
        f"{t['onTrack']}, sắp đến hạn {t['dueSoon']}, quá hạn {t['overdue']}, không đạt "
        f"{t['missed']}.",
        f"đã có kết quả đánh giá: {a['assessed']}.",
        f"Đăng ký xây dựng “An toàn về an ninh, trật tự” (Thông tư 124/2021/TT-BCA): "
        f"{_measure(a['registered'])}; chỉ tiêu 100%: "
        f"{'Đạt' if a['registered']['met'] else 'Chưa đạt'}.",
        f"Đạt tiêu chuẩn “An toàn về an ninh, trật tự”: {_measure(a['safe'])}; chỉ tiêu ≥ 80%",
        f"Phân loại phong trào đạt Xuất sắc, Khá (Quyết định 510/QĐ-BCA-V05): "
        f"{_measure(a['goodOrExcellent'])}",
        f"Tổng số mô hình hoạt động trong năm: {m['models']}; đã xếp loại: {m['rated']} (Tốt "
        f"{m['tot']}, Khá {m['kha']}, Trung bình {m['trungBinh']}, Yếu {m['yeu']}); tỷ lệ Tốt, "
        f"Khá: {_percent(m['goodShare'])}",
        f"Số đơn vị đăng ký xây dựng, duy trì điển hình: {a['typicalRegistered']}; được công "
        f"nhận: {_measure(a['typicalRecognised'])}",
    ]
    for figure in figures:
        assert figure in text, figure
    # Each commune's row of section II: its name followed by its figures.
    for child in rollups["rollup"]["children"][:5]:
        f = child["figures"]
        row = (
            f"{child['unit']['name']} {f['units']} {_measure(f['registered'])} "
            f"{_measure(f['safe'])} {_measure(f['goodOrExcellent'])}"
        )
        assert row in text, row

    # The .docx of the same report says the same.
    docx = api.client.get(report["docxUrl"], headers={"Authorization": f"Bearer {officer.token}"})
    assert docx.status_code == 200
    assert docx.headers["content-type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    document = Document(io.BytesIO(docx.content))
    words = [p.text for p in document.paragraphs]
    for table in document.tables:
        words += [c.text for row in table.rows for c in row.cells]
    docx_text = _flat("\n".join(words))
    assert unicodedata.is_normalized("NFC", docx_text)
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Hậu Lộc, ngày 31 tháng 12 năm 2023",
        "Nơi nhận:",
        *figures,
    ):
        assert expected in docx_text, expected


def test_six_month_report_reads_statuses_at_mid_year(api: LiveServer) -> None:
    officer = api.as_user("hauloc_officer")
    report = _data(officer.graphql(REPORT, {"unit": "400", "year": 2023, "period": "SIX_MONTHS"}))[
        "resultReport"
    ]
    assert report["asOf"] == "2023-06-30" and report["period"] == "SIX_MONTHS"
    assert report["title"][-1] == "6 tháng đầu năm 2023 trên địa bàn huyện Hậu Lộc"
    rollups = _data(officer.graphql(ROLLUPS, {"unit": "400", "year": 2023, "asOf": "2023-06-30"}))
    assert report["targetSummary"] == rollups["targetRollup"]["total"]
    pdf = api.client.get(
        "/reports/result.pdf?unit=400&year=2023&period=six_months",
        headers={"Authorization": f"Bearer {officer.token}"},
    )
    assert pdf.status_code == 200
    assert "6 tháng đầu năm 2023 trên địa bàn huyện Hậu Lộc" in _pdf_text(pdf.content)


def test_typical_unit_results_of_thap_muoi(api: LiveServer) -> None:
    """Mỹ Đông's 2023 campaign, recognised: section IV lists it and counts it like `rollup`."""
    officer = api.as_user("thapmuoi_officer")
    report = _data(officer.graphql(REPORT, {"unit": "872", "year": 2023, "period": "ANNUAL"}))[
        "resultReport"
    ]
    rollups = _data(officer.graphql(ROLLUPS, {"unit": "872", "year": 2023, "asOf": report["asOf"]}))
    assert report["assessments"] == rollups["rollup"]["total"]
    assert report["assessments"]["typicalRecognised"]["count"] == 1
    assert report["campaigns"] == [
        {"unitName": "Xã Mỹ Đông", "kindLabel": "Xây dựng mới", "stateLabel": "Được công nhận"}
    ]
    as_json = api.client.get(
        "/reports/result.json?unit=872&year=2023",
        headers={"Authorization": f"Bearer {officer.token}"},
    )
    assert as_json.status_code == 200
    assert as_json.json()["assessments"]["typical_recognised"]["count"] == 1


def test_province_report_covers_its_districts(api: LiveServer) -> None:
    """Thanh Hóa's report lists the 27 district tables of seed 000 (each line naming its
    district) and renders in reasonable time."""
    admin = api.as_user("thanhhoa_admin")
    report = _data(admin.graphql(REPORT, {"unit": "38", "year": 2023, "period": "ANNUAL"}))[
        "resultReport"
    ]
    rollups = _data(admin.graphql(ROLLUPS, {"unit": "38", "year": 2023, "asOf": report["asOf"]}))
    assert report["targetSummary"] == rollups["targetRollup"]["total"]
    assert report["issuingBody"] == ["UBND TỈNH THANH HÓA", "BAN CHỈ ĐẠO 138"]
    assert len(report["assessmentChildren"]) == len(rollups["rollup"]["children"]) == 27
    assert not any(t["own"] for t in report["targets"])
    started = time.monotonic()
    pdf = api.client.get(
        "/reports/result.pdf?unit=38&year=2023", headers={"Authorization": f"Bearer {admin.token}"}
    )
    assert pdf.status_code == 200
    assert time.monotonic() - started < 30
    text = _pdf_text(pdf.content)
    assert "Thanh Hóa, ngày 31 tháng 12 năm 2023" in text
    assert "Huyện Hậu Lộc: " in text and "Thị xã Nghi Sơn: " in text
    assert "- Bộ Công an (Cục V05) (để b/c);" in text


@pytest.mark.parametrize("extension", ["pdf", "docx", "json"])
def test_downloads_are_authorised_like_graphql(api: LiveServer, extension: str) -> None:
    path = f"/reports/result.{extension}?unit=400&year=2023&period=annual"
    anonymous = api.client.get(path)
    assert anonymous.status_code == 401
    assert anonymous.headers["www-authenticate"] == "Bearer"
    assert anonymous.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    forged = api.client.get(path, headers={"Authorization": "Bearer not-a-token"})
    assert forged.status_code == 401
    # Another district of the same province, and a commune below Hậu Lộc: as if it did not exist.
    for outsider in ("nghison_officer", "phuloc_officer"):
        token = api.as_user(outsider).token
        denied = api.client.get(path, headers={"Authorization": f"Bearer {token}"})
        assert denied.status_code == 404, (outsider, denied.text)
        assert denied.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"
        assert b"%PDF" not in denied.content
    # The province above reads it.
    province = api.as_user("thanhhoa_admin").token
    allowed = api.client.get(path, headers={"Authorization": f"Bearer {province}"})
    assert allowed.status_code == 200
    bad_year = api.client.get(
        f"/reports/result.{extension}?unit=400&year=1800",
        headers={"Authorization": f"Bearer {province}"},
    )
    assert bad_year.status_code == 400
    outside_year = api.client.get(
        f"/reports/result.{extension}?unit=400&year=2023&asOf=2022-12-31",
        headers={"Authorization": f"Bearer {province}"},
    )
    assert outside_year.status_code == 400
    assert outside_year.json()["errors"][0]["extensions"]["field"] == "asOf"


def test_graphql_report_outside_scope_is_not_found(api: LiveServer) -> None:
    result = api.as_user("nghison_officer").graphql(
        REPORT, {"unit": "400", "year": 2023, "period": "ANNUAL"}
    )
    assert not any((result["data"] or {}).values())  # nullable root field
    assert result["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    anonymous = api.graphql(REPORT, {"unit": "400", "year": 2023, "period": "ANNUAL"})
    assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
