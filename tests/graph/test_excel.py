"""Excel import and export over HTTP: multipart GraphQL uploads and GET downloads, on the real
app and database. Workbooks are built here, from seed 000's text or from an export; no binary
file is committed."""

from __future__ import annotations

import io
import json
from typing import Any

from openpyxl import Workbook, load_workbook

from seeds.paths import seed_file
from services.spreadsheets import XLSX_MEDIA_TYPE
from tests.support.server import LiveServer, UserClient
from tests.support.sql_counter import count_statements

TARGET_FIELDS = """stt category text
    quantity { kind value comparator unit raw data }
    deadline { kind dueOn startsOn raw data }"""
IMPORT_TARGETS = f"""mutation($file: Upload!, $input: ImportTargetsInput!) {{
  importTargets(file: $file, input: $input) {{
    __typename
    ... on TargetImport {{ committed errors {{ row column message }}
                          rows {{ row subRows {TARGET_FIELDS} }}
                          targets {{ id {TARGET_FIELDS} }} }}
    ... on UserError {{ code message }} }} }}"""
IMPORT_ASSESSMENTS = """mutation($file: Upload!, $input: ImportAssessmentsInput!) {
  importAssessments(file: $file, input: $input) {
    __typename
    ... on AssessmentImport { committed errors { row column message }
        rows { row unitCode safetyRegistered safetyAchieved classification version unchanged }
        assessments { version safetyRegistered safetyAchieved classification unit { code } } }
    ... on TransitionRefusedError { code message reasons }
    ... on UserError { code message } } }"""
TARGETS = f"""query($unit: String!, $year: Year!) {{
  targets(filter: {{unit: $unit, year: $year}}, first: 100) {{
    edges {{ node {{ {TARGET_FIELDS} plan {{ id }} }} }} }} }}"""
ASSESSMENTS = """query($under: String!, $year: Year!) { assessments(under: $under, year: $year) {
    edges { node { version safetyRegistered safetyAchieved classification unit { code } } } } }"""
COMPARED = ("stt", "category", "text", "quantity", "deadline")


def upload(user: UserClient, query: str, input_: dict[str, Any], data: bytes) -> dict[str, Any]:
    """A GraphQL multipart request (the spec strawberry implements): operations, map, file."""
    response = user.server.client.post(
        "/graphql",
        headers={"Authorization": f"Bearer {user.token}"},
        data={
            "operations": json.dumps(
                {"query": query, "variables": {"file": None, "input": input_}}
            ),
            "map": json.dumps({"0": ["variables.file"]}),
        },
        files={"0": ("sheet.xlsx", data, XLSX_MEDIA_TYPE)},
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body, body
    return next(iter(body["data"].values()))


def download(server: LiveServer, path: str, token: str | None, **params: Any) -> Any:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return server.client.get(path, params=params, headers=headers)


def appendix_sheet(number: int, *, break_row: tuple[str, str] | None = None) -> bytes:
    """Seed 000's "Phụ lục N" as a workbook: one sheet row per line of the seed's table, cells
    split on its tabs (wrapped lines become rows with an empty STT, as in the Word original).
    `break_row` replaces the deadline of the row with that STT."""
    lines = seed_file("000").read_text(encoding="utf-8").splitlines()
    start = lines.index(f"Phụ lục {number}")
    end = lines.index(f"Phụ lục {number + 1}")
    workbook = Workbook()
    sheet = workbook.active
    for line in lines[start:end]:
        cells = line.split("\t")
        if len(cells) > 4:
            cells = [*cells[:3], " ".join(cells[3:])]
        if break_row and cells[0] == break_row[0]:
            cells[3] = break_row[1]
        sheet.append([c or None for c in cells])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def targets_of(user: UserClient, unit: str, year: int) -> list[dict[str, Any]]:
    result = user.graphql(TARGETS, {"unit": unit, "year": year})
    assert "errors" not in result, result
    return [e["node"] for e in result["data"]["targets"]["edges"]]


def fields(target: dict[str, Any]) -> dict[str, Any]:
    return {k: target[k] for k in COMPARED}


# -- targets ------------------------------------------------------------------------------------


def test_a_sheet_of_seed_000_thanh_hoa_city_imports_the_same_targets_as_the_text_importer(
    fresh_api: LiveServer,
) -> None:
    admin = fresh_api.as_user("thanhhoa_admin")
    seeded = [t for t in targets_of(admin, "380", 2023) if t["plan"] is not None]
    assert len(seeded) == 18  # Phụ lục 1 of seed 000, loaded by `antq seed` from the text
    sheet = appendix_sheet(1)

    dry = upload(admin, IMPORT_TARGETS, {"unit": "380", "year": 2023}, sheet)
    assert (dry["__typename"], dry["committed"], dry["errors"], dry["targets"]) == (
        "TargetImport",
        False,
        [],
        [],
    )
    assert [fields(r) for r in dry["rows"]] == [fields(t) for t in seeded]
    assert [r["subRows"] for r in dry["rows"]][:2] == [2, 1]  # two resolutions in row 1
    assert dry["rows"][0]["row"] == 7  # title, unit, blank, header, category: row 1 is 7th
    assert len(targets_of(admin, "380", 2023)) == 18  # a dry run writes nothing

    with count_statements(fresh_api.app) as statements:
        done = upload(admin, IMPORT_TARGETS, {"unit": "380", "year": 2023, "commit": True}, sheet)
    assert (done["committed"], done["errors"]) == (True, [])
    assert len(statements) <= 2 * 18 + 12  # an insert and an audit entry per target
    imported = [t for t in targets_of(admin, "380", 2023) if t["plan"] is None]
    assert [fields(t) for t in imported] == [fields(t) for t in seeded]
    assert [fields(t) for t in done["targets"]] == [fields(t) for t in seeded]

    again = upload(admin, IMPORT_TARGETS, {"unit": "380", "year": 2023, "commit": True}, sheet)
    assert again["committed"] is False and len(again["errors"]) == 18
    assert "đã có chỉ tiêu" in again["errors"][0]["message"]


def test_a_broken_row_is_reported_by_number_and_nothing_is_imported(
    fresh_api: LiveServer,
) -> None:
    admin = fresh_api.as_user("thanhhoa_admin")
    before = targets_of(admin, "380", 2023)
    sheet = appendix_sheet(1, break_row=("13", "Tháng 13/2023"))
    for commit in (False, True):
        result = upload(
            admin, IMPORT_TARGETS, {"unit": "380", "year": 2023, "commit": commit}, sheet
        )
        assert result["__typename"] == "TargetImport" and result["committed"] is False
        assert len(result["errors"]) == 1, result["errors"]
        error = result["errors"][0]
        assert error["row"] == 28  # STT 13: line 264 of the seed, 237 is "Phụ lục 1"
        assert "STT 13" in error["message"] and "13/2023" in error["message"]
        assert len(result["rows"]) == 17  # every other row was understood
        assert result["targets"] == []
    assert targets_of(admin, "380", 2023) == before


def test_not_a_workbook_and_too_large_are_invalid_input(fresh_api: LiveServer) -> None:
    admin = fresh_api.as_user("thanhhoa_admin")
    garbage = upload(admin, IMPORT_TARGETS, {"unit": "380", "year": 2023}, b"STT;text")
    assert (garbage["__typename"], garbage["code"]) == ("InvalidInputError", "BAD_USER_INPUT")
    big = upload(admin, IMPORT_TARGETS, {"unit": "380", "year": 2023}, b"x" * 600_000)
    assert big["__typename"] == "InvalidInputError" and "lớn hơn" in big["message"]


def test_export_then_import_round_trips_and_districts_stay_apart(fresh_api: LiveServer) -> None:
    officer = fresh_api.as_user("hauloc_officer")
    response = download(fresh_api, "/exports/targets.xlsx", officer.token, unit="400", year=2023)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == XLSX_MEDIA_TYPE
    assert response.headers["content-disposition"].endswith('filename="chi-tieu-400-2023.xlsx"')
    original = targets_of(officer, "400", 2023)
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[4]] == [
        "STT",
        "DANH MỤC CHỈ TIÊU",
        "CHỈ TIÊU",
        "THỜI GIAN HOÀN THÀNH",
    ]
    assert sheet["A2"].value == "(Huyện Hậu Lộc)"

    plan = officer.graphql("""mutation { createPlan(input: {unit: "400", kind: PLAN,
        title: "Chỉ tiêu nhập từ Excel", issuingBody: "BCĐ 138 huyện Hậu Lộc", year: 2023}) {
        __typename ... on Plan { id } } }""")["data"]["createPlan"]
    dry = upload(
        officer,
        IMPORT_TARGETS,
        {"unit": "400", "year": 2023, "planId": plan["id"]},
        response.content,
    )
    assert dry["errors"] == [] and dry["committed"] is False
    assert targets_of(officer, "400", 2023) == original  # the dry run changed nothing
    done = upload(
        officer,
        IMPORT_TARGETS,
        {"unit": "400", "year": 2023, "planId": plan["id"], "commit": True},
        response.content,
    )
    assert done["committed"] is True
    assert [fields(t) for t in done["targets"]] == [fields(t) for t in original]

    # Another district's targets: neither downloadable nor importable by this officer.
    assert (
        download(
            fresh_api, "/exports/targets.xlsx", officer.token, unit="407", year=2023
        ).status_code
        == 404
    )
    foreign = upload(officer, IMPORT_TARGETS, {"unit": "407", "year": 2023}, response.content)
    assert foreign["__typename"] == "NotFoundError"
    anonymous = download(fresh_api, "/exports/targets.xlsx", None, unit="400", year=2023)
    assert anonymous.status_code == 401
    assert anonymous.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    forged = download(fresh_api, "/exports/targets.xlsx", "not-a-token", unit="400", year=2023)
    assert forged.status_code == 401
    # The province sees the district's table.
    province = download(
        fresh_api,
        "/exports/targets.xlsx",
        fresh_api.as_user("thanhhoa_admin").token,
        unit="400",
        year=2023,
    )
    assert province.status_code == 200


def test_a_reader_without_write_rights_can_export_but_not_import(fresh_api: LiveServer) -> None:
    reviewer = fresh_api.as_user("hauloc_reviewer")
    response = download(fresh_api, "/exports/targets.xlsx", reviewer.token, unit="400", year=2023)
    assert response.status_code == 200
    refused = upload(reviewer, IMPORT_TARGETS, {"unit": "400", "year": 2023}, response.content)
    assert (refused["__typename"], refused["code"]) == ("NotAllowedError", "FORBIDDEN")


# -- assessments --------------------------------------------------------------------------------


def _edit(
    data: bytes,
    answers: dict[str, tuple[str | None, str | None, str | None]],
    extra: list[list[Any]] | None = None,
) -> bytes:
    """Fill the registered / achieved / class cells of the rows with these unit codes (and
    append `extra` rows)."""
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook.active
    for row in sheet.iter_rows(min_row=6):
        if row[1].value in answers:
            row[3].value, row[4].value, row[5].value = answers[row[1].value]
    for values in extra or []:
        sheet.append(values)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_assessments_sheet_export_edit_dry_run_commit_and_correct(fresh_api: LiveServer) -> None:
    officer = fresh_api.as_user("phuloc_officer")
    exported = download(
        fresh_api, "/exports/assessments.xlsx", officer.token, unit="16072", year=2024
    )
    assert exported.status_code == 200, exported.text
    sheet = load_workbook(io.BytesIO(exported.content)).active
    codes = [r[1].value for r in sheet.iter_rows(min_row=6) if r[1].value]
    assert codes[:3] == ["16072-R01", "16072-R02", "16072-R03"]
    assert all(r[3].value is None for r in sheet.iter_rows(min_row=6))  # nothing entered yet

    edited = _edit(
        exported.content,
        {
            "16072-R01": ("Có", "Có", "Khá"),
            "16072-R02": ("Có", "Không", "Trung bình"),
            "16072-R03": ("Có", None, "Xuất sắc"),
        },
    )
    base = {"unit": "16072", "year": 2024, "on": "2024-11-01"}
    dry = upload(officer, IMPORT_ASSESSMENTS, base, edited)
    assert (dry["__typename"], dry["committed"], dry["errors"]) == ("AssessmentImport", False, [])
    assert [
        (r["row"], r["unitCode"], r["safetyAchieved"], r["classification"]) for r in dry["rows"]
    ] == [
        (6, "16072-R01", True, "KHA"),
        (7, "16072-R02", False, "TRUNG_BINH"),
        (8, "16072-R03", None, "XUAT_SAC"),
    ]
    nodes = officer.graphql(ASSESSMENTS, {"under": "16072", "year": 2024})
    assert nodes["data"]["assessments"]["edges"] == []  # the dry run wrote nothing

    done = upload(officer, IMPORT_ASSESSMENTS, {**base, "commit": True}, edited)
    assert done["committed"] is True
    assert [(a["unit"]["code"], a["version"]) for a in done["assessments"]] == [
        ("16072-R01", 1),
        ("16072-R02", 1),
        ("16072-R03", 1),
    ]

    # Export again: the answers and versions come back; correct one hamlet and re-import.
    again = download(
        fresh_api, "/exports/assessments.xlsx", officer.token, unit="16072", year=2024
    ).content
    rows = {
        r[1].value: [c.value for c in r]
        for r in load_workbook(io.BytesIO(again)).active.iter_rows(min_row=6)
        if r[1].value
    }
    assert rows["16072-R02"][3:] == ["Có", "Không", "Trung bình", 1]
    corrected = _edit(again, {"16072-R02": ("Có", "Có", "Khá")})
    fixed = upload(
        officer, IMPORT_ASSESSMENTS, {**base, "on": "2024-11-04", "commit": True}, corrected
    )
    assert fixed["committed"] is True
    by_code = {a["unit"]["code"]: a for a in fixed["assessments"]}
    assert (by_code["16072-R02"]["safetyAchieved"], by_code["16072-R02"]["version"]) == (True, 2)
    assert [r["unchanged"] for r in fixed["rows"]] == [True, False, True]
    assert [a["unit"]["code"] for a in fixed["assessments"]] == ["16072-R02"]
    # The same sheet again is stale for the hamlet it corrected: a conflict, nothing written.
    stale = upload(
        officer,
        IMPORT_ASSESSMENTS,
        {**base, "on": "2024-11-04", "commit": True},
        _edit(corrected, {"16072-R02": ("Có", "Có", "Xuất sắc")}),
    )
    assert (stale["__typename"], stale["code"]) == ("VersionConflictError", "CONFLICT")
    # Late (no 2024 plan of Thanh Hóa or Hậu Lộc sets the entry, so Decision 510's date
    # governs: hamlets before 20/11): refused as a whole, with the same typed error.
    current = download(
        fresh_api, "/exports/assessments.xlsx", officer.token, unit="16072", year=2024
    ).content
    late = upload(
        officer,
        IMPORT_ASSESSMENTS,
        {**base, "on": "2024-11-20", "commit": True},
        _edit(current, {"16072-R01": ("Có", "Không", "Khá")}),
    )
    assert (late["__typename"], late["code"]) == ("TransitionRefusedError", "DEADLINE_PASSED")


def test_bad_assessment_rows_are_reported_and_nothing_is_written(fresh_api: LiveServer) -> None:
    officer = fresh_api.as_user("phuloc_officer")
    exported = download(
        fresh_api, "/exports/assessments.xlsx", officer.token, unit="16072", year=2024
    ).content
    edited = _edit(
        exported,
        {
            "16072-R01": ("Có", "Có", "Khá"),
            "16072-R02": ("Không", "Có", None),
            "16072-R03": ("Có", "Có", "Giỏi"),
        },
        extra=[[99, "16021-R01", "Thôn của xã khác", "Có", "Có", "Khá"]],
    )
    last = load_workbook(io.BytesIO(edited)).active.max_row
    result = upload(
        officer,
        IMPORT_ASSESSMENTS,
        {"unit": "16072", "year": 2024, "on": "2024-11-01", "commit": True},
        edited,
    )
    assert result["committed"] is False
    assert [(e["row"], e["column"]) for e in result["errors"]] == [
        (7, None),
        (8, "XẾP LOẠI PHONG TRÀO (QĐ 510)"),
        (last, "MÃ ĐƠN VỊ"),
    ]
    assert "không thể đạt" in result["errors"][0]["message"]
    nodes = officer.graphql(ASSESSMENTS, {"under": "16072", "year": 2024})
    assert nodes["data"]["assessments"]["edges"] == []
    # Another commune's sheet is outside this officer's subtree.
    other = download(fresh_api, "/exports/assessments.xlsx", officer.token, unit="16021", year=2024)
    assert other.status_code == 404
    # The sheet lists a commune's residential areas: a district is a bad request.
    district = download(
        fresh_api,
        "/exports/assessments.xlsx",
        fresh_api.as_user("hauloc_officer").token,
        unit="400",
        year=2024,
    )
    assert district.status_code == 400
    assert district.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


STRUCTURED = """mutation($stt: String!, $q: QuantityInput!, $d: DeadlineInput!) {
  createTarget(input: {unit: "400", year: 2024, category: MODELS, stt: $stt,
    text: "Mô hình nhập tay", quantity: $q, deadline: $d}) { __typename } }"""


def test_targets_entered_as_structured_data_export_with_wording_that_imports_back(
    fresh_api: LiveServer,
) -> None:
    """A target created through the API has no plan wording (`raw`); the export words it so
    that the import types it the same (kind, value, comparator, unit, deadline day)."""
    officer = fresh_api.as_user("hauloc_officer")
    for stt, q, d in [
        (
            "1",
            {"kind": "COUNT", "value": 2, "unit": "mô hình"},
            {"kind": "BEFORE", "dueOn": "2024-11-09"},
        ),
        (
            "2",
            {"kind": "PERCENT", "value": 80, "comparator": "GTE"},
            {"kind": "WINDOW", "startsOn": "2024-07-01", "dueOn": "2024-08-19"},
        ),
        (
            "3",
            {"kind": "COUNT", "value": 1, "comparator": "EQ", "unit": "văn bản"},
            {"kind": "DATE", "dueOn": "2024-06-30"},
        ),
    ]:
        created = officer.graphql(STRUCTURED, {"stt": stt, "q": q, "d": d})
        assert created["data"]["createTarget"]["__typename"] == "Target", created
    original = targets_of(officer, "400", 2024)
    exported = download(
        fresh_api, "/exports/targets.xlsx", officer.token, unit="400", year=2024
    ).content
    plan = officer.graphql("""mutation { createPlan(input: {unit: "400", kind: PLAN,
        title: "Bản sao", issuingBody: "BCĐ 138 huyện Hậu Lộc", year: 2024}) {
        ... on Plan { id } } }""")["data"]["createPlan"]
    done = upload(
        officer,
        IMPORT_TARGETS,
        {"unit": "400", "year": 2024, "planId": plan["id"], "commit": True},
        exported,
    )
    assert done["committed"] is True, done["errors"]

    def typed(t: dict[str, Any]) -> tuple[Any, ...]:
        q, d = t["quantity"], t["deadline"]
        return (
            t["stt"],
            t["category"],
            t["text"],
            q["kind"],
            q["value"],
            q["comparator"],
            q["unit"],
            d["kind"],
            d["dueOn"],
            d["startsOn"],
        )

    assert [typed(t) for t in done["targets"]] == [typed(t) for t in original]
