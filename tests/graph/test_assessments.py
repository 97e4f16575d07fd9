"""Yearly assessments over HTTP (bulk entry, confirmation by the level above, deadlines) and
rollups checked against percentages computed here, in Python, from the data this test generated,
under the 2024 structure and under the 2025 one (with and without predecessors)."""

from __future__ import annotations

import asyncio
import random
from collections import defaultdict
from datetime import date
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from db.urls import DatabaseUrls
from tests.support.evaluations import RECORD_ASSESSMENTS, ok
from tests.support.server import LiveServer

HAMLETS = [
    {
        "unit": f"16072-R0{n}",
        "safetyRegistered": True,
        "safetyAchieved": n != 3,
        "classification": "KHA" if n != 3 else "TRUNG_BINH",
    }
    for n in (1, 2, 3)
]
CONFIRM = """mutation($id: ID!, $v: Int!) { confirmAssessment(input: {id: $id,
    version: $v, on: "2024-11-20"}) { __typename ... on Assessment { confirmedBy version }
    ... on UserError { code message } } }"""


def test_a_commune_officer_enters_its_hamlets_in_one_call_and_confirms_them(
    fresh_api: LiveServer,
) -> None:
    officer = fresh_api.as_user("phuloc_officer")
    result = officer.graphql(
        RECORD_ASSESSMENTS, {"year": 2024, "on": "2024-11-01", "entries": HAMLETS}
    )
    saved = ok(result, "recordAssessments", "AssessmentList")["assessments"]
    assert [a["unit"]["code"] for a in saved] == ["16072-R01", "16072-R02", "16072-R03"]
    assert saved[2]["classification"] == "TRUNG_BINH" and saved[2]["safetyAchieved"] is False
    # The commune confirms its hamlets (policy: parent scope), but never what one entered.
    self_confirmed = officer.graphql(CONFIRM, {"id": saved[0]["id"], "v": 1})["data"]
    assert self_confirmed["confirmAssessment"]["__typename"] == "NotAllowedError"
    grant = fresh_api.as_user("thanhhoa_admin").graphql("""mutation { grantRole(input: {
        username: "trieuloc_officer", role: COMMUNE_OFFICER, unit: "16072",
        asOf: "2024-06-01"}) { __typename } }""")
    assert grant["data"]["grantRole"]["__typename"] == "RoleAssignment"
    colleague = fresh_api.as_user("trieuloc_officer")
    confirmed = colleague.graphql(CONFIRM, {"id": saved[0]["id"], "v": 1})["data"]
    assert confirmed["confirmAssessment"] == {
        "__typename": "Assessment",
        "confirmedBy": "trieuloc_officer",
        "version": 2,
    }
    # Correcting needs the version; a stale one is a conflict and nothing is written.
    stale = officer.graphql(
        RECORD_ASSESSMENTS,
        {
            "year": 2024,
            "on": "2024-11-02",
            "entries": [{**HAMLETS[0], "version": 1}, {**HAMLETS[1], "version": 1}],
        },
    )["data"]
    assert stale["recordAssessments"]["__typename"] == "VersionConflictError"
    # Late: with no 2024 plan of Thanh Hóa or Hậu Lộc setting it, Decision 510's reporting
    # date governs: residential areas before 20/11.
    late = officer.graphql(
        RECORD_ASSESSMENTS,
        {"year": 2024, "on": "2024-11-20", "entries": [{**HAMLETS[1], "version": 1}]},
    )["data"]["recordAssessments"]
    assert (late["__typename"], late["code"]) == ("TransitionRefusedError", "DEADLINE_PASSED")
    # A commune's own assessment is entered by its officer and confirmed by the district.
    own = ok(
        officer.graphql(
            RECORD_ASSESSMENTS,
            {
                "year": 2024,
                "on": "2024-11-08",
                "entries": [
                    {
                        "unit": "16072",
                        "safetyRegistered": True,
                        "safetyAchieved": True,
                        "classification": "XUAT_SAC",
                    }
                ],
            },
        ),
        "recordAssessments",
        "AssessmentList",
    )["assessments"][0]
    self_confirm = officer.graphql(CONFIRM, {"id": own["id"], "v": own["version"]})["data"]
    assert self_confirm["confirmAssessment"]["__typename"] == "NotAllowedError"
    other = fresh_api.as_user("nghison_reviewer").graphql(CONFIRM, {"id": own["id"], "v": 1})
    assert other["data"]["confirmAssessment"]["__typename"] == "NotFoundError"
    by_district = fresh_api.as_user("hauloc_reviewer").graphql(CONFIRM, {"id": own["id"], "v": 1})[
        "data"
    ]
    assert by_district["confirmAssessment"]["confirmedBy"] == "hauloc_reviewer"


def test_invalid_entries_refuse_the_whole_batch(fresh_api: LiveServer) -> None:
    officer = fresh_api.as_user("phuloc_officer")
    bad = [HAMLETS[0], {"unit": "16072-R02", "safetyRegistered": False, "safetyAchieved": True}]
    result = officer.graphql(
        RECORD_ASSESSMENTS, {"year": 2024, "on": "2024-11-01", "entries": bad}
    )["data"]["recordAssessments"]
    assert result["__typename"] == "InvalidInputError"
    query = '{ assessments(under: "16072", year: 2024) { edges { node { id } } } }'
    assert officer.graphql(query)["data"]["assessments"]["edges"] == []


# -- rollups -------------------------------------------------------------------------------------
ASSESSED = {"residential_area", "commune", "agency", "enterprise", "school"}
ROLLUP = """query($code: String!, $asOf: Date!, $pred: Boolean!) {
  rollup(unit: $code, year: 2024, asOf: $asOf, includePredecessors: $pred) {
    total { ...F } children { unit { path } figures { ...F } } } }
fragment F on RollupFigures { units assessed registered { count total percent met }
  safe { count percent met } goodOrExcellent { count percent met } typicalRegistered }"""


def _owner(
    url: str, statements: list[tuple[str, dict[str, Any]]], query: str | None = None
) -> list[dict[str, Any]]:
    async def go() -> list[dict[str, Any]]:
        engine = create_async_engine(url)
        try:
            async with engine.begin() as conn:
                for sql, params in statements:
                    await conn.execute(text(sql), params)
                if query is None:
                    return []
                return [dict(r) for r in (await conn.execute(text(query))).mappings()]
        finally:
            await engine.dispose()

    return asyncio.run(go())


def _valid(u: dict[str, Any], day: date) -> bool:
    return (u["valid_from"] is None or u["valid_from"] <= day) and (
        u["valid_to"] is None or u["valid_to"] >= day
    )


def _under(path: str, root: str) -> bool:
    return path == root or path.startswith(root + ".")


class Model:
    """The rollup's definition, written again independently of the SQL."""

    def __init__(
        self,
        units: list[dict[str, Any]],
        links: list[tuple[int, int]],
        data: dict[int, tuple[bool, bool, str]],
    ) -> None:
        self.units = {u["id"]: u for u in units}
        self.preds: dict[int, list[int]] = defaultdict(list)
        for predecessor, successor in links:
            self.preds[successor].append(predecessor)
        self.data = data

    def members(self, anchor: dict[str, Any], include: bool) -> set[int]:
        found = {anchor["id"]}
        if include:
            todo, seen = list(self.preds[anchor["id"]]), set()
            while todo:
                p = todo.pop()
                if p in seen:
                    continue
                seen.add(p)
                todo += self.preds[p]
                pu = self.units[p]
                found |= {
                    u["id"]
                    for u in self.units.values()
                    if _under(u["path"], pu["path"]) and _valid(u, pu["valid_to"])
                }
        return found

    def figures(
        self, root: dict[str, Any], as_of: date, include: bool, within: str | None = None
    ) -> dict[str, Any]:
        ids: set[int] = set()
        for u in self.units.values():
            if (
                _under(u["path"], root["path"])
                and _valid(u, as_of)
                and (within is None or _under(u["path"], within))
            ):
                ids |= self.members(u, include)
        counted = [
            i for i in ids if self.units[i]["kind"] in ASSESSED and _overlaps_2024(self.units[i])
        ]
        rows = [self.data[i] for i in counted if i in self.data]
        n = len(counted)

        def pct(k: int) -> float | None:
            return round(100 * k / n, 2) if n else None

        registered = sum(r[0] for r in rows)
        safe = sum(r[1] for r in rows)
        good = sum(r[2] in ("xuat_sac", "kha") for r in rows)
        return {
            "units": n,
            "assessed": len(rows),
            "registered": registered,
            "registered_pct": pct(registered),
            "safe_pct": pct(safe),
            "good_pct": pct(good),
        }


def _overlaps_2024(u: dict[str, Any]) -> bool:
    return (u["valid_from"] is None or u["valid_from"] <= date(2024, 12, 31)) and (
        u["valid_to"] is None or u["valid_to"] >= date(2024, 1, 1)
    )


def _check(api_figures: dict[str, Any], expected: dict[str, Any]) -> None:
    assert api_figures["units"] == expected["units"]
    assert api_figures["assessed"] == expected["assessed"]
    assert api_figures["registered"]["count"] == expected["registered"]
    assert api_figures["registered"]["percent"] == pytest.approx(expected["registered_pct"])
    assert api_figures["safe"]["percent"] == pytest.approx(expected["safe_pct"])
    assert api_figures["goodOrExcellent"]["percent"] == pytest.approx(expected["good_pct"])


@pytest.mark.parametrize("seed", [7])
def test_rollups_match_an_independent_computation_before_and_after_the_reform(
    fresh_db: DatabaseUrls,
    fresh_api: LiveServer,
    seed: int,
) -> None:
    units = _owner(
        fresh_db.owner,
        [],
        """SELECT id, path::text AS path, kind, code, parent_id,
        valid_from, valid_to FROM admin_units WHERE path <@ 'vn.p38'""",
    )
    links = [
        (r["predecessor_id"], r["successor_id"])
        for r in _owner(
            fresh_db.owner,
            [],
            """
        SELECT predecessor_id, successor_id FROM unit_successions""",
        )
    ]
    rng = random.Random(seed)
    data: dict[int, tuple[bool, bool, str]] = {}
    for u in units:
        if u["kind"] in ASSESSED and _valid(u, date(2024, 6, 1)) and rng.random() < 0.9:
            registered = rng.random() < 0.85
            data[u["id"]] = (
                registered,
                registered and rng.random() < 0.8,
                rng.choice(["xuat_sac", "kha", "kha", "trung_binh", "yeu"]),
            )
    _owner(
        fresh_db.owner,
        [
            ("DELETE FROM assessments WHERE year = 2024", {}),
            (
                """INSERT INTO assessments (unit_id, unit_path, year, safety_registered, safety_achieved,
                classification, entered_by, entered_on)
            SELECT u.id, u.path, 2024, t.reg, t.ach, t.cls, 'generator', DATE '2024-11-01'
            FROM unnest(CAST(:ids AS bigint[]), CAST(:reg AS boolean[]), CAST(:ach AS boolean[]),
                        CAST(:cls AS text[])) AS t(id, reg, ach, cls)
            JOIN admin_units u ON u.id = t.id""",
                {
                    "ids": list(data),
                    "reg": [v[0] for v in data.values()],
                    "ach": [v[1] for v in data.values()],
                    "cls": [v[2] for v in data.values()],
                },
            ),
        ],
    )
    model = Model(units, links, data)
    by_path = {u["path"]: u for u in units}
    client = fresh_api.as_user("thanhhoa_reviewer")

    def rollup(code: str, as_of: str, pred: bool) -> dict[str, Any]:
        result = client.graphql(ROLLUP, {"code": code, "asOf": as_of, "pred": pred})
        assert "errors" not in result, result
        return result["data"]["rollup"]

    province, hau_loc = by_path["vn.p38"], by_path["vn.p38.d400"]
    phu_loc = by_path["vn.p38.d400.c16072"]
    legacy = date(2024, 6, 1)
    for unit, code in ((province, "38"), (hau_loc, "400"), (phu_loc, "16072")):
        got = rollup(code, "2024-06-01", False)
        _check(got["total"], model.figures(unit, legacy, False))
        for child in got["children"]:
            _check(
                child["figures"], model.figures(unit, legacy, False, within=child["unit"]["path"])
            )
    assert rollup("400", "2024-06-01", False)["total"]["units"] > 20

    # After the reform: Phú Lộc's successor commune, and the province, under the 2025 structure.
    successor_id = next(s for p, s in links if p == phu_loc["id"])
    successor = model.units[successor_id]
    after = date(2025, 8, 1)
    for unit in (successor, province):
        code = unit["code"]
        without = rollup(code, "2025-08-01", False)["total"]
        assert without["assessed"] == 0  # 2024 data belongs to units that no longer exist
        _check(without, model.figures(unit, after, False))
        with_history = rollup(code, "2025-08-01", True)
        _check(with_history["total"], model.figures(unit, after, True))
        assert with_history["total"]["assessed"] > 0
    # Phú Lộc and its hamlets now count inside the merged commune.
    merged = model.figures(successor, after, True)
    assert merged["units"] >= 4
