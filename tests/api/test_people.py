"""People: an administrator invites, grants (for a period), moves, disables and enables the
people of their units; a first sign-in with an identity-provider token waits for a role; roles
at units that ended grant nothing and are listed for the successors' administrators. Over real
HTTP on a real PostgreSQL, with the production rule that roles end with their units."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from typer.testing import CliRunner
from websockets.exceptions import ConnectionClosed

from core.config import Settings, get_settings
from db.urls import DatabaseUrls
from tests.support.changes import WsClient, wait_until
from tests.support.people import (
    DISABLE,
    ENABLE,
    GRANT,
    INVITE,
    ME,
    MOVE,
    PEOPLE,
    REVOKE,
    UNIT,
    error_code,
    find_person,
    identity_provider,
    serve_people,
)
from tests.support.server import LiveServer, UserClient

AUDIT = """query($under: String) { auditLog(under: $under, first: 50) {
  edges { node { actor action objectType objectId after } } } }"""
CREATE_TARGET = """mutation($y: Year!) { createTarget(input: {unit: "16072", year: $y,
    category: CIRCULAR_124_DECISION_510, stt: "1", text: "Xây dựng mô hình Camera với ANTT",
    quantity: {kind: COUNT, value: 2}, deadline: {kind: DATE, dueOn: "2026-12-31"}}) {
  __typename ... on Target { id unit { code } } ... on UserError { code message } } }"""
ENDED = """query($under: String) { rolesAtEndedUnits(under: $under, first: 100) {
  edges { node { username role unitCode unitName unitEndedOn
                 unit { code successors { unit { code name } } } person { username } } } } }"""
CHANGES = """subscription { changes(under: "16072") { id kind } }"""


@pytest.fixture
def people_api(fresh_db: DatabaseUrls, settings: Settings) -> Iterator[LiveServer]:
    server = serve_people(fresh_db, settings)
    yield server
    server.stop()


def run_create_admin(
    db: DatabaseUrls, monkeypatch: pytest.MonkeyPatch, *args: str, server: LiveServer | None = None
) -> str:
    """`antq users create-admin …` against this database (the owner connection); with a
    server, until its authorizer has heard the NOTIFY."""
    from api.cli import app

    monkeypatch.setenv("DATABASE_URL", db.owner)
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(app, ["users", "create-admin", *args])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    if server is not None:
        username = args[args.index("--username") + 1]
        authorizer = server.app.state.authorizer
        wait_until(lambda: bool(authorizer.principal(username).grants), what="the NOTIFY")
    return result.output


def invite(
    admin: UserClient,
    username: str,
    unit: str = "16072",
    role: str = "COMMUNE_OFFICER",
    **extra: Any,
) -> dict[str, Any]:
    result = admin.graphql(
        INVITE,
        {
            "i": {
                "username": username,
                "displayName": "Lê Văn Hùng",
                "position": "Trưởng Công an xã",
                "contact": "0912 345 678",
                "role": role,
                "unit": unit,
                **extra,
            }
        },
    )
    assert "errors" not in result, result
    return result["data"]["invitePerson"]


def readable(client: UserClient, code: str) -> bool:
    result = client.graphql(UNIT, {"c": code})
    if error_code(result) == "NOT_FOUND":
        return False
    assert "errors" not in result, result
    return True


def test_an_invited_officer_acts_until_disabled_and_again_once_enabled(
    people_api: LiveServer,
) -> None:
    admin = people_api.as_user("thanhhoa_admin")
    person = invite(admin, "hoaloc_truong")
    assert person["__typename"] == "Person", person
    assert person["unit"] == {"code": "16072", "name": "Xã Hoa Lộc"}
    assert person["position"] == "Trưởng Công an xã" and person["provisioned"] == "INVITED"
    assert person["roles"] == [
        {
            "role": "COMMUNE_OFFICER",
            "validFrom": None,
            "validTo": None,
            "active": True,
            "unitEndedOn": None,
            "unit": {"code": "16072"},
        }
    ]
    assert person["waiting"] is False

    officer = people_api.as_user("hoaloc_truong")
    me = officer.graphql(ME)["data"]["me"]
    assert me["person"]["position"] == "Trưởng Công an xã"
    assert [(r["role"], r["unit"]["code"]) for r in me["roles"]] == [("COMMUNE_OFFICER", "16072")]
    allows = {(a["object"], a["action"], a["scope"]) for a in me["roles"][0]["allows"]}
    assert ("target", "write", "SUBTREE") in allows and ("role", "grant", "BELOW") not in allows
    assert all(a["description"].endswith(".") for a in me["roles"][0]["allows"])
    created = officer.graphql(CREATE_TARGET, {"y": 2026})["data"]["createTarget"]
    assert created["__typename"] == "Target", created  # acts in Hoa Lộc
    assert not readable(officer, "16021")  # a neighbouring commune: not theirs

    listed = find_person(admin, "hoaloc_truong")
    assert listed is not None and listed["version"] == person["version"]
    disabled = admin.graphql(DISABLE, {"i": {"id": person["id"], "version": person["version"]}})
    assert disabled["data"]["disablePerson"]["disabled"] is True, disabled
    # the very next request with the same token is refused, and nothing is readable
    assert error_code(officer.graphql(ME)) == "UNAUTHENTICATED"
    assert error_code(officer.graphql(CREATE_TARGET, {"y": 2027})) == "UNAUTHENTICATED"
    response = people_api.client.get(
        "/exports/targets.xlsx?unit=16072&year=2026",
        headers={"Authorization": f"Bearer {officer.token}"},
    )
    assert response.status_code == 401
    page = admin.graphql(PEOPLE, {"under": "38", "f": {"disabled": True}})["data"]["people"]
    assert [e["node"]["username"] for e in page["edges"]] == ["hoaloc_truong"]
    assert page["totalCount"] == 1

    enabled = admin.graphql(
        ENABLE, {"i": {"id": person["id"], "version": disabled["data"]["disablePerson"]["version"]}}
    )["data"]["enablePerson"]
    assert enabled["disabled"] is False and enabled["roles"][0]["active"] is True
    assert officer.graphql(ME)["data"]["me"]["roles"][0]["role"] == "COMMUNE_OFFICER"

    actions = [
        (e["node"]["action"], e["node"]["objectId"])
        for e in admin.graphql(AUDIT, {"under": "38"})["data"]["auditLog"]["edges"]
    ]
    for action in ("invite", "disable", "enable"):
        assert (action, "hoaloc_truong") in actions


def test_moving_a_person_revokes_and_grants_in_one_step(people_api: LiveServer) -> None:
    admin = people_api.as_user("thanhhoa_admin")
    person = invite(admin, "canbo_luanchuyen")
    officer = people_api.as_user("canbo_luanchuyen")
    assert readable(officer, "16072")
    moved = admin.graphql(
        MOVE,
        {
            "i": {
                "id": person["id"],
                "version": person["version"],
                "unit": "16021",
                "role": "COMMUNE_OFFICER",
            }
        },
    )
    moved = moved["data"]["movePerson"]
    assert moved["__typename"] == "Person", moved
    assert moved["unit"]["code"] == "16021" and moved["version"] > person["version"]
    assert [(r["role"], r["unit"]["code"]) for r in moved["roles"]] == [
        ("COMMUNE_OFFICER", "16021")
    ]
    assert readable(officer, "16021") and not readable(officer, "16072")
    # the old version is stale now
    again = admin.graphql(
        MOVE,
        {
            "i": {
                "id": person["id"],
                "version": person["version"],
                "unit": "16072",
                "role": "COMMUNE_OFFICER",
            }
        },
    )
    assert again["data"]["movePerson"]["__typename"] == "VersionConflictError"
    assert again["data"]["movePerson"]["currentVersion"] == moved["version"]


def test_every_refusal_is_coded_and_changes_nothing(
    people_api: LiveServer,
    fresh_db: DatabaseUrls,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    admin = people_api.as_user("thanhhoa_admin")
    run_create_admin(
        fresh_db, monkeypatch, "--username", "nghean_admin", "--unit", "40", server=people_api
    )
    foreign = people_api.as_user("nghean_admin")
    person = invite(admin, "trieuloc_pho", unit="16021")
    me_admin = find_person(admin, "thanhhoa_admin")
    reviewer = find_person(admin, "thanhhoa_reviewer")
    assert me_admin is not None and reviewer is not None
    before = admin.graphql(PEOPLE, {"under": "38", "first": 0})["data"]["people"]["totalCount"]

    def refused(client: UserClient, query: str, variables: dict[str, Any]) -> tuple[str, str]:
        result = client.graphql(query, {"i": variables})
        assert "errors" not in result, result
        answer = next(iter(result["data"].values()))
        return answer["__typename"], answer["code"]

    grant = {
        "id": person["id"],
        "version": person["version"],
        "role": "COMMUNE_OFFICER",
        "unit": "16072",
    }
    cases = [
        # a unit of another province: like a unit that does not exist
        (
            admin,
            INVITE,
            {"username": "x_ngoai", "displayName": "X", "role": "COMMUNE_OFFICER", "unit": "16681"},
            ("NotFoundError", "NOT_FOUND"),
        ),
        (admin, GRANT, {**grant, "unit": "16681"}, ("NotFoundError", "NOT_FOUND")),
        # a person of another province: not found either
        (foreign, GRANT, {**grant, "unit": "40"}, ("NotFoundError", "NOT_FOUND")),
        (
            foreign,
            DISABLE,
            {"id": person["id"], "version": person["version"]},
            ("NotFoundError", "NOT_FOUND"),
        ),
        # never to oneself
        (
            admin,
            GRANT,
            {**grant, "id": me_admin["id"], "version": me_admin["version"]},
            ("NotAllowedError", "SELF_GRANT"),
        ),
        (
            admin,
            DISABLE,
            {"id": me_admin["id"], "version": me_admin["version"]},
            ("NotAllowedError", "SELF_MANAGEMENT"),
        ),
        # never the administrator's own level or above
        (
            admin,
            GRANT,
            {**grant, "role": "PROVINCE_REVIEWER", "unit": "38"},
            ("NotAllowedError", "ABOVE_OWN_LEVEL"),
        ),
        (
            admin,
            INVITE,
            {"username": "x_admin", "displayName": "X", "role": "PROVINCE_ADMIN", "unit": "38"},
            ("NotAllowedError", "ABOVE_OWN_LEVEL"),
        ),
        (
            admin,
            GRANT,
            {**grant, "role": "MINISTRY_VIEWER", "unit": "38"},
            ("NotAllowedError", "ABOVE_OWN_LEVEL"),
        ),
        # only people strictly below: a colleague at the province is out of reach
        (
            admin,
            DISABLE,
            {"id": reviewer["id"], "version": reviewer["version"]},
            ("NotAllowedError", "NOT_BELOW_YOU"),
        ),
        (admin, GRANT, {**grant, "unit": "38"}, ("NotAllowedError", "NOT_BELOW_YOU")),
        # somebody who is no administrator
        (people_api.as_user("trieuloc_pho"), GRANT, grant, ("NotAllowedError", "SELF_GRANT")),
        (
            people_api.as_user("thanhhoa_reviewer"),
            INVITE,
            {"username": "x_rev", "displayName": "X", "role": "COMMUNE_OFFICER", "unit": "16072"},
            ("NotAllowedError", "FORBIDDEN"),
        ),
        # input that cannot be
        (
            admin,
            GRANT,
            {**grant, "role": "DISTRICT_OFFICER"},
            ("InvalidInputError", "BAD_USER_INPUT"),
        ),
        (admin, GRANT, {**grant, "validTo": "2020-01-01"}, ("InvalidInputError", "BAD_USER_INPUT")),
        (
            admin,
            GRANT,
            {**grant, "version": person["version"] + 7},
            ("VersionConflictError", "CONFLICT"),
        ),
        (
            admin,
            INVITE,
            {
                "username": "trieuloc_pho",
                "displayName": "X",
                "role": "COMMUNE_OFFICER",
                "unit": "16072",
            },
            ("InvalidInputError", "BAD_USER_INPUT"),
        ),
    ]
    for client, query, variables, expected in cases:
        assert refused(client, query, variables) == expected, (client.username, variables)

    after = admin.graphql(PEOPLE, {"under": "38", "first": 0})["data"]["people"]["totalCount"]
    assert after == before
    unchanged = find_person(admin, "trieuloc_pho")
    assert unchanged is not None and unchanged["version"] == person["version"]
    assert [r["unit"]["code"] for r in unchanged["roles"]] == ["16021"]
    assert find_person(foreign, "trieuloc_pho", under="40") is None
    assert error_code(foreign.graphql(PEOPLE, {"under": "38"})) == "NOT_FOUND"


def test_an_acting_role_ends_on_its_last_day_without_a_restart(people_api: LiveServer) -> None:
    admin = people_api.as_user("thanhhoa_admin")
    authorizer = people_api.app.state.authorizer
    today = authorizer.clock()
    person = invite(admin, "quyen_truong")  # commune officer of Hoa Lộc
    acting = admin.graphql(
        GRANT,
        {
            "i": {
                "id": person["id"],
                "version": person["version"],
                "role": "COMMUNE_OFFICER",
                "unit": "16021",
                "validTo": today.isoformat(),
            }
        },
    )["data"]["grantPersonRole"]
    assert acting["__typename"] == "Person", acting
    later = admin.graphql(
        GRANT,
        {
            "i": {
                "id": person["id"],
                "version": acting["version"],
                "role": "DISTRICT_OFFICER",
                "unit": "400",
                "validFrom": (today + timedelta(days=1)).isoformat(),
            }
        },
    )
    # an ended unit (Hậu Lộc)
    assert later["data"]["grantPersonRole"]["__typename"] == "InvalidInputError"
    officer = people_api.as_user("quyen_truong")
    assert readable(officer, "16021") and readable(officer, "16072")
    roles = {r["unit"]["code"]: r for r in officer.graphql(ME)["data"]["me"]["roles"]}
    assert roles["16021"]["validTo"] == today.isoformat() and roles["16072"]["validTo"] is None

    reloads = authorizer.reloads
    try:
        authorizer.clock = lambda: today + timedelta(days=1)  # midnight has passed
        assert not readable(officer, "16021")  # the acting role is over
        assert readable(officer, "16072")  # the own role stays
        me = officer.graphql(ME)["data"]["me"]
        assert [r["unit"]["code"] for r in me["roles"]] == ["16072"]
        assert sorted(r["active"] for r in me["person"]["roles"]) == [False, True]
        assert authorizer.reloads == reloads  # no reload, no restart: the date did it
    finally:
        authorizer.clock = lambda: today

    # a role that starts later grants nothing before its first day
    current = find_person(admin, "quyen_truong")
    assert current is not None
    start = today + timedelta(days=3)
    future = admin.graphql(
        GRANT,
        {
            "i": {
                "id": person["id"],
                "version": current["version"],
                "role": "COMMUNE_OFFICER",
                "unit": "16021",
                "validFrom": start.isoformat(),
            }
        },
    )["data"]["grantPersonRole"]
    assert future["__typename"] == "Person", future
    assert not readable(officer, "16021")
    try:
        authorizer.clock = lambda: start
        assert readable(officer, "16021")
    finally:
        authorizer.clock = lambda: today


def test_roles_at_ended_units_grant_nothing_and_are_listed_for_the_successors_admins(
    people_api: LiveServer,
    fresh_db: DatabaseUrls,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    admin = people_api.as_user("thanhhoa_admin")
    phuloc = people_api.as_user("phuloc_officer")  # commune officer of Phú Lộc (ended 30/06/2025)
    assert phuloc.graphql(ME)["data"]["me"]["roles"] == []
    assert not readable(phuloc, "16072")  # neither the old commune nor its successor
    result = phuloc.graphql('{ unit(unit: "16072", asOf: "2024-06-01") { name } }')
    assert error_code(result) == "NOT_FOUND"

    listed = {
        (e["node"]["username"], e["node"]["unitCode"]): e["node"]
        for e in admin.graphql(ENDED, {"under": "38"})["data"]["rolesAtEndedUnits"]["edges"]
    }
    phu = listed[("phuloc_officer", "16072")]
    assert phu["role"] == "COMMUNE_OFFICER" and phu["unitEndedOn"] == "2025-06-30"
    assert phu["unitName"] == "Xã Phú Lộc" and phu["person"] == {"username": "phuloc_officer"}
    assert {s["unit"]["code"] for s in phu["unit"]["successors"]} == {"16072"}
    # a district nobody succeeded: listed for the province above it
    assert ("hauloc_officer", "400") in listed
    assert not any(user.startswith(("thapmuoi", "dongthap")) for user, _ in listed)

    # the successor province of a merger sees who held roles at the old province (outside
    # its own scope), and nothing of Thanh Hóa
    run_create_admin(
        fresh_db, monkeypatch, "--username", "quangtri_moi", "--unit", "44", server=people_api
    )
    merged = people_api.as_user("quangtri_moi")
    theirs = {
        (e["node"]["username"], e["node"]["unitCode"])
        for e in merged.graphql(ENDED, {"under": None})["data"]["rolesAtEndedUnits"]["edges"]
    }
    assert ("quangtri_admin", "45") in theirs
    assert not any(user.startswith(("phuloc", "hauloc")) for user, _ in theirs)

    # nothing carried over: the administrator moves the officer to the successor explicitly
    person = find_person(admin, "phuloc_officer")
    assert person is not None
    moved = admin.graphql(
        MOVE,
        {
            "i": {
                "id": person["id"],
                "version": person["version"],
                "unit": "16072",
                "role": "COMMUNE_OFFICER",
            }
        },
    )
    assert moved["data"]["movePerson"]["unit"]["code"] == "16072", moved
    assert readable(phuloc, "16072")
    after = {
        (e["node"]["username"], e["node"]["unitCode"])
        for e in admin.graphql(ENDED, {"under": "38"})["data"]["rolesAtEndedUnits"]["edges"]
    }
    assert ("phuloc_officer", "16072") not in after


def test_first_sign_in_with_the_identity_provider_waits_for_a_role_then_is_granted(
    fresh_db: DatabaseUrls,
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with identity_provider() as idp:
        server = serve_people(fresh_db, settings, jwks_url=idp.jwks_url, sign_in_default_unit="38")
        try:

            def as_idp(username: str, **claims: Any) -> UserClient:
                return UserClient(server, username, idp.token(username, **claims))

            admin = as_idp("thanhhoa_admin")
            newcomer = as_idp("nguyenvana", name="Nguyễn Văn A", antq_unit="16072")
            me = newcomer.graphql(ME)["data"]["me"]
            assert me["roles"] == [] and me["person"]["waiting"] is True
            assert me["person"]["displayName"] == "Nguyễn Văn A"
            assert me["person"]["unit"] is None  # no role, no scope: not even their own unit
            assert not readable(newcomer, "16072")
            unplaced = as_idp("tranthib")  # no unit claim: waits at the province
            assert unplaced.graphql(ME)["data"]["me"]["person"]["waiting"] is True
            hs256 = server.as_user("thanhhoa_admin")  # not the provider's token
            assert error_code(hs256.graphql(ME)) == "UNAUTHENTICATED"

            waiting = admin.graphql(PEOPLE, {"under": "38", "f": {"waiting": True}})
            people = {e["node"]["username"]: e["node"] for e in waiting["data"]["people"]["edges"]}
            assert set(people) == {"nguyenvana", "tranthib"}
            assert people["nguyenvana"]["provisioned"] == "SIGN_IN"
            assert people["tranthib"]["unit"]["code"] == "38"
            assert waiting["data"]["people"]["totalCount"] == 2
            run_create_admin(
                fresh_db, monkeypatch, "--username", "nghean_admin", "--unit", "40", server=server
            )
            other = as_idp("nghean_admin")
            assert (
                other.graphql(PEOPLE, {"f": {"waiting": True}})["data"]["people"]["totalCount"] == 0
            )

            a = people["nguyenvana"]
            granted = admin.graphql(
                GRANT,
                {
                    "i": {
                        "id": a["id"],
                        "version": a["version"],
                        "role": "COMMUNE_OFFICER",
                        "unit": "16072",
                    }
                },
            )
            assert granted["data"]["grantPersonRole"]["waiting"] is False, granted
            assert readable(newcomer, "16072")
            b = people["tranthib"]  # waiting at the province itself: placed by the grant
            granted = admin.graphql(
                GRANT,
                {
                    "i": {
                        "id": b["id"],
                        "version": b["version"],
                        "role": "COMMUNE_OFFICER",
                        "unit": "16021",
                    }
                },
            )
            assert granted["data"]["grantPersonRole"]["unit"]["code"] == "16021", granted
            left = admin.graphql(PEOPLE, {"under": "38", "f": {"waiting": True}})
            assert left["data"]["people"]["totalCount"] == 0
            # once placed, the colleague at the province rule applies again to revocation
            revoked = admin.graphql(
                REVOKE,
                {
                    "i": {
                        "id": b["id"],
                        "version": granted["data"]["grantPersonRole"]["version"],
                        "role": "COMMUNE_OFFICER",
                        "unit": "16021",
                    }
                },
            )
            assert revoked["data"]["revokePersonRole"]["waiting"] is True, revoked
        finally:
            server.stop()


def test_create_admin_prints_how_to_get_a_token_and_the_admin_can_invite(
    people_api: LiveServer,
    fresh_db: DatabaseUrls,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    output = run_create_admin(
        fresh_db,
        monkeypatch,
        "--username",
        "nghean_admin",
        "--unit",
        "40",
        "--display-name",
        "Công an tỉnh Nghệ An",
        server=people_api,
    )
    assert "antq token nghean_admin" in output
    again = run_create_admin(
        fresh_db, monkeypatch, "--username", "nghean_admin", "--unit", "40"
    )  # repeating changes nothing
    assert "province_admin" in again
    admin = people_api.as_user("nghean_admin")
    roles = admin.graphql(ME)["data"]["me"]["roles"]
    assert [(r["role"], r["unit"]["code"]) for r in roles] == [("PROVINCE_ADMIN", "40")]
    from api.cli import app

    monkeypatch.setenv("DATABASE_URL", fresh_db.owner)
    get_settings.cache_clear()
    try:
        bad = CliRunner().invoke(
            app, ["users", "create-admin", "--username", "x_admin", "--unit", "16072"]
        )  # a commune, not a province
    finally:
        get_settings.cache_clear()
    assert bad.exit_code != 0 and "tỉnh" in bad.output


def test_disable_ends_a_live_subscription(people_api: LiveServer) -> None:
    admin = people_api.as_user("thanhhoa_admin")
    person = invite(admin, "hoaloc_live")
    ws = WsClient(people_api, people_api.as_user("hoaloc_live").token)
    try:
        assert ws.receive()["type"] == "connection_ack"
        ws.subscribe("1", CHANGES)
        feed = people_api.app.state.feed
        wait_until(lambda: feed.subscriber_count == 1, what="the subscription")
        done = admin.graphql(DISABLE, {"i": {"id": person["id"], "version": person["version"]}})
        assert done["data"]["disablePerson"]["disabled"] is True
        try:
            message = ws.receive(timeout=15)  # a TimeoutError fails the test: still open
        except ConnectionClosed:  # the server closed the socket: the subscription ended
            message = {"type": "closed"}
        assert message["type"] in ("error", "complete", "closed") or (
            message["type"] == "next" and message["payload"].get("errors")
        ), message
    finally:
        ws.close()


def test_me_of_an_administrator_lists_what_their_role_allows(people_api: LiveServer) -> None:
    me = people_api.as_user("thanhhoa_admin").graphql(ME)["data"]["me"]
    assert me["person"]["unit"] == {"code": "38"}
    assert [r["role"] for r in me["roles"]] == ["PROVINCE_ADMIN"]
    allows = {(a["object"], a["action"]) for a in me["roles"][0]["allows"]}
    assert {("person", "manage"), ("role", "grant"), ("plan", "write")} <= allows


def test_disabling_is_refused_by_every_api_process(
    people_api: LiveServer,
    fresh_db: DatabaseUrls,
    settings: Settings,
) -> None:
    other = serve_people(fresh_db, settings)  # a second API process on the same database
    try:
        admin = people_api.as_user("thanhhoa_admin")
        person = invite(admin, "hoaloc_hai")
        token = people_api.as_user("hoaloc_hai").token
        elsewhere = UserClient(other, "hoaloc_hai", token)
        wait_until(
            lambda: bool(other.app.state.authorizer.principal("hoaloc_hai").grants),
            what="the grant to reach the other process",
        )
        assert readable(elsewhere, "16072")
        admin.graphql(DISABLE, {"i": {"id": person["id"], "version": person["version"]}})
        wait_until(
            lambda: other.app.state.authorizer.is_disabled("hoaloc_hai"),
            what="the NOTIFY to reach the other process",
        )
        assert error_code(elsewhere.graphql(ME)) == "UNAUTHENTICATED"
    finally:
        other.stop()
