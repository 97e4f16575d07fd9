"""Webhook hardening over real HTTP: the destination policy (loopback only by default outside
production; private, link-local, metadata, CGNAT, reserved, multicast and mapped addresses only
when listed), one resolution pinned for the connection (a rebinding name cannot redirect it),
generic failure reasons (no SSRF oracle), endpoints switched off when their owner loses its
rights, and administrators of the unit seeing and switching off every endpoint under it."""

from __future__ import annotations

import ssl
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from api.app import create_app
from core.config import Settings
from db.urls import DatabaseUrls
from services import webhooks
from tests.api.test_service_accounts import new_account, new_key, with_key
from tests.support.changes import report_progress, wait_until
from tests.support.relay import endpoints
from tests.support.server import LiveServer, start_server

REGISTER = """mutation($url: String!, $under: String!) {
  registerWebhook(input: {url: $url, under: $under, kinds: [TARGET_PROGRESS]}) {
    __typename ... on WebhookRegistration { webhook { id version } }
    ... on UserError { code message } ... on InvalidInputError { field } } }"""
MINE = """{ webhooks { edges { node { id active disabledReason
  deliveries { edges { node { status lastStatus lastError } } } } } } }"""
UNDER = """query($u: String!) { webhooks(under: $u) { edges { node {
  id owner under active version disabledReason disabledBy disabledAt } } } }"""
SET_ACTIVE = """mutation($id: ID!, $v: Int!, $active: Boolean!, $reason: String) {
  setWebhookActive(input: {id: $id, version: $v, active: $active, reason: $reason}) {
    __typename ... on WebhookEndpoint { active version disabledReason disabledBy }
    ... on UserError { code message } } }"""

REFUSED_BY_DEFAULT = [
    "http://10.1.2.3/hook",
    "http://172.16.5.4/hook",
    "http://192.168.1.10/hook",
    "http://169.254.169.254/latest/meta-data/",
    "http://169.254.170.2/v2/credentials",
    "http://[fe80::1]/hook",
    "http://[fd00:ec2::254]/latest",
    "http://100.64.0.1/hook",
    "http://100.100.100.200/latest",
    "http://224.0.0.1/hook",
    "http://0.0.0.0/hook",
    "http://[::]/hook",
    "http://240.0.0.1/hook",
    "http://[::ffff:169.254.169.254]/hook",
    "http://[::ffff:10.0.0.1]/hook",
    "http://[64:ff9b::a9fe:a9fe]/hook",
    "http://8.8.8.8/hook",  # public: not a development destination unless configured
    "http://2130706433x/hook",
]


class Receiver:
    def __init__(self, status: int = 204) -> None:
        self.requests: list[dict[str, Any]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append(dict(self.headers))
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *_: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    rec = Receiver()
    yield rec
    rec.close()


@pytest.fixture
def quick_api(fresh_db: DatabaseUrls, settings: Settings) -> Iterator[LiveServer]:
    quick = settings.model_copy(
        update={
            "webhook_retry_base_seconds": 0.2,
            "webhook_poll_seconds": 0.3,
            "webhook_max_attempts": 2,
        }
    )
    server = start_server(create_app(quick, fresh_db), quick)
    yield server
    server.stop()


def _register(
    server: LiveServer, url: str, under: str = "400", user: str = "thanhhoa_integration"
) -> dict[str, Any]:
    return server.as_user(user).graphql(REGISTER, {"url": url, "under": under})["data"][
        "registerWebhook"
    ]


def test_by_default_only_loopback_is_a_destination_and_refusals_say_nothing_more(
    api: LiveServer,
    receiver: Receiver,
) -> None:
    for url in (
        f"http://127.0.0.1:{receiver.port}/x",
        f"http://localhost:{receiver.port}/x",
        f"http://[::1]:{receiver.port}/x",
        "http://127.8.9.10/x",
    ):
        assert _register(api, url)["__typename"] == "WebhookRegistration", url
    answers = {url: _register(api, url) for url in REFUSED_BY_DEFAULT}
    shapes = {(a["__typename"], a["code"], a["field"], a["message"]) for a in answers.values()}
    expected = ("InvalidInputError", "BAD_USER_INPUT", "url", str(webhooks.REFUSED_DESTINATION))
    assert shapes == {expected}, answers


def test_listed_networks_are_reachable_and_nothing_else_private(
    shared_db: DatabaseUrls,
    settings: Settings,
) -> None:
    listed = settings.model_copy(
        update={"webhook_allowed_networks": ["10.20.0.0/16", "169.254.169.254/32"]}
    )
    server = start_server(create_app(listed, shared_db), listed)
    try:
        for url in (
            "http://10.20.3.4/hook",
            "http://[::ffff:10.20.3.4]/hook",
            "http://169.254.169.254/x",
            "http://127.0.0.1:9/x",
        ):
            assert _register(server, url)["__typename"] == "WebhookRegistration", url
        for url in (
            "http://10.21.0.1/hook",
            "http://192.168.1.1/hook",
            "http://169.254.170.2/x",
            "http://[fe80::1]/x",
        ):
            assert _register(server, url)["message"] == str(webhooks.REFUSED_DESTINATION), url
    finally:
        server.stop()


def test_production_allows_public_unicast_only() -> None:
    prod = Settings(environment="production", jwt_secret="p" * 40)
    assert webhooks.destinations_mode(prod) == "public"
    assert webhooks.destinations_mode(Settings(environment="test")) == "loopback"
    for address in ("8.8.8.8", "2001:4860:4860::8888", "::ffff:8.8.8.8"):
        assert webhooks.address_allowed(address, prod), address
    for address in (
        "127.0.0.1",
        "::1",
        "10.0.0.1",
        "169.254.169.254",
        "168.63.129.16",
        "100.64.1.1",
        "fe80::1",
        "fc00::1",
        "224.0.0.1",
        "ff02::1",
        "0.0.0.0",
        "::",
        "240.0.0.1",
        "192.0.2.1",
        "::ffff:127.0.0.1",
        "64:ff9b::7f00:1",
        "2002:a9fe:a9fe::1",
        "not-an-address",
    ):
        assert not webhooks.address_allowed(address, prod), address
    listed = prod.model_copy(update={"webhook_allowed_networks": ["10.1.0.0/16"]})
    assert webhooks.address_allowed("10.1.2.3", listed)
    assert not webhooks.address_allowed("10.2.0.1", listed)
    with pytest.raises(ValueError):
        Settings(webhook_allowed_networks=["not a network"])


def test_the_delivery_connects_to_the_address_that_was_checked(
    quick_api: LiveServer,
    receiver: Receiver,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A name that system DNS does not know, answered by our resolver once per check: if the
    connection resolved it again it could not connect at all; it arrives, so it went to the
    checked address, and the receiver sees the name in Host."""
    calls: list[str] = []
    answers = {"pinned.antq.test": ["127.0.0.1"], "rebind.antq.test": ["127.0.0.1"]}

    async def resolver(host: str, port: int) -> list[str]:
        calls.append(host)
        return list(answers[host])

    monkeypatch.setattr(webhooks, "resolve_host", resolver)
    pinned = _register(quick_api, f"http://pinned.antq.test:{receiver.port}/in?x=1")
    assert pinned["__typename"] == "WebhookRegistration", pinned
    report_progress(quick_api.as_user("hauloc_officer"), "400")
    wait_until(lambda: len(receiver.requests) == 1, what="the pinned delivery")
    assert receiver.requests[0]["Host"] == f"pinned.antq.test:{receiver.port}"
    assert calls == ["pinned.antq.test", "pinned.antq.test"]  # registration, the delivery

    # A name that answers loopback when registered and the metadata address afterwards.
    assert (
        _register(quick_api, f"http://rebind.antq.test:{receiver.port}/in")["__typename"]
        == "WebhookRegistration"
    )
    quick_api.as_user("thanhhoa_integration").graphql(
        SET_ACTIVE,
        {"id": pinned["webhook"]["id"], "v": pinned["webhook"]["version"], "active": False},
    )
    answers["rebind.antq.test"] = ["169.254.169.254"]
    report_progress(quick_api.as_user("hauloc_officer"), "400")

    def rebound() -> list[dict[str, Any]]:
        hooks = endpoints(quick_api.as_user("thanhhoa_integration").graphql(MINE))
        return hooks[1]["deliveries"]

    wait_until(
        lambda: bool(rebound()) and rebound()[0]["status"] == "FAILED", what="the refused delivery"
    )
    assert rebound()[0]["lastError"] == "refused destination"
    assert len(receiver.requests) == 1  # nothing reached the second address


def test_failed_attempts_report_a_generic_reason(quick_api: LiveServer, receiver: Receiver) -> None:
    with socketless_port() as port:
        closed = _register(quick_api, f"http://127.0.0.1:{port}/nobody-listens")
    assert closed["__typename"] == "WebhookRegistration"
    failing = Receiver(status=503)
    try:
        assert (
            _register(quick_api, f"http://127.0.0.1:{failing.port}/busy")["__typename"]
            == "WebhookRegistration"
        )
        report_progress(quick_api.as_user("hauloc_officer"), "400")

        def deliveries() -> list[dict[str, Any]]:
            hooks = endpoints(quick_api.as_user("thanhhoa_integration").graphql(MINE))
            return [d for h in hooks for d in h["deliveries"]]

        wait_until(
            lambda: len(deliveries()) == 2 and all(d["status"] == "FAILED" for d in deliveries()),
            what="both deliveries to fail",
        )
        no_answer, busy = deliveries()
        assert no_answer == {
            "status": "FAILED",
            "lastStatus": None,
            "lastError": "no connection or no answer in time",
        }
        assert busy == {"status": "FAILED", "lastStatus": 503, "lastError": "HTTP 503"}
    finally:
        failing.close()


class socketless_port:  # a context manager, named like one
    """A loopback port with nothing listening on it (bound, then closed)."""

    def __enter__(self) -> int:
        import socket

        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        self.port = int(sock.getsockname()[1])
        sock.close()
        return self.port

    def __exit__(self, *_: object) -> None:
        pass


def test_an_endpoint_whose_owner_lost_its_rights_is_switched_off_with_the_reason(
    quick_api: LiveServer,
    receiver: Receiver,
) -> None:
    admin = quick_api.as_user("thanhhoa_admin")
    new_account(admin, "hauloc_dwh", "400")
    key = new_key(admin, "hauloc_dwh")["secret"]
    registered = with_key(
        quick_api, key, REGISTER, {"url": f"http://127.0.0.1:{receiver.port}/in", "under": "400"}
    ).json()
    assert registered["data"]["registerWebhook"]["__typename"] == "WebhookRegistration"
    report_progress(quick_api.as_user("hauloc_officer"), "400")
    wait_until(lambda: len(receiver.requests) == 1, what="the first delivery")

    disabled = admin.graphql("""mutation { disableServiceAccount(username: "hauloc_dwh") {
        __typename } }""")
    assert disabled["data"]["disableServiceAccount"]["__typename"] == "ServiceAccount"

    def listed() -> dict[str, Any]:
        (endpoint,) = [
            e for e in endpoints(admin.graphql(UNDER, {"u": "38"})) if e["owner"] == "hauloc_dwh"
        ]
        return endpoint

    wait_until(lambda: listed()["active"] is False, timeout=10, what="the switch-off")
    endpoint = listed()
    assert endpoint["disabledReason"] == webhooks.OWNER_LOST_ACCESS
    assert endpoint["disabledBy"] is None and endpoint["disabledAt"] is not None
    assert endpoint["under"] == "400"
    audit = admin.graphql("{ auditLog(first: 5) { edges { node { actor action after } } } }")
    entry = audit["data"]["auditLog"]["edges"][0]["node"]
    assert (entry["actor"], entry["action"]) == ("antq", "deactivate_webhook")
    assert entry["after"]["owner"] == "hauloc_dwh"
    report_progress(quick_api.as_user("hauloc_officer"), "400")
    time.sleep(0.6)
    assert len(receiver.requests) == 1  # nothing more was sent


def test_admins_of_the_unit_see_and_switch_off_any_endpoint_under_it(
    quick_api: LiveServer,
    receiver: Receiver,
) -> None:
    hook = _register(quick_api, f"http://127.0.0.1:{receiver.port}/in", under="400")["webhook"]
    admin = quick_api.as_user("thanhhoa_admin")
    (seen,) = endpoints(admin.graphql(UNDER, {"u": "400"}))
    assert (seen["id"], seen["owner"], seen["active"]) == (hook["id"], "thanhhoa_integration", True)
    # Not theirs to see: another province's admin, a district officer (reads, does not
    # administer), the owner's own list stays its own.
    assert (
        quick_api.as_user("quangtri_admin").graphql(UNDER, {"u": "400"})["errors"][0]["extensions"][
            "code"
        ]
        == "NOT_FOUND"
    )
    assert (
        quick_api.as_user("hauloc_officer").graphql(UNDER, {"u": "400"})["errors"][0]["extensions"][
            "code"
        ]
        == "FORBIDDEN"
    )
    for outsider in ("quangtri_admin", "hauloc_officer", "hauloc_reviewer"):
        refused = quick_api.as_user(outsider).graphql(
            SET_ACTIVE, {"id": hook["id"], "v": hook["version"], "active": False}
        )["data"]["setWebhookActive"]
        assert refused["__typename"] == "NotFoundError", (outsider, refused)

    off = admin.graphql(
        SET_ACTIVE,
        {
            "id": hook["id"],
            "v": hook["version"],
            "active": False,
            "reason": "Hệ thống tích hợp đang bảo trì",
        },
    )["data"]["setWebhookActive"]
    assert off == {
        "__typename": "WebhookEndpoint",
        "active": False,
        "version": 2,
        "disabledReason": "Hệ thống tích hợp đang bảo trì",
        "disabledBy": "thanhhoa_admin",
    }
    on_again = admin.graphql(SET_ACTIVE, {"id": hook["id"], "v": 2, "active": True})
    assert on_again["data"]["setWebhookActive"]["__typename"] == "NotAllowedError"
    report_progress(quick_api.as_user("hauloc_officer"), "400")
    time.sleep(0.6)
    assert receiver.requests == []
    owner = quick_api.as_user("thanhhoa_integration")
    (mine,) = endpoints(owner.graphql(MINE))
    assert mine["disabledReason"] == "Hệ thống tích hợp đang bảo trì"
    back = owner.graphql(SET_ACTIVE, {"id": hook["id"], "v": 2, "active": True})
    assert back["data"]["setWebhookActive"] == {
        "__typename": "WebhookEndpoint",
        "active": True,
        "version": 3,
        "disabledReason": None,
        "disabledBy": None,
    }


# -- https: SNI and certificate checked against the URL's name, not the pinned address ---------
def _certificates(tmp: Path, names: list[str]) -> tuple[Path, Path, Path]:
    """A test CA and a leaf certificate for `names` (files: CA, leaf chain, leaf key)."""
    import datetime as dt

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "ANTQ test CA")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(hours=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    leaf = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, names[0])]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(hours=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.DNSName(n) for n in names]), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    pem = serialization.Encoding.PEM
    (tmp / "ca.pem").write_bytes(ca.public_bytes(pem))
    (tmp / "leaf.pem").write_bytes(leaf.public_bytes(pem))
    (tmp / "leaf.key").write_bytes(
        key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return tmp / "ca.pem", tmp / "leaf.pem", tmp / "leaf.key"


def test_https_deliveries_send_the_name_as_sni_and_verify_the_certificate_for_it(
    fresh_db: DatabaseUrls,
    settings: Settings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ca, chain, key = _certificates(tmp_path, ["hooks.antq.test"])
    sni: list[str | None] = []
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(chain, key)
    context.sni_callback = lambda _sock, name, _ctx: sni.append(name)  # type: ignore[assignment,misc,return-value]
    tls = Receiver()
    tls.httpd.socket = context.wrap_socket(tls.httpd.socket, server_side=True)

    async def resolver(host: str, port: int) -> list[str]:
        return ["127.0.0.1"]  # both names are ours to answer; system DNS knows neither

    monkeypatch.setattr(webhooks, "resolve_host", resolver)
    trusting = settings.model_copy(
        update={"webhook_ca_file": ca, "webhook_poll_seconds": 0.3, "webhook_max_attempts": 1}
    )
    server = start_server(create_app(trusting, fresh_db), trusting)
    try:
        good = _register(server, f"https://hooks.antq.test:{tls.port}/in")
        wrong = _register(server, f"https://other.antq.test:{tls.port}/in")
        assert good["__typename"] == wrong["__typename"] == "WebhookRegistration"
        report_progress(server.as_user("hauloc_officer"), "400")

        def deliveries() -> list[dict[str, Any]]:
            hooks = endpoints(server.as_user("thanhhoa_integration").graphql(MINE))
            return [h["deliveries"][0] if h["deliveries"] else {} for h in hooks]

        wait_until(
            lambda: all(d.get("status") in ("DELIVERED", "FAILED") for d in deliveries()),
            what="both https deliveries",
        )
        delivered, refused = deliveries()
        assert delivered["status"] == "DELIVERED", delivered
        # The certificate names hooks.antq.test only: the other name fails verification,
        # although it connects to the very same address.
        assert (
            refused["status"] == "FAILED"
            and refused["lastError"] == "no connection or no answer in time"
        )
        assert len(tls.requests) == 1
        assert tls.requests[0]["Host"] == f"hooks.antq.test:{tls.port}"
        assert "hooks.antq.test" in sni and "other.antq.test" in sni
    finally:
        server.stop()
        tls.close()
