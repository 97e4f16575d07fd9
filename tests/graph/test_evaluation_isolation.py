"""Tenant isolation of campaigns and assessments: another district's records do not exist for
you (reads, lists, node(id), writes), and read-only roles never write."""

from __future__ import annotations

import pytest

from db.urls import DatabaseUrls
from tests.support.evaluations import RECORD_ASSESSMENTS, REGISTER
from tests.support.server import LiveServer

LIST = """{ typicalCampaigns(filter: {}) { edges { node { id unit { path } } } } }"""
NODE = "query($id: ID!) { node(id: $id) { id ... on TypicalCampaign { year } } }"
MY_DONG_2023 = '{ typicalCampaign(unit: "30058", year: 2023) { id } }'


def test_campaigns_of_another_district_do_not_exist_for_you(api: LiveServer) -> None:
    thap_muoi = api.as_user("thapmuoi_officer")
    hau_loc = api.as_user("hauloc_officer")
    campaign_id = thap_muoi.graphql(MY_DONG_2023)["data"]["typicalCampaign"]["id"]
    assert thap_muoi.graphql(NODE, {"id": campaign_id})["data"]["node"] == {
        "id": campaign_id,
        "year": 2023,
    }
    assert hau_loc.graphql(NODE, {"id": campaign_id}) == {"data": {"node": None}}
    refused = hau_loc.graphql(MY_DONG_2023)
    assert refused["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    mine = [e["node"] for e in thap_muoi.graphql(LIST)["data"]["typicalCampaigns"]["edges"]]
    assert mine and all(n["unit"]["path"].startswith("vn.p87.d872") for n in mine)
    assert hau_loc.graphql(LIST)["data"]["typicalCampaigns"]["edges"] == []
    assessment = '{ assessment(unit: "30073", year: 2023) { classification } }'
    assert thap_muoi.graphql(assessment)["data"]["assessment"] == {"classification": "KHA"}
    assert hau_loc.graphql(assessment)["errors"][0]["extensions"]["code"] == "NOT_FOUND"


def test_writes_into_another_district_are_not_found(fresh_api: LiveServer) -> None:
    hau_loc = fresh_api.as_user("hauloc_officer")
    entry = {"unit": "30073-R01", "safetyRegistered": True}
    result = hau_loc.graphql(
        RECORD_ASSESSMENTS, {"year": 2024, "on": "2024-10-01", "entries": [entry]}
    )
    assert result["data"]["recordAssessments"]["__typename"] == "NotFoundError"
    register = hau_loc.graphql(
        REGISTER,
        {"code": "30073", "year": 2024, "on": "2024-03-01", "asOf": "2024-03-01", "deadline": None},
    )
    assert register["data"]["registerTypicalUnit"]["__typename"] == "NotFoundError"


@pytest.mark.parametrize(
    "username",
    ["bca_v05", "thanhhoa_sonoivu", "thanhhoa_integration", "thanhhoa_reviewer", "hauloc_reviewer"],
)
def test_read_only_roles_never_write(fresh_api: LiveServer, username: str) -> None:
    client = fresh_api.as_user(username)
    entry = {"unit": "16072-R01", "safetyRegistered": True}
    result = client.graphql(
        RECORD_ASSESSMENTS, {"year": 2024, "on": "2024-10-01", "entries": [entry]}
    )
    assert result["data"]["recordAssessments"]["__typename"] == "NotAllowedError"
    register = client.graphql(
        REGISTER,
        {"code": "16072", "year": 2024, "on": "2024-03-01", "asOf": "2024-03-01", "deadline": None},
    )
    assert register["data"]["registerTypicalUnit"]["__typename"] == "NotAllowedError"


def test_row_level_security_guards_the_evaluation_tables(shared_db: DatabaseUrls) -> None:
    """Raw SQL as the app role: no scope, no rows; a district scope, only that district."""
    import asyncio

    from sqlalchemy import text
    from sqlalchemy.ext.asyncio import create_async_engine

    async def count(scope: str | None, table: str) -> int:
        engine = create_async_engine(shared_db.app)
        try:
            async with engine.begin() as conn:
                if scope is not None:
                    await conn.execute(
                        text("SELECT set_config('app.scope_paths', :p, true)"), {"p": scope}
                    )
                return int((await conn.execute(text(f"SELECT count(*) FROM {table}"))).scalar())
        finally:
            await engine.dispose()

    for table in ("assessments", "typical_campaigns"):
        assert asyncio.run(count(None, table)) == 0
        assert asyncio.run(count("vn.p45", table)) == 0
    assert asyncio.run(count("vn.p38.d400", "assessments")) == 3  # Phú Lộc, Triệu Lộc, Ny Hoa Việt
    assert asyncio.run(count("vn.p87.d872", "typical_campaigns")) == 2
