"""Concurrent writers: optimistic versions turn a race into exactly one winner and one conflict,
and concurrent bulk entries neither lose nor duplicate rows."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx

from tests.support.evaluations import (
    COMMUNE_FIGURES,
    COMMUNE_PREVIOUS,
    RECORD_ASSESSMENTS,
    REGISTER,
    RESULTS,
    all_results,
    ok,
)
from tests.support.server import LiveServer, UserClient


def post(server: LiveServer, client: UserClient, query: str, variables: dict[str, Any]) -> dict:
    """One request on its own connection, so threads really run side by side."""
    with httpx.Client(base_url=server.base_url, timeout=60) as http:
        response = http.post(
            "/graphql",
            json={"query": query, "variables": variables},
            headers={"Authorization": f"Bearer {client.token}"},
        )
    return response.json()


def test_two_officers_saving_the_same_evaluation_at_once_one_wins_one_conflicts(
    fresh_api: LiveServer,
) -> None:
    commune = fresh_api.as_user("thanhmy_officer")
    district = fresh_api.as_user("thapmuoi_officer")
    campaign = ok(
        commune.graphql(REGISTER, {"code": "30073", "year": 2024, "on": "2024-03-01"}),
        "registerTypicalUnit",
    )
    variables = {
        "id": campaign["id"],
        "v": campaign["version"],
        "figures": COMMUNE_FIGURES,
        "previous": COMMUNE_PREVIOUS,
        "results": all_results(34),
    }
    for _ in range(3):  # a few rounds, each a fresh race on the current version
        with ThreadPoolExecutor(max_workers=2) as pool:
            outcomes = list(
                pool.map(lambda c: post(fresh_api, c, RESULTS, variables), [commune, district])
            )
        kinds = sorted(o["data"]["recordCriterionResults"]["__typename"] for o in outcomes)
        assert kinds == ["TypicalCampaign", "VersionConflictError"], outcomes
        winner = next(
            o["data"]["recordCriterionResults"]
            for o in outcomes
            if o["data"]["recordCriterionResults"]["__typename"] == "TypicalCampaign"
        )
        assert winner["version"] == variables["v"] + 1
        variables["v"] = winner["version"]


COMMUNES = {
    "phuloc_officer": "16072",
    "trieuloc_officer": "16021",
    "thanhmy_officer": "30073",
    "mydong_officer": "30058",
}
COUNT = '{ assessments(under: "%s", year: 2024) { edges { node { unit { code } version } } } }'


def test_concurrent_bulk_entries_by_several_communes_lose_and_duplicate_nothing(
    fresh_api: LiveServer,
) -> None:
    jobs = []
    for username, commune in COMMUNES.items():
        entries = [
            {
                "unit": f"{commune}-R0{n}",
                "safetyRegistered": True,
                "safetyAchieved": True,
                "classification": "KHA",
            }
            for n in (1, 2, 3)
        ]
        # each commune sends the same first entry twice at once: one insert, one conflict
        for _ in range(2):
            jobs.append((fresh_api.as_user(username), entries))
    variables = lambda e: {"year": 2024, "on": "2024-11-01", "entries": e}  # noqa: E731
    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        outcomes = list(
            pool.map(
                lambda job: post(fresh_api, job[0], RECORD_ASSESSMENTS, variables(job[1])), jobs
            )
        )
    kinds = [o["data"]["recordAssessments"]["__typename"] for o in outcomes]
    assert kinds.count("AssessmentList") == len(COMMUNES), outcomes
    assert kinds.count("VersionConflictError") == len(COMMUNES), outcomes
    for username, commune in COMMUNES.items():
        rows = fresh_api.as_user(username).graphql(COUNT % commune)["data"]["assessments"]
        codes = sorted(n["unit"]["code"] for n in (e["node"] for e in rows["edges"]))
        assert codes == [f"{commune}-R0{n}" for n in (1, 2, 3)]
        assert {n["version"] for n in (e["node"] for e in rows["edges"])} == {1}
