"""Plans, targets, progress, models and the calendar over HTTP, on the seeded demo data
(plans of seeds 000–004; seed 000's 27 target tables imported by seeds/plans.py)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.server import LiveServer, UserClient

PLAN_BY_NUMBER = """query($n: String!) { plans(filter: {number: $n}) { edges { node {
    id number title issuedOn year status issuingBody unit { code }
    parent { number } children { edges { node { number unit { code } } } }
    descendants { edges { node { title unit { code } } } } } } } }"""
TARGETS = """query($unit: String, $year: Year, $asOf: Date, $first: Int) {
  targets(filter: {unit: $unit, year: $year}, asOf: $asOf, first: $first) {
    edges { node { id stt text category status version achieved unit { code name }
      quantity { kind value comparator items { name } raw }
      deadline { kind dueOn startsOn raw } } }
    pageInfo { hasNextPage endCursor } } }"""
ROLLUP = """query($unit: String!, $asOf: Date) {
  targetRollup(unit: $unit, year: 2023, asOf: $asOf) {
    total { total met onTrack dueSoon overdue missed }
    children { unit { code } total met overdue missed } } }"""
REPORT = """mutation($t: ID!, $v: Int!, $value: Float!, $on: Date) {
  reportProgress(input: {id: $t, version: $v, value: $value, note: "Đã ban hành",
                         evidence: ["Nghị quyết số 12-NQ/HU"], reportedOn: $on}) {
    __typename ... on Target { status version achieved progress { value reportedBy evidence } }
    ... on UserError { code message } ... on InvalidInputError { field }
    ... on VersionConflictError { currentVersion } } }"""


def plan(client: UserClient, number: str) -> dict[str, Any]:
    edges = client.graphql(PLAN_BY_NUMBER, {"n": number})["data"]["plans"]["edges"]
    assert len(edges) == 1, edges
    return edges[0]["node"]


def targets(client: UserClient, unit: str | None, **extra: Any) -> list[dict[str, Any]]:
    result = client.graphql(TARGETS, {"unit": unit, "year": 2023, "first": 100, **extra})
    assert "errors" not in result, result
    return [e["node"] for e in result["data"]["targets"]["edges"]]


def test_seed_000_targets_are_loaded_for_the_27_districts_of_2023(api: LiveServer) -> None:
    client = api.as_user("thanhhoa_admin")
    rollup = client.graphql(ROLLUP, {"unit": "38", "asOf": "2023-01-15"})["data"]["targetRollup"]
    assert len(rollup["children"]) == 27
    assert all(c["total"] > 0 for c in rollup["children"])
    assert rollup["total"]["total"] == sum(c["total"] for c in rollup["children"]) == 396
    assert "405" in {c["unit"]["code"] for c in rollup["children"]}  # Đông Sơn (2023)


def test_nghi_son_transforms_hai_ha_and_tan_truong_before_october(api: LiveServer) -> None:
    rows = targets(api.as_user("thanhhoa_admin"), "407")
    transforming = [t for t in rows if t["category"] == "TRANSFORMING_AREAS"]
    assert transforming, rows
    names = {i["name"] for t in transforming for i in t["quantity"]["items"]}
    assert {"Hải Hà", "Tân Trường"} <= names
    target = next(
        t
        for t in transforming
        if {"Hải Hà", "Tân Trường"} <= {i["name"] for i in t["quantity"]["items"]}
    )
    assert target["deadline"]["dueOn"] == "2023-09-30"  # "Trước T10/2023"
    assert target["quantity"]["kind"] == "NAMED_LIST" and target["quantity"]["value"] == 2


def test_thanh_hoa_city_targets_include_the_an_hung_pilot(api: LiveServer) -> None:
    rows = targets(api.as_user("thanhhoa_admin"), "380")
    assert any("An Hưng" in t["text"] for t in rows if t["category"] == "PILOT_WARD_POLICE"), [
        t["text"] for t in rows
    ]


def test_a_district_officer_sees_only_their_own_targets(api: LiveServer) -> None:
    mine = targets(api.as_user("hauloc_officer"), None)
    assert mine and {t["unit"]["code"] for t in mine} == {"400"}
    other = api.as_user("hauloc_officer").graphql(TARGETS, {"unit": "407", "year": 2023})
    assert other["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    province = targets(api.as_user("thanhhoa_reviewer"), None, first=100)
    assert len(province) == 100  # a first page of many districts' targets


def test_percent_and_text_targets_are_typed(api: LiveServer) -> None:
    rows = targets(api.as_user("hauloc_officer"), "400")
    percent = [t for t in rows if t["quantity"]["kind"] == "PERCENT"]
    assert percent and all(0 <= t["quantity"]["value"] <= 100 for t in percent)
    assert any(t["deadline"]["kind"] == "PER_UNIT_KIND" for t in rows)


def test_hau_loc_2024_plan_implements_86_and_the_cascade_lists_districts_without_a_plan(
    api: LiveServer,
) -> None:
    admin = api.as_user("thanhhoa_admin")
    p86 = plan(admin, "86/KH-BCĐ")
    assert p86["issuedOn"] == "2023-04-05"
    assert p86["issuingBody"] == "Ban Chỉ đạo 138 tỉnh Thanh Hóa"
    assert [c["node"]["unit"]["code"] for c in p86["children"]["edges"]] == ["400"]
    query = """query($id: ID!) { node(id: $id) { ... on Plan { implementation(asOf: "2024-06-01") {
        unit { code } hasPlan pastDeadline plans { year issuingBody } } } } }"""
    lines = admin.graphql(query, {"id": p86["id"]})["data"]["node"]["implementation"]
    assert len(lines) == 27
    with_plan = [line for line in lines if line["hasPlan"]]
    assert [line["unit"]["code"] for line in with_plan] == ["400"]
    assert with_plan[0]["plans"][0]["year"] == 2024
    assert "407" in {line["unit"]["code"] for line in lines if not line["hasPlan"]}
    # The district officer sees their plan's parent only if in scope: it is not.
    officer = api.as_user("hauloc_officer")
    mine = officer.graphql("""{ plans(filter: {unit: "400"}) { edges { node { title year
        parent { id } } } } }""")["data"]["plans"]["edges"]
    assert [e["node"]["year"] for e in mine] == [2024] and mine[0]["node"]["parent"] is None


def test_the_cascade_says_who_is_past_the_deadline(api: LiveServer) -> None:
    admin = api.as_user("thanhhoa_admin")
    plans = admin.graphql("""{ plans(filter: {unit: "38", year: 2025}) { edges { node {
        subordinatePlansDue
        early: implementation(asOf: "2025-04-01") { pastDeadline }
        late: implementation(asOf: "2025-05-01") { pastDeadline hasPlan } } } } }""")
    node = plans["data"]["plans"]["edges"][0]["node"]
    assert node["subordinatePlansDue"] == "2025-04-09"
    assert len(node["late"]) == 26  # Đông Sơn merged into Thanh Hóa city on 01/01/2025
    assert not any(line["pastDeadline"] for line in node["early"])
    assert all(line["pastDeadline"] for line in node["late"])


def test_seeded_plans_carry_numbers_parents_and_supersession(api: LiveServer) -> None:
    ministry = api.as_user("bca_v05")
    result = ministry.graphql("""{ plans(first: 50) { edges { node { number title status year
        unit { code } parent { number } supersedes { number status } citedDocuments
        tasks { assignee dueOn } reportingDeadlines { kind dueOn unit { code } } } } } }""")
    nodes = [e["node"] for e in result["data"]["plans"]["edges"]]
    # 12 plans of the seeds and what they cite, Decision 510 whose reporting dates are national
    # schedule data, and the 2026 demo plan of Thanh Hóa
    assert len(nodes) == 14
    assert any(n["number"] == "510/QĐ-BCA-V05" for n in nodes)
    quang_tri = next(n for n in nodes if n["supersedes"])
    assert quang_tri["supersedes"] == {"number": "165/KH-UBND", "status": "SUPERSEDED"}
    assert quang_tri["parent"] == {"number": "630/KH-BCA"}
    thap_muoi = next(n for n in nodes if n["unit"]["code"] == "872" and n["year"] == 2024)
    assert thap_muoi["parent"] == {"number": "118/KH-BCĐ138"}
    thanh_hoa = next(
        n for n in nodes if n["unit"]["code"] == "38" and n["year"] == 2023 and n["number"] is None
    )
    assert thanh_hoa["parent"] == {"number": "14/CTr-BCA-V05"}
    assert len(thanh_hoa["tasks"]) == 10
    annual = [d for d in thanh_hoa["reportingDeadlines"] if d["kind"] == "ANNUAL"]
    assert len(annual) == 27 and annual[0]["dueOn"] == "2023-10-29"


def test_progress_moves_the_status_and_the_province_rollup_in_the_same_cycle(
    fresh_api: LiveServer,
) -> None:
    officer = fresh_api.as_user("hauloc_officer")
    admin = fresh_api.as_user("thanhhoa_admin")
    as_of = "2023-03-20"
    rows = targets(officer, "400", asOf=as_of)
    target = next(
        t for t in rows if t["quantity"]["kind"] == "COUNT" and t["deadline"]["dueOn"] >= as_of
    )
    before = admin.graphql(ROLLUP, {"unit": "38", "asOf": as_of})["data"]["targetRollup"]
    value = target["quantity"]["value"]
    result = officer.graphql(
        REPORT, {"t": target["id"], "v": target["version"], "value": value, "on": "2023-03-15"}
    )["data"]["reportProgress"]
    assert result["__typename"] == "Target", result
    assert result["version"] == target["version"] + 1 and result["achieved"] == value
    assert result["progress"][0]["reportedBy"] == "hauloc_officer"
    after = admin.graphql(ROLLUP, {"unit": "38", "asOf": as_of})["data"]["targetRollup"]
    assert after["total"]["met"] == before["total"]["met"] + 1
    hau_loc = lambda r: next(c for c in r["children"] if c["unit"]["code"] == "400")  # noqa: E731
    assert hau_loc(after)["met"] == hau_loc(before)["met"] + 1
    # The stale version is refused, and nothing is written.
    stale = officer.graphql(
        REPORT, {"t": target["id"], "v": target["version"], "value": 0, "on": "2023-03-16"}
    )["data"]["reportProgress"]
    assert stale["__typename"] == "VersionConflictError"
    assert stale["currentVersion"] == target["version"] + 1
    # The audit log shows the change to the province admin.
    log = admin.graphql("""{ auditLog(first: 5) { edges { node { actor action objectType before
        after } } } }""")["data"]["auditLog"]["edges"]
    entry = next(n for n in (e["node"] for e in log) if n["action"] == "report_progress")
    assert entry["actor"] == "hauloc_officer" and entry["objectType"] == "target"
    assert entry["before"]["version"] == target["version"]


def test_statuses_follow_the_deadline_and_the_year(api: LiveServer) -> None:
    officer = api.as_user("hauloc_officer")
    status_of = {}
    for as_of in ("2023-01-02", "2023-12-30", "2024-02-01"):
        rows = targets(officer, "400", asOf=as_of)
        status_of[as_of] = {t["status"] for t in rows}
    assert "MISSED" not in status_of["2023-01-02"]
    assert "OVERDUE" in status_of["2023-12-30"]
    assert status_of["2024-02-01"] == {"MISSED"}


PERCENT_TARGET = """mutation($value: Float!, $kind: DeadlineKind!, $start: Date) {
  createTarget(input: {unit: "400", year: 2024, category: CIRCULAR_124_DECISION_510,
    stt: "T1", text: "Tỷ lệ đạt chuẩn An toàn về ANTT",
    quantity: {kind: PERCENT, value: $value},
    deadline: {kind: $kind, dueOn: "2024-08-19", startsOn: $start}}) {
    __typename ... on Target { id status version quantity { value } }
    ... on InvalidInputError { field message } ... on UserError { code } } }"""


def _count_targets(client: UserClient) -> int:
    return len(targets(client, "400", year=2024))


@pytest.mark.parametrize(
    ("value", "kind", "start", "field"),
    [
        (120.0, "DATE", None, "quantity.value"),
        (80.0, "WINDOW", "2024-09-01", "deadline"),
    ],
)
def test_bad_targets_are_refused_with_a_typed_error_and_nothing_written(
    fresh_api: LiveServer,
    value: float,
    kind: str,
    start: str | None,
    field: str,
) -> None:
    officer = fresh_api.as_user("hauloc_officer")
    result = officer.graphql(PERCENT_TARGET, {"value": value, "kind": kind, "start": start})
    created = result["data"]["createTarget"]
    assert created["__typename"] == "InvalidInputError" and created["field"] == field, created
    assert _count_targets(officer) == 0
    ok = officer.graphql(PERCENT_TARGET, {"value": 80.0, "kind": "WINDOW", "start": "2024-07-01"})[
        "data"
    ]["createTarget"]
    assert ok["__typename"] == "Target" and ok["quantity"]["value"] == 80.0
    assert _count_targets(officer) == 1


def test_a_percentage_progress_over_100_is_refused(fresh_api: LiveServer) -> None:
    officer = fresh_api.as_user("hauloc_officer")
    target = next(t for t in targets(officer, "400") if t["quantity"]["kind"] == "PERCENT")
    result = officer.graphql(
        REPORT, {"t": target["id"], "v": target["version"], "value": 130, "on": "2023-05-01"}
    )["data"]["reportProgress"]
    assert result["__typename"] == "InvalidInputError" and result["field"] == "value"
    again = next(t for t in targets(officer, "400") if t["id"] == target["id"])
    assert again["version"] == target["version"] and again["achieved"] is None


MODELS = """query($under: String) { movementModels(under: $under, first: 50) { edges { node {
    id name status version type { name } unit { code }
    ratings { year rating label version } } } } }"""
RATE = """mutation($m: ID!, $r: ModelRatingClass!, $v: Int) {
  rateMovementModel(input: {id: $m, year: 2023, rating: $r, version: $v}) {
    __typename ... on ModelRating { rating label version reviewer }
    ... on InvalidInputError { field } ... on UserError { code message }
    ... on VersionConflictError { currentVersion } } }"""
MODEL_ROLLUP = """query($unit: String!) { modelRollup(unit: $unit, year: 2023) {
    total { models rated tot kha trungBinh yeu goodShare meetsRule }
    children { unit { code } models tot kha trungBinh yeu goodShare meetsRule } } }"""


def test_model_rollup_counts_ratings_by_child_against_the_80_percent_rule(
    api: LiveServer,
) -> None:
    rollup = api.as_user("hauloc_reviewer").graphql(MODEL_ROLLUP, {"unit": "400"})
    total = rollup["data"]["modelRollup"]["total"]
    assert total == {
        "models": 4,
        "rated": 4,
        "tot": 1,
        "kha": 2,
        "trungBinh": 1,
        "yeu": 0,
        "goodShare": 75.0,
        "meetsRule": False,
    }
    by_code = {c["unit"]["code"]: c for c in rollup["data"]["modelRollup"]["children"]}
    assert by_code["16072"]["goodShare"] == 100.0 and by_code["16072"]["meetsRule"]
    assert by_code["16021"]["meetsRule"] is False
    province = api.as_user("thanhhoa_reviewer").graphql(MODEL_ROLLUP, {"unit": "38"})
    assert province["data"]["modelRollup"]["total"]["models"] == 5


def test_a_district_officer_asking_for_the_province_rollup_gets_not_found(
    api: LiveServer,
) -> None:
    for query in (MODEL_ROLLUP, ROLLUP):
        result = api.as_user("hauloc_officer").graphql(query, {"unit": "38"})
        assert not any((result["data"] or {}).values())  # nullable root field
        assert result["errors"][0]["extensions"]["code"] == "NOT_FOUND"


def test_rating_by_the_reviewer_above_moves_the_rollup_and_rejects_bad_input(
    fresh_api: LiveServer,
) -> None:
    reviewer = fresh_api.as_user("hauloc_reviewer")
    models = reviewer.graphql(MODELS, {"under": "16021"})["data"]["movementModels"]["edges"]
    model = models[0]["node"]
    rating = model["ratings"][0]
    # Xuất sắc is a class of Decision 510 units, not of models: the enum refuses it.
    bad = reviewer.graphql(RATE, {"m": model["id"], "r": "XUAT_SAC", "v": rating["version"]})
    assert bad["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "ModelRatingClass" in bad["errors"][0]["message"]
    stale = reviewer.graphql(RATE, {"m": model["id"], "r": "KHA", "v": None})
    assert stale["data"]["rateMovementModel"]["__typename"] == "VersionConflictError"
    officer = fresh_api.as_user("hauloc_officer")  # officers write models, they do not rate
    refused = officer.graphql(RATE, {"m": model["id"], "r": "TOT", "v": rating["version"]})
    assert refused["data"]["rateMovementModel"]["__typename"] == "NotAllowedError"
    ok = reviewer.graphql(RATE, {"m": model["id"], "r": "KHA", "v": rating["version"]})
    assert ok["data"]["rateMovementModel"] == {
        "__typename": "ModelRating",
        "rating": "KHA",
        "label": "Khá",
        "version": 2,
        "reviewer": "hauloc_reviewer",
    }
    total = reviewer.graphql(MODEL_ROLLUP, {"unit": "400"})["data"]["modelRollup"]["total"]
    assert total["goodShare"] == 100.0 and total["meetsRule"] is True


def test_creating_a_model_and_winding_it_up(fresh_api: LiveServer) -> None:
    officer = fresh_api.as_user("phuloc_officer")
    created = officer.graphql("""mutation { createMovementModel(input: {unit: "16072",
        typeCode: "cong_truong_an_toan", name: "Cổng trường an toàn Trường THCS Phú Lộc",
        origin: NEW, foundedOn: "2024-09-05"}) { __typename ... on MovementModel { id version
        type { name } } } }""")["data"]["createMovementModel"]
    assert (
        created["__typename"] == "MovementModel"
        and created["type"]["name"] == "Cổng trường an toàn"
    )
    change = """mutation($m: ID!, $v: Int!) { changeMovementModelStatus(input: {id: $m,
        version: $v, status: WOUND_UP, endedOn: "2025-01-10"}) { __typename
        ... on MovementModel { status version }
        ... on VersionConflictError { currentVersion } } }"""
    done = officer.graphql(change, {"m": created["id"], "v": 1})["data"]
    assert done["changeMovementModelStatus"] == {
        "__typename": "MovementModel",
        "status": "WOUND_UP",
        "version": 2,
    }
    stale = officer.graphql(change, {"m": created["id"], "v": 1})["data"]
    assert stale["changeMovementModelStatus"]["__typename"] == "VersionConflictError"


CALENDAR = """query($unit: String!, $asOf: Date) { calendar(unit: $unit, from: "2023-01-01",
    to: "2023-12-31", asOf: $asOf, first: 100) { totalCount edges { node { kind dueOn title
    status overdue unit { code } plan { title } } } } }"""


def test_the_calendar_lists_reports_and_targets_of_the_subtree_with_what_is_overdue(
    api: LiveServer,
) -> None:
    calendar = api.as_user("hauloc_officer").graphql(
        CALENDAR, {"unit": "400", "asOf": "2023-06-01"}
    )["data"]["calendar"]
    entries = [e["node"] for e in calendar["edges"]]
    assert len(entries) == calendar["totalCount"]  # one page holds them all
    kinds = {e["kind"] for e in entries}
    assert kinds == {"REPORT", "TARGET"}
    reports = [e for e in entries if e["kind"] == "REPORT"]
    assert [r["dueOn"] for r in reports] == ["2023-03-29", "2023-05-14", "2023-10-29"]
    assert [r["overdue"] for r in reports] == [True, True, False]
    assert reports[0]["plan"] is None  # the province plan itself is not theirs to read
    assert all(e["unit"]["code"] == "400" for e in entries)
    assert [e["dueOn"] for e in entries] == sorted(e["dueOn"] for e in entries)
    assert any(e["overdue"] for e in entries if e["kind"] == "TARGET")


def test_the_calendar_refuses_an_inverted_range(api: LiveServer) -> None:
    result = api.as_user("hauloc_officer").graphql("""{ calendar(unit: "400", from: "2023-05-01",
        to: "2023-01-01") { edges { node { dueOn } } } }""")
    assert result["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


def test_creating_a_plan_materialises_deadlines_and_shows_in_the_cascade(
    fresh_api: LiveServer,
) -> None:
    admin = fresh_api.as_user("thanhhoa_admin")
    parent = plan(admin, "86/KH-BCĐ")
    officer = fresh_api.as_user("nghison_officer")
    create = """mutation($p: ID) { createPlan(input: {unit: "407", kind: PLAN,
        title: "Xây dựng xã, phường điển hình năm 2024",
        issuingBody: "Ban Chỉ đạo 138 thị xã Nghi Sơn",
        year: 2024, number: "15/KH-BCĐ", issuedOn: "2024-03-01", status: ISSUED, parentId: $p,
        tasks: [{assignee: "Công an thị xã", description: "Tham mưu", dueOn: "2024-10-20"}],
        reportingDeadlines: [{kind: ANNUAL, dueOn: "2024-10-19"}]}) {
        __typename ... on Plan { id version reportingDeadlines { unit { code } } }
        ... on UserError { code message } } }"""
    created = officer.graphql(create, {"p": parent["id"]})["data"]["createPlan"]
    assert created["__typename"] == "Plan", created
    assert len(created["reportingDeadlines"]) > 10  # one per ward/commune of Nghi Sơn
    query = """query($id: ID!) { node(id: $id) { ... on Plan { implementation(asOf: "2024-06-01")
        { unit { code } hasPlan } } } }"""
    lines = admin.graphql(query, {"id": parent["id"]})["data"]["node"]["implementation"]
    assert {line["unit"]["code"] for line in lines if line["hasPlan"]} == {"400", "407"}
    update = """mutation($id: ID!, $v: Int!) { updatePlan(input: {id: $id, version: $v,
        status: SUPERSEDED}) { __typename ... on Plan { status version }
        ... on VersionConflictError { currentVersion } } }"""
    assert officer.graphql(update, {"id": created["id"], "v": 1})["data"]["updatePlan"] == {
        "__typename": "Plan",
        "status": "SUPERSEDED",
        "version": 2,
    }
    assert officer.graphql(update, {"id": created["id"], "v": 1})["data"]["updatePlan"] == {
        "__typename": "VersionConflictError",
        "currentVersion": 2,
    }
