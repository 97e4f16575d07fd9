"""The query cost limit (page sizes multiplied along nested connections, GitHub's node limit)
and the per-person rate budget the cost is spent from, both checked before anything runs."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from api.app import create_app
from core.config import Settings
from db.urls import DatabaseUrls
from tests.support.server import LiveServer, UserClient, start_server
from tests.support.sql_counter import count_statements

NESTED = """query($outer: Int, $inner: Int) {
  units(filter: {under: "38"}, first: $outer) { edges { node {
    children(first: $inner) { edges { node { code } } } } } } }"""


def errors(result: dict) -> list[dict]:
    return result.get("errors") or []


def test_nested_page_sizes_multiply_and_the_refusal_states_cost_and_limit(
    ministry: UserClient,
) -> None:
    limit = ministry.server.settings.max_query_cost
    aliases = " ".join(
        f'a{i}: unit(unit: "38") {{ children(first: 100) {{ edges {{ node {{ '
        f"children(first: 100) {{ edges {{ node {{ name }} }} }} }} }} }} }}"
        for i in range(3)
    )
    with count_statements(ministry.app) as statements:
        result = ministry.graphql(f"{{ {aliases} }}")
    assert result.get("data") is None
    [error] = errors(result)
    expected = 3 * (100 + 100 * 100)
    assert error["extensions"] == {"code": "QUERY_TOO_COMPLEX", "cost": expected, "limit": limit}
    assert f"{expected:,}" in error["message"] and f"{limit:,}" in error["message"]
    assert statements == []  # refused before any SQL


def test_the_cost_reads_page_sizes_from_variables_and_defaults(ministry: UserClient) -> None:
    limit = ministry.server.settings.max_query_cost
    refused = ministry.graphql(NESTED, {"outer": 100, "inner": 100})
    assert errors(refused)[0]["extensions"]["cost"] == 100 + 100 * 100 > limit
    # Without first/last each connection counts as the default page size.
    page = ministry.server.settings.default_page_size
    inner_default = ministry.graphql(
        NESTED.replace(", $inner: Int", "").replace("children(first: $inner)", "children"),
        {"outer": 100},
    )
    assert 100 + 100 * page <= limit
    assert "errors" not in inner_default, inner_default
    assert inner_default["data"]["units"]["edges"]


def test_fragments_and_inline_fragments_cost_what_they_select(ministry: UserClient) -> None:
    direct = ministry.graphql("""{ units(first: 100) { edges { node {
        children(first: 100) { edges { node { code } } } } } } }""")
    by_fragment = ministry.graphql("""{ units(first: 100) { edges { node { ...Kids } } } }
        fragment Kids on AdminUnit { ... on AdminUnit { children(first: 100) {
          edges { node { code } } } } }""")
    assert (
        errors(direct)[0]["extensions"]["cost"]
        == errors(by_fragment)[0]["extensions"]["cost"]
        == 100 + 100 * 100
    )


def test_a_fragment_spread_many_times_is_priced_once_per_use_not_exponentially(
    ministry: UserClient,
) -> None:
    """A fragment "bomb": each level spreads the previous one twice. The cost is computed per
    use (so the total is honest) without walking the tree 2^n times."""
    fragments = ["fragment F0 on AdminUnit { ancestors { code } }"]
    for i in range(1, 12):
        fragments.append(
            f"fragment F{i} on AdminUnit {{ a: parent {{ ...F{i - 1} }} "
            f"b: parent {{ ...F{i - 1} }} }}"
        )
    result = ministry.graphql('{ unit(unit: "38") { ...F11 } } ' + " ".join(fragments))
    fan_out = ministry.server.settings.query_cost_list_fan_out
    assert errors(result)[0]["extensions"]["cost"] == 2**11 * fan_out


def test_lists_that_are_not_connections_count_as_the_fan_out(ministry: UserClient) -> None:
    fan_out = ministry.server.settings.query_cost_list_fan_out
    query = (
        "{ units(first: 100) { edges { node { ancestors { code } "
        "children(first: 99) { edges { node { code } } } } } } }"
    )
    result = ministry.graphql(query)
    assert errors(result)[0]["extensions"]["cost"] == 100 * (1 + fan_out + 99)


def test_aliases_of_one_cheap_field_each_cost_one(ministry: UserClient) -> None:
    aliases = " ".join(f'a{i}: unit(unit: "38") {{ name }}' for i in range(25))
    result = ministry.graphql(f"{{ {aliases} }}")
    assert "errors" not in result and len(result["data"]) == 25


@pytest.fixture(scope="module")
def budgeted(shared_db: DatabaseUrls, settings: Settings) -> Iterator[LiveServer]:
    """A server with the default per-person budget (the suite's shared one has a huge one)."""
    defaults = settings.model_copy(
        update={"user_rate_per_minute": Settings.model_fields["user_rate_per_minute"].default}
    )
    server = start_server(create_app(defaults, shared_db), defaults)
    yield server
    server.stop()


def test_the_person_budget_is_on_by_default_and_a_request_spends_its_cost(
    budgeted: LiveServer,
) -> None:
    settings = budgeted.settings
    assert settings.user_rate_per_minute > 0
    burst = settings.user_burst or settings.user_rate_per_minute
    assert burst >= settings.max_query_cost  # the largest allowed query can run
    user = budgeted.as_user("hauloc_reviewer")
    expensive = {"outer": 45, "inner": 100}  # cost 4,545 declared; Hậu Lộc's rows are few
    cost = 45 + 45 * 100
    spent = 0
    HAU_LOC = NESTED.replace('"38"}', '"400", asOf: "2024-06-01"}')
    while spent + cost <= burst:
        response = budgeted.client.post(
            "/graphql",
            json={"query": HAU_LOC, "variables": expensive},
            headers={"Authorization": f"Bearer {user.token}"},
        )
        assert response.status_code == 200 and "errors" not in response.json(), response.text
        spent += cost
    refused = budgeted.client.post(
        "/graphql",
        json={"query": HAU_LOC, "variables": expensive},
        headers={"Authorization": f"Bearer {user.token}"},
    )
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) >= 1
    assert refused.json()["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
    # Another person's budget is untouched, and a cheap request of the same person needs only
    # a token or two, which come back within seconds.
    other = budgeted.as_user("nghison_reviewer").graphql('{ unit(unit: "407") { name } }')
    assert other["data"]["unit"]["name"]


def test_the_benchmarked_worst_case_runs_within_the_limits_and_its_stated_size(
    ministry: UserClient,
) -> None:
    """bench/cost.py's worst case (README "Limits"): exactly at the cost limit, every counted
    node real, and under the response size the README states."""
    from bench.cost import aliased_districts, cost_of

    limit = ministry.server.settings.max_query_cost
    query = aliased_districts(limit)
    assert limit - 100 < cost_of(query) <= limit
    response = ministry.server.client.post(
        "/graphql", json={"query": query}, headers={"Authorization": f"Bearer {ministry.token}"}
    )
    assert response.status_code == 200
    body = response.json()
    assert "errors" not in body, body.get("errors")
    nodes = sum(
        len(page["edges"])
        + sum(len(e["node"].get("children", {"edges": []})["edges"]) for e in page["edges"])
        for page in body["data"].values()
    )
    assert nodes > 0.95 * limit
    assert len(response.content) < 1.5 * 1024 * 1024
