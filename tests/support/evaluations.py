"""Shared GraphQL documents and figures for the evaluation tests."""

from __future__ import annotations

from typing import Any

from tests.support.server import UserClient

CAMPAIGN_FIELDS = """id year kind state version submittedBy decidedBy returnReasons
    unit { code name }"""
RESULT = f"""__typename
    ... on TypicalCampaign {{ {CAMPAIGN_FIELDS} }}
    ... on TransitionRefusedError {{ code message reasons }}
    ... on UserError {{ code message }}"""

REGISTER = f"""mutation($code: String!, $year: Year!, $on: Date!, $asOf: Date) {{
  registerTypicalUnit(input: {{unit: $code, year: $year, on: $on, asOf: $asOf}}) {{
    {RESULT} }} }}"""
ADVANCE = f"""mutation($id: ID!, $v: Int!, $action: CampaignAction!, $on: Date!,
                       $reasons: [String!]! = []) {{
  advanceCampaign(input: {{id: $id, version: $v, action: $action, on: $on,
                           reasons: $reasons}}) {{ {RESULT} }} }}"""
RESULTS = f"""mutation($id: ID!, $v: Int!, $figures: JSON, $previous: JSON,
                       $results: [CriterionResultInput!]!) {{
  recordCriterionResults(input: {{id: $id, version: $v, figures: $figures,
                                  previousFigures: $previous, results: $results}}) {{
    {RESULT} }} }}"""
DOCUMENT = f"""mutation($id: ID!, $v: Int!, $kind: DocumentKind!, $title: String!) {{
  addCampaignDocument(input: {{id: $id, version: $v, kind: $kind, title: $title,
                               fileRef: "s3://antq-docs/demo.pdf"}}) {{ {RESULT} }} }}"""
RECORD_ASSESSMENTS = """mutation($year: Year!, $on: Date!, $entries: [AssessmentEntryInput!]!) {
  recordAssessments(input: {year: $year, on: $on, entries: $entries}) {
    __typename
    ... on AssessmentList { assessments { id version safetyRegistered safetyAchieved
                                          classification unit { code } } }
    ... on TransitionRefusedError { code message reasons }
    ... on UserError { code message } } }"""

COMMUNE_FIGURES = {
    "good_practices": 1,
    "law_propaganda_sessions": 4,
    "dan_van_kheo_models": 1,
    "movement_models": 2,
    "merit_certificate_awards": 1,
    "commendation_certificate_awards": 2,
    "advanced_examples": 1,
    "social_order_crimes": 18,
    "drug_users": 8,
    "fire_safety_facilities": 12,
    "fire_safety_facilities_with_records": 12,
    "hamlets": 3,
    "hamlets_inspected": 3,
    "core_force_trainings": 2,
    "managed_subjects": 10,
    "managed_subjects_with_records": 10,
    "pardoned_or_released_reoffenders": 0,
    "pardoned_or_released_prisoners": 5,
    "crime_reports": 7,
    "crime_reports_processed": 7,
    "police_officers_rated_good": 6,
    "police_officers": 6,
}
COMMUNE_PREVIOUS = {"social_order_crimes": 20, "drug_users": 11}
AGENCY_FIGURES = {
    "themes_or_models_reviewed": 1,
    "good_practices": 1,
    "law_propaganda_sessions": 2,
    "guards_trained": 4,
    "guards": 4,
    "reward_awards": 1,
    "advanced_examples": 1,
    "social_welfare_activities": 3,
}


def ok(result: dict[str, Any], field: str, typename: str = "TypicalCampaign") -> dict[str, Any]:
    """The success payload of `field`, from a whole response or from the payload itself."""
    assert "errors" not in result, result
    payload = result if "__typename" in result else result["data"][field]
    assert payload["__typename"] == typename, payload
    return payload


def step(
    client: UserClient, campaign: dict[str, Any], action: str, on: str, **extra: Any
) -> dict[str, Any]:
    return client.graphql(
        ADVANCE,
        {"id": campaign["id"], "v": campaign["version"], "action": action, "on": on, **extra},
    )["data"]["advanceCampaign"]


def all_results(count: int, **overrides: bool) -> list[dict[str, Any]]:
    """A result with evidence for criteria 1..count; `overrides` maps "c5" -> met."""
    return [
        {
            "criterionCode": str(n),
            "met": overrides.get(f"c{n}", True),
            "evidence": f"Hồ sơ minh chứng tiêu chí {n}",
        }
        for n in range(1, count + 1)
    ]


def build_dossier(client: UserClient, campaign: dict[str, Any]) -> dict[str, Any]:
    for kind, title in (
        ("PROPOSAL", "Tờ trình đề nghị công nhận"),
        ("RESULTS_REPORT", "Báo cáo kết quả và hồ sơ minh chứng"),
        ("REVIEW_MINUTES", "Biên bản họp xét"),
    ):
        campaign = ok(
            client.graphql(
                DOCUMENT,
                {"id": campaign["id"], "v": campaign["version"], "kind": kind, "title": title},
            ),
            "addCampaignDocument",
        )
    return campaign
