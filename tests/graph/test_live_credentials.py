"""Live connections re-check their credential: over a real websocket (graphql-transport-ws),
a revoked or expired API key, a disabled service account, a revoked key behind a
client-credentials token and an expired token each end the socket within seconds (a final
UNAUTHENTICATED error for the running subscription, then close code 4403 with the reason); a
revoked role ends a subscription whose `under` is no longer readable. A credential that still
holds keeps its socket streaming through many re-checks."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from websockets.exceptions import ConnectionClosed

from authz.tokens import mint_dev_token
from tests.api.test_service_accounts import REVOKE_KEY, new_account, new_key
from tests.support.changes import WsClient, report_progress, wait_until
from tests.support.server import LiveServer

CHANGES = """subscription($under: String!) { changes(under: $under, kinds: [TARGET_PROGRESS]) {
  id kind subjectId unit { code } } }"""
DISABLE = """mutation($u: String!) { disableServiceAccount(username: $u) {
  __typename ... on ServiceAccount { disabledAt } } }"""
REVOKE_ROLE = """mutation($u: String!, $r: Role!, $c: String!) {
  revokeRole(input: {username: $u, role: $r, unit: $c, asOf: "2024-06-01"}) {
    __typename ... on UserError { code message } } }"""


def subscribed(server: LiveServer, credential: str, under: str = "400") -> WsClient:
    feed = server.app.state.feed
    before = feed.subscriber_count
    ws = WsClient(server, credential)
    assert ws.receive()["type"] == "connection_ack"
    ws.subscribe("live", CHANGES, {"under": under})
    wait_until(lambda: feed.subscriber_count == before + 1, what="the subscription")
    return ws


def ending(ws: WsClient, timeout: float) -> tuple[int | None, str, list[dict[str, Any]], float]:
    """Read until the server closes the socket: (close code, reason, final errors, seconds)."""
    started = time.monotonic()
    errors: list[dict[str, Any]] = []
    try:
        while True:
            left = timeout - (time.monotonic() - started)
            if left <= 0:
                pytest.fail(f"the socket was still open after {timeout} s")
            message = ws.receive(timeout=left)
            if message["type"] == "error":
                errors.extend(message["payload"])
            elif message["type"] == "next":  # an error raised by the running subscription
                errors.extend(message["payload"].get("errors") or [])
    except ConnectionClosed as closed:
        frame = closed.rcvd
        return (
            frame.code if frame else None,
            frame.reason if frame else "",
            errors,
            time.monotonic() - started,
        )


def assert_ended_for_credentials(ws: WsClient, within: float = 8) -> str:
    code, reason, errors, _ = ending(ws, within)
    assert code == 4403, (code, reason)
    assert errors and {e["extensions"]["code"] for e in errors} == {"UNAUTHENTICATED"}, errors
    return reason


def integration_key(
    server: LiveServer, account: str = "hauloc_dwh", expires: str | None = None
) -> dict[str, Any]:
    admin = server.as_user("thanhhoa_admin")
    new_account(admin, account, "400")
    return new_key(admin, account, "live", expires)


def test_revoking_an_api_key_ends_its_socket_within_seconds(fresh_api: LiveServer) -> None:
    issued = integration_key(fresh_api)
    ws = subscribed(fresh_api, issued["secret"])
    try:
        revoked = fresh_api.as_user("thanhhoa_admin").graphql(
            REVOKE_KEY, {"k": issued["key"]["keyId"]}
        )["data"]["revokeApiKey"]
        assert revoked["active"] is False, revoked
        started = time.monotonic()
        reason = assert_ended_for_credentials(ws)
        assert time.monotonic() - started < 2 * fresh_api.settings.ws_recheck_seconds + 2
        assert "thu hồi" in reason.lower(), reason
    finally:
        ws.close()
    wait_until(lambda: fresh_api.app.state.feed.subscriber_count == 0, what="cleanup")


def test_an_api_key_that_expires_ends_its_socket(fresh_api: LiveServer) -> None:
    expires = (datetime.now(UTC) + timedelta(seconds=4)).isoformat()
    issued = integration_key(fresh_api, expires=expires)
    ws = subscribed(fresh_api, issued["secret"])
    try:
        code, reason, errors, seconds = ending(ws, 12)
        assert code == 4403 and "hết hạn" in reason.lower(), (code, reason)
        assert seconds < 4 + fresh_api.settings.ws_recheck_seconds + 2
        assert errors[0]["extensions"]["code"] == "UNAUTHENTICATED"
    finally:
        ws.close()


def test_disabling_the_service_account_ends_its_socket(fresh_api: LiveServer) -> None:
    issued = integration_key(fresh_api, "hauloc_etl")
    ws = subscribed(fresh_api, issued["secret"])
    try:
        disabled = fresh_api.as_user("thanhhoa_admin").graphql(DISABLE, {"u": "hauloc_etl"})
        assert disabled["data"]["disableServiceAccount"]["disabledAt"], disabled
        assert_ended_for_credentials(ws)
    finally:
        ws.close()


def test_revoking_the_key_behind_a_client_credentials_token_ends_its_socket(
    fresh_api: LiveServer,
) -> None:
    issued = integration_key(fresh_api)
    response = fresh_api.client.post(
        "/oauth/token",
        data={
            "grant_type": "client_credentials",
            "client_id": "hauloc_dwh",
            "client_secret": issued["secret"],
        },
    )
    assert response.status_code == 200, response.text
    ws = subscribed(fresh_api, response.json()["access_token"])  # a JWT, valid for 300 s
    try:
        fresh_api.as_user("thanhhoa_admin").graphql(REVOKE_KEY, {"k": issued["key"]["keyId"]})
        assert_ended_for_credentials(ws)
    finally:
        ws.close()


def test_an_expired_token_closes_the_socket(api: LiveServer) -> None:
    ws = subscribed(api, mint_dev_token(api.settings, "hauloc_reviewer", hours=3 / 3600))
    try:
        code, reason, errors, seconds = ending(ws, 10)
        assert code == 4403 and "hết hạn" in reason.lower(), (code, reason)
        assert seconds < 3 + 1.5  # at the expiry itself, not at the next periodic check
        assert errors[0]["extensions"]["code"] == "UNAUTHENTICATED"
    finally:
        ws.close()


def test_losing_the_last_read_right_on_under_ends_the_subscription(
    fresh_api: LiveServer,
) -> None:
    """hauloc_reviewer's only role is at Hậu Lộc: once revoked, its subscription to Hậu Lộc
    ends (NOT_FOUND, as for a unit outside the scope), and nothing from there is sent."""
    ws = subscribed(fresh_api, fresh_api.as_user("hauloc_reviewer").token)
    try:
        revoked = fresh_api.as_user("thanhhoa_admin").graphql(
            REVOKE_ROLE, {"u": "hauloc_reviewer", "r": "DISTRICT_REVIEWER", "c": "400"}
        )
        assert revoked["data"]["revokeRole"]["__typename"] == "RoleAssignment", revoked
        started = time.monotonic()
        message = ws.receive(timeout=10)
        assert message["type"] == "next" and message["id"] == "live", message
        assert message["payload"]["data"] is None
        assert message["payload"]["errors"][0]["extensions"]["code"] == "NOT_FOUND"
        assert time.monotonic() - started < 2 * fresh_api.settings.ws_recheck_seconds + 2
        assert ws.receive(timeout=5) == {"id": "live", "type": "complete"}
        report_progress(fresh_api.as_user("hauloc_officer"), "400")
        # The socket itself stays (the token is still good); a new subscription is refused.
        ws.subscribe("again", CHANGES, {"under": "400"})
        again = ws.receive(timeout=10)
        errors = again["payload"] if again["type"] == "error" else again["payload"]["errors"]
        assert again["id"] == "again" and errors[0]["extensions"]["code"] == "NOT_FOUND", again
    finally:
        ws.close()


def test_a_credential_that_still_holds_keeps_streaming_through_many_rechecks(
    fresh_api: LiveServer,
) -> None:
    issued = integration_key(fresh_api)
    ws = subscribed(fresh_api, issued["secret"])
    try:
        time.sleep(3 * fresh_api.settings.ws_recheck_seconds + 0.5)
        ours = report_progress(fresh_api.as_user("hauloc_officer"), "400")
        message = ws.receive(timeout=10)
        assert message["type"] == "next", message
        assert message["payload"]["data"]["changes"]["subjectId"] == ours["id"]
    finally:
        ws.close()
