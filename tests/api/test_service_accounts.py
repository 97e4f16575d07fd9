"""Service accounts of integration systems: created by an admin inside its subtree, reading with
API keys exactly their home unit's subtree; keys revoked, expired or unknown are refused (on
every instance, at once), rotated with an overlap, and rate limited with a typed error."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from api.app import create_app
from core.config import Settings
from db.urls import DatabaseUrls
from tests.support.relay import nodes
from tests.support.server import LiveServer, UserClient, start_server
from tests.support.sql_counter import count_statements, settle

CREATE_ACCOUNT = """mutation($u: String!, $c: String!) {
  createServiceAccount(input: {username: $u, unit: $c, displayName: "Kho dữ liệu",
                               asOf: "2024-06-01"}) {
    __typename ... on UserError { code message } ... on InvalidInputError { field }
    ... on ServiceAccount { username role createdBy unit { code name } } } }"""
CREATE_KEY = """mutation($a: String!, $n: String!, $e: DateTime) {
  createApiKey(input: {account: $a, name: $n, expiresAt: $e}) {
    __typename ... on UserError { code message } ... on InvalidInputError { field }
    ... on ApiKeyCreated { secret key { keyId name active expiresAt } account { username } } } }"""
REVOKE_KEY = """mutation($k: String!) { revokeApiKey(keyId: $k) {
    __typename ... on UserError { code message } ... on ApiKey { keyId active revokedAt } } }"""
UNIT = 'query($c: String!) { unit(unit: $c, asOf: "2024-06-01") { code path } }'
ME = "{ me { username roles { role unit { code } } } }"


def with_key(
    server: LiveServer,
    key: str,
    query: str,
    variables: dict[str, Any] | None = None,
    *,
    header: str = "authorization",
) -> httpx.Response:
    value = f"Bearer {key}" if header == "authorization" else key
    return server.client.post(
        "/graphql", json={"query": query, "variables": variables or {}}, headers={header: value}
    )


def error_code_of(result: dict[str, Any]) -> str | None:
    errors = result.get("errors")
    return errors[0]["extensions"]["code"] if errors else None


def error_code(response: httpx.Response) -> str | None:
    errors = response.json().get("errors")
    return errors[0]["extensions"]["code"] if errors else None


def new_account(admin: UserClient, username: str, unit: str) -> None:
    result = admin.graphql(CREATE_ACCOUNT, {"u": username, "c": unit})["data"]
    assert result["createServiceAccount"]["__typename"] == "ServiceAccount", result


def new_key(
    admin: UserClient, account: str, name: str = "", expires: str | None = None
) -> dict[str, Any]:
    result = admin.graphql(CREATE_KEY, {"a": account, "n": name, "e": expires})["data"]
    created = result["createApiKey"]
    assert created["__typename"] == "ApiKeyCreated", created
    return created


def test_an_account_reads_its_subtree_with_its_key_and_nothing_else(
    fresh_api: LiveServer,
) -> None:
    admin = fresh_api.as_user("thanhhoa_admin")
    created = admin.graphql(CREATE_ACCOUNT, {"u": "hauloc_dwh", "c": "400"})
    assert created["data"]["createServiceAccount"] == {
        "__typename": "ServiceAccount",
        "username": "hauloc_dwh",
        "role": "INTEGRATION",
        "createdBy": "thanhhoa_admin",
        "unit": {"code": "400", "name": "Huyện Hậu Lộc"},
    }
    issued = new_key(admin, "hauloc_dwh", "prod")
    key = issued["secret"]
    assert key.startswith(f"antq_{issued['key']['keyId']}_") and len(key) == 86
    assert issued["key"]["active"] is True

    me = with_key(fresh_api, key, ME).json()["data"]["me"]
    assert me == {
        "username": "hauloc_dwh",
        "roles": [{"role": "INTEGRATION", "unit": {"code": "400"}}],
    }
    for code in ("400", "16072"):  # the district and a commune of it
        response = with_key(fresh_api, key, UNIT, {"c": code})
        assert response.json()["data"]["unit"]["path"].startswith("vn.p38.d400"), response.text
    for code in ("407", "38", "45"):  # a sibling district, the province, another province
        response = with_key(fresh_api, key, UNIT, {"c": code})
        assert error_code(response) == "NOT_FOUND", response.text
    # Lists are cut to the subtree too, and X-API-Key works like the bearer header.
    count = with_key(
        fresh_api,
        key,
        '{ units(filter: {kind: PROVINCE, asOf: "2024-06-01"}) { totalCount } }',
        header="x-api-key",
    )
    assert count.json()["data"]["units"]["totalCount"] == 0
    # Read-only: the integration role cannot write, not even in its subtree.
    grant = with_key(fresh_api, key, CREATE_ACCOUNT, {"u": "x_y_z", "c": "16072"})
    assert grant.json()["data"]["createServiceAccount"]["__typename"] == "NotAllowedError"
    # The key's use is recorded (to the minute) and the admin sees the account and its key.
    listed = admin.graphql(
        '{ serviceAccounts(under: "38") { edges { node { username unit { code } '
        "keys { keyId name active lastUsedAt } } } } }"
    )["data"]
    account = nodes(listed["serviceAccounts"])[0]
    assert account["username"] == "hauloc_dwh" and account["unit"] == {"code": "400"}
    assert account["keys"][0]["keyId"] == issued["key"]["keyId"]
    assert account["keys"][0]["lastUsedAt"] is not None
    log = admin.graphql("{ auditLog(first: 5) { edges { node { action objectId } } } }")
    actions = [e["action"] for e in (x["node"] for x in log["data"]["auditLog"]["edges"])]
    assert actions[:2] == ["create_key", "create"]


def test_admins_create_accounts_only_inside_their_subtree(fresh_api: LiveServer) -> None:
    admin = fresh_api.as_user("thanhhoa_admin")
    outside = admin.graphql(CREATE_ACCOUNT, {"u": "qt_dwh", "c": "45"})
    assert outside["data"]["createServiceAccount"]["__typename"] == "NotFoundError"
    above = admin.graphql(CREATE_ACCOUNT, {"u": "vn_dwh", "c": "VN"})
    assert above["data"]["createServiceAccount"]["__typename"] == "NotFoundError"
    officer = fresh_api.as_user("hauloc_officer")
    not_admin = officer.graphql(CREATE_ACCOUNT, {"u": "hl_dwh", "c": "400"})
    assert not_admin["data"]["createServiceAccount"]["__typename"] == "NotAllowedError"
    hamlet = admin.graphql(CREATE_ACCOUNT, {"u": "hamlet_dwh", "c": "16072-R01"})
    assert hamlet["data"]["createServiceAccount"]["field"] == "unit"
    new_account(admin, "thanhhoa_dwh", "38")  # at its own province is fine
    taken = admin.graphql(CREATE_ACCOUNT, {"u": "thanhhoa_dwh", "c": "400"})
    assert taken["data"]["createServiceAccount"]["field"] == "username"
    taken_by_person = admin.graphql(CREATE_ACCOUNT, {"u": "hauloc_officer", "c": "400"})
    assert taken_by_person["data"]["createServiceAccount"]["field"] == "username"
    # Another province's admin cannot see or issue keys for it, nor for a person.
    other = fresh_api.as_user("quangtri_admin")
    assert (
        other.graphql(CREATE_KEY, {"a": "thanhhoa_dwh", "n": ""})["data"]["createApiKey"][
            "__typename"
        ]
        == "NotFoundError"
    )
    assert (
        admin.graphql(CREATE_KEY, {"a": "hauloc_officer", "n": ""})["data"]["createApiKey"][
            "__typename"
        ]
        == "NotFoundError"
    )
    listed_by_other = other.graphql("{ serviceAccounts { edges { node { username } } } }")["data"]
    assert nodes(listed_by_other["serviceAccounts"]) == []


def test_revoked_expired_unknown_and_malformed_keys_are_refused(
    fresh_api: LiveServer,
    fresh_db: DatabaseUrls,
) -> None:
    admin = fresh_api.as_user("thanhhoa_admin")
    new_account(admin, "thanhhoa_dwh", "38")
    revoked = new_key(admin, "thanhhoa_dwh", "old")
    expiring = new_key(admin, "thanhhoa_dwh", "short", "2099-01-01T00:00:00+07:00")
    past = admin.graphql(CREATE_KEY, {"a": "thanhhoa_dwh", "n": "", "e": "2020-01-01T00:00:00Z"})
    assert past["data"]["createApiKey"]["field"] == "expiresAt"
    assert (
        admin.graphql(REVOKE_KEY, {"k": revoked["key"]["keyId"]})["data"]["revokeApiKey"]["active"]
        is False
    )
    again = admin.graphql(REVOKE_KEY, {"k": revoked["key"]["keyId"]})["data"]["revokeApiKey"]
    assert again["__typename"] == "InvalidInputError"
    _expire(fresh_db, expiring["key"]["keyId"])

    good = revoked["secret"]
    key_id = revoked["key"]["keyId"]
    cases = {
        revoked["secret"]: "thu hồi",
        expiring["secret"]: "hết hạn",
        f"antq_{'0' * 16}_{'1' * 64}": "không hợp lệ",  # unknown key id
        f"antq_{key_id}_{'1' * 64}": "không hợp lệ",  # known id, wrong secret
        good[:-1]: "không hợp lệ",  # malformed
    }
    for key, words in cases.items():
        for header in ("authorization", "x-api-key"):
            response = with_key(fresh_api, key, ME, header=header)
            assert error_code(response) == "UNAUTHENTICATED", response.text
            assert words in response.json()["errors"][0]["message"]


def _expire(urls: DatabaseUrls, key_id: str) -> None:
    async def go() -> None:
        engine = create_async_engine(urls.owner)
        async with engine.begin() as conn:
            await conn.execute(
                text(
                    "UPDATE api_keys SET expires_at = now() - interval '1 second' WHERE key_id = :k"
                ),
                {"k": key_id},
            )
        await engine.dispose()

    asyncio.run(go())


def test_rotation_overlaps_and_a_revoked_key_fails_at_once_on_every_instance(
    fresh_db: DatabaseUrls,
    settings: Settings,
) -> None:
    first = start_server(create_app(settings, fresh_db), settings)
    second = start_server(create_app(settings, fresh_db), settings)
    try:
        admin = first.as_user("thanhhoa_admin")
        new_account(admin, "thanhhoa_dwh", "38")
        old = new_key(admin, "thanhhoa_dwh", "2026")
        for server in (first, second):
            assert "errors" not in with_key(server, old["secret"], ME).json()
        new = new_key(admin, "thanhhoa_dwh", "2027")  # issue, deploy: both work meanwhile
        for server in (first, second):
            for key in (old["secret"], new["secret"]):
                response = with_key(server, key, UNIT, {"c": "400"})
                assert response.json()["data"]["unit"]["code"] == "400", response.text
        revoked = admin.graphql(REVOKE_KEY, {"k": old["key"]["keyId"]})["data"]["revokeApiKey"]
        assert revoked["revokedAt"] is not None
        for server in (first, second):  # immediately, no waiting for a reload
            assert error_code(with_key(server, old["secret"], ME)) == "UNAUTHENTICATED"
            assert (
                with_key(server, new["secret"], ME).json()["data"]["me"]["username"]
                == "thanhhoa_dwh"
            )
    finally:
        first.stop()
        second.stop()


def test_the_rate_limit_trips_with_a_typed_error_and_recovers(
    fresh_db: DatabaseUrls,
    settings: Settings,
) -> None:
    limited = settings.model_copy(
        update={"service_account_rate_per_minute": 120, "service_account_burst": 3}
    )
    server = start_server(create_app(limited, fresh_db), limited)
    try:
        admin = server.as_user("thanhhoa_admin")
        new_account(admin, "thanhhoa_dwh", "38")
        new_account(admin, "hauloc_dwh", "400")
        key = new_key(admin, "thanhhoa_dwh")["secret"]
        other = new_key(admin, "hauloc_dwh")["secret"]
        for _ in range(3):
            assert with_key(server, key, ME).status_code == 200
        # Past the burst the bucket gains a token every 0.5 s: on a loaded machine a request
        # may take that long, so the next one or two can still pass; a few quick ones cannot.
        tries = [with_key(server, key, ME) for _ in range(6)]
        refused = next((r for r in tries if r.status_code == 429), tries[-1])
        assert refused.status_code == 429, [r.status_code for r in tries]
        assert int(refused.headers["retry-after"]) >= 1
        error = refused.json()["errors"][0]
        assert error["extensions"]["code"] == "RATE_LIMITED"
        assert "thanhhoa_dwh" in error["message"]
        # Per account: another account and people are not affected.
        assert with_key(server, other, ME).status_code == 200
        assert "errors" not in admin.graphql(ME)
        time.sleep(0.6)  # 120 per minute = one token every 0.5 s
        recovered = with_key(server, key, ME)
        assert recovered.status_code == 200 and "errors" not in recovered.json()
    finally:
        server.stop()


def test_the_client_credentials_grant_issues_a_short_token_that_dies_with_its_key(
    fresh_api: LiveServer,
) -> None:
    admin = fresh_api.as_user("thanhhoa_admin")
    new_account(admin, "hauloc_dwh", "400")
    issued = new_key(admin, "hauloc_dwh")
    form = {
        "grant_type": "client_credentials",
        "client_id": "hauloc_dwh",
        "client_secret": issued["secret"],
    }
    response = fresh_api.client.post("/oauth/token", data=form)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["token_type"] == "Bearer" and body["expires_in"] == 300
    assert response.headers["cache-control"] == "no-store"
    basic = fresh_api.client.post(
        "/oauth/token",
        data={"grant_type": "client_credentials"},
        auth=("hauloc_dwh", issued["secret"]),
    )
    assert basic.status_code == 200, basic.text
    token = body["access_token"]
    reads = fresh_api.graphql(UNIT, {"c": "16072"}, token=token)
    assert reads["data"]["unit"]["path"].startswith("vn.p38.d400")
    assert (
        fresh_api.graphql(UNIT, {"c": "407"}, token=token)["errors"][0]["extensions"]["code"]
        == "NOT_FOUND"
    )

    wrong_client = fresh_api.client.post("/oauth/token", data={**form, "client_id": "other"})
    assert wrong_client.status_code == 401 and wrong_client.json()["error"] == "invalid_client"
    bad_secret = fresh_api.client.post("/oauth/token", data={**form, "client_secret": "antq_x"})
    assert bad_secret.status_code == 401
    bad_grant = fresh_api.client.post("/oauth/token", data={**form, "grant_type": "password"})
    assert bad_grant.json()["error"] == "unsupported_grant_type"

    admin.graphql(REVOKE_KEY, {"k": issued["key"]["keyId"]})
    after = fresh_api.graphql(UNIT, {"c": "16072"}, token=token)
    assert after["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert fresh_api.client.post("/oauth/token", data=form).status_code == 401


def test_a_service_account_keeps_the_one_role_it_was_created_with(fresh_api: LiveServer) -> None:
    admin = fresh_api.as_user("thanhhoa_admin")
    new_account(admin, "thanhhoa_dwh", "38")
    grant = """mutation($u: String!, $r: Role!, $c: String!) {
      grantRole(input: {username: $u, role: $r, unit: $c, asOf: "2024-06-01"}) {
        __typename ... on InvalidInputError { field } } }"""
    refused = admin.graphql(grant, {"u": "thanhhoa_dwh", "r": "DISTRICT_OFFICER", "c": "400"})
    assert refused["data"]["grantRole"] == {"__typename": "InvalidInputError", "field": "username"}
    # Disabling is how an admin cuts an account off: keys and role go, the name stays taken.
    key = new_key(admin, "thanhhoa_dwh")["secret"]
    assert with_key(fresh_api, key, ME).json()["data"]["me"]["roles"] != []
    disable = """mutation($u: String!) { disableServiceAccount(username: $u) {
        __typename ... on ServiceAccount { disabledAt keys { active } } } }"""
    other = fresh_api.as_user("quangtri_admin").graphql(disable, {"u": "thanhhoa_dwh"})
    assert other["data"]["disableServiceAccount"]["__typename"] == "NotFoundError"
    disabled = admin.graphql(disable, {"u": "thanhhoa_dwh"})["data"]["disableServiceAccount"]
    assert disabled["disabledAt"] is not None and disabled["keys"] == [{"active": False}]
    assert error_code(with_key(fresh_api, key, ME)) == "UNAUTHENTICATED"
    # a JWT in its name is refused too: the authenticator refuses disabled users (issue 17)
    assert error_code_of(fresh_api.as_user("thanhhoa_dwh").graphql(ME)) == "UNAUTHENTICATED"
    again = admin.graphql(CREATE_ACCOUNT, {"u": "thanhhoa_dwh", "c": "38"})
    assert again["data"]["createServiceAccount"]["field"] == "username"


def test_listing_accounts_with_their_keys_takes_as_many_statements_for_four_as_for_one(
    fresh_api: LiveServer,
) -> None:
    admin = fresh_api.as_user("thanhhoa_admin")
    query = '{ serviceAccounts(under: "38") { edges { node { username keys { keyId active } } } } }'

    def listed() -> tuple[list[dict[str, Any]], int]:
        settle(fresh_api.app)
        with count_statements(fresh_api.app) as statements:
            result = admin.graphql(query)
        assert "errors" not in result, result
        return nodes(result["data"]["serviceAccounts"]), len(statements)

    new_account(admin, "thanhhoa_dwh_0", "38")
    new_key(admin, "thanhhoa_dwh_0", "k0")
    one, for_one = listed()
    assert [len(a["keys"]) for a in one] == [1]
    for i in (1, 2, 3):
        new_account(admin, f"thanhhoa_dwh_{i}", "38")
        new_key(admin, f"thanhhoa_dwh_{i}", f"k{i}a")
        new_key(admin, f"thanhhoa_dwh_{i}", f"k{i}b")
    four, for_four = listed()
    assert [len(a["keys"]) for a in four] == [1, 2, 2, 2]
    assert for_four == for_one, (for_one, for_four)
