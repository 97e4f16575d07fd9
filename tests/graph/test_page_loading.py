"""A page's `children` are loaded for the whole page at once (and what those children select,
such as their latest assessment, for all of them together), with the same answer as asking each
unit alone; global ids are computed when selected, and are the same ids."""

from __future__ import annotations

from tests.support.server import UserClient
from tests.support.sql_counter import count_statements

PAGE = """query($n: Int!, $kind: UnitKind) {
  units(filter: {kind: DISTRICT, asOf: "2024-06-01"}, first: $n) { edges { node {
    code id latestAssessment { year id }
    children(first: 4, kind: $kind) { pageInfo { hasNextPage endCursor } edges { cursor node {
      code name id latestAssessment { year classification }
      children(first: 2) { edges { node { code } } } } } } } } } }"""
ONE = """query($code: String!, $kind: UnitKind) { unit(unit: $code, asOf: "2024-06-01") {
    code id latestAssessment { year id }
    children(first: 4, kind: $kind) { pageInfo { hasNextPage endCursor } edges { cursor node {
      code name id latestAssessment { year classification }
      children(first: 2) { edges { node { code } } } } } } } }"""


def data(result: dict) -> dict:
    assert "errors" not in result, result
    return result["data"]


def test_children_of_a_page_agree_with_each_unit_asked_alone(ministry: UserClient) -> None:
    edges = data(ministry.graphql(PAGE, {"n": 6, "kind": "COMMUNE"}))["units"]["edges"]
    assert len(edges) == 6
    assert any(e["node"]["children"]["edges"] for e in edges)
    assert any(e["node"]["children"]["pageInfo"]["hasNextPage"] for e in edges)
    for edge in edges:
        alone = data(ministry.graphql(ONE, {"code": edge["node"]["code"], "kind": "COMMUNE"}))
        assert alone["unit"] == edge["node"]


def test_a_page_with_children_costs_the_same_statements_for_2_or_20_units(
    ministry: UserClient,
) -> None:
    counts = []
    for n in (2, 20):
        with count_statements(ministry.app) as statements:
            edges = data(ministry.graphql(PAGE, {"n": n, "kind": None}))["units"]["edges"]
        assert len(edges) == n
        counts.append(len(statements))
    assert counts[0] == counts[1], counts
    # units, their assessments, children, their assessments, grandchildren (+ the scope setting)
    assert counts[1] <= 7, counts


def test_two_aliases_of_children_with_different_selections_both_resolve(
    ministry: UserClient,
) -> None:
    query = """{ units(filter: {kind: DISTRICT, asOf: "2024-06-01"}, first: 3) { edges { node {
        a: children(first: 2) { edges { node { code } } }
        b: children(first: 2) { edges { node { code latestAssessment { year } } } } } } } }"""
    for edge in data(ministry.graphql(query))["units"]["edges"]:
        a, b = edge["node"]["a"]["edges"], edge["node"]["b"]["edges"]
        assert [x["node"]["code"] for x in a] == [x["node"]["code"] for x in b]
        assert all("latestAssessment" in x["node"] for x in b)


def test_global_ids_fetch_the_object_they_were_read_from(ministry: UserClient) -> None:
    edges = data(ministry.graphql(PAGE, {"n": 2, "kind": "COMMUNE"}))["units"]["edges"]
    unit = edges[0]["node"]
    found = data(
        ministry.graphql(
            "query($id: ID!) { node(id: $id) { ... on AdminUnit { code } } }", {"id": unit["id"]}
        )
    )["node"]
    assert found == {"code": unit["code"]}
