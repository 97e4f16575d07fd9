"""People management through the API, a test identity provider (an RSA key and its JWKS served
on loopback), and a server that applies the default rule "roles end with their units"."""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

from core.config import Settings
from db.urls import DatabaseUrls
from tests.support.server import LiveServer, UserClient, start_server

PERSON_FIELDS = """id username displayName position contact provisioned waiting disabled
  version unit { code name } roles { role validFrom validTo active unitEndedOn unit { code } }"""
PEOPLE = (
    "query($under: String, $f: PeopleFilter, $first: Int, $after: String) {"
    " people(under: $under, filter: $f, first: $first, after: $after) {"
    " totalCount pageInfo { hasNextPage endCursor }"
    f" edges {{ cursor node {{ {PERSON_FIELDS} }} }} }} }}"
)
RESULT = (
    "__typename ... on UserError { code message } ... on InvalidInputError { field } "
    f"... on VersionConflictError {{ currentVersion }} ... on Person {{ {PERSON_FIELDS} }}"
)
# invitePerson takes no version, so its result has no VersionConflictError to select.
NEW_RESULT = (
    "__typename ... on UserError { code message } ... on InvalidInputError { field } "
    f"... on Person {{ {PERSON_FIELDS} }}"
)


def _mutation(name: str, input_type: str, result: str = RESULT) -> str:
    return f"mutation($i: {input_type}!) {{ {name}(input: $i) {{ {result} }} }}"


INVITE = _mutation("invitePerson", "InvitePersonInput", NEW_RESULT)
GRANT = _mutation("grantPersonRole", "GrantPersonRoleInput")
REVOKE = _mutation("revokePersonRole", "RevokePersonRoleInput")
MOVE = _mutation("movePerson", "MovePersonInput")
DISABLE = _mutation("disablePerson", "DisablePersonInput")
ENABLE = _mutation("enablePerson", "EnablePersonInput")
ME = """{ me { username roles { role validFrom validTo unit { code }
  allows { object action scope description } }
  person { username displayName position waiting unit { code } roles { role active } } } }"""
UNIT = "query($c: String!) { unit(unit: $c) { code name path } }"


def serve_people(db: DatabaseUrls, settings: Settings, **overrides: Any) -> LiveServer:
    """The app with the production rule (a role at an ended unit grants nothing) and any other
    setting changed."""
    from api.app import create_app

    changed = settings.model_copy(update={"roles_end_with_units": True, **overrides})
    return start_server(create_app(changed, db), changed)


def find_person(admin: UserClient, username: str, under: str = "38") -> dict[str, Any] | None:
    after = None
    while True:
        page = admin.graphql(PEOPLE, {"under": under, "first": 100, "after": after})
        assert "errors" not in page, page
        for edge in page["data"]["people"]["edges"]:
            if edge["node"]["username"] == username:
                return edge["node"]
        if not page["data"]["people"]["pageInfo"]["hasNextPage"]:
            return None
        after = page["data"]["people"]["pageInfo"]["endCursor"]


def error_code(response: dict[str, Any]) -> str | None:
    errors = response.get("errors")
    return errors[0]["extensions"]["code"] if errors else None


class IdentityProvider:
    """An OIDC-like provider: signs RS256 tokens; its JWKS is served over loopback HTTP."""

    def __init__(self) -> None:
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.kid = uuid.uuid4().hex
        jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
        body = json.dumps({"keys": [{**jwk, "kid": self.kid, "use": "sig", "alg": "RS256"}]})

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                payload = body.encode()
                self.send_response(200)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *_: object) -> None:
                pass

        self.http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.http.serve_forever, daemon=True)
        self.thread.start()
        self.jwks_url = f"http://127.0.0.1:{self.http.server_address[1]}/certs"

    def token(self, username: str, **claims: Any) -> str:
        now = int(time.time())
        payload = {
            "sub": str(uuid.uuid5(uuid.NAMESPACE_DNS, username)),
            "preferred_username": username,
            "iat": now,
            "exp": now + 600,
            **claims,
        }
        return jwt.encode(payload, self.key, algorithm="RS256", headers={"kid": self.kid})

    def stop(self) -> None:
        self.http.shutdown()
        self.http.server_close()


@contextmanager
def identity_provider() -> Iterator[IdentityProvider]:
    provider = IdentityProvider()
    try:
        yield provider
    finally:
        provider.stop()
