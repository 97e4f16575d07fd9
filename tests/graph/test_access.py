"""Signing in, `me`, granting and revoking roles, the audit trail, and policy changes reaching
every API process without a restart."""

from __future__ import annotations

import time

from api.app import create_app
from authz.tokens import mint_dev_token
from core.config import Settings
from db.urls import DatabaseUrls
from tests.support.server import LiveServer, start_server

ME = "{ me { username roles { role unit { name code } } } }"
GRANT = """mutation($u: String!, $r: Role!, $c: String!) {
  grantRole(input: {username: $u, role: $r, unit: $c, asOf: "2024-06-01"}) {
    __typename ... on UserError { code message } ... on InvalidInputError { field }
    ... on RoleAssignment { username role unit { name } } } }"""
REVOKE = GRANT.replace("grantRole", "revokeRole")


def test_a_request_without_a_token_is_told_how_to_sign_in(api: LiveServer) -> None:
    result = api.graphql('{ unit(unit: "38") { name } }')
    assert result["data"] == {"unit": None}  # root fields are nullable; the error says why
    error = result["errors"][0]
    assert error["extensions"]["code"] == "UNAUTHENTICATED"
    assert "Authorization: Bearer" in error["message"]


def test_introspection_works_without_a_token_so_graphiql_can_show_the_docs(
    api: LiveServer,
) -> None:
    result = api.graphql("{ __schema { queryType { name } } }")
    assert result == {"data": {"__schema": {"queryType": {"name": "Query"}}}}
    assert "graphiql" in api.client.get("/graphql", headers={"accept": "text/html"}).text.lower()


def test_a_forged_or_expired_token_is_refused(api: LiveServer, settings: Settings) -> None:
    forged = mint_dev_token(settings.model_copy(update={"jwt_secret": "x" * 40}), "bca_v05")
    expired = mint_dev_token(settings, "bca_v05", hours=-1)
    for token, words in ((forged, "không hợp lệ"), (expired, "hết hạn"), ("abc", "không hợp lệ")):
        result = api.graphql(ME, token=token)
        assert result["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
        assert words in result["errors"][0]["message"]


def test_a_valid_token_for_a_user_without_roles_sees_nothing(api: LiveServer) -> None:
    client = api.as_user("nobody_at_all")
    assert client.graphql(ME)["data"]["me"] == {"username": "nobody_at_all", "roles": []}
    assert client.graphql("{ units(first: 5) { totalCount } }")["data"]["units"]["totalCount"] == 0


def test_me_lists_the_roles_and_their_units(api: LiveServer) -> None:
    me = api.as_user("hauloc_officer").graphql(ME)["data"]["me"]
    assert me == {
        "username": "hauloc_officer",
        "roles": [{"role": "DISTRICT_OFFICER", "unit": {"name": "Huyện Hậu Lộc", "code": "400"}}],
    }


def test_an_admin_grants_below_and_the_grant_is_audited_then_revoked(
    fresh_api: LiveServer,
) -> None:
    admin = fresh_api.as_user("thanhhoa_admin")
    granted = admin.graphql(GRANT, {"u": "trieuloc_officer", "r": "COMMUNE_OFFICER", "c": "16072"})[
        "data"
    ]["grantRole"]
    assert granted == {
        "__typename": "RoleAssignment",
        "username": "trieuloc_officer",
        "role": "COMMUNE_OFFICER",
        "unit": {"name": "Xã Phú Lộc"},
    }
    officer = fresh_api.as_user("trieuloc_officer")
    assert "errors" not in officer.graphql('{ unit(unit: "16072", asOf: "2024-06-01") { name } }')
    log = admin.graphql("{ auditLog(first: 5) { edges { node { actor action objectId after } } } }")
    assert log["data"]["auditLog"]["edges"][0]["node"] == {
        "actor": "thanhhoa_admin",
        "action": "grant",
        "objectId": "trieuloc_officer",
        "after": {
            "role": "commune_officer",
            "unit": "vn.p38.d400.c16072",
            "user": "trieuloc_officer",
            "grantedBy": "thanhhoa_admin",
        },
    }
    revoked = admin.graphql(
        REVOKE, {"u": "trieuloc_officer", "r": "COMMUNE_OFFICER", "c": "16072"}
    )["data"]["revokeRole"]
    assert revoked["__typename"] == "RoleAssignment"
    result = officer.graphql('{ unit(unit: "16072", asOf: "2024-06-01") { name } }')
    assert result["errors"][0]["extensions"]["code"] == "NOT_FOUND"


def test_nobody_grants_at_or_above_their_own_unit(fresh_api: LiveServer) -> None:
    admin = fresh_api.as_user("thanhhoa_admin")
    at_own = admin.graphql(GRANT, {"u": "trieuloc_officer", "r": "PROVINCE_ADMIN", "c": "38"})
    assert at_own["data"]["grantRole"]["__typename"] == "NotAllowedError"
    above = admin.graphql(GRANT, {"u": "trieuloc_officer", "r": "MINISTRY_VIEWER", "c": "VN"})
    assert above["data"]["grantRole"]["__typename"] == "NotFoundError"


def test_bad_grants_are_refused_with_the_field_and_nothing_is_written(
    fresh_api: LiveServer,
) -> None:
    admin = fresh_api.as_user("thanhhoa_admin")
    unknown_role = admin.graphql(GRANT, {"u": "trieuloc_officer", "r": "EMPEROR", "c": "400"})
    assert unknown_role["errors"][0]["extensions"] == {
        "code": "BAD_USER_INPUT",
        "variable": "r",
    }  # Role is an enum
    cases = [
        ({"u": "trieuloc_officer", "r": "COMMUNE_OFFICER", "c": "400"}, "unit"),
        ({"u": "ghost", "r": "DISTRICT_OFFICER", "c": "400"}, "username"),
        ({"u": " ", "r": "DISTRICT_OFFICER", "c": "400"}, "username"),
    ]
    for variables, field in cases:
        result = admin.graphql(GRANT, variables)["data"]["grantRole"]
        assert result["__typename"] == "InvalidInputError" and result["field"] == field, result
    log = admin.graphql("{ auditLog(first: 5) { edges { node { action } } } }")
    assert log["data"]["auditLog"]["edges"] == []


def test_the_audit_log_is_for_admins_only(api: LiveServer) -> None:
    result = api.as_user("hauloc_officer").graphql("{ auditLog { edges { node { action } } } }")
    assert result["errors"][0]["extensions"]["code"] == "FORBIDDEN"


def test_a_grant_made_in_one_instance_is_enforced_by_another_without_restart(
    fresh_db: DatabaseUrls,
    settings: Settings,
) -> None:
    first = start_server(create_app(settings, fresh_db), settings)
    second = start_server(create_app(settings, fresh_db), settings)
    try:
        query = '{ unit(unit: "16072", asOf: "2024-06-01") { name } }'
        officer_on_second = second.as_user("trieuloc_officer")
        assert officer_on_second.graphql(query)["errors"][0]["extensions"]["code"] == "NOT_FOUND"
        granted = first.as_user("thanhhoa_admin").graphql(
            GRANT, {"u": "trieuloc_officer", "r": "COMMUNE_OFFICER", "c": "16072"}
        )
        assert granted["data"]["grantRole"]["__typename"] == "RoleAssignment"
        deadline = time.monotonic() + 10
        while "errors" in (result := officer_on_second.graphql(query)):
            assert time.monotonic() < deadline, "the second instance never saw the grant"
            time.sleep(0.05)
        assert result == {"data": {"unit": {"name": "Xã Phú Lộc"}}}
    finally:
        first.stop()
        second.stop()
