"""Two API processes on one database and one Redis, as behind a load balancer: a grant made on
one is enforced on the other within a second, each webhook delivery is sent once, the rate
limit holds across both, and subscribers on both receive every event."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterator
from http.server import ThreadingHTTPServer

import pytest

from core.config import Settings
from db.urls import DatabaseUrls
from tests.api.test_service_accounts import new_account, new_key
from tests.api.test_webhooks import REGISTER, Receiver
from tests.support.changes import WsClient, report_progress, wait_until
from tests.support.databases import clone_name, drop_database, recreate_database
from tests.support.processes import ApiProcess, start_api_processes

GRANT = """mutation($u: String!, $r: Role!, $c: String!) {
  grantRole(input: {username: $u, role: $r, unit: $c, asOf: "2024-06-01"}) {
    __typename ... on UserError { code message } } }"""
REVOKE = GRANT.replace("grantRole", "revokeRole")
UNIT = 'query($c: String!) { unit(unit: $c, asOf: "2024-06-01") { code } }'
CHANGES = """subscription { changes(under: "38", kinds: [TARGET_PROGRESS]) {
  id subjectId unit { code } } }"""
ACCOUNT_RATE_PER_MINUTE, ACCOUNT_BURST = 2, 8  # refills one token per 30 s


@pytest.fixture(scope="module")
def instances(
    template_urls: DatabaseUrls, server_urls: DatabaseUrls, redis_url: str, settings: Settings
) -> Iterator[tuple[ApiProcess, ApiProcess]]:
    name = clone_name("antq_multi")
    urls = recreate_database(server_urls, name, "antq_test_template")
    env = {
        "ANTQ_REDIS_URL": redis_url,
        "ANTQ_WEBHOOK_POLL_SECONDS": "0.5",
        "ANTQ_WEBHOOK_RETRY_BASE_SECONDS": "0.2",
        "ANTQ_SERVICE_ACCOUNT_RATE_PER_MINUTE": str(ACCOUNT_RATE_PER_MINUTE),
        "ANTQ_SERVICE_ACCOUNT_BURST": str(ACCOUNT_BURST),
        "ANTQ_USER_RATE_PER_MINUTE": str(settings.user_rate_per_minute),
        # the suite's demo people act in pre-2025 units, as in every shared test server
        "ANTQ_ROLES_END_WITH_UNITS": str(settings.roles_end_with_units).lower(),
    }
    started: list[ApiProcess] = []
    try:
        started = start_api_processes(urls, settings, env)
        yield started[0], started[1]
    finally:
        for process in started:
            process.stop()
        drop_database(server_urls, name)


def sees(server: ApiProcess, username: str, code: str) -> bool:
    result = server.as_user(username).graphql(UNIT, {"c": code})
    return (result.get("data") or {}).get("unit") is not None


def test_a_grant_on_one_instance_is_enforced_on_the_other_within_a_second(
    instances: tuple[ApiProcess, ApiProcess],
) -> None:
    a, b = instances
    assert not sees(b, "nghison_reviewer", "16072")  # Phú Lộc is in Hậu Lộc, not Nghi Sơn
    granted = a.as_user("thanhhoa_admin").graphql(
        GRANT, {"u": "nghison_reviewer", "r": "COMMUNE_OFFICER", "c": "16072"}
    )["data"]["grantRole"]
    assert granted["__typename"] == "RoleAssignment", granted
    started = time.monotonic()
    wait_until(lambda: sees(b, "nghison_reviewer", "16072"), timeout=5, what="the grant on B")
    assert time.monotonic() - started < 1.0
    revoked = b.as_user("thanhhoa_admin").graphql(
        REVOKE, {"u": "nghison_reviewer", "r": "COMMUNE_OFFICER", "c": "16072"}
    )["data"]["revokeRole"]
    assert revoked["__typename"] == "RoleAssignment", revoked
    started = time.monotonic()
    wait_until(
        lambda: not sees(a, "nghison_reviewer", "16072"), timeout=5, what="the revocation on A"
    )
    assert time.monotonic() - started < 1.0


def test_each_webhook_delivery_is_sent_once_by_one_of_the_instances(
    instances: tuple[ApiProcess, ApiProcess],
) -> None:
    a, b = instances
    receiver = Receiver(failures=0)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), receiver.handler())
    receiver.url = f"http://127.0.0.1:{httpd.server_address[1]}/antq/events"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        registered = a.as_user("thanhhoa_integration").graphql(
            REGISTER, {"url": receiver.url, "under": "38", "kinds": ["TARGET_PROGRESS"]}
        )
        assert registered["data"]["registerWebhook"]["__typename"] == "WebhookRegistration", (
            registered
        )
        # Reports committed through both instances: both dispatchers wake on every NOTIFY.
        for server, user, unit in (
            (a, "hauloc_officer", "400"),
            (b, "nghison_officer", "407"),
            (b, "hauloc_officer", "400"),
            (a, "nghison_officer", "407"),
        ):
            report_progress(server.as_user(user), unit)  # type: ignore[arg-type]
        wait_until(lambda: len(receiver.requests) >= 4, timeout=20, what="four deliveries")
        time.sleep(3)  # several poll rounds of both dispatchers: nothing may come twice
        ids = Counter(r["headers"]["X-ANTQ-Event-Id"] for r in receiver.requests)
        assert len(ids) == 4 and set(ids.values()) == {1}, ids
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_the_rate_limit_holds_across_both_instances(
    instances: tuple[ApiProcess, ApiProcess],
) -> None:
    a, b = instances
    admin = a.as_user("thanhhoa_admin")
    new_account(admin, "hauloc_sync", "400")  # type: ignore[arg-type]
    key = new_key(admin, "hauloc_sync")["secret"]  # type: ignore[arg-type]
    statuses: dict[str, list[int]] = {"a": [], "b": []}
    for i in range(2 * ACCOUNT_BURST):
        name, server = ("a", a) if i % 2 == 0 else ("b", b)
        response = server.client.post(
            "/graphql",
            json={"query": UNIT, "variables": {"c": "400"}},
            headers={"Authorization": f"Bearer {key}"},
        )
        statuses[name].append(response.status_code)
    passed = statuses["a"].count(200) + statuses["b"].count(200)
    assert passed == ACCOUNT_BURST, statuses  # not 2 × the burst
    assert statuses["a"][-1] == statuses["b"][-1] == 429, statuses


def test_subscribers_on_both_instances_receive_events_committed_on_either(
    instances: tuple[ApiProcess, ApiProcess],
) -> None:
    a, b = instances
    sockets = []
    try:
        for server in (a, b):
            ws = WsClient(server, server.as_user("thanhhoa_reviewer").token)  # type: ignore[arg-type]
            assert ws.receive()["type"] == "connection_ack"
            ws.subscribe("s", CHANGES)
            sockets.append(ws)
        time.sleep(1.0)  # the subscribe message has been handled (no ack in the protocol)
        for server, user, unit in ((a, "hauloc_officer", "400"), (b, "nghison_officer", "407")):
            target = report_progress(server.as_user(user), unit)  # type: ignore[arg-type]
            for ws in sockets:
                event = ws.receive(timeout=10)["payload"]["data"]["changes"]
                assert event["subjectId"] == target["id"] and event["unit"]["code"] == unit
    finally:
        for ws in sockets:
            ws.close()
