"""Every list of plans, targets, models, campaigns and assessments is a Relay connection with
`totalCount`: the count of every page the caller can walk, read in one statement when asked."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.server import LiveServer, UserClient

# (root field with its filters, arguments as GraphQL text)
LISTS = [
    ("plans", ""),
    ("targets", "filter: {year: 2023}"),
    ("targets", 'filter: {under: "380", year: 2023}'),
    ("movementModels", ""),
    ("typicalCampaigns", ""),
    ("assessments", 'under: "38", year: 2024'),
]


def _walk(client: UserClient, field: str, args: str, size: int) -> tuple[int, int]:
    """(totalCount of the first page, number of nodes over all pages)."""
    seen, after, total = 0, None, None
    while True:
        page_args = ", ".join(a for a in (args, f"first: {size}") if a)
        if after is not None:
            page_args += f', after: "{after}"'
        result = client.graphql(
            f"{{ {field}({page_args}) {{ totalCount edges {{ cursor node {{ id }} }} "
            "pageInfo { hasNextPage endCursor } } }"
        )
        assert "errors" not in result, result
        connection: dict[str, Any] = result["data"][field]
        total = connection["totalCount"] if total is None else total
        assert connection["totalCount"] == total  # the same on every page
        seen += len(connection["edges"])
        if not connection["pageInfo"]["hasNextPage"]:
            return total, seen
        after = connection["pageInfo"]["endCursor"]


@pytest.mark.parametrize(("field", "args"), LISTS)
def test_total_count_is_what_the_pages_hold(api: LiveServer, field: str, args: str) -> None:
    total, seen = _walk(api.as_user("thanhhoa_admin"), field, args, size=40)
    assert total == seen


def test_total_count_is_scoped_like_the_pages(api: LiveServer) -> None:
    province, _ = _walk(api.as_user("thanhhoa_admin"), "targets", "filter: {year: 2023}", 100)
    district, seen = _walk(api.as_user("hauloc_officer"), "targets", "filter: {year: 2023}", 100)
    assert 0 < district == seen < province


PROVINCE_PLAN = '{ plans(filter: {unit: "38", year: 2025}) { edges { node { id } } } }'
NESTED = """query($id: ID!, $first: Int, $after: String) { node(id: $id) { ... on Plan {
    targets(first: $first, after: $after) { totalCount edges { cursor node { id } }
        pageInfo { hasNextPage endCursor } } } } }"""
CALENDAR = """query($first: Int, $after: String) { calendar(unit: "38", from: "2025-11-01",
    to: "2025-11-30", first: $first, after: $after) { totalCount edges { node { dueOn } }
    pageInfo { hasNextPage endCursor } } }"""


def _pages(client: UserClient, query: str, variables: dict[str, Any], path: list[str]) -> Any:
    """(totalCount, every node in order) over all pages of the connection at `path`."""
    nodes: list[dict[str, Any]] = []
    after, total = None, None
    while True:
        result = client.graphql(query, {**variables, "first": 30, "after": after})
        assert "errors" not in result, result
        connection = result["data"]
        for key in path:
            connection = connection[key]
        total = connection["totalCount"]
        nodes.extend(e["node"] for e in connection["edges"])
        if not connection["pageInfo"]["hasNextPage"]:
            return total, nodes
        after = connection["pageInfo"]["endCursor"]


def test_a_plans_targets_page_by_keyset_cursor_without_gaps_or_repeats(api: LiveServer) -> None:
    client = api.as_user("thanhhoa_admin")
    plan_id = client.graphql(PROVINCE_PLAN)["data"]["plans"]["edges"][0]["node"]["id"]
    total, nodes = _pages(client, NESTED, {"id": plan_id}, ["node", "targets"])
    assert total == len(nodes) == len({n["id"] for n in nodes}) > 30


def test_the_calendar_pages_oldest_first_and_counts_its_range(api: LiveServer) -> None:
    total, nodes = _pages(api.as_user("thanhhoa_admin"), CALENDAR, {}, ["calendar"])
    assert total == len(nodes) > 30
    assert [n["dueOn"] for n in nodes] == sorted(n["dueOn"] for n in nodes)


@pytest.mark.parametrize(
    ("arguments", "argument"), [("first: 101", "first"), ('after: "bm90LWEtY3Vyc29y"', "after")]
)
def test_nested_connections_refuse_what_every_connection_refuses(
    api: LiveServer, arguments: str, argument: str
) -> None:
    client = api.as_user("thanhhoa_admin")
    plan_id = client.graphql(PROVINCE_PLAN)["data"]["plans"]["edges"][0]["node"]["id"]
    result = client.graphql(
        f'{{ node(id: "{plan_id}") {{ ... on Plan {{ children({arguments}) {{ totalCount }} }} }} }}'
    )
    error = result["errors"][0]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["argument"] == argument
