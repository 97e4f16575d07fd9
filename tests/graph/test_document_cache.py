"""A repeated document is parsed and validated once per process (keyed by its text and the
limits), and the cache never lets through what validation or the limits refuse."""

from __future__ import annotations

import uuid

from tests.support.server import LiveServer, UserClient


def _cache(api: LiveServer):  # type: ignore[no-untyped-def]
    return api.app.state.schema.document_cache


def _fresh_query() -> str:
    # a text no earlier test sent, so the first request really is the first
    return "{ units(first: 3) { edges { node { code name } } } } # " + uuid.uuid4().hex


def test_a_second_identical_request_is_neither_parsed_nor_validated_again(
    api: LiveServer,
    ministry: UserClient,
) -> None:
    query = _fresh_query()
    cache = _cache(api)
    first = ministry.graphql(query)
    parses, validations = cache.parses, cache.validations
    for _ in range(3):
        assert ministry.graphql(query) == first
    assert (cache.parses, cache.validations) == (parses, validations)
    assert "errors" not in first and len(first["data"]["units"]["edges"]) == 3


def test_another_text_is_validated_on_its_own(api: LiveServer, ministry: UserClient) -> None:
    cache = _cache(api)
    ministry.graphql(_fresh_query())
    validations = cache.validations
    ministry.graphql(_fresh_query())
    assert cache.validations == validations + 1


def test_a_refused_document_is_refused_every_time(api: LiveServer, ministry: UserClient) -> None:
    """Invalid documents are not cached as valid (and are validated each time they come)."""
    bad = "{ units(first: 1) { edges { node { noSuchField } } } } # " + uuid.uuid4().hex
    deep = (
        "{ units { edges { node { "
        + "children { edges { node { " * 12
        + "code"
        + " } } }" * 12
        + " } } } }"
    )
    for query, code in ((bad, "GRAPHQL_VALIDATION_FAILED"), (deep, "QUERY_TOO_COMPLEX")):
        for _ in range(2):
            result = ministry.graphql(query)
            assert result.get("errors"), result
            assert result["errors"][0]["extensions"]["code"] == code, result
