"""Tenant isolation over HTTP: for every role held at a unit X, each query and mutation reaches X's
subtree and nothing else — not a sibling subtree, not an ancestor. Zero leaks."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tests.support.server import LiveServer, UserClient

AS_OF = "2024-06-01"


@dataclass(frozen=True)
class Case:
    username: str
    home: str  # code of the unit X the role is held at
    home_path: str
    sibling: str  # a unit outside X's subtree at the same level
    ancestor: str | None
    descendant: str
    can_grant: bool = False


CASES = [
    Case("thanhhoa_admin", "38", "vn.p38", "45", "VN", "400", can_grant=True),
    Case("thanhhoa_reviewer", "38", "vn.p38", "45", "VN", "400"),
    Case("thanhhoa_sonoivu", "38", "vn.p38", "45", "VN", "400"),
    Case("thanhhoa_integration", "38", "vn.p38", "45", "VN", "400"),
    Case("hauloc_officer", "400", "vn.p38.d400", "407", "38", "16072"),
    Case("hauloc_reviewer", "400", "vn.p38.d400", "407", "38", "16072"),
    Case("phuloc_officer", "16072", "vn.p38.d400.c16072", "16021", "400", "16072-R01"),
    Case("nyhoaviet_head", "HL-NHV", "vn.p38.d400.eHL_NHV", "16072", "400", "HL-NHV"),
    Case("thapmuoi_officer", "872", "vn.p87.d872", "400", "87", "30073"),
]
IDS = [c.username for c in CASES]

UNIT = """query($code: String!) { unit(unit: $code, asOf: "2024-06-01") { id name path
    parent { path } ancestors { path } children(first: 100) { edges { node { path } } } } }"""


def unit_result(client: UserClient, code: str) -> dict:
    return client.graphql(UNIT, {"code": code})


def is_not_found(result: dict) -> bool:
    return (
        bool(result.get("errors"))
        and result["errors"][0]["extensions"]["code"] == "NOT_FOUND"
        and not any((result["data"] or {}).values())
    )


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_reads_reach_the_home_unit_and_its_descendants(api: LiveServer, case: Case) -> None:
    client = api.as_user(case.username)
    for code in (case.home, case.descendant):
        result = unit_result(client, code)
        assert "errors" not in result, result
        unit = result["data"]["unit"]
        assert unit["path"].startswith(case.home_path)
        for edge in unit["children"]["edges"]:
            assert edge["node"]["path"].startswith(case.home_path + ".")


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_a_sibling_and_an_ancestor_do_not_exist_for_the_user(api: LiveServer, case: Case) -> None:
    client = api.as_user(case.username)
    for code in filter(None, (case.sibling, case.ancestor)):
        assert is_not_found(unit_result(client, code)), code


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_the_home_unit_has_no_visible_parent_or_ancestors(api: LiveServer, case: Case) -> None:
    unit = unit_result(api.as_user(case.username), case.home)["data"]["unit"]
    assert unit["parent"] is None and unit["ancestors"] == []


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_node_of_an_object_outside_the_subtree_answers_like_a_missing_id(
    api: LiveServer,
    ministry: UserClient,
    case: Case,
) -> None:
    client = api.as_user(case.username)
    query = "query($id: ID!) { node(id: $id) { id } }"
    inside = unit_result(ministry, case.descendant)["data"]["unit"]["id"]
    assert client.graphql(query, {"id": inside}) == {"data": {"node": {"id": inside}}}
    for code in filter(None, (case.sibling, case.ancestor)):
        outside = unit_result(ministry, code)["data"]["unit"]["id"]
        missing = "QWRtaW5Vbml0Ojk5OTk5OTk5"
        assert (
            client.graphql(query, {"id": outside})
            == client.graphql(query, {"id": missing})
            == {"data": {"node": None}}
        )


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_lists_and_counts_cover_exactly_the_subtree(
    api: LiveServer,
    ministry: UserClient,
    case: Case,
) -> None:
    client = api.as_user(case.username)
    query = """query($under: String) { units(filter: {asOf: "2024-06-01", under: $under},
        first: 100) { totalCount edges { node { path } } } }"""
    mine = client.graphql(query, {"under": None})["data"]["units"]
    assert all(e["node"]["path"].startswith(case.home_path) for e in mine["edges"])
    expected = ministry.graphql(query, {"under": case.home})["data"]["units"]["totalCount"] + 1
    assert mine["totalCount"] == expected  # the subtree plus the home unit itself
    assert is_not_found(client.graphql(query, {"under": case.sibling}))


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_name_search_never_returns_units_outside_the_subtree(api: LiveServer, case: Case) -> None:
    result = api.as_user(case.username).graphql("""{ units(filter: {nameContains: "xa",
        asOf: "2024-06-01"}, first: 100) { edges { node { path } } } }""")
    assert all(
        e["node"]["path"].startswith(case.home_path) for e in result["data"]["units"]["edges"]
    )


GRANT = """mutation($u: String!, $r: Role!, $c: String!) {
  grantRole(input: {username: $u, role: $r, unit: $c, asOf: "2024-06-01"}) {
    __typename ... on UserError { code message } ... on RoleAssignment { role } } }"""


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_granting_outside_the_subtree_is_not_found_and_only_admins_grant_inside(
    fresh_api: LiveServer,
    case: Case,
) -> None:
    client = fresh_api.as_user(case.username)
    outside = client.graphql(
        GRANT, {"u": "trieuloc_officer", "r": "DISTRICT_OFFICER", "c": case.sibling}
    )["data"]["grantRole"]
    assert outside["__typename"] == "NotFoundError"
    inside = client.graphql(GRANT, {"u": "trieuloc_officer", "r": "DISTRICT_OFFICER", "c": "400"})
    result = inside["data"]["grantRole"] if inside.get("data") else inside
    if case.can_grant:
        assert result == {"__typename": "RoleAssignment", "role": "DISTRICT_OFFICER"}
    elif case.home_path.startswith("vn.p38") and "vn.p38.d400".startswith(case.home_path):
        assert result["__typename"] == "NotAllowedError"
    else:
        assert result["__typename"] in {"NotAllowedError", "NotFoundError"}


def test_the_ministry_viewer_reads_everything_and_writes_nothing(fresh_api: LiveServer) -> None:
    client = fresh_api.as_user("bca_v05")
    provinces = client.graphql("""{ units(filter: {kind: PROVINCE, asOf: "2024-06-01"},
        first: 100) { totalCount } }""")
    assert provinces["data"]["units"]["totalCount"] == 63
    result = client.graphql(GRANT, {"u": "trieuloc_officer", "r": "DISTRICT_OFFICER", "c": "400"})[
        "data"
    ]["grantRole"]
    assert result["__typename"] == "NotAllowedError"
