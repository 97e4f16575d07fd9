"""Abuse limits: each refuses the request with a clear, coded error before any SQL runs."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from api.app import create_app
from core.config import Settings
from db.urls import DatabaseUrls
from tests.support.server import LiveServer, UserClient, start_server
from tests.support.sql_counter import count_statements


def codes(result: dict) -> set[str]:
    return {e["extensions"]["code"] for e in result.get("errors", [])}


def test_a_query_nested_deeper_than_the_limit_is_refused(ministry: UserClient) -> None:
    inner = "name"
    for _ in range(14):
        inner = f"children(first: 1) {{ edges {{ node {{ {inner} }} }} }}"
    with count_statements(ministry.app) as statements:
        result = ministry.graphql(f'{{ unit(unit: "38") {{ {inner} }} }}')
    assert codes(result) == {"QUERY_TOO_COMPLEX"}
    assert "depth" in result["errors"][0]["message"]
    assert statements == []


def test_too_many_aliases_are_refused(ministry: UserClient) -> None:
    aliases = " ".join(f'a{i}: unit(unit: "38") {{ name }}' for i in range(31))
    result = ministry.graphql(f"{{ {aliases} }}")
    assert codes(result) == {"QUERY_TOO_COMPLEX"}


def test_too_many_tokens_are_refused(ministry: UserClient) -> None:
    fields = " ".join(["name code"] * 1100)
    result = ministry.graphql(f'{{ unit(unit: "38") {{ {fields} }} }}')
    assert codes(result) == {"QUERY_TOO_COMPLEX"}
    assert "tokens" in result["errors"][0]["message"]


def test_a_document_that_exhausts_validation_is_refused_not_crashed(ministry: UserClient) -> None:
    fields = " ".join(["name"] * 1500)  # under the token limit, but the overlap check recurses
    result = ministry.graphql(f'{{ unit(unit: "38") {{ {fields} }} }}')
    assert codes(result) == {"QUERY_TOO_COMPLEX"}


def test_a_body_over_the_size_limit_is_refused_with_413(api: LiveServer) -> None:
    response = api.client.post(
        "/graphql",
        content=b"{" + b" " * 1_100_000 + b"}",
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"]["code"] == "REQUEST_TOO_LARGE"


@pytest.fixture(scope="module")
def locked_down(shared_db: DatabaseUrls, settings: Settings) -> Iterator[LiveServer]:
    production_like = settings.model_copy(update={"graphql_introspection": False})
    server = start_server(create_app(production_like, shared_db), production_like)
    yield server
    server.stop()


def test_introspection_can_be_disabled_for_production(locked_down: LiveServer) -> None:
    result = locked_down.graphql("{ __schema { types { name } } }")
    assert codes(result) == {"INTROSPECTION_DISABLED"}
    ok = locked_down.as_user("bca_v05").graphql('{ unit(unit: "38") { name } }')
    assert ok == {"data": {"unit": {"name": "Tỉnh Thanh Hóa"}}}


def test_validation_errors_carry_a_code(ministry: UserClient) -> None:
    assert codes(ministry.graphql("{ nope }")) == {"GRAPHQL_VALIDATION_FAILED"}
