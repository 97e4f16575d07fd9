"""`nodes(ids:)` fetches several objects at once, in the order asked; an object outside the
caller's subtree, an unknown ID and a garbled one are each null, like `node(id:)`."""

from __future__ import annotations

from tests.support.server import LiveServer

IDS = "query($u: String!) { unit(unit: $u) { id } }"
NODES = "query($ids: [ID!]!) { nodes(ids: $ids) { __typename id ... on AdminUnit { code } } }"


def test_nodes_answers_in_order_and_nulls_what_the_caller_may_not_see(api: LiveServer) -> None:
    ministry = api.as_user("bca_v05")
    own, foreign = (
        ministry.graphql(IDS, {"u": code})["data"]["unit"]["id"] for code in ("400", "45")
    )
    admin = api.as_user("thanhhoa_admin")
    body = admin.graphql(NODES, {"ids": [foreign, own, "garbled", own]})
    assert "errors" not in body, body
    assert body["data"]["nodes"] == [
        None,
        {"__typename": "AdminUnit", "id": own, "code": "400"},
        None,
        {"__typename": "AdminUnit", "id": own, "code": "400"},
    ]


def test_nodes_refuses_more_ids_than_a_page(api: LiveServer) -> None:
    admin = api.as_user("thanhhoa_admin")
    too_many = ["x"] * (api.settings.max_page_size + 1)
    body = admin.graphql(NODES, {"ids": too_many})
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert body["errors"][0]["path"] == ["nodes"]
