"""Compiled reads over the thin ASGI path (api/fast_reads.py) and the verified-token cache
(api/auth.py VerifiedTokens): a read answered without FastAPI's routing carries the same request
id, body and refusals as through the router; a cached token is still refused the moment it
expires, and a role revoked while its token is cached stops reading as soon as the policy
reloads."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest

from api.app import create_app
from authz.tokens import mint_dev_token
from core.config import Settings
from db.urls import DatabaseUrls
from tests.support.people import INVITE, REVOKE, UNIT, error_code, serve_people
from tests.support.server import LiveServer, UserClient, start_server
from tests.support.sql_counter import settle

UNITS = "{ units(first: 5) { edges { node { code name } } } }"


def answered(server: LiveServer) -> int:
    return int(server.app.state.fast_reads_answered)


def post(server: LiveServer, token: str, query: str, **headers: str) -> Any:
    return server.client.post(
        "/graphql",
        json={"query": query, "variables": {}},
        headers={"Authorization": f"Bearer {token}", **headers},
    )


def test_a_compiled_read_skips_the_router_with_the_same_body_and_request_id(
    api: LiveServer,
) -> None:
    user = api.as_user("thanhhoa_admin")
    post(api, user.token, UNITS)  # compiled once (the plan is cached from here on)
    before = answered(api)
    fast = post(api, user.token, UNITS, **{"X-Request-ID": "fast-1"})
    normal = post(api, user.token, UNITS, **{"X-Antq-Executor": "normal"})
    assert answered(api) == before + 1  # the forced executor went through the router
    assert fast.status_code == normal.status_code == 200
    assert fast.json() == normal.json() and fast.json()["data"]["units"]["edges"]
    assert fast.headers["x-request-id"] == "fast-1"
    assert fast.headers["content-type"] == "application/json"


def test_a_get_of_a_compiled_read_is_answered_by_the_thin_path(api: LiveServer) -> None:
    user = api.as_user("thanhhoa_admin")
    before = answered(api)
    response = api.client.get(
        "/graphql",
        params={"query": UNITS},
        headers={"Authorization": f"Bearer {user.token}", "Accept": "application/json"},
    )
    assert response.status_code == 200 and response.json()["data"]["units"]["edges"]
    assert answered(api) == before + 1


def test_anonymous_and_bad_credentials_fall_through_to_the_same_refusals(
    api: LiveServer,
) -> None:
    user = api.as_user("thanhhoa_admin")
    post(api, user.token, UNITS)
    before = answered(api)
    bad = post(api, "not-a-token", UNITS)
    anonymous = api.client.post("/graphql", json={"query": UNITS})
    assert error_code(bad.json()) == "UNAUTHENTICATED"
    assert error_code(anonymous.json()) == "UNAUTHENTICATED"
    assert answered(api) == before


def test_a_unit_not_found_falls_through_to_the_executor_charged_once(api: LiveServer) -> None:
    user = api.as_user("hoaloc_officer")
    query = '{ unit(unit: "401") { code name } }'  # outside Hoa Lộc: the executor's NOT_FOUND
    before = answered(api)
    fast, normal = (
        post(api, user.token, query),
        post(api, user.token, query, **{"X-Antq-Executor": "normal"}),
    )
    assert fast.json() == normal.json() and error_code(fast.json()) == "NOT_FOUND"
    assert answered(api) == before


@pytest.fixture
def short_budget(shared_db: DatabaseUrls, settings: Settings) -> Iterator[LiveServer]:
    changed = settings.model_copy(update={"user_rate_per_minute": 1, "user_burst": 20})
    server = start_server(create_app(changed, shared_db), changed)
    yield server
    server.stop()


def test_an_empty_bucket_is_429_on_the_thin_path_too(short_budget: LiveServer) -> None:
    user = short_budget.as_user("thanhhoa_admin")
    statuses = [post(short_budget, user.token, UNITS) for _ in range(12)]
    assert statuses[0].status_code == 200 and answered(short_budget) >= 1
    refused = next((r for r in statuses if r.status_code == 429), None)
    assert refused is not None, [r.status_code for r in statuses]
    assert int(refused.headers["Retry-After"]) >= 1
    assert refused.json()["errors"][0]["extensions"]["code"] == "RATE_LIMITED"


def test_a_cached_token_is_refused_once_it_expires(api: LiveServer) -> None:
    token = mint_dev_token(api.settings, "thanhhoa_admin", hours=2 / 3600)
    tokens = api.app.state.authenticator.tokens
    assert post(api, token, UNITS).status_code == 200
    hits = tokens.hits
    assert post(api, token, UNITS).json()["data"]["units"]["edges"]
    assert tokens.hits == hits + 1  # the second request did not verify the signature again
    time.sleep(3.2)
    expired = post(api, token, UNITS).json()
    assert error_code(expired) == "UNAUTHENTICATED"
    assert "hết hạn" in expired["errors"][0]["message"]  # "expired", in the default Vietnamese
    # the same words as a token this process never saw, expired alike
    never_seen = mint_dev_token(api.settings, "thanhhoa_admin", hours=1 / 3600)
    time.sleep(1.2)
    assert post(api, never_seen, UNITS).json() == expired


def test_a_role_revoked_while_its_token_is_cached_stops_reading(
    fresh_db: DatabaseUrls, settings: Settings
) -> None:
    server = serve_people(fresh_db, settings)
    try:
        admin = server.as_user("thanhhoa_admin")
        invited = admin.graphql(
            INVITE,
            {
                "i": {
                    "username": "hoaloc_cache",
                    "displayName": "Lê Văn Hùng",
                    "position": "Trưởng Công an xã",
                    "contact": "0912 345 678",
                    "role": "COMMUNE_OFFICER",
                    "unit": "16072",
                }
            },
        )
        person = invited["data"]["invitePerson"]
        assert person["__typename"] == "Person", invited
        officer: UserClient = server.as_user("hoaloc_cache")
        tokens = server.app.state.authenticator.tokens
        settle(server.app)  # the invitation's policy reload (which empties the cache) is over
        assert "errors" not in officer.graphql(UNIT, {"c": "16072"})
        hits = tokens.hits
        assert "errors" not in officer.graphql(UNIT, {"c": "16072"})
        assert tokens.hits == hits + 1  # the token is cached
        revoked = admin.graphql(
            REVOKE,
            {
                "i": {
                    "id": person["id"],
                    "version": person["version"],
                    "role": "COMMUNE_OFFICER",
                    "unit": "16072",
                }
            },
        )
        assert "errors" not in revoked, revoked
        deadline = time.monotonic() + 20
        while error_code(officer.graphql(UNIT, {"c": "16072"})) != "NOT_FOUND":
            assert time.monotonic() < deadline, "the revoked role still reads"
            time.sleep(0.1)
        # and on the executor too
        forced = server.client.post(
            "/graphql",
            json={"query": UNIT, "variables": {"c": "16072"}},
            headers={"Authorization": f"Bearer {officer.token}", "X-Antq-Executor": "normal"},
        )
        assert error_code(forced.json()) == "NOT_FOUND"
    finally:
        server.stop()
