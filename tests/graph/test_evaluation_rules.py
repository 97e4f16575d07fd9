"""Evaluations by the regulations over real HTTP: Circular 124 periods, a Decision 510 points
table imported from .xlsx, self-assessment, correction by the level above and the rollup that
counts the confirmed class; a commune's Circular 124 result with each condition failing in
turn; criteria judged from stored data (15, 18, Tháp Mười's 19)."""

from __future__ import annotations

import asyncio
import io
import json
import random
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from db.urls import DatabaseUrls
from services.criteria_rules import evaluate
from tests.support.evaluations import RECORD_ASSESSMENTS, ok
from tests.support.server import LiveServer, UserClient

PERIOD = """query($u: String!, $on: Date!) { evaluationPeriod(unit: $u, on: $on) {
    year startsOn endsOn source } }"""


def test_assessments_belong_to_periods_not_calendar_years(api: LiveServer) -> None:
    officer = api.as_user("phuloc_officer")
    hamlet = officer.graphql(PERIOD, {"u": "16072-R01", "on": "2024-11-05"})["data"]
    assert hamlet["evaluationPeriod"]["year"] == 2025  # 01/11/2024 - 31/10/2025
    assert hamlet["evaluationPeriod"]["startsOn"] == "2024-11-01"
    assert "124/2021/TT-BCA" in hamlet["evaluationPeriod"]["source"]
    last_day = officer.graphql(PERIOD, {"u": "16072-R01", "on": "2024-10-31"})["data"]
    assert last_day["evaluationPeriod"]["year"] == 2024
    commune = officer.graphql(PERIOD, {"u": "16072", "on": "2024-11-05"})["data"]
    assert commune["evaluationPeriod"] == {
        **commune["evaluationPeriod"],
        "year": 2024,
        "startsOn": "2023-11-16",
        "endsOn": "2024-11-15",
    }
    after = officer.graphql(PERIOD, {"u": "16072", "on": "2024-11-16"})["data"]
    assert after["evaluationPeriod"]["year"] == 2025
    # Every assessment says which period it covers.
    rows = officer.graphql("""{ assessments(under: "16072", year: 2023) { edges { node {
        year periodStartsOn periodEndsOn unit { code kind } } } } }""")["data"]["assessments"]
    commune_row = next(e["node"] for e in rows["edges"] if e["node"]["unit"]["code"] == "16072")
    assert (commune_row["periodStartsOn"], commune_row["periodEndsOn"]) == (
        "2022-11-16",
        "2023-11-15",
    )
    # A rollup says which periods its year covers.
    periods = officer.graphql("""{ rollup(unit: "16072", year: 2024) {
        periods { unitKind startsOn endsOn } } }""")["data"]["rollup"]["periods"]
    by_kind = {p["unitKind"]: (p["startsOn"], p["endsOn"]) for p in periods}
    assert by_kind["RESIDENTIAL_AREA"] == ("2023-11-01", "2024-10-31")
    assert by_kind["SCHOOL"] == by_kind["COMMUNE"] == ("2023-11-16", "2024-11-15")


def _owner_sql(url: str, sql: str, **params: Any) -> None:
    async def go() -> None:
        engine = create_async_engine(url)
        try:
            async with engine.begin() as conn:
                await conn.execute(text(sql), params)
        finally:
            await engine.dispose()

    asyncio.run(go())


# -- Decision 510 --------------------------------------------------------------------------------
def demo_sheet(
    seed: int, *, thresholds: dict[str, Any] | None = None, bad_points: bool = False
) -> tuple[bytes, list[tuple[str, str, Decimal, str]], dict[str, Decimal]]:
    """A DEMONSTRATION points list (random items and thresholds: not Decision 510's)."""
    rng = random.Random(seed)
    items = [
        (
            str(n),
            f"Nội dung thử nghiệm số {n}",
            Decimal(rng.randint(2, 10)),
            "Văn bản minh chứng" if n % 2 else "",
        )
        for n in range(1, 9)
    ]
    total = sum(i[2] for i in items)
    limits = thresholds or {
        "Xuất sắc": (total * 9 / 10).quantize(Decimal(1)),
        "Khá": (total * 7 / 10).quantize(Decimal(1)),
        "Trung bình": (total / 2).quantize(Decimal(1)),
        "Yếu": Decimal(0),
    }
    book = Workbook()
    sheet = book.active
    sheet.append(["BẢNG ĐIỂM THỬ NGHIỆM (DEMO, KHÔNG PHẢI BẢNG CHÍNH THỨC)"])
    sheet.append(["STT", "NỘI DUNG", "ĐIỂM TỐI ĐA", "MINH CHỨNG"])
    sheet.append(["I", "Nhóm nội dung thử nghiệm", None, None])
    for stt, wording, points, evidence in items:
        sheet.append(
            [
                stt,
                wording,
                "nhiều" if bad_points and stt == "3" else float(points),
                evidence or None,
            ]
        )
    sheet.append([])
    sheet.append(["XẾP LOẠI", "ĐIỂM TỪ"])
    for name, points in limits.items():
        sheet.append([name, float(points)])
    out = io.BytesIO()
    book.save(out)
    keys = {"Xuất sắc": "xuat_sac", "Khá": "kha", "Trung bình": "trung_binh", "Yếu": "yeu"}
    return out.getvalue(), items, {keys[k]: Decimal(v) for k, v in limits.items()}


IMPORT = """mutation($f: Upload!, $input: ImportScoringTableInput!) {
  importScoringTable(file: $f, input: $input) { __typename
    ... on ScoringTableImport { table { id code demo maxTotal items { stt maxPoints evidence }
                                        thresholds { classification minPoints } }
                                errors { row column message } }
    ... on UserError { code message } } }"""
PROPOSE = """mutation($input: ProposeClassificationInput!) {
  proposeClassification(input: $input) { __typename
    ... on ClassificationProposal { id version state totalPoints earnedClass proposedClass }
    ... on TransitionRefusedError { code message reasons }
    ... on UserError { code message } } }"""
DECIDE = """mutation($input: DecideClassificationInput!) {
  decideClassification(input: $input) { __typename
    ... on ClassificationProposal { state confirmedClass correctionReason decidedBy version }
    ... on TransitionRefusedError { code message }
    ... on UserError { code message } } }"""
ROLLUP = """{ rollup(unit: "400", year: 2024) { total { goodOrExcellent { count } } } }"""


def upload(client: UserClient, data: bytes, variables: dict[str, Any]) -> dict[str, Any]:
    """A GraphQL multipart request (the spec the API's imports use)."""
    response = client.server.client.post(
        "/graphql",
        headers={"Authorization": f"Bearer {client.token}"},
        data={
            "operations": json.dumps({"query": IMPORT, "variables": {"f": None, **variables}}),
            "map": json.dumps({"0": ["variables.f"]}),
        },
        files={
            "0": (
                "bang-diem.xlsx",
                data,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        },
    )
    body = response.json()
    assert "errors" not in body, body
    return body["data"]["importScoringTable"]


def class_of(total: Decimal, thresholds: dict[str, Decimal]) -> str:
    return next(k for k in ("xuat_sac", "kha", "trung_binh", "yeu") if total >= thresholds[k])


def test_a_points_table_is_imported_scored_proposed_corrected_and_counted(
    fresh_api: LiveServer,
) -> None:
    admin = fresh_api.as_user("thanhhoa_admin")
    data, items, thresholds = demo_sheet(16)
    table_input = {
        "unit": "38",
        "unitKind": "COMMUNE",
        "code": "demo-510-xa-thanh-hoa",
        "title": "Bảng điểm thử nghiệm",
        "source": "Dữ liệu thử nghiệm (demo)",
        "effectiveFrom": "2024-01-01",
        "demo": True,
    }
    # Only an administrator of the issuing unit imports.
    refused = upload(fresh_api.as_user("phuloc_officer"), data, {"input": table_input})
    assert refused["__typename"] in ("NotAllowedError", "NotFoundError")
    # A broken sheet stores nothing and names its rows.
    broken, *_ = demo_sheet(
        16, bad_points=True, thresholds={"Xuất sắc": 10, "Khá": 20, "Trung bình": 5, "Yếu": 0}
    )
    errors = upload(admin, broken, {"input": table_input})
    assert errors["table"] is None
    assert {e["row"] for e in errors["errors"]} == {6, 0}
    assert any("giảm dần" in e["message"] for e in errors["errors"])
    imported = upload(admin, data, {"input": table_input})["table"]
    assert imported["demo"] is True
    scorable = [i for i in imported["items"] if i["maxPoints"] is not None]
    assert [(i["stt"], Decimal(i["maxPoints"])) for i in scorable] == [
        (stt, points) for stt, _, points, _ in items
    ]
    assert {
        t["classification"].lower(): Decimal(t["minPoints"]) for t in imported["thresholds"]
    } == thresholds

    officer = fresh_api.as_user("phuloc_officer")
    # Full marks but one item: the earned class follows the imported thresholds.
    scores = [
        {"stt": stt, "points": str(points), "evidence": evidence or None}
        for stt, _, points, evidence in items
    ]
    scores[1]["points"] = "0"
    total = sum(Decimal(s["points"]) for s in scores)
    earned = class_of(total, thresholds)
    base = {"unit": "16072", "year": 2024, "on": "2024-11-20", "scores": scores}
    if earned != "xuat_sac":
        too_high = officer.graphql(PROPOSE, {"input": {**base, "proposedClass": "XUAT_SAC"}})
        assert too_high["data"]["proposeClassification"]["__typename"] == "InvalidInputError"
        assert "không thể đề xuất" in too_high["data"]["proposeClassification"]["message"]
    no_evidence = [dict(s) for s in scores]
    no_evidence[0]["evidence"] = None  # item 1 needs "Văn bản minh chứng"
    lacking = officer.graphql(PROPOSE, {"input": {**base, "scores": no_evidence}})["data"]
    assert "cần minh chứng" in lacking["proposeClassification"]["message"]
    late = officer.graphql(PROPOSE, {"input": {**base, "on": "2024-11-30"}})["data"]
    assert late["proposeClassification"]["code"] == "DEADLINE_PASSED"
    assert "trước ngày 30/11" in late["proposeClassification"]["message"]

    filed = ok(
        officer.graphql(PROPOSE, {"input": base}), "proposeClassification", "ClassificationProposal"
    )
    assert Decimal(filed["totalPoints"]) == total
    assert filed["earnedClass"].lower() == earned == filed["proposedClass"].lower()
    before = fresh_api.as_user("hauloc_reviewer").graphql(ROLLUP)["data"]["rollup"]
    # A proposal counts nowhere until the level above decides; the unit never decides.
    own = officer.graphql(DECIDE, {"input": {"id": filed["id"], "version": filed["version"]}})
    assert own["data"]["decideClassification"]["__typename"] == "NotAllowedError"
    stranger = fresh_api.as_user("nghison_reviewer").graphql(
        DECIDE, {"input": {"id": filed["id"], "version": filed["version"]}}
    )["data"]["decideClassification"]
    assert stranger["__typename"] == "NotFoundError"
    assert (
        fresh_api.as_user("nghison_reviewer").graphql("""{ classificationProposal(
        unit: "16072", year: 2024) { id } }""")["errors"][0]["extensions"]["code"]
        == "NOT_FOUND"
    )
    reviewer = fresh_api.as_user("hauloc_reviewer")
    lower = "TRUNG_BINH" if earned in ("xuat_sac", "kha") else "YEU"
    counted = lower in ("XUAT_SAC", "KHA")
    no_reason = reviewer.graphql(
        DECIDE, {"input": {"id": filed["id"], "version": filed["version"], "classification": lower}}
    )["data"]
    assert no_reason["decideClassification"]["__typename"] == "InvalidInputError"
    decided = ok(
        reviewer.graphql(
            DECIDE,
            {
                "input": {
                    "id": filed["id"],
                    "version": filed["version"],
                    "classification": lower,
                    "reason": "Minh chứng nội dung 4 chưa đầy đủ",
                    "on": "2024-12-01",
                }
            },
        ),
        "decideClassification",
        "ClassificationProposal",
    )
    assert (decided["state"], decided["confirmedClass"]) == ("CORRECTED", lower)
    assessment = officer.graphql("""{ assessment(unit: "16072", year: 2024) {
        classification } }""")["data"]["assessment"]
    assert assessment["classification"] == lower
    after = reviewer.graphql(ROLLUP)["data"]["rollup"]
    assert after["total"]["goodOrExcellent"]["count"] == before["total"]["goodOrExcellent"][
        "count"
    ] + int(counted)
    again = officer.graphql(PROPOSE, {"input": {**base, "version": decided["version"]}})
    assert again["data"]["proposeClassification"]["code"] == "ALREADY_DECIDED"


def test_without_an_imported_table_nothing_is_scored(api: LiveServer) -> None:
    result = api.as_user("thanhmy_officer").graphql(
        PROPOSE, {"input": {"unit": "30073", "year": 2024, "on": "2024-11-20", "scores": []}}
    )["data"]
    assert result["proposeClassification"]["code"] == "NO_SCORING_TABLE"
    assert "nhập bảng điểm" in result["proposeClassification"]["message"]


def test_the_reporting_deadline_and_the_periods_are_stored_rules_not_code(
    fresh_db: DatabaseUrls,
    fresh_api: LiveServer,
) -> None:
    """Change the stored national default and what is accepted changes, with no code change."""
    admin = fresh_api.as_user("thanhhoa_admin")
    data, items, _ = demo_sheet(7)
    upload(
        admin,
        data,
        {
            "input": {
                "unit": "38",
                "unitKind": "COMMUNE",
                "code": "demo-7",
                "title": "Demo",
                "source": "Demo",
                "demo": True,
                "effectiveFrom": "2024-01-01",
            }
        },
    )
    scores = [{"stt": stt, "points": "0"} for stt, *_ in items]
    filing = {"unit": "16072", "year": 2024, "on": "2024-12-10", "scores": scores}
    officer = fresh_api.as_user("phuloc_officer")
    late = officer.graphql(PROPOSE, {"input": filing})["data"]["proposeClassification"]
    assert late["code"] == "DEADLINE_PASSED" and "29/11/2024" in late["message"]
    assert "510/QĐ-BCA-V05" in late["message"]  # the governing plan's rule (issue 14's data)
    # With no plan up the cascade setting the report (the ministry's rule withdrawn), the stored
    # national default governs; change it and what is accepted changes, with no code change.
    _owner_sql(
        fresh_db.owner,
        """UPDATE plan_schedule_rules SET withdrawn_on = '2024-01-01',
        withdrawn_reason = 'test' WHERE step = 'decision510_report'""",
    )
    _owner_sql(
        fresh_db.owner,
        """UPDATE reporting_deadline_defaults SET last_month = 12,
        last_day = 14, wording = 'trước ngày 15/12' WHERE unit_kind = 'commune'""",
    )
    accepted = officer.graphql(PROPOSE, {"input": filing})["data"]["proposeClassification"]
    assert accepted["__typename"] == "ClassificationProposal", accepted
    _owner_sql(
        fresh_db.owner,
        """UPDATE evaluation_periods SET start_month = 12,
        start_day = 1, end_month = 11, end_day = 30 WHERE unit_kind = 'commune'""",
    )
    moved = officer.graphql(PERIOD, {"u": "16072", "on": "2024-11-20"})["data"]
    assert moved["evaluationPeriod"]["year"] == 2024
    assert moved["evaluationPeriod"]["endsOn"] == "2024-11-30"


def test_no_threshold_or_item_of_a_points_table_is_written_in_services() -> None:
    pattern = re.compile(
        r"(xuat_sac|kha|trung_binh|yeu|Xuất sắc|Khá|Trung bình|Yếu)"
        r"[\"']?\s*[:=]\s*\(?\s*\d",
        re.IGNORECASE,
    )
    for path in Path("services").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        assert not pattern.search(source), path
        assert 'ĐIỂM TỐI ĐA": ' not in source and 'max_points": Decimal(' not in source, path


# -- Circular 124: a commune's result ------------------------------------------------------------
SAFETY = """mutation($input: ProposeCommuneSafetyInput!) { proposeCommuneSafety(input: $input) {
    __typename ... on CommuneSafety { id version achieved periodStartsOn periodEndsOn
        conditions { code met message figures } }
    ... on UserError { code message } } }"""
DECIDE_SAFETY = """mutation($input: DecideCommuneSafetyInput!) { decideCommuneSafety(
    input: $input) { __typename ... on CommuneSafety { state achieved decisionReason decidedBy }
    ... on TransitionRefusedError { code message reasons } ... on UserError { code message } } }"""
DISCIPLINE = """mutation($input: RecordPoliceDisciplineInput!) { recordPoliceDiscipline(
    input: $input) { __typename ... on PoliceDisciplineRecord { id decidedOn }
    ... on UserError { code message } } }"""


def hamlets(commune: str, **changes: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for n in (1, 2, 3):
        row = {
            "unit": f"{commune}-R0{n}",
            "safetyRegistered": True,
            "safetyAchieved": True,
            "classification": "KHA",
        }
        row.update(changes.get(f"r{n}", {}))
        rows.append(row)
    return rows


def propose_safety(client: UserClient, commune: str) -> dict[str, Any]:
    return ok(
        client.graphql(SAFETY, {"input": {"unit": commune, "year": 2024, "on": "2024-11-20"}}),
        "proposeCommuneSafety",
        "CommuneSafety",
    )


def failing(result: dict[str, Any]) -> list[str]:
    return [c["code"] for c in result["conditions"] if not c["met"]]


def add_effective_model(officer: UserClient, reviewer: UserClient, commune: str) -> None:
    created = officer.graphql(
        """mutation($u: String!) { createMovementModel(input: {
        unit: $u, typeCode: "camera_antt", name: "Camera với ANTT thử nghiệm",
        origin: NEW, foundedOn: "2024-02-01"}) { ... on MovementModel { id } } }""",
        {"u": commune},
    )["data"]["createMovementModel"]
    rated = reviewer.graphql(
        """mutation($m: ID!) { rateMovementModel(input: {id: $m,
        year: 2024, rating: TOT}) { __typename } }""",
        {"m": created["id"]},
    )["data"]
    assert rated["rateMovementModel"]["__typename"] != "InvalidInputError", rated


def test_each_condition_of_a_commune_fails_in_turn_with_its_figures(
    fresh_api: LiveServer,
) -> None:
    officer = fresh_api.as_user("trieuloc_officer")
    reviewer = fresh_api.as_user("hauloc_reviewer")
    entered = ok(
        officer.graphql(
            RECORD_ASSESSMENTS, {"year": 2024, "on": "2024-11-01", "entries": hamlets("16021")}
        ),
        "recordAssessments",
        "AssessmentList",
    )["assessments"]
    versions = {a["unit"]["code"]: a["version"] for a in entered}
    first = propose_safety(officer, "16021")
    assert (first["periodStartsOn"], first["periodEndsOn"]) == ("2023-11-16", "2024-11-15")
    assert failing(first) == ["EFFECTIVE_MODEL"] and first["achieved"] is False
    assert "0 mô hình" in next(
        c["message"] for c in first["conditions"] if c["code"] == "EFFECTIVE_MODEL"
    )
    add_effective_model(officer, reviewer, "16021")
    assert failing(propose_safety(officer, "16021")) == []

    # Two of three hamlets recognised: 66.7% < 70%.
    changed = ok(
        officer.graphql(
            RECORD_ASSESSMENTS,
            {
                "year": 2024,
                "on": "2024-11-02",
                "entries": [
                    {
                        **hamlets("16021")[2],
                        "safetyAchieved": False,
                        "version": versions["16021-R03"],
                    }
                ],
            },
        ),
        "recordAssessments",
        "AssessmentList",
    )["assessments"][0]
    second = propose_safety(officer, "16021")
    assert failing(second) == ["RECOGNISED_70_PCT"]
    recognised = next(c for c in second["conditions"] if c["code"] == "RECOGNISED_70_PCT")
    assert recognised["figures"] == {"recognised": 2, "total": 3}
    assert "2/3" in recognised["message"] and "66,7%" in recognised["message"]
    # One hamlet not registered: 100% registration fails and names it.
    unregistered = ok(
        officer.graphql(
            RECORD_ASSESSMENTS,
            {
                "year": 2024,
                "on": "2024-11-03",
                "entries": [
                    {"unit": "16021-R03", "safetyRegistered": False, "version": changed["version"]}
                ],
            },
        ),
        "recordAssessments",
        "AssessmentList",
    )["assessments"][0]
    third = propose_safety(officer, "16021")
    assert "ALL_REGISTERED" in failing(third)
    message = next(c["message"] for c in third["conditions"] if c["code"] == "ALL_REGISTERED")
    assert "2/3" in message and "Thôn 3" in message
    ok(
        officer.graphql(
            RECORD_ASSESSMENTS,
            {
                "year": 2024,
                "on": "2024-11-04",
                "entries": [{**hamlets("16021")[2], "version": unregistered["version"]}],
            },
        ),
        "recordAssessments",
        "AssessmentList",
    )

    # Discipline: only the level above records it; one in the next period does not count.
    source = "Quyết định số 12/QĐ-CAH ngày {d} của Công an huyện Hậu Lộc"
    own = officer.graphql(
        DISCIPLINE,
        {
            "input": {
                "unit": "16021",
                "officerName": "Nguyễn Văn A",
                "penalty": "Khiển trách",
                "decidedOn": "2024-06-01",
                "source": source,
            }
        },
    )["data"]
    assert own["recordPoliceDiscipline"]["__typename"] == "NotAllowedError"
    district = fresh_api.as_user("hauloc_officer")
    for day in ("2024-11-20", "2024-06-01"):
        recorded = district.graphql(
            DISCIPLINE,
            {
                "input": {
                    "unit": "16021",
                    "officerName": "Nguyễn Văn A",
                    "penalty": "Khiển trách",
                    "decidedOn": day,
                    "source": source.format(d=day),
                }
            },
        )["data"]
        assert recorded["recordPoliceDiscipline"]["__typename"] == "PoliceDisciplineRecord"
        result = propose_safety(officer, "16021")
        assert failing(result) == ([] if day == "2024-11-20" else ["NO_POLICE_DISCIPLINE"])
    refused = ok(
        reviewer.graphql(
            DECIDE_SAFETY,
            {
                "input": {
                    "id": result["id"],
                    "version": result["version"],
                    "recognise": True,
                    "on": "2024-11-25",
                }
            },
        ),
        "decideCommuneSafety",
        "TransitionRefusedError",
    )
    assert refused["code"] == "CONDITIONS_NOT_MET" and len(refused["reasons"]) == 1
    assert "Nguyễn Văn A" in refused["reasons"][0] and "1 trường hợp" in refused["reasons"][0]
    not_achieved = ok(
        reviewer.graphql(
            DECIDE_SAFETY,
            {
                "input": {
                    "id": result["id"],
                    "version": result["version"],
                    "recognise": False,
                    "on": "2024-11-25",
                }
            },
        ),
        "decideCommuneSafety",
        "CommuneSafety",
    )
    assert not_achieved["state"] == "NOT_RECOGNISED"
    assert "chưa đạt" in not_achieved["decisionReason"]
    assert "kỷ luật" in not_achieved["decisionReason"]
    stored = officer.graphql("""{ assessment(unit: "16021", year: 2024) {
        safetyAchieved confirmedBy } }""")["data"]["assessment"]
    assert stored == {"safetyAchieved": False, "confirmedBy": "hauloc_reviewer"}


def test_the_level_above_recognises_a_commune_that_meets_every_condition(
    fresh_api: LiveServer,
) -> None:
    officer = fresh_api.as_user("phuloc_officer")
    reviewer = fresh_api.as_user("hauloc_reviewer")
    ok(
        officer.graphql(
            RECORD_ASSESSMENTS, {"year": 2024, "on": "2024-11-01", "entries": hamlets("16072")}
        ),
        "recordAssessments",
        "AssessmentList",
    )
    add_effective_model(officer, reviewer, "16072")
    result = propose_safety(officer, "16072")
    assert result["achieved"] is True
    own = officer.graphql(
        DECIDE_SAFETY,
        {"input": {"id": result["id"], "version": result["version"], "recognise": True}},
    )["data"]
    assert own["decideCommuneSafety"]["__typename"] == "NotAllowedError"
    other = fresh_api.as_user("nghison_reviewer").graphql(
        DECIDE_SAFETY,
        {"input": {"id": result["id"], "version": result["version"], "recognise": True}},
    )["data"]
    assert other["decideCommuneSafety"]["__typename"] == "NotFoundError"
    decided = ok(
        reviewer.graphql(
            DECIDE_SAFETY,
            {
                "input": {
                    "id": result["id"],
                    "version": result["version"],
                    "recognise": True,
                    "on": "2024-11-25",
                }
            },
        ),
        "decideCommuneSafety",
        "CommuneSafety",
    )
    assert (decided["state"], decided["achieved"]) == ("RECOGNISED", True)
    stored = officer.graphql("""{ assessment(unit: "16072", year: 2024) {
        safetyAchieved confirmedBy } }""")["data"]["assessment"]
    assert stored == {"safetyAchieved": True, "confirmedBy": "hauloc_reviewer"}


# -- criteria judged from stored data ------------------------------------------------------------
SETS = """{ criteriaSets(unitKind: COMMUNE) { code decisionRef
    criteria { code text kind rule } } }"""


def test_thap_muoi_keeps_its_own_wording_and_drug_rule(api: LiveServer) -> None:
    sets = {
        s["code"]: s for s in api.as_user("thapmuoi_officer").graphql(SETS)["data"]["criteriaSets"]
    }
    national = {c["code"]: c for c in sets["qd9745_2022_commune"]["criteria"]}
    local = {c["code"]: c for c in sets["thap_muoi_2024_commune"]["criteria"]}
    assert "từ 10 người trở xuống" in national["19"]["text"]
    assert "từ 10 người trở xuống" not in local["19"]["text"]
    assert "nếu có phải kéo giảm ít nhất 20%" in local["19"]["text"]
    # 5 -> 4 drug users: 20% fewer (Tháp Mười's rule met) but only 1 person fewer
    # (Decision 9745 needs 2 when there were 10 or fewer).
    figures, previous = {"drug_users": 4}, {"drug_users": 5}
    assert evaluate(local["19"]["rule"], figures, previous).met is True
    assert evaluate(national["19"]["rule"], figures, previous).met is False
    # Criterion 18 in both: a flat count is "kiềm chế" and meets it; an increase does not.
    for rule in (local["18"]["rule"], national["18"]["rule"]):
        assert evaluate(rule, {"social_order_crimes": 20}, {"social_order_crimes": 20}).met
        assert evaluate(rule, {"social_order_crimes": 19}, {"social_order_crimes": 20}).met
        assert not evaluate(rule, {"social_order_crimes": 21}, {"social_order_crimes": 20}).met
    assert (
        local["15"]["rule"]["kind"] == national["15"]["rule"]["kind"] == "confirmed_classification"
    )
