"""Client mistakes are answered as client mistakes: BAD_USER_INPUT or GRAPHQL_VALIDATION_FAILED
with graphql-core's own message and the variable or path, never masked as an internal error;
HTTP-level refusals are GraphQL error bodies with `extensions.code`; only a real fault is
INTERNAL_SERVER_ERROR. Client mistakes are logged at INFO without a traceback, faults at ERROR
with one."""

from __future__ import annotations

import base64
import logging
from typing import Any

import pytest

from tests.support.server import LiveServer, UserClient

UNIT = "query($code: String!, $asOf: Date) { unit(unit: $code, asOf: $asOf) { code name } }"
UNITS = "query($f: UnitFilter) { units(filter: $f, first: 2) { edges { node { code } } } }"
ROLLUP = 'query($y: Year!) { targetRollup(unit: "400", year: $y) { year } }'


def only_error(body: dict[str, Any]) -> dict[str, Any]:
    assert body.get("errors"), body
    assert len(body["errors"]) == 1, body
    return body["errors"][0]


def assert_client_error(body: dict[str, Any], code: str, *words: str) -> dict[str, Any]:
    error = only_error(body)
    assert error["extensions"]["code"] == code, error
    assert "Internal error" not in error["message"], error
    for word in words:
        assert word in error["message"], error
    return error


@pytest.fixture(scope="module")
def viewer(api: LiveServer) -> UserClient:
    return api.as_user("thanhhoa_admin")


@pytest.mark.parametrize(
    ("query", "variables", "variable", "words"),
    [
        # a unit code sent as the number 400 instead of "400"
        (UNIT, {"code": 400}, "code", ["$code", "String cannot represent a non string value"]),
        (UNIT, {}, "code", ["$code", "String!"]),
        (UNIT, {"code": None}, "code", ["$code", "String!"]),
        (UNIT, {"code": "400", "asOf": "yesterday"}, "asOf", ["$asOf"]),
        (UNIT, {"code": "400", "asOf": "2024-02-30"}, "asOf", ["$asOf", "2024-02-30"]),
        (UNIT, {"code": "400", "asOf": 20240601}, "asOf", ["$asOf"]),
        (UNITS, {"f": {"kind": "CITY"}}, "f", ["$f", "CITY", "UnitKind"]),
        (UNITS, {"f": {"kind": "province"}}, "f", ["$f"]),
        (UNITS, {"f": {"bogus": 1}}, "f", ["$f", "bogus", "unknown field"]),
        (ROLLUP, {"y": "2024"}, "y", ["$y"]),
        (ROLLUP, {"y": 1800}, "y", ["$y", "1990", "2100"]),
        (ROLLUP, {"y": 2024.5}, "y", ["$y"]),
    ],
    ids=[
        "string-as-number",
        "missing-non-null",
        "null-non-null",
        "bad-date",
        "impossible-date",
        "date-as-number",
        "unknown-enum",
        "lower-case-enum",
        "unknown-input-field",
        "year-as-string",
        "year-out-of-range",
        "year-fraction",
    ],
)
def test_a_variable_that_does_not_fit_its_type_is_bad_user_input(
    viewer: UserClient, query: str, variables: dict[str, Any], variable: str, words: list[str]
) -> None:
    error = assert_client_error(viewer.graphql(query, variables), "BAD_USER_INPUT", *words)
    assert error["extensions"]["variable"] == variable
    assert "locations" in error  # graphql-core points at the variable definition


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("{ unit(unit: 400) { code } }", ["String cannot represent a non string value"]),
        ('{ unit(unit: "400", asOf: "2024-02-30") { code } }', ["Date", "2024-02-30"]),
        ("{ units(filter: {kind: CITY}) { totalCount } }", ["CITY"]),
        ("{ units(filter: {bogus: 1}) { totalCount } }", ["bogus"]),
        ('{ targetRollup(unit: "400", year: 1800) { year } }', ["Year"]),
        ('{ unit(unit: "400") { nope } }', ["nope"]),
        ('{ unit(unit: "400") { code ', ["Syntax Error"]),
    ],
    ids=[
        "literal-number",
        "literal-impossible-date",
        "literal-enum",
        "literal-input-field",
        "literal-year",
        "unknown-field",
        "syntax",
    ],
)
def test_a_document_that_does_not_fit_the_schema_fails_validation(
    viewer: UserClient, query: str, words: list[str]
) -> None:
    assert_client_error(viewer.graphql(query), "GRAPHQL_VALIDATION_FAILED", *words)


def test_a_nul_character_in_a_variable_is_bad_user_input_with_its_path(viewer: UserClient) -> None:
    error = assert_client_error(
        viewer.graphql(UNITS, {"f": {"nameContains": "hau\x00loc"}}), "BAD_USER_INPUT", "NUL"
    )
    assert error["extensions"]["variable"] == "f"
    assert error["extensions"]["at"] == "f.nameContains"
    error = assert_client_error(viewer.graphql(UNIT, {"code": "4\x000"}), "BAD_USER_INPUT", "NUL")
    assert error["extensions"]["variable"] == "code"


def _raw_id(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "raw",
    ["AdminUnit:99999999999999999999999", "AdminUnit:9223372036854775808", "Plan:-1", "Plan:١٢"],
)
def test_an_id_that_can_name_no_object_answers_like_an_unknown_one(
    viewer: UserClient, raw: str
) -> None:
    body = viewer.graphql("query($id: ID!) { node(id: $id) { id } }", {"id": _raw_id(raw)})
    assert body == {"data": {"node": None}}


@pytest.mark.parametrize("cursor", ["audit|99999999999999999999", "audit|١", "audit|x"])
def test_a_cursor_past_int64_is_bad_user_input(viewer: UserClient, cursor: str) -> None:
    body = viewer.graphql(
        "query($a: String) { auditLog(after: $a) { pageInfo { hasNextPage } } }",
        {"a": _raw_id(cursor)},
    )
    error = assert_client_error(body, "BAD_USER_INPUT", "Con trỏ phân trang")
    assert error["path"] == ["auditLog"]


def _post(api: LiveServer, **kwargs: Any) -> Any:
    return api.client.post("/graphql", **kwargs)


@pytest.mark.parametrize(
    ("send", "status", "code"),
    [
        (
            lambda api: _post(
                api, content=b"{not json", headers={"content-type": "application/json"}
            ),
            400,
            "BAD_REQUEST",
        ),
        (lambda api: _post(api, json={"variables": {}}), 400, "BAD_REQUEST"),
        (
            lambda api: _post(
                api, json={"query": "query A { me { username } }", "operationName": "B"}
            ),
            400,
            "BAD_REQUEST",
        ),
        (
            lambda api: _post(api, content=b"query", headers={"content-type": "text/plain"}),
            415,
            "UNSUPPORTED_MEDIA_TYPE",
        ),
        (
            lambda api: api.client.get(
                "/graphql",
                params={
                    "query": 'mutation { revokeRole(input: {username: "x", role: "x", unit: "x"}) '
                    "{ __typename } }"
                },
            ),
            405,
            "OPERATION_NOT_ALLOWED",
        ),
        (
            lambda api: api.client.put("/graphql", json={"query": "{ me { username } }"}),
            405,
            "METHOD_NOT_ALLOWED",
        ),
    ],
    ids=[
        "malformed-json",
        "missing-query",
        "unknown-operation-name",
        "unsupported-content-type",
        "mutation-over-get",
        "put",
    ],
)
def test_http_level_refusals_are_graphql_error_bodies(
    api: LiveServer, send: Any, status: int, code: str
) -> None:
    response = send(api)
    assert response.headers["content-type"].startswith("application/json"), response.text
    error = assert_client_error(response.json(), code)
    assert error["message"]
    assert response.status_code in (status, 400 if status == 415 else status), response.text


def test_client_mistakes_log_at_info_without_traceback(
    viewer: UserClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="antq.graphql"):
        viewer.graphql(UNIT, {"code": 400})
        viewer.graphql('{ unit(unit: "400") { nope } }')
        viewer.graphql(UNIT, {"code": "no-such-unit"})
    records = [r for r in caplog.records if r.name == "antq.graphql"]
    assert len(records) >= 3
    assert all(r.levelno == logging.INFO and r.exc_info is None for r in records), records


def test_only_a_real_fault_is_an_internal_error_logged_with_its_traceback(
    api: LiveServer,
    viewer: UserClient,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    from services import units

    async def broken(*_: Any, **__: Any) -> Any:
        raise RuntimeError("a bug: secret internals")

    monkeypatch.setattr(units, "find", broken)
    with caplog.at_level(logging.INFO, logger="antq.graphql"):
        # the executor's resolver is the one broken here (the compiled read path does not call
        # it: see tests/graph/test_compiled_reads.py for a fault there)
        body = api.client.post(
            "/graphql",
            json={"query": UNIT, "variables": {"code": "400"}},
            headers={"Authorization": f"Bearer {viewer.token}", "X-Antq-Executor": "normal"},
        ).json()
    error = only_error(body)
    assert error["extensions"] == {"code": "INTERNAL_SERVER_ERROR"}
    assert "secret" not in str(body)
    faults = [r for r in caplog.records if r.name == "antq.graphql" and r.levelno == logging.ERROR]
    assert len(faults) == 1 and faults[0].exc_info is not None
    assert faults[0].exc_info[0] is RuntimeError


def test_a_subscription_over_http_is_refused_as_a_client_mistake(viewer: UserClient) -> None:
    body = viewer.graphql('subscription { changes(under: "38") { kind } }')
    error = assert_client_error(body, "OPERATION_NOT_ALLOWED", "websocket")
    assert body["data"] is None and "path" not in error


def test_a_nul_character_in_a_string_literal_is_bad_user_input(viewer: UserClient) -> None:
    body = viewer.graphql(
        'mutation { createMovementModel(input: {unit: "\\u0000", typeCode: "x",'
        ' name: "x", origin: NEW}) { __typename } }'
    )
    error = assert_client_error(body, "BAD_USER_INPUT", "NUL")
    assert error["locations"], error
