"""Rules as data (issue 14) over HTTP: each plan's schedule governs the units below it, a refusal
names the plan and its wording, a changed rule changes what is accepted, the unit never sets its
own deadline, the level above extends one unit's, quotas roll up, work is marked done, and
corrections are versioned and audited."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from tests.support.evaluations import (
    COMMUNE_FIGURES,
    COMMUNE_PREVIOUS,
    RECORD_ASSESSMENTS,
    REGISTER,
    RESULTS,
    all_results,
    build_dossier,
    ok,
    step,
)
from tests.support.server import LiveServer, UserClient

HISTORY = """query($code: String!, $year: Year!) { typicalCampaign(unit: $code, year: $year) {
    history { action on late reasons } } }"""
SCHEDULE = """query($unit: String!, $year: Year!) { governingSchedule(unit: $unit, year: $year) {
    step wording dueOn lateAllowed planNumber planTitle citation } }"""
PLAN_ID = """query($unit: String!, $year: Year!) { plans(filter: {unit: $unit, year: $year}) {
    edges { node { id title } } } }"""
PLAN_SCHEDULE = """query($id: ID!) { planSchedule(id: $id) { id step wording dueOn version
    withdrawnOn } }"""
EDIT_RULE = """mutation($id: ID!, $v: Int!, $wording: String) {
  editScheduleRule(input: {id: $id, version: $v, wording: $wording}) { __typename
    ... on ScheduleRule { wording dueOn version } ... on UserError { code message } } }"""
ADD_RULE = """mutation($id: ID!, $step: ScheduleStep!, $wording: String!) {
  addScheduleRule(input: {id: $id, step: $step, wording: $wording}) { __typename
    ... on ScheduleRule { id dueOn } ... on UserError { code message } } }"""
AS_OF = """query($id: ID!, $asOf: Date) { planSchedule(id: $id, asOf: $asOf) { step wording
    history { action actor before after } } }"""
WITHDRAW = """mutation($id: ID!, $v: Int!, $reason: String!) {
  withdrawScheduleRule(input: {id: $id, version: $v, reason: $reason}) { __typename
    ... on ScheduleRule { withdrawnOn } ... on UserError { code message } } }"""
EXTEND = """mutation($id: ID!, $step: ScheduleStep!, $due: Date!, $reason: String!) {
  grantCampaignExtension(input: {id: $id, step: $step, dueOn: $due, reason: $reason,
                                 on: "2024-10-04"}) {
    __typename ... on TypicalCampaign { id version } ... on UserError { code message } } }"""


def _plan_id(client: UserClient, unit: str, year: int, title_part: str = "") -> str:
    edges = client.graphql(PLAN_ID, {"unit": unit, "year": year})["data"]["plans"]["edges"]
    found = [e["node"]["id"] for e in edges if title_part in e["node"]["title"]]
    assert found, edges
    return found[0]


def _rule(client: UserClient, plan_id: str, step_name: str) -> dict:
    rules = client.graphql(PLAN_SCHEDULE, {"id": plan_id})["data"]["planSchedule"]
    return next(r for r in rules if r["step"] == step_name and r["withdrawnOn"] is None)


def _thanh_my_until_annual(officer: UserClient) -> dict:
    campaign = ok(
        officer.graphql(
            REGISTER, {"code": "30073", "year": 2024, "on": "2024-03-01", "asOf": "2024-03-01"}
        ),
        "registerTypicalUnit",
    )
    campaign = ok(step(officer, campaign, "SUBMIT_PLAN", "2024-03-05"), "advanceCampaign")
    campaign = ok(step(officer, campaign, "REPORT_SIX_MONTHS", "2024-06-04"), "advanceCampaign")
    campaign = ok(
        officer.graphql(
            RESULTS,
            {
                "id": campaign["id"],
                "v": campaign["version"],
                "figures": COMMUNE_FIGURES,
                "previous": COMMUNE_PREVIOUS,
                "results": all_results(34),
            },
        ),
        "recordCriterionResults",
    )
    campaign = ok(step(officer, campaign, "REPORT_ANNUAL", "2024-09-20"), "advanceCampaign")
    campaign = build_dossier(officer, campaign)
    return ok(step(officer, campaign, "COMPLETE_DOSSIER", "2024-09-25"), "advanceCampaign")


def test_three_seed_plans_set_their_own_schedules(api: LiveServer) -> None:
    """Thanh Mỹ (Tháp Mười 2024, seed 004), Phú Lộc (Hậu Lộc 2024, seed 001) and a Quảng Trị
    commune (seed 003, 'hằng năm') are governed by their own plans; steps no plan below sets
    fall back to the ministry's data."""
    reader = api.as_user("bca_v05")

    def schedule(unit: str, year: int) -> dict[str, dict]:
        rows = reader.graphql(SCHEDULE, {"unit": unit, "year": year})["data"]
        return {r["step"]: r for r in rows["governingSchedule"]}

    thanh_my = schedule("30073", 2024)
    assert thanh_my["UNIT_PLAN"]["dueOn"] == "2024-01-30"  # "trước ngày 31/01/2024"
    assert thanh_my["DOSSIER_SUBMISSION"]["dueOn"] == "2024-10-04"
    assert thanh_my["RECOGNITION"]["wording"] == "trước ngày 05/10/2024"
    assert thanh_my["TYPICAL_REGISTRATION"]["planNumber"] == "630/KH-BCA"  # national default
    phu_loc = schedule("16072", 2024)
    assert phu_loc["SIX_MONTH_REPORT"]["dueOn"] == "2024-06-09"
    assert phu_loc["ANNUAL_REPORT"]["dueOn"] == "2024-10-19"
    assert phu_loc["RECOGNITION"]["dueOn"] == "2024-12-31"  # "cuối năm"
    assert phu_loc["DECISION510_REPORT"]["dueOn"] == "2024-11-29"  # communes: before 30/11
    quang_tri = reader.graphql("""{ units(filter: {under: "45", kind: COMMUNE,
        asOf: "2024-06-01"}, first: 1) { edges { node { code } } } }""")
    edges = quang_tri["data"]["units"]["edges"]
    assert edges, quang_tri
    commune = schedule(edges[0]["node"]["code"], 2024)  # the 2023 plan says "hằng năm"
    assert commune["RECOGNITION"]["dueOn"] == "2024-10-25"  # "25/10 hàng năm"
    assert commune["TYPICAL_REGISTRATION"]["dueOn"] == "2024-03-29"
    assert commune["ANNUAL_REPORT"]["lateAllowed"] is True


def test_late_steps_are_refused_or_recorded_late_as_the_plan_says(fresh_api: LiveServer) -> None:
    officer = fresh_api.as_user("thanhmy_officer")
    campaign = _thanh_my_until_annual(officer)
    history = officer.graphql(HISTORY, {"code": "30073", "year": 2024})["data"]["typicalCampaign"][
        "history"
    ]
    plan_step = next(h for h in history if h["action"] == "SUBMIT_PLAN")
    # Tháp Mười's plan wants the unit's plan "trước ngày 31/01/2024" and lets it come late.
    assert plan_step["late"] is True
    assert any("trước ngày 31/01/2024" in r for r in plan_step["reasons"])
    assert not next(h for h in history if h["action"] == "REPORT_SIX_MONTHS")["late"]
    # The dossier may not come late: refused, naming the plan and its wording.
    refused = step(officer, campaign, "SUBMIT", "2024-10-05")
    assert (refused["__typename"], refused["code"]) == ("TransitionRefusedError", "DEADLINE_PASSED")
    assert "trước ngày 05/10/2024" in refused["message"]
    assert "Ban Chỉ đạo 138 huyện Tháp Mười" in refused["message"]
    assert any("trước ngày 05/10/2024" in r for r in refused["reasons"])


def test_changing_a_plans_rule_changes_what_is_accepted(fresh_api: LiveServer) -> None:
    officer = fresh_api.as_user("thanhmy_officer")
    district = fresh_api.as_user("thapmuoi_officer")
    campaign = _thanh_my_until_annual(officer)
    assert step(officer, campaign, "SUBMIT", "2024-10-06")["code"] == "DEADLINE_PASSED"
    plan = _plan_id(district, "872", 2024)
    rule = _rule(district, plan, "DOSSIER_SUBMISSION")
    # The commune cannot touch its district's rule ...
    denied = officer.graphql(
        EDIT_RULE, {"id": rule["id"], "v": rule["version"], "wording": "đến ngày 31/12/2024"}
    )
    assert denied["data"]["editScheduleRule"]["__typename"] in ("NotAllowedError", "NotFoundError")
    # ... the district can; a stale version is a conflict.
    edited = district.graphql(
        EDIT_RULE, {"id": rule["id"], "v": rule["version"], "wording": "chậm nhất ngày 10/10/2024"}
    )["data"]
    assert edited["editScheduleRule"]["dueOn"] == "2024-10-10"
    stale = district.graphql(
        EDIT_RULE, {"id": rule["id"], "v": rule["version"], "wording": "trước ngày 01/10/2024"}
    )["data"]
    assert stale["editScheduleRule"]["__typename"] == "VersionConflictError"
    accepted = ok(step(officer, campaign, "SUBMIT", "2024-10-06"), "advanceCampaign")
    assert accepted["state"] == "SUBMITTED"
    # History: the rule as it stood before the edit, and the edit itself with before/after.
    today = date.today()
    as_was = {
        r["step"]: r
        for r in district.graphql(
            AS_OF, {"id": plan, "asOf": (today - timedelta(days=2)).isoformat()}
        )["data"]["planSchedule"]
    }
    assert as_was["DOSSIER_SUBMISSION"]["wording"] == "trước ngày 05/10/2024"
    now = {
        r["step"]: r
        for r in district.graphql(
            AS_OF, {"id": plan, "asOf": (today + timedelta(days=1)).isoformat()}
        )["data"]["planSchedule"]
    }
    assert now["DOSSIER_SUBMISSION"]["wording"] == "chậm nhất ngày 10/10/2024"
    change = now["DOSSIER_SUBMISSION"]["history"][-1]
    assert (change["action"], change["actor"]) == ("edit_schedule_rule", "thapmuoi_officer")
    assert change["before"]["wording"] == "trước ngày 05/10/2024"


def test_a_withdrawn_rule_hands_over_to_the_next_plan_up(fresh_api: LiveServer) -> None:
    district = fresh_api.as_user("thapmuoi_officer")
    plan = _plan_id(district, "872", 2024)
    rule = _rule(district, plan, "DOSSIER_SUBMISSION")
    no_reason = district.graphql(WITHDRAW, {"id": rule["id"], "v": rule["version"], "reason": ""})[
        "data"
    ]["withdrawScheduleRule"]
    assert no_reason["__typename"] == "InvalidInputError"
    done = district.graphql(
        WITHDRAW, {"id": rule["id"], "v": rule["version"], "reason": "Nhập nhầm"}
    )["data"]["withdrawScheduleRule"]
    assert done["__typename"] == "ScheduleRule" and done["withdrawnOn"]
    schedule = {
        r["step"]: r
        for r in district.graphql(SCHEDULE, {"unit": "30073", "year": 2024})["data"][
            "governingSchedule"
        ]
    }
    assert schedule["DOSSIER_SUBMISSION"]["planNumber"] == "630/KH-BCA"
    assert schedule["DOSSIER_SUBMISSION"]["dueOn"] == "2024-10-24"


def test_a_commune_cannot_set_its_own_deadline(fresh_api: LiveServer) -> None:
    officer = fresh_api.as_user("thanhmy_officer")
    own = officer.graphql("""mutation { registerTypicalUnit(input: {unit: "30073",
        year: 2024, on: "2024-03-01", submitDeadline: "2024-12-31"}) { __typename
        ... on UserError { code message } } }""")["data"]["registerTypicalUnit"]
    assert own["__typename"] == "NotAllowedError" and "không tự đặt thời hạn" in own["message"]
    # A rule in the commune's own plan governs the units below it, never the commune itself.
    created = officer.graphql("""mutation { createPlan(input: {unit: "30073", kind: PLAN,
        title: "Kế hoạch của xã", issuingBody: "Hội đồng bảo vệ ANTT xã Thanh Mỹ", year: 2024,
        status: ISSUED}) { __typename ... on Plan { id } ... on UserError { message } } }""")
    plan = created["data"]["createPlan"]
    if plan["__typename"] == "Plan":
        added = officer.graphql(
            ADD_RULE,
            {"id": plan["id"], "step": "TYPICAL_REGISTRATION", "wording": "đến ngày 31/12/2024"},
        )["data"]
        assert added["addScheduleRule"]["__typename"] == "ScheduleRule"
    late = officer.graphql(
        REGISTER, {"code": "30073", "year": 2024, "on": "2024-04-15", "asOf": "2024-04-15"}
    )["data"]["registerTypicalUnit"]
    assert late["code"] == "DEADLINE_PASSED" and "630/KH-BCA" in late["message"]


def test_the_level_above_extends_one_unit_and_a_returned_dossier_is_resubmitted_within_it(
    fresh_api: LiveServer,
) -> None:
    officer = fresh_api.as_user("thanhmy_officer")
    reviewer = fresh_api.as_user("thapmuoi_reviewer")
    campaign = _thanh_my_until_annual(officer)
    campaign = ok(step(officer, campaign, "SUBMIT", "2024-10-01"), "advanceCampaign")
    campaign = ok(
        step(reviewer, campaign, "RETURN", "2024-10-03", reasons=["Thiếu biên bản"]),
        "advanceCampaign",
    )
    assert step(officer, campaign, "SUBMIT", "2024-10-08")["code"] == "DEADLINE_PASSED"
    # The unit cannot extend itself; the level above can, with a reason.
    own = officer.graphql(
        EXTEND,
        {
            "id": campaign["id"],
            "step": "DOSSIER_SUBMISSION",
            "due": "2024-10-15",
            "reason": "xin gia hạn",
        },
    )["data"]
    assert own["grantCampaignExtension"]["__typename"] == "NotAllowedError"
    no_reason = reviewer.graphql(
        EXTEND,
        {"id": campaign["id"], "step": "DOSSIER_SUBMISSION", "due": "2024-10-15", "reason": " "},
    )["data"]
    assert no_reason["grantCampaignExtension"]["__typename"] == "InvalidInputError"
    granted = reviewer.graphql(
        EXTEND,
        {
            "id": campaign["id"],
            "step": "DOSSIER_SUBMISSION",
            "due": "2024-10-15",
            "reason": "Bổ sung biên bản họp xét",
        },
    )["data"]["grantCampaignExtension"]
    assert granted["__typename"] == "TypicalCampaign", granted
    campaign = ok(step(officer, granted, "SUBMIT", "2024-10-08"), "advanceCampaign")
    assert campaign["state"] == "SUBMITTED"
    assert step(officer, campaign, "SUBMIT", "2024-10-16")["__typename"] != "TypicalCampaign"
    history = officer.graphql(HISTORY, {"code": "30073", "year": 2024})["data"]["typicalCampaign"][
        "history"
    ]
    extension = next(h for h in history if h["action"] == "GRANT_EXTENSION")
    assert "Bổ sung biên bản họp xét" in extension["reasons"]
    granted_list = officer.graphql("""{ typicalCampaign(unit: "30073", year: 2024) {
        extensions { step dueOn reason grantedBy } } }""")["data"]["typicalCampaign"]
    assert granted_list["extensions"] == [
        {
            "step": "dossier_submission",
            "dueOn": "2024-10-15",
            "reason": "Bổ sung biên bản họp xét",
            "grantedBy": "thapmuoi_reviewer",
        }
    ]


def test_assessment_entry_follows_the_province_plan_of_the_year(fresh_api: LiveServer) -> None:
    """Thanh Hóa 2023 (seed 000): hamlets before 05/11, communes before 10/11; in 2024 no
    Thanh Hóa plan sets it and Decision 510's dates govern."""
    officer = fresh_api.as_user("phuloc_officer")
    entry = [
        {"unit": "16072", "safetyRegistered": True, "safetyAchieved": True, "classification": "KHA"}
    ]
    hamlet = [
        {
            "unit": "16072-R01",
            "safetyRegistered": True,
            "safetyAchieved": True,
            "classification": "KHA",
        }
    ]
    late_2023 = officer.graphql(
        RECORD_ASSESSMENTS, {"year": 2023, "on": "2023-11-06", "entries": hamlet}
    )["data"]
    refused = late_2023["recordAssessments"]
    assert (refused["__typename"], refused["code"]) == ("TransitionRefusedError", "DEADLINE_PASSED")
    assert (
        "trước ngày 05/11/2023" in refused["message"]
        and "UBND tỉnh Thanh Hóa" in refused["message"]
    )
    on_time_2024 = officer.graphql(
        RECORD_ASSESSMENTS, {"year": 2024, "on": "2024-11-10", "entries": entry}
    )["data"]
    assert on_time_2024["recordAssessments"]["__typename"] == "AssessmentList"


QUOTAS = """query($unit: String!, $year: Year!) { quotaRollup(unit: $unit, year: $year) {
    lines { unit { code } count met short quota { minimum unitKinds wording planNumber } } } }"""


def test_quota_rollup_shows_who_is_short(api: LiveServer) -> None:
    """Hậu Lộc's plan (seed 001): at least one unit of its own each year; 2024 has Phú Lộc,
    Triệu Lộc (registered or not) and Ny Hoa Việt in the demo data."""
    lines = api.as_user("hauloc_officer").graphql(QUOTAS, {"unit": "400", "year": 2024})["data"][
        "quotaRollup"
    ]["lines"]
    assert lines, lines
    own = [line for line in lines if line["unit"]["code"] == "400"]
    assert own and own[0]["quota"]["minimum"] == 1
    assert own[0]["met"] == (own[0]["count"] >= 1) and own[0]["short"] == max(
        0, 1 - own[0]["count"]
    )
    # Quảng Trị: each district needs a xã, a phường/thị trấn and an agency; nobody registered.
    province = api.as_user("quangtri_admin").graphql(QUOTAS, {"unit": "45", "year": 2024})["data"][
        "quotaRollup"
    ]["lines"]
    per_district = [line for line in province if line["unit"]["code"] != "45"]
    assert per_district and all(not line["met"] and line["short"] == 1 for line in per_district)
    assert {tuple(line["quota"]["unitKinds"]) for line in per_district} >= {
        ("XA",),
        ("PHUONG_THI_TRAN",),
    }
    # The official report prints the same lines.
    report = api.as_user("quangtri_admin").graphql("""{ resultReport(unit: "45", year: 2024)
        { quotas { unitName kindsLabel count met short } } }""")["data"]["resultReport"]
    assert len(report["quotas"]) == len(province)
    assert sum(not q["met"] for q in report["quotas"]) == sum(not li["met"] for li in province)


CALENDAR = """query($unit: String!) { calendar(unit: $unit, from: "2024-06-01",
    to: "2024-10-31", asOf: "2024-11-01", first: 100) { edges { node { kind dueOn title
    workStatus itemId version unit { code } } } } }"""


def calendar(result: dict[str, Any]) -> list[dict[str, Any]]:
    """The calendar's entries (one page holds a commune's or a district's five months)."""
    return [e["node"] for e in result["data"]["calendar"]["edges"]]


DONE = """mutation($id: ID!, $v: Int!, $on: Date!) { markWorkDone(input: {id: $id, version: $v,
    on: $on, note: "Đã gửi báo cáo", link: "s3://antq-docs/bc.pdf"}) { __typename
    ... on ReportingDeadline { completedOn completedBy workStatus(asOf: "2024-11-01") version }
    ... on UserError { code message } } }"""


def test_work_is_marked_done_late_or_overdue_and_campaign_steps_close_reports(
    fresh_api: LiveServer,
) -> None:
    officer = fresh_api.as_user("mydong_officer")
    entries = officer.graphql(CALENDAR, {"unit": "30058"})
    assert "errors" not in entries, entries
    reports = [e for e in calendar(entries) if e["kind"] == "REPORT"]
    assert reports and all(e["workStatus"] == "OVERDUE" for e in reports)
    six, annual = sorted(reports, key=lambda e: e["dueOn"])[:2]
    on_time = officer.graphql(DONE, {"id": six["itemId"], "v": six["version"], "on": "2024-06-03"})[
        "data"
    ]["markWorkDone"]
    assert (on_time["workStatus"], on_time["completedBy"]) == ("DONE", "mydong_officer")
    late = officer.graphql(
        DONE, {"id": annual["itemId"], "v": annual["version"], "on": "2024-10-20"}
    )["data"]["markWorkDone"]
    assert late["workStatus"] == "DONE_LATE"
    stale = officer.graphql(
        DONE, {"id": annual["itemId"], "v": annual["version"], "on": "2024-10-20"}
    )["data"]["markWorkDone"]
    assert stale["__typename"] == "VersionConflictError"
    # A commune cannot mark another commune's report done.
    other = fresh_api.as_user("thanhmy_officer").graphql(
        DONE, {"id": six["itemId"], "v": on_time["version"], "on": "2024-06-03"}
    )["data"]
    assert other["markWorkDone"]["__typename"] in ("NotAllowedError", "NotFoundError")
    # The level above sees the late completion.
    seen = fresh_api.as_user("thapmuoi_reviewer").graphql(CALENDAR, {"unit": "872"})
    statuses = {
        (e["unit"]["code"], e["dueOn"]): e["workStatus"]
        for e in calendar(seen)
        if e["kind"] == "REPORT"
    }
    assert statuses[("30058", annual["dueOn"])] == "DONE_LATE"
    # Thanh Mỹ's campaign steps close its own reports by themselves.
    _thanh_my_until_annual(fresh_api.as_user("thanhmy_officer"))
    closed = {
        e["dueOn"]: e["workStatus"]
        for e in calendar(fresh_api.as_user("thanhmy_officer").graphql(CALENDAR, {"unit": "30073"}))
        if e["kind"] == "REPORT"
    }
    assert closed["2024-06-04"] == "DONE" and closed["2024-10-04"] in ("DONE", "OVERDUE")


def test_no_deadline_literal_is_left_in_services() -> None:
    """Dates that plans set live in plan data. What remains in services/ are calendar facts
    (the structure day a year's units are read on, a half-year's end), named here."""
    allowed = {(6, 30), (6, 1), (1, 1), (12, 31)}
    pattern = re.compile(r"date\([^()]*?,\s*(\d{1,2}),\s*(\d{1,2})\)")
    tuples = re.compile(r"=\s*\(\s*(\d{1,2}),\s*(\d{1,2})\s*\)")
    root = Path(__file__).resolve().parents[2] / "services"
    found = []
    for path in sorted(root.glob("*.py")):
        if path.name == "target_terms.py":  # the parser: it constructs dates it reads
            continue
        text = path.read_text(encoding="utf-8")
        for match in pattern.finditer(text):
            if (int(match.group(1)), int(match.group(2))) not in allowed:
                found.append(f"{path.name}: {match.group(0)}")
        found += [f"{path.name}: {m.group(0)}" for m in tuples.finditer(text)]
        if re.search(r"^(REGISTER_BY|SUBMIT_BY|DEADLINES)\b", text, re.MULTILINE):
            found.append(f"{path.name}: a deadline constant")
    assert found == []


def test_seed_dates_are_the_one_parsers_reading_of_their_wording() -> None:
    """Every reporting deadline and schedule rule of the seeds is read by parse_deadline: the
    curated dates agree with it ("trước ngày 10/6" is 09/6 everywhere)."""
    from seeds.plans import seed_due
    from seeds.plans_data import PLANS
    from services.target_terms import parse_deadline

    for plan in PLANS:
        for deadline in plan.deadlines:
            assert seed_due(deadline, plan.year) == deadline.due_on, deadline
        for rule in plan.schedule:
            assert parse_deadline(rule.wording, plan.year).due.year == plan.year, rule
