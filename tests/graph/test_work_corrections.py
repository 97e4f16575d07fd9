"""Corrections (issue 14): the issuer of a plan corrects and withdraws its tasks, reporting
deadlines and targets, with version checks and audit entries holding before and after; the
unit they are addressed to cannot move them."""

from __future__ import annotations

from tests.support.server import LiveServer

PLAN = """{ plans(filter: {unit: "400", year: 2024}) { edges { node { id
    tasks { id description dueOn version unit { code } }
    reportingDeadlines { id kind dueOn version unit { code } } } } } }"""
CORRECT = """mutation($id: ID!, $v: Int!, $due: Date, $text: String) {
  correctWorkItem(input: {id: $id, version: $v, dueOn: $due, text: $text}) { __typename
    ... on PlanTask { dueOn description version }
    ... on ReportingDeadline { reportDue: dueOn note version }
    ... on UserError { code message } } }"""
WITHDRAW = """mutation($id: ID!, $v: Int!) { withdrawWorkItem(input: {id: $id, version: $v,
    reason: "Giao nhầm đơn vị"}) { __typename ... on UserError { code message } } }"""
AUDIT = """{ auditLog(first: 30) { edges { node { action objectType before after } } } }"""
TARGETS = """{ targets(filter: {unit: "400", year: 2023}, first: 100) { edges { node { id text
    version deadline { dueOn } } } } }"""
CORRECT_TARGET = """mutation($id: ID!, $v: Int!, $deadline: String) {
  correctTarget(input: {id: $id, version: $v, deadline: $deadline}) { __typename
    ... on Target { version deadline { dueOn raw } } ... on UserError { code message } } }"""
WITHDRAW_TARGET = """mutation($id: ID!, $v: Int!) { withdrawTarget(input: {id: $id,
    version: $v, reason: "Trùng chỉ tiêu"}) { __typename ... on UserError { message } } }"""


def _plan(client) -> dict:  # type: ignore[no-untyped-def]
    edges = client.graphql(PLAN)["data"]["plans"]["edges"]
    return next(e["node"] for e in edges if e["node"]["tasks"])


def test_the_issuer_corrects_and_withdraws_tasks_and_deadlines_the_addressee_cannot(
    fresh_api: LiveServer,
) -> None:
    district = fresh_api.as_user("hauloc_officer")
    commune = fresh_api.as_user("phuloc_officer")
    plan = _plan(district)
    task = next(t for t in plan["tasks"] if t["unit"]["code"] == "16072")
    moved = commune.graphql(CORRECT, {"id": task["id"], "v": task["version"], "due": "2024-12-31"})[
        "data"
    ]["correctWorkItem"]
    assert moved["__typename"] in ("NotAllowedError", "NotFoundError"), moved
    fixed = district.graphql(
        CORRECT, {"id": task["id"], "v": task["version"], "due": "2024-10-25"}
    )["data"]["correctWorkItem"]
    assert (fixed["dueOn"], fixed["version"]) == ("2024-10-25", task["version"] + 1)
    stale = district.graphql(
        CORRECT, {"id": task["id"], "v": task["version"], "due": "2024-10-26"}
    )["data"]["correctWorkItem"]
    assert stale["__typename"] == "VersionConflictError"
    report = next(d for d in plan["reportingDeadlines"] if d["unit"]["code"] == "16072")
    assert (
        district.graphql(WITHDRAW, {"id": report["id"], "v": report["version"]})["data"][
            "withdrawWorkItem"
        ]["__typename"]
        == "ReportingDeadline"
    )
    after = _plan(district)
    assert report["id"] not in {d["id"] for d in after["reportingDeadlines"]}
    entries = fresh_api.as_user("thanhhoa_admin").graphql(AUDIT)["data"]["auditLog"]["edges"]
    entries = [e["node"] for e in entries]
    correction = next(e for e in entries if e["action"] == "correct_task")
    assert correction["before"]["due_on"] == task["dueOn"]
    assert correction["after"]["due_on"] == "2024-10-25"
    assert any(e["action"] == "withdraw_report" for e in entries)


def test_targets_are_corrected_by_the_issuer_with_the_same_deadline_parser(
    fresh_api: LiveServer,
) -> None:
    province = fresh_api.as_user("thanhhoa_admin")
    district = fresh_api.as_user("hauloc_officer")
    target = province.graphql(TARGETS)["data"]["targets"]["edges"][0]["node"]
    own = district.graphql(
        CORRECT_TARGET,
        {"id": target["id"], "v": target["version"], "deadline": "trước ngày 31/12/2023"},
    )["data"]
    assert own["correctTarget"]["__typename"] == "NotAllowedError"
    fixed = province.graphql(
        CORRECT_TARGET,
        {"id": target["id"], "v": target["version"], "deadline": "trước ngày 31/12/2023"},
    )["data"]
    assert fixed["correctTarget"]["deadline"]["dueOn"] == "2023-12-30"
    stale = province.graphql(
        CORRECT_TARGET,
        {"id": target["id"], "v": target["version"], "deadline": "đến ngày 31/12/2023"},
    )["data"]
    assert stale["correctTarget"]["__typename"] == "VersionConflictError"
    bad = province.graphql(
        CORRECT_TARGET,
        {"id": target["id"], "v": target["version"] + 1, "deadline": "sớm nhất có thể"},
    )["data"]
    assert bad["correctTarget"]["__typename"] == "InvalidInputError"
    gone = province.graphql(WITHDRAW_TARGET, {"id": target["id"], "v": target["version"] + 1})
    assert gone["data"]["withdrawTarget"]["__typename"] == "Target", gone
    left = {e["node"]["id"] for e in province.graphql(TARGETS)["data"]["targets"]["edges"]}
    assert target["id"] not in left
