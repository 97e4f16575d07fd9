"""Role grants: nobody grants themselves a role, the grantor is recorded (on the assignment and
in the audit log), and a name in another tenant answers exactly like a name that does not
exist (grantRole, revokeRole, createServiceAccount)."""

from __future__ import annotations

from typing import Any

from tests.support.server import LiveServer, UserClient

GRANT = """mutation($u: String!, $r: Role!, $c: String!) {
  grantRole(input: {username: $u, role: $r, unit: $c, asOf: "2024-06-01"}) {
    __typename ... on UserError { code message } ... on InvalidInputError { field }
    ... on RoleAssignment { username role grantedBy unit { code } } } }"""
REVOKE = GRANT.replace("grantRole", "revokeRole")
ME = "{ me { username roles { role grantedBy unit { code } } } }"
AUDIT = "{ auditLog(first: 10) { edges { node { actor action objectId before after } } } }"
CREATE_ACCOUNT = """mutation($u: String!, $c: String!) {
  createServiceAccount(input: {username: $u, unit: $c, asOf: "2024-06-01"}) {
    __typename ... on UserError { code message } ... on InvalidInputError { field }
    ... on ServiceAccount { username } } }"""


def grant(client: UserClient, user: str, role: str, unit: str) -> dict[str, Any]:
    return client.graphql(GRANT, {"u": user, "r": role.upper(), "c": unit})["data"]["grantRole"]


def revoke(client: UserClient, user: str, role: str, unit: str) -> dict[str, Any]:
    return client.graphql(REVOKE, {"u": user, "r": role.upper(), "c": unit})["data"]["revokeRole"]


def test_nobody_grants_a_role_to_themselves(fresh_api: LiveServer) -> None:
    admin = fresh_api.as_user("thanhhoa_admin")
    before = admin.graphql(ME)["data"]["me"]["roles"]
    for name, role, unit in [
        ("thanhhoa_admin", "district_reviewer", "400"),
        ("thanhhoa_admin", "integration", "400"),
        ("thanhhoa_admin", "commune_officer", "16072"),
        ("  thanhhoa_admin ", "district_officer", "407"),
    ]:
        refused = grant(admin, name, role, unit)
        assert refused["__typename"] == "NotAllowedError", (role, refused)
        assert "tự cấp vai trò cho chính mình" in refused["message"]
    assert admin.graphql(ME)["data"]["me"]["roles"] == before
    assert admin.graphql(AUDIT)["data"]["auditLog"]["edges"] == []
    # Another administrator of the province may (separation of duty, not a ban on the role).
    granted = grant(
        fresh_api.as_user("thanhhoa_admin"), "thanhhoa_reviewer", "district_reviewer", "400"
    )
    assert granted["__typename"] == "RoleAssignment"


def test_the_grantor_is_recorded_on_the_assignment_and_in_the_audit(
    fresh_api: LiveServer,
) -> None:
    admin = fresh_api.as_user("thanhhoa_admin")
    granted = grant(admin, "nghison_reviewer", "commune_officer", "16072")
    assert granted == {
        "__typename": "RoleAssignment",
        "username": "nghison_reviewer",
        "role": "COMMUNE_OFFICER",
        "grantedBy": "thanhhoa_admin",
        "unit": {"code": "16072"},
    }
    again = grant(admin, "nghison_reviewer", "commune_officer", "16072")
    assert again["grantedBy"] == "thanhhoa_admin"  # the first grantor stays on record
    roles = fresh_api.as_user("nghison_reviewer").graphql(ME)["data"]["me"]["roles"]
    assert sorted((r["role"], r["unit"]["code"], r["grantedBy"]) for r in roles) == [
        ("COMMUNE_OFFICER", "16072", "thanhhoa_admin"),
        ("DISTRICT_REVIEWER", "407", None),
    ]  # seeded, before grantors were recorded
    (entry,) = [e["node"] for e in admin.graphql(AUDIT)["data"]["auditLog"]["edges"]]
    assert entry["actor"] == "thanhhoa_admin" and entry["action"] == "grant"
    assert entry["objectId"] == "nghison_reviewer"
    assert entry["after"] == {
        "role": "commune_officer",
        "unit": "vn.p38.d400.c16072",
        "user": "nghison_reviewer",
        "grantedBy": "thanhhoa_admin",
    }

    revoked = revoke(admin, "nghison_reviewer", "commune_officer", "16072")
    assert revoked["__typename"] == "RoleAssignment"
    assert revoked["grantedBy"] == "thanhhoa_admin"
    latest = admin.graphql(AUDIT)["data"]["auditLog"]["edges"][0]["node"]
    assert latest["action"] == "revoke" and latest["after"] is None
    assert latest["before"]["grantedBy"] == "thanhhoa_admin"
    assert latest["before"]["user"] == "nghison_reviewer"


def _shape(result: dict[str, Any]) -> tuple[Any, ...]:
    return (result["__typename"], result.get("code"), result.get("field"), result.get("message"))


def test_unknown_and_foreign_usernames_answer_alike(fresh_api: LiveServer) -> None:
    # A service account of another province, to probe for as well.
    made = fresh_api.as_user("dongthap_admin").graphql(
        CREATE_ACCOUNT, {"u": "dongthap_dwh", "c": "87"}
    )["data"]["createServiceAccount"]
    assert made["__typename"] == "ServiceAccount", made
    admin = fresh_api.as_user("thanhhoa_admin")
    unknown = ["no_such_user_at_all", "ghost.2024"]
    foreign = ["quangtri_admin", "mydong_officer", "dongthap_reviewer", "bca_v05", "dongthap_dwh"]
    for ask in (grant, revoke):
        answers = {
            name: _shape(ask(admin, name, "commune_officer", "16072")) for name in unknown + foreign
        }
        assert len(set(answers.values())) == 1, answers
        (only,) = set(answers.values())
        assert only[:3] == ("InvalidInputError", "BAD_USER_INPUT", "username")
        assert all(name not in only[3] for name in answers)
    # Nothing was granted to anyone of the other tenants.
    roles = fresh_api.as_user("mydong_officer").graphql(ME)["data"]["me"]["roles"]
    assert [r["unit"]["code"] for r in roles] == ["30058"]

    # Someone of one's own tenant is answered normally (revoke says what is wrong).
    own = revoke(admin, "trieuloc_officer", "commune_officer", "16072")
    assert own["__typename"] == "InvalidInputError" and own["field"] == "role"


def test_a_taken_service_account_name_says_only_not_available(fresh_api: LiveServer) -> None:
    admin = fresh_api.as_user("thanhhoa_admin")
    assert (
        admin.graphql(CREATE_ACCOUNT, {"u": "thanhhoa_dwh", "c": "38"})["data"][
            "createServiceAccount"
        ]["__typename"]
        == "ServiceAccount"
    )
    answers = {
        name: _shape(
            admin.graphql(CREATE_ACCOUNT, {"u": name, "c": "400"})["data"]["createServiceAccount"]
        )
        for name in (
            "thanhhoa_dwh",
            "hauloc_officer",
            "quangtri_admin",
            "mydong_officer",
            "thanhhoa_integration",
        )
    }
    assert len(set(answers.values())) == 1, answers
    (only,) = set(answers.values())
    assert only[:3] == ("InvalidInputError", "BAD_USER_INPUT", "username")
    assert all(name not in only[3] for name in answers)


def test_an_admin_cannot_make_itself_an_api_key_or_an_account_named_after_itself(
    fresh_api: LiveServer,
) -> None:
    """The service-account routes give no way round: keys exist only for service accounts,
    and an account is a new user (the admin's own name is taken)."""
    admin = fresh_api.as_user("thanhhoa_admin")
    key = admin.graphql("""mutation { createApiKey(input: {account: "thanhhoa_admin",
        name: "mine"}) { __typename ... on UserError { code } } }""")["data"]["createApiKey"]
    assert key == {"__typename": "NotFoundError", "code": "NOT_FOUND"}
    named = admin.graphql(CREATE_ACCOUNT, {"u": "thanhhoa_admin", "c": "400"})["data"][
        "createServiceAccount"
    ]
    assert named["__typename"] == "InvalidInputError" and named["field"] == "username"
    roles = admin.graphql(ME)["data"]["me"]["roles"]
    assert [(r["role"], r["unit"]["code"]) for r in roles] == [("PROVINCE_ADMIN", "38")]
