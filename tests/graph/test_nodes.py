"""`nodes(ids:)` fetches several objects at once, in the order asked; an object outside the
caller's subtree, an unknown ID and a garbled one are each null, like `node(id:)`."""

from __future__ import annotations

from tests.support.changes import report_progress
from tests.support.server import LiveServer
from tests.support.sql_counter import count_statements

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


REGISTER = """mutation { registerWebhook(input: {url: "http://127.0.0.1:9/in", under: "400",
  kinds: [TARGET_PROGRESS]}) { __typename ... on WebhookRegistration { webhook { id } } } }"""
DELIVERIES = """{ webhooks { edges { node { deliveries { edges { node { id eventId } } } } } } }"""
KINDS = "query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }"


def test_webhooks_deliveries_events_and_audit_entries_are_nodes_for_who_may_read_them(
    fresh_api: LiveServer,
) -> None:
    integration = fresh_api.as_user("thanhhoa_integration")
    endpoint = integration.graphql(REGISTER)["data"]["registerWebhook"]["webhook"]["id"]
    report_progress(fresh_api.as_user("hauloc_officer"), "400")
    hooks = integration.graphql(DELIVERIES)["data"]["webhooks"]["edges"]
    delivery = hooks[0]["node"]["deliveries"]["edges"][0]["node"]
    admin = fresh_api.as_user("thanhhoa_admin")
    log = admin.graphql("{ auditLog(first: 20) { totalCount edges { node { id action } } } }")
    entries = [e["node"] for e in log["data"]["auditLog"]["edges"]]
    entry = next(e for e in entries if e["action"] == "register_webhook")
    assert log["data"]["auditLog"]["totalCount"] >= len(entries) > 0
    ids = [endpoint, delivery["id"], delivery["eventId"], entry["id"]]

    def seen_by(username: str) -> list[str | None]:
        body = fresh_api.as_user(username).graphql(KINDS, {"ids": ids})
        assert "errors" not in body, body
        return [n["__typename"] if n else None for n in body["data"]["nodes"]]

    assert seen_by("thanhhoa_integration") == [
        "WebhookEndpoint",
        "WebhookDelivery",
        "ChangeEvent",
        None,  # the audit log is for administrators
    ]
    assert seen_by("thanhhoa_admin") == [
        "WebhookEndpoint",
        "WebhookDelivery",
        "ChangeEvent",
        "AuditEntry",
    ]
    # Neither owner nor administrator of the endpoint: only the event (its own commune's).
    assert seen_by("hauloc_officer") == [None, None, "ChangeEvent", None]
    assert seen_by("quangtri_admin") == [None, None, None, None]


def test_nodes_of_one_type_load_in_one_statement_however_many_ids(api: LiveServer) -> None:
    admin = api.as_user("thanhhoa_admin")
    page = admin.graphql("{ units(first: 12) { edges { node { id } } } }")["data"]["units"]
    ids = [e["node"]["id"] for e in page["edges"]]
    counts = []
    for asked in (ids[:2], ids):
        with count_statements(api.app) as statements:
            body = admin.graphql(NODES, {"ids": asked})
        assert [n["id"] for n in body["data"]["nodes"]] == asked
        counts.append(len(statements))
    assert len(ids) == 12 and counts[0] == counts[1], counts
