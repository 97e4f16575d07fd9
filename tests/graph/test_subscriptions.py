"""The `changes` subscription over a real websocket (graphql-transport-ws) on the live server."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine
from websockets.exceptions import ConnectionClosed

from db.urls import DatabaseUrls
from tests.support.changes import WsClient, report_progress, wait_until
from tests.support.evaluations import REGISTER, ok, step
from tests.support.server import LiveServer

CHANGES = """subscription($under: String!, $kinds: [ChangeKind!]) {
  changes(under: $under, kinds: $kinds) {
    id kind at actor subjectId payload unit { code name path } } }"""
GRANT = """mutation($u: String!, $r: Role!, $c: String!) {
  grantRole(input: {username: $u, role: $r, unit: $c, asOf: "2024-06-01"}) {
    __typename ... on UserError { code message } } }"""
REVOKE = GRANT.replace("grantRole", "revokeRole")
CREATE_TARGET = """mutation { createTarget(input: {unit: "16072", year: 2023,
    category: CIRCULAR_124_DECISION_510, stt: "1", text: "Xây dựng mô hình Camera với ANTT",
    quantity: {kind: COUNT, value: 2}, deadline: {kind: DATE, dueOn: "2023-12-31"}}) {
  __typename ... on Target { id } ... on UserError { code message } } }"""


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
        # The payload speaks the API's terms: a global ID, an enum value, numbers as numbers.
        assert event["payload"]["targetId"] == ours["id"]
        assert event["payload"]["status"] in {"MET", "ON_TRACK", "DUE_SOON", "OVERDUE", "MISSED"}
        assert isinstance(event["payload"]["achieved"], float | int | None)
        assert event["payload"]["value"] == 1 and event["payload"]["version"] == ours["version"] + 1
    finally:
        ws.close()
    wait_until(lambda: feed.subscriber_count == 0, what="the subscriber to leave")


def test_under_outside_the_read_scope_is_refused_with_a_code(api: LiveServer) -> None:
    ws = connected(api, "hauloc_reviewer")
    try:
        ws.subscribe("x", CHANGES, {"under": "407"})  # Nghi Sơn: a sibling district
        message = ws.receive()
        assert message["type"] in ("error", "next"), message
        errors = message["payload"] if message["type"] == "error" else message["payload"]["errors"]
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


def test_campaign_state_changes_arrive_in_order_and_other_provinces_stay_silent(
    fresh_api: LiveServer,
) -> None:
    feed = fresh_api.app.state.feed
    ws = connected(fresh_api, "hauloc_reviewer")
    try:
        ws.subscribe("c", CHANGES, {"under": "400", "kinds": ["CAMPAIGN_STATE"]})
        wait_until(lambda: feed.subscriber_count == 1, what="the subscription to register")
        # Tháp Mười's Thanh Mỹ (Đồng Tháp) first: it must not reach a Hậu Lộc subscriber.
        ok(
            fresh_api.as_user("thanhmy_officer").graphql(
                REGISTER,
                {
                    "code": "30073",
                    "year": 2024,
                    "on": "2024-03-01",
                    "asOf": "2024-03-01",
                    "deadline": "2024-10-05",
                },
            ),
            "registerTypicalUnit",
        )
        # A progress report in Hậu Lộc is another kind: not asked for.
        report_progress(fresh_api.as_user("hauloc_officer"), "400")
        head = fresh_api.as_user("nyhoaviet_head")
        campaign = ok(
            head.graphql(
                REGISTER,
                {
                    "code": "HL-NHV",
                    "year": 2024,
                    "on": "2024-03-20",
                    "asOf": "2024-03-20",
                    "deadline": None,
                },
            ),
            "registerTypicalUnit",
        )
        campaign = ok(step(head, campaign, "SUBMIT_PLAN", "2024-03-25"), "advanceCampaign")
        first, second = (ws.receive()["payload"]["data"]["changes"] for _ in range(2))
        assert first["kind"] == second["kind"] == "CAMPAIGN_STATE"
        assert first["unit"]["code"] == "HL-NHV" and first["subjectId"] == campaign["id"]
        assert (first["payload"]["action"], first["payload"]["toState"]) == (
            "REGISTER",
            "REGISTERED",
        )
        assert (second["payload"]["fromState"], second["payload"]["toState"]) == (
            "REGISTERED",
            "PLAN_SUBMITTED",
        )
        assert second["actor"] == "nyhoaviet_head"
    finally:
        ws.close()


def test_after_a_role_is_revoked_the_subscriber_only_gets_what_it_still_reads(
    fresh_api: LiveServer,
) -> None:
    """hauloc_reviewer keeps Phú Lộc (a commune of Hậu Lộc) after losing the district: a later
    district-level report is withheld, Phú Lộc's arrives (and arrives first)."""
    authorizer = fresh_api.app.state.authorizer
    admin = fresh_api.as_user("thanhhoa_admin")
    granted = admin.graphql(GRANT, {"u": "hauloc_reviewer", "r": "COMMUNE_OFFICER", "c": "16072"})[
        "data"
    ]["grantRole"]
    assert granted["__typename"] == "RoleAssignment", granted
    phu_loc = fresh_api.as_user("phuloc_officer")
    created = phu_loc.graphql(CREATE_TARGET)["data"]["createTarget"]
    assert created["__typename"] == "Target", created
    wait_until(
        lambda: len(authorizer.principal("hauloc_reviewer").grants) == 2,
        what="the grant to reach the policy",
    )
    feed = fresh_api.app.state.feed
    ws = connected(fresh_api, "hauloc_reviewer")
    try:
        ws.subscribe("r", CHANGES, {"under": "400", "kinds": ["TARGET_PROGRESS"]})
        wait_until(lambda: feed.subscriber_count == 1, what="the subscription to register")
        revoked = admin.graphql(
            REVOKE, {"u": "hauloc_reviewer", "r": "DISTRICT_REVIEWER", "c": "400"}
        )["data"]["revokeRole"]
        assert revoked["__typename"] == "RoleAssignment", revoked
        wait_until(
            lambda: len(authorizer.principal("hauloc_reviewer").grants) == 1,
            what="the revocation to reach the policy",
        )
        report_progress(fresh_api.as_user("hauloc_officer"), "400")
        ours = report_progress(phu_loc, "16072")
        event = ws.receive()["payload"]["data"]["changes"]
        assert event["unit"]["code"] == "16072" and event["subjectId"] == ours["id"], event
    finally:
        ws.close()


def test_one_listen_connection_serves_every_subscriber_and_comes_back_when_killed(
    fresh_api: LiveServer,
    fresh_db: DatabaseUrls,
) -> None:
    feed = fresh_api.app.state.feed
    sockets = [connected(fresh_api, user) for user in ("hauloc_reviewer", "thanhhoa_reviewer")]
    try:
        for ws in sockets:
            ws.subscribe("k", CHANGES, {"under": "400"})
        wait_until(lambda: feed.subscriber_count == 2, what="both subscriptions to register")
        # Two subscribers, one LISTEN connection (killed here to test the reconnection).
        killed = _owner_sql(
            fresh_db,
            "SELECT count(pg_terminate_backend(pid)) "
            "FROM pg_stat_activity "
            "WHERE application_name = 'antq-change-feed' "
            "AND datname = current_database()",
        )
        assert killed == 1
        # Whether the report commits before or after the reconnection, it arrives: live, or
        # read back from the outbox by the reconnected feed.
        ours = report_progress(fresh_api.as_user("hauloc_officer"), "400")
        for ws in sockets:
            event = ws.receive()["payload"]["data"]["changes"]
            assert event["subjectId"] == ours["id"]
        wait_until(lambda: feed.reconnects == 1, what="the reconnection")
    finally:
        for ws in sockets:
            ws.close()


def _owner_sql(urls: DatabaseUrls, sql: str) -> object:
    async def go() -> object:
        engine = create_async_engine(urls.owner)
        try:
            async with engine.connect() as conn:
                return (await conn.execute(text(sql))).scalar_one()
        finally:
            await engine.dispose()

    return asyncio.run(go())


def test_a_subscription_ends_when_its_token_expires(api: LiveServer) -> None:
    from authz.tokens import mint_dev_token

    ws = WsClient(api, mint_dev_token(api.settings, "hauloc_reviewer", hours=4 / 3600))
    try:
        assert ws.receive()["type"] == "connection_ack"
        ws.subscribe("e", CHANGES, {"under": "400"})
        message = ws.receive(timeout=10)
        errors = message["payload"] if message["type"] == "error" else message["payload"]["errors"]
        assert errors[0]["extensions"]["code"] == "UNAUTHENTICATED", message
    finally:
        ws.close()
