"""Persisted queries in Apollo's APQ wire format: by hash over POST and GET, unknown hashes
(PERSISTED_QUERY_NOT_FOUND), hash/document mismatches, automatic registration outside
persisted-only mode, the allow-list table read by running instances, persisted-only mode, and
the abuse limits applying to persisted documents."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import httpx

from api.app import create_app
from core.config import Settings
from db.session import create_engine
from db.urls import DatabaseUrls
from graph.schema import schema
from services.persisted import check_document, document_hash, read_documents, store_documents
from tests.support.server import LiveServer, start_server

PERSISTED = Path(__file__).resolve().parents[2] / "graph" / "persisted"
ME = (PERSISTED / "me.graphql").read_text(encoding="utf-8").strip()
UNIT_CHILDREN = (PERSISTED / "unit_children.graphql").read_text(encoding="utf-8").strip()


def apq(sha256: str) -> dict[str, Any]:
    return {"persistedQuery": {"version": 1, "sha256Hash": sha256}}


def post(server: LiveServer, token: str, body: dict[str, Any]) -> httpx.Response:
    return server.client.post("/graphql", json=body, headers={"Authorization": f"Bearer {token}"})


def get(
    server: LiveServer, token: str, sha256: str, variables: dict[str, Any] | None = None
) -> httpx.Response:
    params = {"extensions": json.dumps(apq(sha256))}
    if variables:
        params["variables"] = json.dumps(variables)
    return server.client.get(
        "/graphql", params=params, headers={"Authorization": f"Bearer {token}"}
    )


def code(response: httpx.Response) -> str | None:
    errors = response.json().get("errors")
    return errors[0]["extensions"]["code"] if errors else None


def test_the_shipped_documents_are_valid_against_the_schema() -> None:
    documents = read_documents(PERSISTED)
    assert len(documents) >= 2
    for name, document in documents.values():
        assert check_document(schema._schema, document) == [], name


def test_a_persisted_document_runs_by_hash_over_post_and_get(api: LiveServer) -> None:
    token = api.as_user("hauloc_officer").token
    by_post = post(api, token, {"extensions": apq(document_hash(ME))})
    assert by_post.json() == {
        "data": {
            "me": {
                "username": "hauloc_officer",
                "roles": [
                    {"role": "DISTRICT_OFFICER", "unit": {"code": "400", "name": "Huyện Hậu Lộc"}}
                ],
            }
        }
    }
    by_get = get(
        api, token, document_hash(UNIT_CHILDREN), {"code": "400", "asOf": "2024-06-01", "first": 2}
    )
    assert by_get.status_code == 200, by_get.text
    unit = by_get.json()["data"]["unit"]
    assert unit["name"] == "Huyện Hậu Lộc" and len(unit["children"]["edges"]) == 2
    # Authorization is the same as for a raw document.
    outside = get(api, token, document_hash(UNIT_CHILDREN), {"code": "407"})
    assert code(outside) == "NOT_FOUND"


def test_unknown_hashes_and_mismatches_are_refused(api: LiveServer) -> None:
    token = api.as_user("hauloc_officer").token
    unknown = "0" * 64
    for response in (post(api, token, {"extensions": apq(unknown)}), get(api, token, unknown)):
        assert response.status_code == 200
        assert response.json()["errors"][0]["message"] == "PersistedQueryNotFound"
        assert code(response) == "PERSISTED_QUERY_NOT_FOUND"
    mismatch = post(api, token, {"query": "{ me { username } }", "extensions": apq(unknown)})
    assert code(mismatch) == "PERSISTED_QUERY_HASH_MISMATCH"
    forged = post(
        api, token, {"query": "{ me { username } }", "extensions": apq(document_hash(ME))}
    )
    assert code(forged) == "PERSISTED_QUERY_HASH_MISMATCH"
    malformed = post(api, token, {"extensions": {"persistedQuery": {"sha256Hash": "xyz"}}})
    assert code(malformed) == "BAD_USER_INPUT"
    metrics = api.client.get("/metrics").text
    assert 'antq_graphql_errors_total{code="PERSISTED_QUERY_NOT_FOUND"}' in metrics


def test_automatic_registration_outside_persisted_only_mode(api: LiveServer) -> None:
    token = api.as_user("hauloc_officer").token
    document = '{ unit(unit: "400", asOf: "2024-06-01") { name } } # apq test'
    sha256 = document_hash(document)
    assert code(get(api, token, sha256)) == "PERSISTED_QUERY_NOT_FOUND"
    registered = post(api, token, {"query": document, "extensions": apq(sha256)})
    assert registered.json() == {"data": {"unit": {"name": "Huyện Hậu Lộc"}}}
    assert get(api, token, sha256).json() == {"data": {"unit": {"name": "Huyện Hậu Lộc"}}}


def test_persisted_only_mode_runs_the_allow_list_and_nothing_else(
    fresh_db: DatabaseUrls,
    settings: Settings,
) -> None:
    strict = settings.model_copy(update={"persisted_queries_only": True})
    server = start_server(create_app(strict, fresh_db), strict)
    try:
        token = server.as_user("hauloc_officer").token
        raw = post(server, token, {"query": "{ me { username } }"})
        assert code(raw) == "PERSISTED_QUERY_REQUIRED" and raw.json()["data"] is None
        shipped = post(server, token, {"extensions": apq(document_hash(ME))})
        assert shipped.json()["data"]["me"]["username"] == "hauloc_officer"
        # A client cannot widen the allow-list by sending hash and document together.
        document = "{ me { username } }"
        sent = post(server, token, {"query": document, "extensions": apq(document_hash(document))})
        assert code(sent) == "PERSISTED_QUERY_NOT_FOUND"
        # `antq persist-queries` writes the table; a running instance finds it on a miss.
        # The abuse limits still apply to a persisted document: 14 levels > 12.
        deep = (
            '{ unit(unit: "16072", asOf: "2024-06-01") { '
            + "parent { " * 12
            + "name"
            + " }" * 13
            + " }"
        )
        asyncio.run(
            _store(
                fresh_db.owner,
                strict,
                {
                    document_hash(document): ("me_name.graphql", document),
                    document_hash(deep): ("deep.graphql", deep),
                },
            )
        )
        assert post(server, token, {"extensions": apq(document_hash(document))}).json() == {
            "data": {"me": {"username": "hauloc_officer"}}
        }
        too_deep = get(server, token, document_hash(deep))
        assert code(too_deep) == "QUERY_TOO_COMPLEX", too_deep.text
    finally:
        server.stop()


async def _store(owner_url: str, settings: Settings, documents: dict[str, tuple[str, str]]) -> None:
    """What `antq persist-queries` does: the owner's engine writes the allow-list."""
    engine = create_engine(owner_url, settings)
    try:
        await store_documents(engine, documents)
    finally:
        await engine.dispose()
