"""Property-based fuzzing of the whole schema (hypothesis-graphql) against the running app, as
signed-in users: whatever valid document arrives, the server answers 200 with data or coded
errors — never HTTP 500, never an internal error."""

from __future__ import annotations

from datetime import date

import pytest
from graphql import IntValueNode, StringValueNode
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import mutations, queries

from graph.schema import schema
from tests.support.server import LiveServer

SDL = schema.as_str()
SCALARS = {
    "Date": st.dates(date(2015, 1, 1), date(2030, 12, 31)).map(
        lambda d: StringValueNode(value=d.isoformat())
    ),
    "DateTime": st.datetimes().map(lambda d: StringValueNode(value=d.isoformat())),
    "JSON": st.just(StringValueNode(value="{}")),
    # a JSON request cannot carry a file: a literal where an Upload belongs must be refused
    "Upload": st.just(StringValueNode(value="not-a-file")),
    # mostly valid years, and some far outside the range the scalar accepts
    "Year": st.one_of(st.integers(2015, 2030), st.integers(-10_000, 10_000)).map(
        lambda y: IntValueNode(value=str(y))
    ),
}
FUZZ = settings(
    max_examples=120, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck)
)


def check(server: LiveServer, token: str, document: str) -> None:
    response = server.client.post(
        "/graphql", json={"query": document}, headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code in (200, 400), (response.status_code, document)
    body = response.json()
    codes = {e.get("extensions", {}).get("code") for e in body.get("errors") or []}
    assert "INTERNAL_SERVER_ERROR" not in codes, (document, body)
    assert None not in codes, (document, body)


@pytest.mark.parametrize("username", ["thanhhoa_admin", "phuloc_officer"])
def test_fuzzed_queries_never_fail_internally(api: LiveServer, username: str) -> None:
    token = api.as_user(username).token

    @FUZZ
    @given(queries(SDL, custom_scalars=SCALARS))
    def run(document: str) -> None:
        check(api, token, document)

    run()


def test_fuzzed_mutations_never_fail_internally(fresh_api: LiveServer) -> None:
    token = fresh_api.as_user("thanhhoa_admin").token

    @FUZZ
    @given(mutations(SDL, custom_scalars=SCALARS))
    def run(document: str) -> None:
        check(fresh_api, token, document)

    run()
