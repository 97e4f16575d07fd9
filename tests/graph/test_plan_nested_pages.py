"""A page of plans reads each plan's `targets`, `children` and `descendants` page in SQL for all
the plans together: the same statements for one plan or many, each plan's page the same as asking
for that plan alone, and page after page the same list as one big page."""

from __future__ import annotations

from typing import Any

import pytest

from core.ids import encode_cursor
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


NESTED = """query($n: Int!) { plans(first: $n) { edges { node { id
    FIELD(first: 1) { totalCount edges { cursor node { id } }
        pageInfo { hasNextPage hasPreviousPage endCursor } } } } } }"""
ONE = """query($id: ID!, $first: Int!, $after: String) { node(id: $id) { ... on Plan { id
    FIELD(first: $first, after: $after) { totalCount edges { cursor node { id } }
        pageInfo { hasNextPage hasPreviousPage endCursor } } } } }"""


@pytest.mark.parametrize("field", ["children", "descendants"])
def test_a_page_of_plans_with_their_relatives_costs_the_same_statements_as_one_plan(
    ministry: UserClient, field: str
) -> None:
    query = NESTED.replace("FIELD", field)
    _data(ministry.graphql(query, {"n": 1}))
    counts, edges = [], []
    for n in (1, 14):
        with count_statements(ministry.app) as statements:
            edges = _data(ministry.graphql(query, {"n": n}))["plans"]["edges"]
        assert len(edges) == n
        counts.append(len(statements))
    assert any(e["node"][field]["pageInfo"]["hasNextPage"] for e in edges)
    assert counts[0] == counts[1], counts


@pytest.mark.parametrize("field", ["children", "descendants"])
def test_relatives_page_by_page_are_the_one_big_page_and_each_batch_page_its_own(
    ministry: UserClient, field: str
) -> None:
    batch = _data(ministry.graphql(NESTED.replace("FIELD", field), {"n": 14}))["plans"]["edges"]
    one = ONE.replace("FIELD", field)
    walked = 0
    for edge in batch:
        plan = edge["node"]
        alone = _data(ministry.graphql(one, {"id": plan["id"], "first": 1}))["node"]
        assert alone == plan
        whole = _data(ministry.graphql(one, {"id": plan["id"], "first": 100}))["node"][field]
        pages, after = [], None
        while True:
            page = _data(ministry.graphql(one, {"id": plan["id"], "first": 1, "after": after}))
            connection = page["node"][field]
            assert connection["totalCount"] == whole["totalCount"]
            assert connection["pageInfo"]["hasPreviousPage"] is (after is not None)
            pages.extend(connection["edges"])
            if not connection["pageInfo"]["hasNextPage"]:
                break
            after = connection["pageInfo"]["endCursor"]
        assert pages == whole["edges"]
        assert len(pages) == whole["totalCount"]
        walked = max(walked, len(pages))
    assert walked >= 3  # some plan needed three pages


@pytest.mark.parametrize(
    ("field", "key"),
    [
        ("targets", '["7"]'),
        ("targets", "[1, 2]"),
        ("targets", "[true]"),
        ("children", '[["vn", "p38"]]'),
        ("children", '[["vn", "p 38"], 3]'),
        ("children", '["vn.p38", 3]'),
        ("children", "{}"),
        ("descendants", '[["vn", "p38"], 3]'),
        ("descendants", '[1, ["vn", "p38"]]'),
        ("descendants", '["1", ["vn", "p38"], 3]'),
        ("descendants", '[1, ["vn", "p-38"], 3]'),
    ],
)
def test_a_cursor_of_the_right_kind_with_a_wrong_key_is_bad_input(
    ministry: UserClient, field: str, key: str
) -> None:
    kind = {"targets": "ptarget", "children": "pchild", "descendants": "pdesc"}[field]
    plan_id = _data(ministry.graphql("{ plans(first: 1) { edges { node { id } } } }"))["plans"]
    query = ONE.replace("FIELD", field)
    variables = {
        "id": plan_id["edges"][0]["node"]["id"],
        "first": 1,
        "after": encode_cursor(kind, key),
    }
    error = ministry.graphql(query, variables)["errors"][0]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["argument"] == "after"


CALENDAR = """query($first: Int!, $after: String) { calendar(unit: "38", from: "2025-11-01",
    to: "2025-11-30", first: $first, after: $after) { COUNT edges { cursor node { dueOn kind title
    itemId } } pageInfo { hasNextPage hasPreviousPage endCursor } } }"""


def test_calendar_pages_are_the_one_big_page_and_read_only_the_page(api: LiveServer) -> None:
    client = api.as_user("thanhhoa_admin")
    query = CALENDAR.replace("COUNT", "totalCount")
    whole: list[dict[str, Any]] = []
    after = None
    while True:
        big = _data(client.graphql(query, {"first": 100, "after": after}))["calendar"]
        whole.extend(big["edges"])
        if not big["pageInfo"]["hasNextPage"]:
            break
        after = big["pageInfo"]["endCursor"]
    assert 100 < big["totalCount"] == len(whole)
    pages, after = [], None
    while True:
        settle(api.app)
        with count_statements(api.app) as statements:
            page = _data(client.graphql(query, {"first": 45, "after": after}))["calendar"]
        # the page asks for first + 1 rows; the count is one statement of its own
        assert sum("LIMIT" in s and "UNION ALL" in s for s in statements) == 1, statements
        assert sum("count(*)" in s and "UNION ALL" in s for s in statements) == 1, statements
        assert page["totalCount"] == len(whole)
        assert page["pageInfo"]["hasPreviousPage"] is (after is not None)
        pages.extend(page["edges"])
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert pages == whole
    assert [e["node"]["dueOn"] for e in pages] == sorted(e["node"]["dueOn"] for e in pages)


def test_the_calendar_is_counted_only_when_total_count_is_selected(api: LiveServer) -> None:
    client = api.as_user("thanhhoa_admin")
    query = CALENDAR.replace("COUNT", "")
    _data(client.graphql(query, {"first": 3}))
    settle(api.app)
    with count_statements(api.app) as statements:
        page = _data(client.graphql(query, {"first": 3}))["calendar"]
    assert len(page["edges"]) == 3 and page["pageInfo"]["hasNextPage"]
    assert not any("count(*)" in s and "UNION ALL" in s for s in statements), statements


@pytest.mark.parametrize(
    "key",
    [
        '["2025-11-03", "task"]',
        '["2025-13-03", "task", 1]',
        '["2025-11-03", "x", 1]',
        '["2025-11-03", "task", "1"]',
        '[3, "task", 1]',
        "7",
    ],
)
def test_a_calendar_cursor_with_a_wrong_key_is_bad_input(api: LiveServer, key: str) -> None:
    result = api.as_user("thanhhoa_admin").graphql(
        CALENDAR.replace("COUNT", "totalCount"),
        {"first": 3, "after": encode_cursor("calendar", key)},
    )
    error = result["errors"][0]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["argument"] == "after"


BY_UNIT = """query($id: ID!, $after: String, $unit: String) { node(id: $id) { ... on Plan {
    targets(first: 100, after: $after, unit: $unit) { totalCount edges { node { id
        unit { code } } } pageInfo { hasNextPage endCursor } } } } }"""


def test_a_plans_targets_of_one_unit_are_that_units_part_of_the_whole_list(
    api: LiveServer,
) -> None:
    client = api.as_user("thanhhoa_admin")

    def walk(plan_id: str, unit: str | None) -> tuple[int, list[dict[str, Any]]]:
        nodes: list[dict[str, Any]] = []
        after = None
        while True:
            found = client.graphql(BY_UNIT, {"id": plan_id, "after": after, "unit": unit})
            connection = _data(found)["node"]["targets"]
            nodes.extend(e["node"] for e in connection["edges"])
            if not connection["pageInfo"]["hasNextPage"]:
                return connection["totalCount"], nodes
            after = connection["pageInfo"]["endCursor"]

    plan = max(_plans(client, 5), key=lambda p: p["targets"]["totalCount"])
    total, whole = walk(plan["id"], None)
    assert total == len(whole) > 100
    codes = sorted({n["unit"]["code"] for n in whole})
    for code in codes[:3]:
        count, part = walk(plan["id"], code)
        assert part == [n for n in whole if n["unit"]["code"] == code]
        assert count == len(part) > 0
