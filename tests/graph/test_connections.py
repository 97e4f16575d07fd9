"""One connection shape: `units` and `children` are both AdminUnitConnection with edges,
pageInfo and a totalCount that counts every page (what the caller may see), not just this one."""

from __future__ import annotations

from tests.support.changes import report_progress
from tests.support.server import LiveServer, UserClient

CHILDREN = """query($after: String) { unit(unit: "400", asOf: "2024-06-01") {
  children(first: 5, after: $after) { totalCount edges { node { code } }
    pageInfo { hasNextPage endCursor } } } }"""


def test_children_total_count_is_the_number_of_children_over_all_pages(api: LiveServer) -> None:
    client = api.as_user("hauloc_reviewer")
    seen: list[str] = []
    after = None
    totals = set()
    while True:
        page = client.graphql(CHILDREN, {"after": after})["data"]["unit"]["children"]
        totals.add(page["totalCount"])
        seen += [e["node"]["code"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert len(seen) > 5 and totals == {len(seen)}


def test_units_and_children_share_the_connection_type(api: LiveServer) -> None:
    body = api.as_user("bca_v05").graphql(
        '{ units(first: 1) { __typename totalCount } unit(unit: "38") { children(first: 1) '
        "{ __typename totalCount } } }"
    )
    assert body["data"]["units"]["__typename"] == "AdminUnitConnection"
    assert body["data"]["unit"]["children"]["__typename"] == "AdminUnitConnection"
    assert body["data"]["units"]["totalCount"] > body["data"]["unit"]["children"]["totalCount"] > 0


REGISTER = """mutation($url: String!) {
  registerWebhook(input: {url: $url, under: "400", kinds: [TARGET_PROGRESS]}) {
    __typename ... on UserError { message } } }"""
WEBHOOK_PAGE = """query($under: String, $after: String) {
  webhooks(under: $under, first: 2, after: $after) { totalCount
    pageInfo { hasNextPage hasPreviousPage endCursor } edges { cursor node { id url } } } }"""
DELIVERY_PAGE = """query($after: String) { webhooks(first: 1) { edges { node {
  deliveries(first: 1, after: $after) { totalCount pageInfo { hasNextPage endCursor }
    edges { node { id eventId } } } } } } }"""
ACCOUNT_PAGE = """query($after: String) { serviceAccounts(first: 2, after: $after) { totalCount
  pageInfo { hasNextPage endCursor } edges { node { username } } } }"""
CREATE_ACCOUNT = """mutation($u: String!) {
  createServiceAccount(input: {username: $u, unit: "38", asOf: "2024-06-01"}) { __typename } }"""


def _walk(client: UserClient, query: str, field: str, **variables: object) -> tuple[list, set]:
    """Every node of a connection, page after page, and the totalCounts it answered."""
    seen: list = []
    totals: set = set()
    after = None
    while True:
        page = client.graphql(query, {**variables, "after": after})
        assert "errors" not in page, page
        connection = page["data"][field]
        totals.add(connection["totalCount"])
        seen += [e["node"] for e in connection["edges"]]
        if not connection["pageInfo"]["hasNextPage"]:
            return seen, totals
        after = connection["pageInfo"]["endCursor"]


def test_webhooks_service_accounts_and_deliveries_page_by_first_and_after_and_count_all(
    fresh_api: LiveServer,
) -> None:
    integration = fresh_api.as_user("thanhhoa_integration")
    for n in range(3):
        registered = integration.graphql(REGISTER, {"url": f"http://127.0.0.1:9/hook{n}"})
        assert registered["data"]["registerWebhook"]["__typename"] == "WebhookRegistration"
    own, own_totals = _walk(integration, WEBHOOK_PAGE, "webhooks", under=None)
    assert [h["url"] for h in own] == [f"http://127.0.0.1:9/hook{n}" for n in range(3)]
    assert own_totals == {3}
    admin = fresh_api.as_user("thanhhoa_admin")
    under, under_totals = _walk(admin, WEBHOOK_PAGE, "webhooks", under="38")
    assert sorted(h["id"] for h in under) == sorted(h["id"] for h in own)
    assert under_totals == {3}

    for _ in range(2):
        report_progress(fresh_api.as_user("hauloc_officer"), "400")
    first = integration.graphql(DELIVERY_PAGE)["data"]["webhooks"]["edges"][0]["node"]
    page = first["deliveries"]
    assert page["totalCount"] == 2 and page["pageInfo"]["hasNextPage"]
    after = page["pageInfo"]["endCursor"]
    rest = integration.graphql(DELIVERY_PAGE, {"after": after})["data"]["webhooks"]["edges"]
    older = rest[0]["node"]["deliveries"]
    assert not older["pageInfo"]["hasNextPage"] and len(older["edges"]) == 1
    newest, oldest = page["edges"][0]["node"], older["edges"][0]["node"]
    assert newest["id"] != oldest["id"] and newest["eventId"] != oldest["eventId"]

    for name in ("thanhhoa_a", "thanhhoa_b", "thanhhoa_c"):
        assert admin.graphql(CREATE_ACCOUNT, {"u": name})["data"]["createServiceAccount"]
    accounts, account_totals = _walk(admin, ACCOUNT_PAGE, "serviceAccounts")
    names = [a["username"] for a in accounts]
    assert names == sorted(names) and {"thanhhoa_a", "thanhhoa_b", "thanhhoa_c"} <= set(names)
    assert account_totals == {len(names)}


def test_a_cursor_of_another_connection_is_refused(fresh_api: LiveServer) -> None:
    admin = fresh_api.as_user("thanhhoa_admin")
    units = admin.graphql("{ units(first: 1) { pageInfo { endCursor } } }")
    foreign = units["data"]["units"]["pageInfo"]["endCursor"]
    for query, variables in (
        (WEBHOOK_PAGE, {"under": "38", "after": foreign}),
        (WEBHOOK_PAGE, {"under": None, "after": foreign}),
        (ACCOUNT_PAGE, {"after": foreign}),
    ):
        body = admin.graphql(query, variables)
        assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT", body
