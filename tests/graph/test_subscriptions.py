"""The `changes` subscription over a real websocket (graphql-transport-ws) on the live server."""

from __future__ import annotations

import pytest
from websockets.exceptions import ConnectionClosed

from tests.support.changes import WsClient, report_progress, wait_until
from tests.support.server import LiveServer

CHANGES = """subscription($under: String!, $kinds: [ChangeKind!]) {
  changes(under: $under, kinds: $kinds) {
    id kind at actor subjectId payload unit { code name path } } }"""


def connected(server: LiveServer, username: str) -> WsClient:
    ws = WsClient(server, server.as_user(username).token)
    assert ws.receive()["type"] == "connection_ack"
    return ws


def test_a_subscriber_gets_its_subtrees_progress_and_nothing_from_a_sibling(
    fresh_api: LiveServer,
) -> None:
    feed = fresh_api.app.state.feed
    ws = connected(fresh_api, "hauloc_reviewer")  # reads Hậu Lộc (400), writes nothing
    try:
        ws.subscribe("1", CHANGES, {"under": "400", "kinds": ["TARGET_PROGRESS"]})
        wait_until(lambda: feed.subscriber_count == 1, what="the subscription to register")
        # The sibling district's report commits first, then Hậu Lộc's: events are sent in
        # commit order, so if the sibling's leaked it would be the first message.
        sibling = report_progress(fresh_api.as_user("nghison_officer"), "407")
        ours = report_progress(fresh_api.as_user("hauloc_officer"), "400")
        message = ws.receive()
        assert message["type"] == "next" and message["id"] == "1", message
        event = message["payload"]["data"]["changes"]
        assert event["kind"] == "TARGET_PROGRESS"
        assert event["actor"] == "hauloc_officer"
        assert event["subjectId"] == ours["id"] != sibling["id"]
        assert event["unit"]["code"] == "400" and event["unit"]["name"] == "Huyện Hậu Lộc"
        assert event["payload"]["value"] == 1 and event["payload"]["version"] == \
            ours["version"] + 1
    finally:
        ws.close()
    wait_until(lambda: feed.subscriber_count == 0, what="the subscriber to leave")


def test_under_outside_the_read_scope_is_refused_with_a_code(api: LiveServer) -> None:
    ws = connected(api, "hauloc_reviewer")
    try:
        ws.subscribe("x", CHANGES, {"under": "407"})  # Nghi Sơn: a sibling district
        message = ws.receive()
        assert message["type"] in ("error", "next"), message
        errors = message["payload"] if message["type"] == "error" \
            else message["payload"]["errors"]
        assert errors[0]["extensions"]["code"] == "NOT_FOUND", errors
        assert api.app.state.feed.subscriber_count == 0
    finally:
        ws.close()


def test_a_socket_without_a_valid_token_is_closed_before_any_operation(
    api: LiveServer,
) -> None:
    for token in (None, "not-a-token"):
        ws = WsClient(api, token)
        with pytest.raises(ConnectionClosed) as closed:
            ws.receive()
        assert closed.value.rcvd is not None and closed.value.rcvd.code == 4403
        ws.close()
