"""One connection shape: `units` and `children` are both AdminUnitConnection with edges,
pageInfo and a totalCount that counts every page (what the caller may see), not just this one."""

from __future__ import annotations

from tests.support.server import LiveServer

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
