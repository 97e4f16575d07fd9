"""Tenant isolation of plans, targets and models over HTTP (the matrix of test_isolation.py):
each role reaches its subtree and nothing else; read-only roles never write; relations are
batched (statement counts do not grow with the number of rows)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tests.support.server import LiveServer, UserClient
from tests.support.sql_counter import count_statements


@dataclass(frozen=True)
class Case:
    username: str
    home: str
    home_path: str
    sibling: str  # a district-level unit outside the home subtree, with targets and models


CASES = [
    Case("hauloc_officer", "400", "vn.p38.d400", "407"),
    Case("hauloc_reviewer", "400", "vn.p38.d400", "407"),
    Case("nghison_officer", "407", "vn.p38.d407", "400"),
    Case("phuloc_officer", "16072", "vn.p38.d400.c16072", "407"),
    Case("thapmuoi_officer", "872", "vn.p87.d872", "400"),
]
IDS = [c.username for c in CASES]

LISTS = """{ plans(first: 100) { edges { node { unit { path } } } }
  targets(first: 100) { edges { node { unit { path } } } }
  movementModels(first: 100) { edges { node { unit { path } } } } }"""


def _ids(ministry: UserClient, code: str) -> dict[str, str]:
    targets = ministry.graphql(
        """query($c: String!) { targets(filter: {unit: $c}, first: 1) {
        edges { node { id } } } }""",
        {"c": code},
    )["data"]["targets"]["edges"]
    models = ministry.graphql(
        """query($c: String!) { movementModels(under: $c, first: 1) {
        edges { node { id } } } }""",
        {"c": code},
    )["data"]["movementModels"]["edges"]
    plan = ministry.graphql("""{ plans(filter: {number: "86/KH-BCĐ"}) { edges { node { id } } }
        }""")["data"]["plans"]["edges"]
    return {
        "target": targets[0]["node"]["id"],
        "model": models[0]["node"]["id"],
        "province_plan": plan[0]["node"]["id"],
    }


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_lists_cover_only_the_home_subtree(api: LiveServer, case: Case) -> None:
    data = api.as_user(case.username).graphql(LISTS)["data"]
    for field in ("plans", "targets", "movementModels"):
        paths = [e["node"]["unit"]["path"] for e in data[field]["edges"]]
        assert all(p == case.home_path or p.startswith(case.home_path + ".") for p in paths), (
            field,
            paths,
        )


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_node_of_another_districts_objects_answers_null(
    api: LiveServer,
    ministry: UserClient,
    case: Case,
) -> None:
    client = api.as_user(case.username)
    query = "query($id: ID!) { node(id: $id) { id } }"
    for global_id in _ids(ministry, case.sibling).values():
        assert ministry.graphql(query, {"id": global_id})["data"]["node"] == {"id": global_id}
        assert client.graphql(query, {"id": global_id}) == {"data": {"node": None}}


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_queries_about_a_unit_outside_the_subtree_are_not_found(
    api: LiveServer,
    case: Case,
) -> None:
    client = api.as_user(case.username)
    for query in (
        """query($c: String!) { targets(filter: {unit: $c, year: 2023}) {
            edges { node { id } } } }""",
        """query($c: String!) { modelRollup(unit: $c, year: 2023) { total { models } } }""",
        """query($c: String!) { targetRollup(unit: $c, year: 2023) { total { total } } }""",
        """query($c: String!) { plans(filter: {under: $c}) { edges { node { id } } } }""",
        """query($c: String!) { calendar(unit: $c, from: "2023-01-01", to: "2023-12-31") {
            edges { node { dueOn } } } }""",
    ):
        result = client.graphql(query, {"c": case.sibling})
        assert not any((result["data"] or {}).values()), (query, result)
        assert result["errors"][0]["extensions"]["code"] == "NOT_FOUND"


def test_read_only_roles_cannot_write_and_outside_writes_are_not_found(
    fresh_api: LiveServer,
) -> None:
    ministry = fresh_api.as_user("bca_v05")
    ids = _ids(ministry, "400")
    version = ministry.graphql(
        "query($id: ID!) { node(id: $id) { ... on Target { version } } }", {"id": ids["target"]}
    )["data"]["node"]["version"]
    report = """mutation($t: ID!, $v: Int!) { reportProgress(input: {id: $t, version: $v,
        value: 1, reportedOn: "2023-05-01"}) { __typename } }"""
    plan = """mutation { createPlan(input: {unit: "400", kind: PLAN, title: "Kế hoạch",
        issuingBody: "BCĐ 138", year: 2024}) { __typename } }"""
    model = """mutation { createMovementModel(input: {unit: "400", typeCode: "camera_antt",
        name: "Camera", origin: NEW}) { __typename } }"""
    for user in (
        "bca_v05",
        "thanhhoa_reviewer",
        "thanhhoa_sonoivu",
        "thanhhoa_integration",
        "hauloc_reviewer",
    ):
        client = fresh_api.as_user(user)
        assert client.graphql(report, {"t": ids["target"], "v": version})["data"] == {
            "reportProgress": {"__typename": "NotAllowedError"}
        }, user
        assert client.graphql(plan)["data"]["createPlan"]["__typename"] == "NotAllowedError", user
        assert (
            client.graphql(model)["data"]["createMovementModel"]["__typename"] == "NotAllowedError"
        ), user
    outsider = fresh_api.as_user("nghison_officer")
    assert outsider.graphql(report, {"t": ids["target"], "v": version})["data"] == {
        "reportProgress": {"__typename": "NotFoundError"}
    }
    assert outsider.graphql(plan)["data"]["createPlan"]["__typename"] == "NotFoundError"
    # Nothing was written by any of them.
    after = ministry.graphql(
        "query($id: ID!) { node(id: $id) { ... on Target { version } } }", {"id": ids["target"]}
    )["data"]["node"]["version"]
    assert after == version


PLANS_DEEP = """query($first: Int!) { plans(first: $first) { edges { node { title
    unit { name } parent { title unit { name } } supersedes { title }
    children { edges { node { title } } } descendants { edges { node { title } } }
    tasks { assignee unit { name } }
    reportingDeadlines { dueOn unit { name } } } } } }"""
TARGETS_DEEP = """query($first: Int!) { targets(filter: {year: 2023}, first: $first) {
    edges { node { text status unit { name parent { name } } plan { title unit { name } }
    progress { value } } } } }"""
MODELS_DEEP = """query($first: Int!) { movementModels(first: $first) { edges { node { name
    unit { name } type { name } ratings { rating } } } } }"""


@pytest.mark.parametrize(
    ("query", "small", "large"), [(PLANS_DEEP, 6, 12), (TARGETS_DEEP, 20, 100), (MODELS_DEEP, 1, 5)]
)
def test_statement_counts_do_not_grow_with_the_rows_returned(
    api: LiveServer,
    query: str,
    small: int,
    large: int,
) -> None:
    # Both pages must exercise every relation (the first plans are ministry programmes with no
    # parent or tasks; the first 20 targets include every kind measured from the platform's
    # data), so the counts compare batching, not the shape of the data.
    client = api.as_user("bca_v05")
    counts = []
    for first in (small, large):
        with count_statements(api.app) as statements:
            result = client.graphql(query, {"first": first})
        assert "errors" not in result, result
        counts.append(len(statements))
    assert counts[0] == counts[1], counts
