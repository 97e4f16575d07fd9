"""Over real HTTP and a real websocket: the same mistake answers in Vietnamese by default and
in English with `Accept-Language: en`, with the same `extensions.code`."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.changes import WsClient
from tests.support.server import LiveServer

UNIT = 'query { unit(unit: "99999") { code } }'
UNITS = "query { units(first: -1) { edges { node { code } } } }"
AUDIT = "query { auditLog(first: 1) { edges { node { id } } } }"
WEBHOOK = """mutation($url: String!) {
  registerWebhook(input: {url: $url, under: "400", kinds: [TARGET_PROGRESS]}) {
  __typename ... on UserError { code message } } }"""
CHANGES = 'subscription { changes(under: "407") { id } }'


def error_of(body: dict[str, Any]) -> dict[str, Any]:
    assert body.get("errors"), body
    return body["errors"][0]


@pytest.mark.parametrize(
    ("query", "user", "code", "vietnamese", "english"),
    [
        (
            UNITS,
            "thanhhoa_admin",
            "BAD_USER_INPUT",
            "`first` không được âm (nhận được -1).",
            "`first` must not be negative (got -1).",
        ),
        (
            UNIT,
            "thanhhoa_admin",
            "NOT_FOUND",
            "Không có đơn vị hành chính mã '99999'",
            "No administrative unit with code '99999'",
        ),
        (
            AUDIT,
            "hauloc_reviewer",
            "FORBIDDEN",
            "Chỉ quản trị viên mới xem được nhật ký kiểm tra.",
            "Only administrators read the audit log.",
        ),
        (
            UNIT,
            None,
            "UNAUTHENTICATED",
            "Hãy đăng nhập",
            "Sign in",
        ),
    ],
)
def test_a_graphql_error_speaks_vietnamese_by_default_and_english_on_request(
    api: LiveServer, query: str, user: str | None, code: str, vietnamese: str, english: str
) -> None:
    token = api.as_user(user).token if user else None
    default = error_of(api.graphql(query, token=token))
    assert default["extensions"]["code"] == code and vietnamese in default["message"], default
    asked = error_of(api.graphql(query, token=token, language="en-US,en;q=0.9"))
    assert asked["extensions"]["code"] == code and english in asked["message"], asked
    assert {k: v for k, v in asked.items() if k != "message"} == {
        k: v for k, v in default.items() if k != "message"
    }


def test_a_service_refusal_in_a_payload_follows_the_language(api: LiveServer) -> None:
    integration = api.as_user("thanhhoa_integration")
    default = integration.graphql(WEBHOOK, {"url": "ftp://example.org/hook"})
    english = integration.graphql(WEBHOOK, {"url": "ftp://example.org/hook"}, language="en")
    vi_error = default["data"]["registerWebhook"]
    en_error = english["data"]["registerWebhook"]
    assert vi_error["code"] == en_error["code"] == "BAD_USER_INPUT"
    assert vi_error["message"] == "URL webhook phải bắt đầu bằng http:// hoặc https://."
    assert en_error["message"] == "Webhook URLs must be http:// or https://."


def test_http_level_refusals_are_localized_with_their_codes(api: LiveServer) -> None:
    for headers, expected in (
        ({}, "không phải JSON hợp lệ"),
        ({"Accept-Language": "en"}, "not valid JSON"),
    ):
        response = api.client.post(
            "/graphql",
            content=b"{not json",
            headers={"Content-Type": "application/json", **headers},
        )
        assert response.status_code == 400
        error = error_of(response.json())
        assert error["extensions"]["code"] == "BAD_REQUEST" and expected in error["message"]
    vi = api.client.get("/no-such-page")
    en = api.client.get("/no-such-page", headers={"Accept-Language": "en"})
    assert vi.status_code == en.status_code == 404
    assert error_of(vi.json()) == {
        "message": "Không tìm thấy.",
        "extensions": {"code": "NOT_FOUND"},
    }
    assert error_of(en.json())["message"] == "Not found."
    assert vi.headers["content-language"] == "vi" and en.headers["content-language"] == "en"
    assert "accept-language" in vi.headers["vary"].lower()


def test_an_over_http_subscription_refusal_is_localized(api: LiveServer) -> None:
    token = api.as_user("hauloc_reviewer").token
    vi = error_of(api.graphql(CHANGES, token=token))
    en = error_of(api.graphql(CHANGES, token=token, language="en"))
    assert vi["extensions"]["code"] == en["extensions"]["code"] == "OPERATION_NOT_ALLOWED"
    assert "websocket" in vi["message"] and vi["message"].startswith("Subscription chạy qua")
    assert en["message"].startswith("Subscriptions run over a websocket")


def _ws_error(ws: WsClient) -> dict[str, Any]:
    assert ws.receive()["type"] == "connection_ack"
    ws.subscribe("x", CHANGES)
    message = ws.receive()
    errors = message["payload"] if message["type"] == "error" else message["payload"]["errors"]
    return errors[0]


def test_a_websocket_speaks_the_language_of_its_upgrade_header_or_connection_init(
    api: LiveServer,
) -> None:
    token = api.as_user("hauloc_reviewer").token  # reads Hậu Lộc (400), not Nghi Sơn (407)
    clients = {
        "vi": WsClient(api, token),
        "header": WsClient(api, token, headers={"Accept-Language": "en"}),
        "init": WsClient(api, token, init={"Accept-Language": "en-GB"}),
        "init over header": WsClient(
            api, token, headers={"Accept-Language": "en"}, init={"language": "vi"}
        ),
    }
    try:
        errors = {name: _ws_error(ws) for name, ws in clients.items()}
    finally:
        for ws in clients.values():
            ws.close()
    assert {e["extensions"]["code"] for e in errors.values()} == {"NOT_FOUND"}
    assert "Không có đơn vị hành chính mã '407'" in errors["vi"]["message"], errors
    assert errors["init over header"]["message"] == errors["vi"]["message"]
    assert "No administrative unit with code '407'" in errors["header"]["message"], errors
    assert errors["init"]["message"] == errors["header"]["message"]
