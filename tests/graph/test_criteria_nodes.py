"""Criteria sets and criteria are Relay nodes: `node(id:)` and `nodes(ids:)` answer them for a
signed-in caller (they are public decisions, as `criteriaSets` lists them), and nobody else."""

from __future__ import annotations

from tests.support.server import LiveServer

SETS = "{ criteriaSets { id code criteria { id code text } } }"
NODE = """query($id: ID!) { node(id: $id) { __typename id
    ... on CriteriaSet { code } ... on Criterion { code text } } }"""


def test_a_set_and_its_criteria_are_fetched_back_by_their_ids(api: LiveServer) -> None:
    client = api.as_user("hauloc_officer")
    sets = client.graphql(SETS)["data"]["criteriaSets"]
    assert sets
    first = sets[0]
    node = client.graphql(NODE, {"id": first["id"]})["data"]["node"]
    assert node == {"__typename": "CriteriaSet", "id": first["id"], "code": first["code"]}
    criterion = first["criteria"][0]
    node = client.graphql(NODE, {"id": criterion["id"]})["data"]["node"]
    assert node == {"__typename": "Criterion", **criterion}
    ids = [c["id"] for c in first["criteria"][:3]]
    many = client.graphql("query($ids: [ID!]!) { nodes(ids: $ids) { id } }", {"ids": ids})["data"][
        "nodes"
    ]
    assert [n["id"] for n in many] == ids


def test_an_anonymous_caller_gets_no_criteria_set(api: LiveServer) -> None:
    sets = api.as_user("hauloc_officer").graphql(SETS)["data"]["criteriaSets"]
    result = api.graphql(NODE, {"id": sets[0]["id"]})
    assert result.get("data", {}).get("node") is None
    assert result["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
