"""The hierarchy over GraphQL: effective-dated structure, search, pagination and bad input."""

from __future__ import annotations

import pytest

from tests.support.server import UserClient
from tests.support.sql_counter import count_statements

HAU_LOC = "400"
THANH_HOA = "38"


def names(connection: dict) -> list[str]:
    return [edge["node"]["name"] for edge in connection["edges"]]


def data(result: dict) -> dict:
    assert "errors" not in result, result
    return result["data"]


def error_code(result: dict) -> str:
    assert result.get("errors"), result
    return result["errors"][0]["extensions"]["code"]


def test_provinces_today_are_the_34_of_the_2025_reform(ministry: UserClient) -> None:
    result = data(
        ministry.graphql(
            "{ units(filter: {kind: PROVINCE}, first: 100) { totalCount edges { node { name } } } }"
        )
    )
    provinces = names(result["units"])
    assert result["units"]["totalCount"] == 34 == len(provinces)
    assert {"Tỉnh Thanh Hóa", "Tỉnh Quảng Trị", "Tỉnh Đồng Tháp"} <= set(provinces)
    assert "Tỉnh Quảng Bình" not in provinces  # merged into Quảng Trị on 01/07/2025


def test_provinces_in_2024_are_the_63_before_the_reform(ministry: UserClient) -> None:
    result = data(
        ministry.graphql("""{ units(filter: {kind: PROVINCE, asOf: "2024-06-01"},
        first: 100) { totalCount edges { node { name } } } }""")
    )
    assert result["units"]["totalCount"] == 63
    assert "Tỉnh Quảng Bình" in names(result["units"])


def test_hau_loc_in_2024_lists_its_real_communes(ministry: UserClient) -> None:
    result = data(
        ministry.graphql(
            """query($code: String!) { unit(unit: $code, asOf: "2024-06-01") {
            name kind subKind ancestors { name }
            children(kind: COMMUNE, first: 50) { edges { node { name kind } }
                pageInfo { hasNextPage } }
            everything: children(first: 50) { edges { node { name kind } } } } }""",
            {"code": HAU_LOC},
        )
    )
    unit = result["unit"]
    assert unit["name"] == "Huyện Hậu Lộc" and unit["kind"] == "DISTRICT"
    assert [a["name"] for a in unit["ancestors"]] == ["Việt Nam", "Tỉnh Thanh Hóa"]
    communes = names(unit["children"])
    assert {"Xã Phú Lộc", "Xã Triệu Lộc", "Thị trấn Hậu Lộc"} <= set(communes)
    assert len(communes) == 22 and not unit["children"]["pageInfo"]["hasNextPage"]
    # the district-managed enterprise of seed 001 hangs under the district too
    assert "Công ty TNHH Ny Hoa Việt" in names(unit["everything"])


def test_after_the_reform_thanh_hoa_has_no_districts_and_communes_hang_under_it(
    ministry: UserClient,
) -> None:
    result = data(
        ministry.graphql(
            """{ unit(unit: "38", asOf: "2025-08-01") {
              districts: children(kind: DISTRICT, first: 100) { edges { node { name } } }
              all: children(first: 100) { edges { node { name kind } } pageInfo { hasNextPage } }
            } }"""
        )
    )
    unit = result["unit"]
    assert unit["districts"]["edges"] == []
    kinds = {edge["node"]["kind"] for edge in unit["all"]["edges"]}
    # communes, and the province-managed agency of the present's demo (seeds/present.py)
    assert kinds == {"COMMUNE", "AGENCY"}
    assert "Huyện Hậu Lộc" not in names(unit["all"])
    assert "Xã Hậu Lộc" in names(unit["all"]) or unit["all"]["pageInfo"]["hasNextPage"]


def test_thanh_hoa_had_27_district_level_units_in_2023_including_dong_son(
    ministry: UserClient,
) -> None:
    result = data(
        ministry.graphql("""{ unit(unit: "38", asOf: "2023-06-01") {
        children(first: 100) { edges { node { shortName } } } } }""")
    )
    districts = [e["node"]["shortName"] for e in result["unit"]["children"]["edges"]]
    assert len(districts) == 27
    assert {"Đông Sơn", "Hậu Lộc", "Nghi Sơn", "Thanh Hóa"} <= set(districts)


def test_a_merged_commune_lists_its_predecessors_and_they_list_it_as_successor(
    ministry: UserClient,
) -> None:
    new = data(
        ministry.graphql("""{ unit(unit: "16012", asOf: "2025-08-01") {
        name validFrom predecessors { reason unit { name validTo parent { name }
        successors { unit { name } } } } } }""")
    )["unit"]
    assert new["name"] == "Xã Hậu Lộc" and new["validFrom"] == "2025-07-01"
    olds = {p["unit"]["name"] for p in new["predecessors"]}
    assert {"Thị trấn Hậu Lộc", "Xã Mỹ Lộc"} <= olds
    assert all(p["unit"]["validTo"] == "2025-06-30" for p in new["predecessors"])
    assert {p["unit"]["parent"]["name"] for p in new["predecessors"]} == {"Huyện Hậu Lộc"}
    for link in new["predecessors"]:
        assert "Xã Hậu Lộc" in {s["unit"]["name"] for s in link["unit"]["successors"]}


def test_a_unit_that_no_longer_exists_is_found_by_code_and_read_on_its_last_day(
    ministry: UserClient,
) -> None:
    unit = data(
        ministry.graphql("""{ unit(unit: "400") { name validTo asOf
        children(first: 1) { edges { node { name } } } } }""")
    )["unit"]
    assert unit["validTo"] == "2025-06-30" and unit["asOf"] == "2025-06-30"
    assert len(unit["children"]["edges"]) == 1


@pytest.mark.parametrize("term", ["hau loc", "HẬU LỘC", "Hau Loc", "hậu lộc"])
def test_name_search_ignores_accents_and_case(ministry: UserClient, term: str) -> None:
    result = data(
        ministry.graphql(
            """query($t: String!) { units(filter: {nameContains: $t, asOf: "2024-06-01"}, first: 50)
           { edges { node { name } } } }""",
            {"t": term},
        )
    )
    found = names(result["units"])
    assert "Huyện Hậu Lộc" in found and "Thị trấn Hậu Lộc" in found
    assert not any("Châu Lộc" in n for n in found)  # matches at word starts only


def test_search_for_dong_finds_the_letter_d_with_stroke(ministry: UserClient) -> None:
    result = data(
        ministry.graphql("""{ units(filter: {nameContains: "dong thap", kind: PROVINCE})
        { edges { node { name } } } }""")
    )
    assert names(result["units"]) == ["Tỉnh Đồng Tháp"]


def test_under_limits_the_list_to_a_subtree(ministry: UserClient) -> None:
    result = data(
        ministry.graphql("""{ units(filter: {under: "400", asOf: "2024-06-01",
        kind: COMMUNE}, first: 100) { totalCount edges { node { name path } } } }""")
    )
    assert result["units"]["totalCount"] == 22
    assert all(e["node"]["path"].startswith("vn.p38.d400.") for e in result["units"]["edges"])


def test_paging_with_first_and_after_walks_every_unit_once(ministry: UserClient) -> None:
    query = """query($after: String) { units(filter: {under: "400", asOf: "2024-06-01",
        kind: COMMUNE}, first: 5, after: $after) { edges { cursor node { code } }
        pageInfo { hasNextPage hasPreviousPage endCursor startCursor } } }"""
    seen: list[str] = []
    after = None
    pages = 0
    while True:
        page = data(ministry.graphql(query, {"after": after}))["units"]
        pages += 1
        seen += [e["node"]["code"] for e in page["edges"]]
        assert page["pageInfo"]["hasPreviousPage"] is (after is not None)
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
        assert after == page["edges"][-1]["cursor"]
    assert pages == 5 and len(seen) == 22 == len(set(seen))


def test_a_page_after_the_last_item_is_empty_not_an_error(ministry: UserClient) -> None:
    first = data(
        ministry.graphql("""{ units(filter: {under: "400", asOf: "2024-06-01"}, first: 100)
        { pageInfo { endCursor } } }""")
    )
    end = first["units"]["pageInfo"]["endCursor"]
    empty = data(
        ministry.graphql(
            """query($a: String) { units(filter: {under: "400",
        asOf: "2024-06-01"}, first: 10, after: $a) { edges { node { name } }
        pageInfo { hasNextPage startCursor endCursor } } }""",
            {"a": end},
        )
    )["units"]
    assert empty["edges"] == []
    assert empty["pageInfo"] == {"hasNextPage": False, "startCursor": None, "endCursor": None}


def test_first_zero_returns_no_edges_but_says_whether_there_are_more(ministry: UserClient) -> None:
    result = data(
        ministry.graphql("""{ units(filter: {kind: PROVINCE}, first: 0)
        { edges { cursor } pageInfo { hasNextPage } } }""")
    )
    assert result["units"] == {"edges": [], "pageInfo": {"hasNextPage": True}}


@pytest.mark.parametrize("cursor", ["not-a-cursor", "cGF0aHxub3QgYSBwYXRoISE", "", "Zm9vfGJhcg"])
def test_a_malformed_cursor_is_a_bad_input_error(ministry: UserClient, cursor: str) -> None:
    result = ministry.graphql(
        """query($a: String) { units(first: 2, after: $a)
        { edges { node { name } } } }""",
        {"a": cursor},
    )
    assert error_code(result) == "BAD_USER_INPUT"
    assert "Con trỏ phân trang" in result["errors"][0]["message"]
    assert not any((result["data"] or {}).values())  # nullable root field


def test_first_over_the_maximum_is_refused_with_the_maximum_in_the_error(
    ministry: UserClient,
) -> None:
    result = ministry.graphql("{ units(first: 1000) { edges { node { name } } } }")
    assert error_code(result) == "BAD_USER_INPUT"
    assert result["errors"][0]["extensions"]["maximum"] == 100
    nested = ministry.graphql('{ unit(unit: "38") { children(first: 101) { edges { cursor } } } }')
    assert error_code(nested) == "BAD_USER_INPUT"


def test_negative_first_is_refused(ministry: UserClient) -> None:
    result = ministry.graphql("{ units(first: -1) { edges { cursor } } }")
    assert error_code(result) == "BAD_USER_INPUT"


def test_an_unknown_code_is_a_not_found_error(ministry: UserClient) -> None:
    result = ministry.graphql('{ unit(unit: "99999") { name } }')
    assert error_code(result) == "NOT_FOUND"
    assert "99999" in result["errors"][0]["message"]


def test_a_code_that_did_not_exist_on_the_date_is_not_found(ministry: UserClient) -> None:
    result = ministry.graphql('{ unit(unit: "400", asOf: "2025-08-01") { name } }')
    assert error_code(result) == "NOT_FOUND"


def test_bad_dates_and_unknown_fields_are_client_errors_without_internals(
    ministry: UserClient,
) -> None:
    for query in [
        '{ unit(unit: "38", asOf: "2024-13-45") { name } }',
        '{ unit(unit: "38") { nope } }',
        "{ units(first: ) }",
    ]:
        result = ministry.graphql(query)
        assert result["errors"], query
        text = str(result)
        assert "Traceback" not in text and "sqlalchemy" not in text.lower()


def test_node_fetches_a_unit_by_global_id_and_unknown_ids_answer_null(
    ministry: UserClient,
) -> None:
    unit = data(ministry.graphql('{ unit(unit: "38") { id name } }'))["unit"]
    query = "query($id: ID!) { node(id: $id) { id ... on AdminUnit { name } } }"
    node = data(ministry.graphql(query, {"id": unit["id"]}))["node"]
    assert node == unit
    for bogus in ["QWRtaW5Vbml0Ojk5OTk5OTk", "garbage", "Rm9vOjE"]:
        assert (
            data(ministry.graphql("query($id: ID!) { node(id: $id) { id } }", {"id": bogus}))[
                "node"
            ]
            is None
        )


def test_statements_per_request_do_not_grow_with_the_number_of_edges(ministry: UserClient) -> None:
    query = """query($n: Int!) { unit(unit: "38", asOf: "2024-06-01") {
        children(first: $n) { edges { node { name parent { name } ancestors { name }
            successors { unit { name } } predecessors { unit { name } }
            children(first: 3) { edges { node { name parent { code } } } } } } } } }"""
    counts = []
    for n in (2, 27):
        with count_statements(ministry.app) as statements:
            result = data(ministry.graphql(query, {"n": n}))
        assert len(result["unit"]["children"]["edges"]) == n
        counts.append(len(statements))
    assert counts[0] == counts[1], counts
    assert counts[1] <= 10
