"""Outbound webhooks against a real HTTP receiver on loopback: signature, retry, subtree."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from core.config import Settings
from core.errors import BadInput
from db.urls import DatabaseUrls
from services import webhooks
from tests.support.changes import report_progress, wait_until
from tests.support.relay import endpoints
from tests.support.server import LiveServer, start_server
from tests.support.sql_counter import count_statements, settle

SECRET = "s3cr3t-of-the-thanh-hoa-integration"
REGISTER = """mutation($url: String!, $under: String!, $kinds: [ChangeKind!]!,
                       $secret: String) {
  registerWebhook(input: {url: $url, under: $under, kinds: $kinds, secret: $secret}) {
    __typename
    ... on WebhookRegistration { secret webhook { id url under kinds active version } }
    ... on UserError { code message } ... on InvalidInputError { field } } }"""
WEBHOOKS = """{ webhooks { edges { node { id active
  deliveries { edges { node { status attempts lastStatus kind eventId } } } } } } }"""


@dataclass
class Receiver:
    """Answers 500 to the first `failures` requests, then 204; records every request."""

    failures: int
    requests: list[dict[str, Any]] = field(default_factory=list)
    url: str = ""

    def handler(self) -> type[BaseHTTPRequestHandler]:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append({"headers": dict(self.headers), "body": body})
                failing = len(receiver.requests) <= receiver.failures
                self.send_response(500 if failing else 204)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *_: object) -> None:
                pass

        return Handler


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    rec = Receiver(failures=2)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), rec.handler())
    rec.url = f"http://127.0.0.1:{httpd.server_address[1]}/antq/events"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield rec
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def quick_api(fresh_db: DatabaseUrls, settings: Settings) -> Iterator[LiveServer]:
    """The app with retry delays of a fraction of a second (0.2 s, then 0.4 s)."""
    from api.app import create_app

    quick = settings.model_copy(
        update={"webhook_retry_base_seconds": 0.2, "webhook_poll_seconds": 0.5}
    )
    server = start_server(create_app(quick, fresh_db), quick)
    yield server
    server.stop()


def test_a_failing_receiver_gets_the_signed_event_again_and_nothing_outside_the_subtree(
    quick_api: LiveServer,
    receiver: Receiver,
) -> None:
    integration = quick_api.as_user("thanhhoa_integration")
    registered = integration.graphql(
        REGISTER,
        {"url": receiver.url, "under": "400", "kinds": ["TARGET_PROGRESS"], "secret": SECRET},
    )["data"]["registerWebhook"]
    assert registered["__typename"] == "WebhookRegistration", registered
    assert registered["secret"] == SECRET and registered["webhook"]["under"] == "400"

    # Nghi Sơn (outside the endpoint's subtree) first, then Hậu Lộc.
    report_progress(quick_api.as_user("nghison_officer"), "407")
    ours = report_progress(quick_api.as_user("hauloc_officer"), "400")
    wait_until(lambda: len(receiver.requests) >= 3, what="two failures and one success")
    time.sleep(0.5)  # anything else that would (wrongly) arrive
    assert len(receiver.requests) == 3

    event_ids = set()
    for attempt, request in enumerate(receiver.requests, start=1):
        headers, body = request["headers"], request["body"]
        assert headers["X-ANTQ-Attempt"] == str(attempt)
        # Verify as a receiver would, with nothing but the secret (README recipe).
        parts = dict(p.split("=", 1) for p in headers["X-ANTQ-Signature"].split(","))
        expected = hmac.new(
            SECRET.encode(), parts["t"].encode() + b"." + body, hashlib.sha256
        ).hexdigest()
        assert hmac.compare_digest(expected, parts["v1"])
        assert abs(time.time() - int(parts["t"])) < 60
        assert webhooks.verify(SECRET, headers["X-ANTQ-Signature"], body, now=int(time.time()))
        assert not webhooks.verify(
            "another-secret-of-enough-length",
            headers["X-ANTQ-Signature"],
            body,
            now=int(time.time()),
        )
        document = json.loads(body)
        assert document["kind"] == "TARGET_PROGRESS" and document["unit"]["code"] == "400"
        # The subscription's ChangedUnit fields: the unit is named by `unitId`, not `id`.
        assert set(document["unit"]) == {"unitId", "code", "name", "kind", "path"}
        assert document["subjectId"] == ours["id"] and document["actor"] == "hauloc_officer"
        event_ids.add(document["id"])
    assert len(event_ids) == 1  # the same event, retried

    def delivered() -> list[dict[str, Any]]:
        hooks = endpoints(integration.graphql(WEBHOOKS))
        return hooks[0]["deliveries"]

    wait_until(lambda: delivered()[0]["status"] == "DELIVERED", what="the delivery row")
    (delivery,) = delivered()  # one row: the Nghi Sơn event was never queued
    assert delivery["attempts"] == 3 and delivery["lastStatus"] == 204
    assert delivery["eventId"] == event_ids.pop()


def test_only_integration_accounts_register_and_only_http_urls(api: LiveServer) -> None:
    variables = {"url": "http://127.0.0.1:9/x", "under": "400", "kinds": ["CAMPAIGN_STATE"]}
    officer = api.as_user("hauloc_officer").graphql(REGISTER, variables)
    assert officer["data"]["registerWebhook"]["__typename"] == "NotAllowedError", officer
    integration = api.as_user("thanhhoa_integration")
    for url in ("file:///etc/passwd", "gopher://127.0.0.1/", "http://user:pw@127.0.0.1/"):
        refused = integration.graphql(REGISTER, {**variables, "url": url})
        assert refused["data"]["registerWebhook"]["__typename"] == "InvalidInputError", refused
        assert refused["data"]["registerWebhook"]["field"] == "url"
    outside = integration.graphql(REGISTER, {**variables, "under": "4501"})  # Quảng Trị
    assert outside["data"]["registerWebhook"]["__typename"] in ("NotFoundError", "NotAllowedError")
    short = integration.graphql(REGISTER, {**variables, "secret": "short"})
    assert short["data"]["registerWebhook"]["field"] == "secret"


def test_production_settings_refuse_private_and_loopback_destinations() -> None:
    strict = Settings(webhook_destinations="public")
    for url in (
        "http://127.0.0.1:8080/hook",
        "http://10.1.2.3/hook",
        "http://[::1]/hook",
        "http://169.254.169.254/latest/meta-data",
        "http://localhost/hook",
    ):
        with pytest.raises(BadInput):
            asyncio.run(webhooks.check_destination(url, strict))
    allowlisted = Settings(webhook_allowed_hosts=["hooks.thanhhoa.gov.vn"])
    with pytest.raises(BadInput):
        webhooks.check_url_shape("https://evil.example/hook", allowlisted)
    assert webhooks.check_url_shape("https://hooks.thanhhoa.gov.vn/a", allowlisted)


SET_ACTIVE = """mutation($id: ID!, $v: Int!, $active: Boolean!) {
  setWebhookActive(input: {id: $id, version: $v, active: $active}) {
    __typename ... on WebhookEndpoint { active version } ... on UserError { code } } }"""


def test_a_switched_off_endpoint_gets_nothing_and_a_revoked_owner_gets_nothing_more(
    quick_api: LiveServer,
    receiver: Receiver,
    fresh_db: DatabaseUrls,
) -> None:
    receiver.failures = 0
    integration = quick_api.as_user("thanhhoa_integration")
    hooks = [
        integration.graphql(
            REGISTER, {"url": receiver.url, "under": under, "kinds": ["TARGET_PROGRESS"]}
        )["data"]["registerWebhook"]["webhook"]
        for under in ("400", "38")
    ]
    off = integration.graphql(
        SET_ACTIVE, {"id": hooks[0]["id"], "v": hooks[0]["version"], "active": False}
    )["data"]["setWebhookActive"]
    assert off == {"__typename": "WebhookEndpoint", "active": False, "version": 2}
    stale = integration.graphql(SET_ACTIVE, {"id": hooks[0]["id"], "v": 1, "active": True})
    assert stale["data"]["setWebhookActive"]["__typename"] == "VersionConflictError"
    # Only the province-wide endpoint is still on: one request for one report.
    report_progress(quick_api.as_user("hauloc_officer"), "400")
    wait_until(lambda: len(receiver.requests) == 1, what="the province endpoint's delivery")
    # The owner loses its role (a province-level role is the ministry operators' business, so
    # in SQL as they would, with the NOTIFY every process reloads on): what is queued for it is
    # failed, not sent.
    _owner_sql(
        fresh_db,
        "WITH d AS (DELETE FROM casbin_rule WHERE ptype = 'g' AND "
        "v0 = 'thanhhoa_integration' RETURNING 1), "
        "n AS (SELECT pg_notify('antq_policy', '')) "
        "SELECT (SELECT count(*) FROM d) + (SELECT count(*) FROM n)",
    )
    authorizer = quick_api.app.state.authorizer
    wait_until(
        lambda: not authorizer.principal("thanhhoa_integration").grants,
        what="the revocation to reach the policy",
    )
    # The dispatcher switches the orphaned endpoint off (with the reason); nothing more is
    # queued for it, and nothing is sent.
    active = "SELECT string_agg(active::text, ',' ORDER BY id) FROM webhook_endpoints"
    wait_until(lambda: _owner_sql(fresh_db, active) == "false,false", what="the switch-off")
    report_progress(quick_api.as_user("hauloc_officer"), "400")
    time.sleep(0.5)
    sql = (
        "SELECT string_agg(status || ':' || coalesce(last_error, ''), '|' ORDER BY id) "
        "FROM webhook_deliveries"
    )
    assert _owner_sql(fresh_db, sql) == "delivered:"
    assert len(receiver.requests) == 1


def _owner_sql(urls: DatabaseUrls, sql: str) -> object:
    from sqlalchemy import text
    from sqlalchemy.ext.asyncio import create_async_engine

    async def go() -> object:
        engine = create_async_engine(urls.owner)
        try:
            async with engine.begin() as conn:
                return (await conn.execute(text(sql))).scalar_one()
        finally:
            await engine.dispose()

    return asyncio.run(go())


def test_listing_endpoints_with_their_deliveries_takes_as_many_statements_for_four_as_for_one(
    fresh_api: LiveServer,
) -> None:
    integration = fresh_api.as_user("thanhhoa_integration")
    query = "{ webhooks { edges { node { id deliveries { edges { node { status kind } } } } } } }"

    def register() -> None:
        registered = integration.graphql(
            REGISTER,
            {"url": "http://127.0.0.1:9/none", "under": "400", "kinds": ["TARGET_PROGRESS"]},
        )["data"]["registerWebhook"]
        assert registered["__typename"] == "WebhookRegistration", registered

    def listed() -> tuple[list[dict[str, Any]], int]:
        settle(fresh_api.app)
        with count_statements(fresh_api.app) as statements:
            result = integration.graphql(query)
        assert "errors" not in result, result
        return endpoints(result), len(statements)

    register()
    report_progress(fresh_api.as_user("hauloc_officer"), "400")
    one, for_one = listed()
    assert [len(h["deliveries"]) for h in one] == [1]
    for _ in range(3):
        register()
    report_progress(fresh_api.as_user("hauloc_officer"), "400")
    four, for_four = listed()
    assert [len(h["deliveries"]) for h in four] == [2, 1, 1, 1]
    assert for_four == for_one, (for_one, for_four)
