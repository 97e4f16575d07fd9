"""HTTP-level hardening: body limits for chunked requests, /metrics behind a setting, a
maximum token lifetime (ours and an identity provider's), and no secret in any log line."""

from __future__ import annotations

import base64
import json
import logging
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from api.app import create_app
from core.config import Settings
from db.urls import DatabaseUrls
from tests.support.server import LiveServer, start_server

ME = "{ me { username } }"


def chunks(size: int, piece: int = 64 * 1024) -> Iterator[bytes]:
    """A body sent with Transfer-Encoding: chunked (no Content-Length to refuse it early)."""
    sent = 0
    while sent < size:
        n = min(piece, size - sent)
        sent += n
        yield b" " * n


def code_of(response: Any) -> str:
    return response.json()["errors"][0]["extensions"]["code"]


# -- request bodies ----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def small_bodies(shared_db: DatabaseUrls, settings: Settings) -> Iterator[LiveServer]:
    limited = settings.model_copy(update={"max_body_bytes": 200_000})
    server = start_server(create_app(limited, shared_db), limited)
    yield server
    server.stop()


def test_a_chunked_graphql_body_over_the_limit_is_413_not_500(small_bodies: LiveServer) -> None:
    def body() -> Iterator[bytes]:
        yield b'{"query": "{ __typename }", "pad": "'
        yield from chunks(300_000)
        yield b'"}'

    response = small_bodies.client.post(
        "/graphql", content=body(), headers={"content-type": "application/json"}
    )
    assert response.status_code == 413, response.text
    assert code_of(response) == "REQUEST_TOO_LARGE"
    assert "200000" in response.json()["errors"][0]["message"]


def test_a_chunked_multipart_upload_over_the_limit_is_413(small_bodies: LiveServer) -> None:
    token = small_bodies.as_user("hauloc_officer").token
    boundary = "antqboundary"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="operations"\r\n\r\n'
        '{"query": "mutation($f: Upload!) { importTargets(file: $f, input: {unit: '
        '\\"400\\", year: 2023}) { __typename } }", "variables": {"f": null}}\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="map"\r\n\r\n'
        '{"0": ["variables.f"]}\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="0"; '
        'filename="big.xlsx"\r\nContent-Type: application/octet-stream\r\n\r\n'
    ).encode()

    def body() -> Iterator[bytes]:
        yield head
        yield from chunks(400_000)
        yield f"\r\n--{boundary}--\r\n".encode()

    response = small_bodies.client.post(
        "/graphql",
        content=body(),
        headers={
            "content-type": f"multipart/form-data; boundary={boundary}",
            "authorization": f"Bearer {token}",
        },
    )
    assert response.status_code == 413, response.text
    assert code_of(response) == "REQUEST_TOO_LARGE"


def test_a_chunked_oauth_token_request_over_the_limit_is_413(small_bodies: LiveServer) -> None:
    def body() -> Iterator[bytes]:
        yield b"grant_type=client_credentials&client_id=x&client_secret="
        yield from (b"a" * len(c) for c in chunks(250_000))

    response = small_bodies.client.post(
        "/oauth/token",
        content=body(),
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 413, response.text
    assert code_of(response) == "REQUEST_TOO_LARGE"


def test_a_chunked_body_under_the_limit_still_runs(small_bodies: LiveServer) -> None:
    token = small_bodies.as_user("hauloc_officer").token

    def body() -> Iterator[bytes]:
        yield b'{"query": "{ me { username } }", "pad": "'
        yield from chunks(150_000, piece=10_000)
        yield b'"}'

    response = small_bodies.client.post(
        "/graphql",
        content=body(),
        headers={"content-type": "application/json", "authorization": f"Bearer {token}"},
    )
    assert response.status_code == 200, response.text
    assert response.json()["data"]["me"]["username"] == "hauloc_officer"


# -- /metrics ----------------------------------------------------------------------------------
def _serve(db: DatabaseUrls, settings: Settings, **update: Any) -> LiveServer:
    changed = settings.model_copy(update=update)
    return start_server(create_app(changed, db), changed)


def test_metrics_are_off_unless_enabled(shared_db: DatabaseUrls, settings: Settings) -> None:
    server = _serve(shared_db, settings, metrics_enabled=False)
    try:
        assert server.client.get("/metrics").status_code == 404
        assert server.client.get("/healthz").status_code == 200
    finally:
        server.stop()


def test_metrics_with_a_token_answer_only_that_token(
    shared_db: DatabaseUrls, settings: Settings
) -> None:
    token = "metrics-" + "x" * 32
    server = _serve(shared_db, settings, metrics_enabled=True, metrics_token=token)
    try:
        for headers in (
            {},
            {"authorization": "Bearer wrong"},
            {"authorization": token},
            {"authorization": f"Bearer {token}x"},
            {"x-api-key": token},
        ):
            refused = server.client.get("/metrics", headers=headers)
            assert refused.status_code == 401, headers
            assert "antq_http_requests_total" not in refused.text
        allowed = server.client.get("/metrics", headers={"authorization": f"Bearer {token}"})
        assert allowed.status_code == 200
        assert "antq_http_requests_total" in allowed.text
    finally:
        server.stop()


def test_production_refuses_open_metrics() -> None:
    secret = "p" * 40
    with pytest.raises(ValueError, match="METRICS_TOKEN"):
        Settings(environment="production", jwt_secret=secret, metrics_enabled=True)
    Settings(
        environment="production", jwt_secret=secret, metrics_enabled=True, metrics_token="t" * 32
    )


# -- token lifetime ----------------------------------------------------------------------------
def _hs256(settings: Settings, **claims: Any) -> str:
    return jwt.encode(claims, settings.jwt_secret, algorithm="HS256")


def _me(server: LiveServer, token: str) -> dict[str, Any]:
    return server.graphql(ME, token=token)


def _code(result: dict[str, Any]) -> str | None:
    errors = result.get("errors")
    return errors[0]["extensions"]["code"] if errors else None


def test_tokens_living_longer_than_the_maximum_are_refused(api: LiveServer) -> None:
    s = api.settings
    now = int(time.time())
    longest = s.max_token_seconds
    refused = {
        "a day long": _hs256(s, sub="bca_v05", iat=now, exp=now + 86_400),
        "just over": _hs256(s, sub="bca_v05", iat=now, exp=now + longest + 120),
        "no iat": _hs256(s, sub="bca_v05", exp=now + 600),
        "no exp": _hs256(s, sub="bca_v05", iat=now),
        "iat in the past, a year to go": _hs256(
            s, sub="bca_v05", iat=now - 10 * 86_400, exp=now + 365 * 86_400
        ),
    }
    for name, token in refused.items():
        result = _me(api, token)
        assert _code(result) == "UNAUTHENTICATED", (name, result)
        assert result.get("data") is None or result["data"].get("me") is None
    accepted = _hs256(s, sub="bca_v05", iat=now, exp=now + longest - 60)
    assert _me(api, accepted)["data"]["me"]["username"] == "bca_v05"


def test_a_long_lived_token_cannot_open_a_websocket_either(api: LiveServer) -> None:
    from websockets.exceptions import ConnectionClosed

    from tests.support.changes import WsClient

    now = int(time.time())
    long_lived = _hs256(api.settings, sub="hauloc_officer", iat=now, exp=now + 7 * 86_400)
    ws = WsClient(api, long_lived)
    with pytest.raises(ConnectionClosed) as closed:
        ws.receive()
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 4403
    fine = WsClient(api, _hs256(api.settings, sub="hauloc_officer", iat=now, exp=now + 600))
    try:
        assert fine.receive()["type"] == "connection_ack"
    finally:
        fine.close()


@pytest.fixture(scope="module")
def identity_provider() -> Iterator[tuple[str, Any]]:
    """A JWKS endpoint on loopback serving one RSA key, like Keycloak's certs URL."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    numbers = key.public_key().public_numbers()

    def b64(n: int) -> str:
        raw = n.to_bytes((n.bit_length() + 7) // 8, "big")
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()

    jwks = json.dumps(
        {
            "keys": [
                {
                    "kty": "RSA",
                    "kid": "k1",
                    "use": "sig",
                    "alg": "RS256",
                    "n": b64(numbers.n),
                    "e": b64(numbers.e),
                }
            ]
        }
    ).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(jwks)))
            self.end_headers()
            self.wfile.write(jwks)

        def log_message(self, *_: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/certs", key
    httpd.shutdown()
    httpd.server_close()


def test_identity_provider_tokens_obey_the_same_maximum(
    shared_db: DatabaseUrls,
    settings: Settings,
    identity_provider: tuple[str, Any],
) -> None:
    url, key = identity_provider
    server = _serve(shared_db, settings, jwks_url=url, max_token_seconds=3600)
    now = int(time.time())

    def rs256(**claims: Any) -> str:
        return jwt.encode(claims, key, algorithm="RS256", headers={"kid": "k1"})

    try:
        good = rs256(sub="u1", preferred_username="hauloc_officer", iat=now, exp=now + 1800)
        assert _me(server, good)["data"]["me"]["username"] == "hauloc_officer"
        for token in (
            rs256(sub="u1", preferred_username="hauloc_officer", iat=now, exp=now + 7200),
            rs256(sub="u1", preferred_username="hauloc_officer", exp=now + 600),
        ):
            assert _code(_me(server, token)) == "UNAUTHENTICATED"
    finally:
        server.stop()


# -- secrets in logs ---------------------------------------------------------------------------
class Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage()
        if record.exc_info:
            text += logging.Formatter().formatException(record.exc_info)
        self.lines.append(f"{record.name} {text} {record.__dict__}")


def test_secrets_in_query_strings_and_headers_never_reach_the_log(
    shared_db: DatabaseUrls,
    settings: Settings,
) -> None:
    capture = Capture()
    watched = [
        logging.getLogger(),
        logging.getLogger("uvicorn.access"),
        logging.getLogger("uvicorn.error"),
    ]
    for logger in watched:
        logger.addHandler(capture)
    server = start_server(
        create_app(settings, shared_db), settings, log_level="info", own_logging=True
    )
    secrets = {
        name: f"{name}-SeCrEt-{i}-{'z' * 20}"
        for i, name in enumerate(
            (
                "api_key",
                "token",
                "access_token",
                "key",
                "secret",
                "password",
                "code",
                "Authorization",
                "X-API-Key",
                "client_secret",
            )
        )
    }
    try:
        bearer = server.as_user("hauloc_officer").token
        for name in ("api_key", "token", "access_token", "key", "secret", "password", "code"):
            server.client.get(f"/exports/targets.xlsx?unit=400&{name}={secrets[name]}&year=2023")
            server.client.get("/graphql", params={"query": "{ __typename }", name: secrets[name]})
        server.client.post(
            "/graphql",
            json={"query": ME},
            headers={"authorization": f"Bearer {secrets['Authorization']}"},
        )
        server.client.post(
            "/graphql", json={"query": ME}, headers={"x-api-key": secrets["X-API-Key"]}
        )
        server.client.post(
            "/graphql", json={"query": ME}, headers={"authorization": f"Bearer {bearer}"}
        )
        server.client.post(
            "/oauth/token",
            data={
                "grant_type": "client_credentials",
                "client_id": "nobody",
                "client_secret": secrets["client_secret"],
            },
        )
        time.sleep(0.3)  # access lines are written after the response
    finally:
        server.stop()
        for logger in watched:
            logger.removeHandler(capture)
    logged = "\n".join(capture.lines)
    # The requests were logged (so the test can fail), with the names kept and values gone.
    assert "/exports/targets.xlsx?unit=400&api_key=[REDACTED]&year=2023" in logged, logged[:2000]
    assert "code=[REDACTED]" in logged
    for name, value in secrets.items():
        assert value not in logged, name
    assert bearer not in logged
