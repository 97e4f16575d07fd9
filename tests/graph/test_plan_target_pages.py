"""A page of plans reads each plan's `targets` page in SQL for all the plans together: the same
statements for one plan or many, and each plan's page the same as asking for that plan alone."""

from __future__ import annotations

from typing import Any

from tests.support.server import LiveServer, UserClient
from tests.support.sql_counter import count_statements, settle

PLANS = """query($n: Int!) { plans(first: $n) { edges { node { id
    targets(first: 2) { totalCount edges { cursor node { id status } }
        pageInfo { hasNextPage hasPreviousPage endCursor } } } } } }"""
ALONE = """query($id: ID!, $after: String) { node(id: $id) { ... on Plan { id
    targets(first: 2, after: $after) { totalCount edges { cursor node { id status } }
        pageInfo { hasNextPage hasPreviousPage endCursor } } } } }"""
TWO_PAGES = """query($n: Int!, $after: String) { plans(first: $n) { edges { node { id
    a: targets(first: 2) { edges { node { id } } }
    b: targets(first: 2, after: $after) { edges { node { id } } } } } } }"""


def _data(result: dict[str, Any]) -> dict[str, Any]:
    assert "errors" not in result, result
    data: dict[str, Any] = result["data"]
    return data


def _plans(client: UserClient, n: int) -> list[dict[str, Any]]:
    return [e["node"] for e in _data(client.graphql(PLANS, {"n": n}))["plans"]["edges"]]


def test_a_page_of_plans_with_their_targets_costs_the_same_statements_as_one_plan(
    api: LiveServer,
) -> None:
    client = api.as_user("thanhhoa_admin")
    _plans(client, 1)  # warm: the first request of a user may read its grants
    settle(api.app)
    counts = []
    for n in (1, 5):
        with count_statements(api.app) as statements:
            plans = _plans(client, n)
        assert len(plans) == n
        counts.append(len(statements))
    assert sum(1 for p in plans if p["targets"]["pageInfo"]["hasNextPage"]) > 0
    assert counts[0] == counts[1], counts
    # the pages of all five plans in one statement, their counts in one more
    assert sum("CROSS JOIN LATERAL" in s for s in statements) == 1, statements
    assert sum("GROUP BY t.plan_id" in s for s in statements) == 1, statements


def test_each_plans_page_in_a_batch_is_its_page_alone(api: LiveServer) -> None:
    client = api.as_user("thanhhoa_admin")
    plans = _plans(client, 5)
    assert any(p["targets"]["edges"] for p in plans)
    for plan in plans:
        alone = _data(client.graphql(ALONE, {"id": plan["id"]}))["node"]
        assert alone == plan


def test_the_second_page_follows_the_first_without_gaps_or_repeats(api: LiveServer) -> None:
    client = api.as_user("thanhhoa_admin")
    big = next(p for p in _plans(client, 5) if p["targets"]["totalCount"] >= 4)
    first = big["targets"]
    second = _data(
        client.graphql(ALONE, {"id": big["id"], "after": first["pageInfo"]["endCursor"]})
    )
    page = second["node"]["targets"]
    assert page["pageInfo"]["hasPreviousPage"] is True
    assert page["totalCount"] == first["totalCount"]
    ids = [e["node"]["id"] for e in first["edges"] + page["edges"]]
    assert len(ids) == len(set(ids)) == 4


def test_two_aliases_with_different_cursors_each_get_their_own_page(api: LiveServer) -> None:
    client = api.as_user("thanhhoa_admin")
    big = next(p for p in _plans(client, 5) if p["targets"]["totalCount"] >= 4)
    after = big["targets"]["pageInfo"]["endCursor"]
    for plan in _data(client.graphql(TWO_PAGES, {"n": 5, "after": after}))["plans"]["edges"]:
        node = plan["node"]
        if node["id"] != big["id"]:
            continue
        a = [e["node"]["id"] for e in node["a"]["edges"]]
        b = [e["node"]["id"] for e in node["b"]["edges"]]
        assert a == [e["node"]["id"] for e in big["targets"]["edges"]]
        assert len(b) == 2 and not set(a) & set(b)
        return
    raise AssertionError("the plan with four targets is not on the page")


def test_targets_are_counted_only_when_total_count_is_selected(api: LiveServer) -> None:
    client = api.as_user("thanhhoa_admin")
    query = "{ plans(first: 5) { edges { node { targets(first: 2) { edges { node { id } } } } } } }"
    _data(client.graphql(query))
    settle(api.app)
    with count_statements(api.app) as statements:
        _data(client.graphql(query))
    assert sum("CROSS JOIN LATERAL" in s for s in statements) == 1, statements
    assert not any("GROUP BY t.plan_id" in s for s in statements), statements
