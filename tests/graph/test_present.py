"""The present: this year's work on the structure of 1/7/2025, over real HTTP.

A 2025 plan addressed to the districts before the reform shows their successor communes
afterwards; a reused code resolves by date; the province recognises communes and the agencies it
manages; rollups across the reform neither double nor lose units; the README's examples of
today run as written for current-unit users.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from tests.support.evaluations import CAMPAIGN_FIELDS, ok, step
from tests.support.server import LiveServer, UserClient

README = Path(__file__).resolve().parents[2] / "README.md"

PLAN_2025 = """{ plans(filter: {unit: "38", year: 2025}) { edges { node { id
    before: implementation(asOf: "2025-05-01") { unit { kind } }
    after: implementation(asOf: "2025-08-01") { unit { kind code name } pastDeadline hasPlan }
    reportingDeadlines { kind dueOn completedOn handedOverOn carriedOver unit { kind code } }
    tasks { assignee unit { kind } handedOverOn carriedOver } } } } }"""
PLAN_TARGETS = """query($id: ID!, $after: String) { node(id: $id) { ... on Plan {
    targets(first: 100, after: $after) { edges { node {
        stt carriedOver handedOverOn quantity { value } unit { kind } } }
    pageInfo { hasNextPage endCursor } } } } }"""


def plan_targets(client: UserClient, plan_id: str) -> list[dict[str, Any]]:
    """Every target of a plan, page by page (a province plan sets hundreds)."""
    found: list[dict[str, Any]] = []
    after = None
    while True:
        result = client.graphql(PLAN_TARGETS, {"id": plan_id, "after": after})
        assert "errors" not in result, result
        page = result["data"]["node"]["targets"]
        found.extend(e["node"] for e in page["edges"])
        if not page["pageInfo"]["hasNextPage"]:
            return found
        after = page["pageInfo"]["endCursor"]


def test_a_2025_plan_addressed_to_the_districts_shows_their_successors_after_the_reform(
    api: LiveServer,
) -> None:
    result = api.as_user("thanhhoa_admin").graphql(PLAN_2025)
    assert "errors" not in result, result
    plan = result["data"]["plans"]["edges"][0]["node"]
    assert {line["unit"]["kind"] for line in plan["before"]} == {"DISTRICT"}
    after = plan["after"]
    assert {line["unit"]["kind"] for line in after} <= {"COMMUNE", "AGENCY"}
    communes = [line for line in after if line["unit"]["kind"] == "COMMUNE"]
    assert len(communes) == 166
    assert any(line["unit"]["name"] == "Xã Hoa Lộc" for line in communes)
    # Born on 1/7/2025, after the implementing plans were due (9/4): not late.
    assert not any(line["pastDeadline"] for line in after)

    deadlines = plan["reportingDeadlines"]
    district_annual = [
        d for d in deadlines if d["unit"]["kind"] == "DISTRICT" and d["kind"] == "ANNUAL"
    ]
    commune_annual = [
        d for d in deadlines if d["unit"]["kind"] == "COMMUNE" and d["kind"] == "ANNUAL"
    ]
    assert len(district_annual) == 26
    assert all(
        d["handedOverOn"] == "2025-07-01" and not d["carriedOver"] for d in district_annual
    )  # history kept, marked handed over
    assert len(commune_annual) == 166 and all(d["carriedOver"] for d in commune_annual)
    # The six-month report was the districts' own (due before the reform): not handed over.
    assert all(d["handedOverOn"] is None for d in deadlines if d["kind"] == "SIX_MONTH")
    # Seed 002's section III: the eleven province bodies, and "UBND các cấp" per district,
    # taken over by the communes.
    assignees = {t["assignee"] for t in plan["tasks"] if t["unit"]["kind"] == "PROVINCE"}
    assert len(assignees) == 11 and "Sở Nội vụ" in assignees
    assert any(t["carriedOver"] and t["unit"]["kind"] == "COMMUNE" for t in plan["tasks"])
    # The plan's objectives as the districts' targets; percentages pass to every commune.
    targets = plan_targets(api.as_user("thanhhoa_admin"), plan["id"])
    of_districts = [t for t in targets if t["unit"]["kind"] == "DISTRICT"]
    of_communes = [t for t in targets if t["unit"]["kind"] == "COMMUNE"]
    assert len(of_districts) == 2 * 26 and all(t["handedOverOn"] for t in of_districts)
    assert len(of_communes) == 2 * 166
    assert all(t["carriedOver"] and t["quantity"]["value"] == 80 for t in of_communes)


def test_the_calendar_after_the_reform_lists_no_report_of_an_abolished_district(
    api: LiveServer,
) -> None:
    client = api.as_user("thanhhoa_admin")
    entries: list[dict[str, Any]] = []
    after = None
    while True:  # a province's month: several pages
        result = client.graphql(
            """query($after: String) { calendar(unit: "38", from: "2025-11-01",
            to: "2025-11-30", asOf: "2025-11-20", first: 100, after: $after) {
            edges { node { kind overdue unit { kind validTo } } }
            pageInfo { hasNextPage endCursor } } }""",
            {"after": after},
        )
        assert "errors" not in result, result
        page = result["data"]["calendar"]
        entries.extend(e["node"] for e in page["edges"])
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    reports = [e for e in entries if e["kind"] == "REPORT"]
    assert reports
    assert all(e["unit"]["kind"] != "DISTRICT" and e["unit"]["validTo"] is None for e in reports)
    # What the province's communes still owe is overdue: theirs, not the districts'.
    assert any(e["overdue"] for e in reports)


CREATE_TARGET = """mutation($due: Date!, $asOf: Date) { createTarget(input: {unit: "16072",
    year: 2025, category: DIRECTING_DOCUMENTS, stt: "T1", text: "Ban hành kế hoạch",
    quantity: {kind: COUNT, value: 1}, deadline: {kind: DATE, dueOn: $due}, asOf: $asOf}) {
    __typename ... on Target { unit { name path validFrom validTo } }
    ... on UserError { code message } } }"""


def test_a_target_with_a_reused_code_lands_on_the_unit_valid_on_its_due_day(
    fresh_api: LiveServer,
) -> None:
    admin = fresh_api.as_user("thanhhoa_admin")

    def unit(due: str, as_of: str | None = None) -> dict[str, Any]:
        result = admin.graphql(CREATE_TARGET, {"due": due, "asOf": as_of})
        assert "errors" not in result, result
        payload = result["data"]["createTarget"]
        assert payload["__typename"] == "Target", payload
        return payload["unit"]

    late = unit("2025-11-14")
    assert late["name"] == "Xã Hoa Lộc" and late["validFrom"] == "2025-07-01"
    early = unit("2025-03-29")
    assert early["name"] == "Xã Phú Lộc" and early["validTo"] == "2025-06-30"
    # asOf says which unit the code means whatever the deadline
    assert unit("2025-12-01", "2025-06-01")["name"] == "Xã Phú Lộc"
    # a district officer of the abolished Hậu Lộc cannot write the new commune's targets
    old = fresh_api.as_user("hauloc_officer").graphql(CREATE_TARGET, {"due": "2025-11-14"})
    assert old["data"]["createTarget"]["__typename"] in {"NotFoundError", "NotAllowedError"}


CAMPAIGN = f"""query($code: String!) {{ typicalCampaign(unit: $code, year: 2026) {{
    {CAMPAIGN_FIELDS} unit {{ path }} }} }}"""


def test_the_province_reviewer_recognises_a_commune_and_a_province_managed_agency_of_2026(
    fresh_api: LiveServer,
) -> None:
    reviewer = fresh_api.as_user("thanhhoa_reviewer")
    for code, owner in (("16072", "hoaloc_officer"), ("TH-BQLKKT", "bqlkkt_head")):
        campaign = reviewer.graphql(CAMPAIGN, {"code": code})["data"]["typicalCampaign"]
        assert campaign["state"] == "UNDER_REVIEW" and campaign["year"] == 2026
        # the unit's own officer cannot recognise itself
        refused = step(fresh_api.as_user(owner), campaign, "RECOGNISE", "2026-11-25")
        assert refused["__typename"] != "TypicalCampaign"
        done = ok(step(reviewer, campaign, "RECOGNISE", "2026-11-25"), "advanceCampaign")
        assert done["state"] == "RECOGNISED" and done["decidedBy"] == "thanhhoa_reviewer"


def test_the_districts_reviewers_have_nothing_to_recognise_after_the_reform(
    fresh_api: LiveServer,
) -> None:
    campaign = fresh_api.as_user("thanhhoa_reviewer").graphql(CAMPAIGN, {"code": "16072"})["data"][
        "typicalCampaign"
    ]
    refused = step(fresh_api.as_user("hauloc_reviewer"), campaign, "RECOGNISE", "2026-11-25")
    assert refused["__typename"] in {"NotFoundError", "NotAllowedError"}


ROLLUP = """query($asOf: Date!, $pred: Boolean!) { rollup(unit: "38", year: 2024,
    asOf: $asOf, includePredecessors: $pred) {
    total { units assessed safe { count } goodOrExcellent { count } }
    children { unit { kind } figures { units assessed } } } }"""


def test_2024_totals_are_the_same_on_the_old_structure_and_mapped_onto_the_new_one(
    api: LiveServer,
) -> None:
    admin = api.as_user("thanhhoa_admin")

    def rollup(as_of: str, pred: bool) -> dict[str, Any]:
        result = admin.graphql(ROLLUP, {"asOf": as_of, "pred": pred})
        assert "errors" not in result, result
        return result["data"]["rollup"]

    old = rollup("2024-06-01", False)
    mapped = rollup("2025-08-01", True)
    assert old["total"]["assessed"] > 0
    assert mapped["total"]["assessed"] == old["total"]["assessed"]
    assert mapped["total"]["safe"] == old["total"]["safe"]
    assert mapped["total"]["goodOrExcellent"] == old["total"]["goodOrExcellent"]
    # none counted twice: the children (communes of 2025) add up to the total
    assert {c["unit"]["kind"] for c in mapped["children"]} <= {"COMMUNE", "AGENCY"}
    assert sum(c["figures"]["assessed"] for c in mapped["children"]) == mapped["total"]["assessed"]
    assert sum(c["figures"]["assessed"] for c in old["children"]) == old["total"]["assessed"]


def readme_examples() -> list[tuple[str, str]]:
    """(user, query) of every ```graphql block of the README's "The present" section."""
    text = README.read_text(encoding="utf-8")
    section = text.split("## The present", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```graphql\n(.*?)```", section, flags=re.S)
    examples = []
    for block in blocks:
        user = re.match(r"# as (\w+)\n", block)
        assert user, f"README example without '# as <user>': {block[:80]}"
        examples.append((user.group(1), block[user.end() :]))
    return examples


def _nonempty(value: Any, where: str) -> None:
    """Every list has entries and every count is positive: real figures, not an empty shell."""
    if isinstance(value, list):
        assert value, f"empty list at {where}"
        for i, item in enumerate(value[:3]):
            _nonempty(item, f"{where}[{i}]")
    elif isinstance(value, dict):
        assert value is not None
        for key, item in value.items():
            # counts of the whole answer (not of every child row) must be real figures
            if (
                key in ("total", "units", "assessed", "models")
                and isinstance(item, int)
                and "[" not in where
            ):
                assert item > 0, f"{where}.{key} is 0"
            _nonempty(item, f"{where}.{key}")


def test_the_readme_examples_of_today_run_as_written_for_current_unit_users(
    api: LiveServer,
) -> None:
    examples = readme_examples()
    assert len(examples) >= 6
    users = {user for user, _ in examples}
    assert {"thanhhoa_admin", "hoaloc_officer", "bqlkkt_head"} <= users
    for user, query in examples:
        assert "asOf" not in query, "today's examples must not need asOf"
        result = api.as_user(user).graphql(query)
        assert "errors" not in result, (user, query, result)
        _nonempty(result["data"], f"{user}: {query[:60]}")
