"""Open work of units that end mid-year passes to their successors (services/handover.py), by
the rule of the README ("The present"): checked over HTTP after handing over on a real database.

Targets are entered through the API on communes of 2025 that ended on 30/06/2025 (Xã Phú Lộc,
Xã Hòa Lộc and Xã Xuân Lộc merged into Xã Hoa Lộc; Thị trấn Hà Trung split into Xã Hà Trung and
Xã Hoạt Giang), then the handover runs as the seed runs it for the reform.
"""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from db.urls import DatabaseUrls
from services.handover import hand_over_ended_units
from tests.support.evaluations import ADVANCE
from tests.support.server import LiveServer, UserClient

CREATE = """mutation($code: String!, $stt: String!, $kind: QuantityKind!, $value: Float!,
                     $due: Date!) {
  createTarget(input: {unit: $code, year: 2025, category: MODELS, stt: $stt,
      text: "Xây dựng mô hình", quantity: {kind: $kind, value: $value},
      deadline: {kind: DATE, dueOn: $due}, asOf: "2025-06-01"}) {
    __typename ... on Target { id version unit { code } } ... on UserError { code message } } }"""
TARGETS = """{ targets(filter: {under: "38", year: 2025, category: MODELS}, first: 100) {
    edges { node {
    id stt version quantity { value } handedOverOn carriedOver
    unit { code name validFrom } } } } }"""
REPORT = """mutation($id: ID!, $v: Int!) { reportProgress(input: {id: $id, version: $v,
    value: 1, reportedOn: "2025-06-20"}) { __typename ... on UserError { code message } } }"""


def _create(
    admin: UserClient, code: str, stt: str, kind: str, value: float, due: str = "2025-10-31"
) -> dict[str, Any]:
    result = admin.graphql(
        CREATE, {"code": code, "stt": stt, "kind": kind, "value": value, "due": due}
    )
    assert "errors" not in result, result
    payload = result["data"]["createTarget"]
    assert payload["__typename"] == "Target", payload
    return payload


def _hand_over(urls: DatabaseUrls) -> dict[str, Any]:
    async def go() -> dict[str, Any]:
        engine = create_async_engine(urls.owner)
        try:
            async with engine.begin() as conn:
                return await hand_over_ended_units(conn, date(2025, 6, 30))
        finally:
            await engine.dispose()

    return asyncio.run(go())


def _owner_sql(urls: DatabaseUrls, sql: str) -> None:
    async def go() -> None:
        engine = create_async_engine(urls.owner)
        try:
            async with engine.begin() as conn:
                await conn.execute(text(sql))
        finally:
            await engine.dispose()

    asyncio.run(go())


def _targets(admin: UserClient, stt: str) -> list[dict[str, Any]]:
    result = admin.graphql(TARGETS)
    assert "errors" not in result, result
    return [e["node"] for e in result["data"]["targets"]["edges"] if e["node"]["stt"] == stt]


def test_a_merge_adds_counts_and_keeps_the_highest_percentage_a_split_apportions_counts(
    fresh_db: DatabaseUrls, fresh_api: LiveServer
) -> None:
    admin = fresh_api.as_user("thanhhoa_admin")
    _create(admin, "16072", "M1", "COUNT", 4)  # Phú Lộc  -> Hoa Lộc
    _create(admin, "16075", "M1", "COUNT", 3)  # Hòa Lộc  -> Hoa Lộc
    _create(admin, "16072", "P1", "PERCENT", 80)
    _create(admin, "16057", "P1", "PERCENT", 90)  # Xuân Lộc -> Hoa Lộc
    _create(admin, "15271", "S1", "COUNT", 5)  # Hà Trung -> Hà Trung, Hoạt Giang
    early = _create(admin, "16072", "E1", "COUNT", 2, due="2025-05-31")  # due before the end
    met = _create(admin, "16069", "D1", "COUNT", 1)  # met before the end
    done = admin.graphql(REPORT, {"id": met["id"], "v": met["version"]})
    assert done["data"]["reportProgress"]["__typename"] == "Target", done

    counts = _hand_over(fresh_db)
    assert counts["targets"]["carried"] == 4  # M1, P1 to Hoa Lộc; S1 to both successors

    merged = {t["unit"]["code"]: t for t in _targets(admin, "M1") if t["carriedOver"]}
    assert merged["16072"]["unit"]["name"] == "Xã Hoa Lộc"
    assert merged["16072"]["quantity"]["value"] == 7
    percent = [t for t in _targets(admin, "P1") if t["carriedOver"]]
    assert [t["quantity"]["value"] for t in percent] == [90]
    split = {
        t["unit"]["name"]: t["quantity"]["value"] for t in _targets(admin, "S1") if t["carriedOver"]
    }
    assert split == {"Xã Hà Trung": 3, "Xã Hoạt Giang": 3}  # ceil(5 / 2) each
    # both histories: the predecessors' targets stay, marked handed over
    originals = [t for t in _targets(admin, "M1") if not t["carriedOver"]]
    assert len(originals) == 2 and all(t["handedOverOn"] == "2025-07-01" for t in originals)
    # what was due before the end, or already met, stays where it was
    assert all(
        not t["carriedOver"] and t["handedOverOn"] is None
        for stt in ("E1", "D1")
        for t in _targets(admin, stt)
    )
    assert early["unit"]["code"] == "16072"

    # nobody reports on a target that passed on; running the handover again carries nothing
    original = originals[0]
    refused = admin.graphql(REPORT, {"id": original["id"], "v": original["version"]})
    assert refused["data"]["reportProgress"]["__typename"] == "InvalidInputError", refused
    again = _hand_over(fresh_db)
    assert all(kind["carried"] == 0 and kind["handed_over"] == 0 for kind in again.values())


CAMPAIGNS = """{ typicalCampaigns(filter: {under: "38", year: 2025}) { edges { node {
    id version state carriedOver handedOverOn unit { code name validFrom } } } } }"""


def test_an_open_campaign_of_a_merged_commune_continues_at_its_successor(
    fresh_db: DatabaseUrls, fresh_api: LiveServer
) -> None:
    _owner_sql(
        fresh_db,
        """
        INSERT INTO typical_campaigns (unit_id, unit_path, year, kind, criteria_set_id, state,
            register_deadline, submit_deadline, registered_on, registered_by, plan_submitted_on)
        SELECT u.id, u.path, 2025, 'build', s.id, 'plan_submitted', DATE '2025-03-29',
               DATE '2025-10-04', DATE '2025-03-01', 'phuloc_officer', DATE '2025-03-20'
        FROM admin_units u,
             (SELECT id FROM criteria_sets WHERE 'commune' = ANY(applies_to)
              ORDER BY effective_from DESC LIMIT 1) s
        WHERE u.path = 'vn.p38.d400.c16072'""",
    )
    counts = _hand_over(fresh_db)
    assert counts["typical_campaigns"] == {"carried": 1, "handed_over": 1}
    reviewer = fresh_api.as_user("thanhhoa_reviewer")
    nodes = [e["node"] for e in reviewer.graphql(CAMPAIGNS)["data"]["typicalCampaigns"]["edges"]]
    old = next(n for n in nodes if n["handedOverOn"])
    new = next(n for n in nodes if n["carriedOver"])
    assert old["unit"]["name"] == "Xã Phú Lộc" and old["state"] == "PLAN_SUBMITTED"
    assert new["unit"]["name"] == "Xã Hoa Lộc" and new["state"] == "REGISTERED"
    # the predecessor's campaign cannot advance any more
    officer = fresh_api.as_user("phuloc_officer")
    refused = officer.graphql(
        ADVANCE,
        {"id": old["id"], "v": old["version"], "action": "REPORT_SIX_MONTHS", "on": "2025-06-10"},
    )
    payload = refused["data"]["advanceCampaign"]
    assert payload["__typename"] == "TransitionRefusedError" and payload["code"] == "HANDED_OVER"
    # the successor's officer continues it
    hoa_loc = fresh_api.as_user("hoaloc_officer")
    moved = hoa_loc.graphql(
        ADVANCE, {"id": new["id"], "v": new["version"], "action": "SUBMIT_PLAN", "on": "2025-07-15"}
    )
    assert moved["data"]["advanceCampaign"]["state"] == "PLAN_SUBMITTED", moved
