"""`enumLabels`: every value of every labelled closed set has a label, in Vietnamese by
default and in English on `Accept-Language: en`; the values themselves stay the schema's."""

from __future__ import annotations

from tests.support.server import LiveServer

LABELS = """query { enumLabels(enums: [UNIT_KIND, MODEL_RATING_CLASS]) {
  enum name values { value label } } }"""


def test_enum_labels_answer_in_the_request_language(api: LiveServer) -> None:
    viewer = api.as_user("thanhhoa_admin")
    vi = viewer.graphql(LABELS)["data"]["enumLabels"]
    en = viewer.graphql(LABELS, language="en")["data"]["enumLabels"]
    assert [s["name"] for s in vi] == ["UnitKind", "ModelRatingClass"]
    vi_units = {v["value"]: v["label"] for v in vi[0]["values"]}
    en_units = {v["value"]: v["label"] for v in en[0]["values"]}
    assert vi_units["COMMUNE"] == "Xã" and en_units["COMMUNE"] == "Commune"
    assert vi_units["RESIDENTIAL_AREA"] == "Khu dân cư"
    assert {v["value"]: v["label"] for v in vi[1]["values"]}["TOT"] == "Tốt"
    assert {v["value"]: v["label"] for v in en[1]["values"]}["TOT"] == "Good"
    assert set(vi_units) == set(en_units) and vi[0]["enum"] == "UNIT_KIND"


def test_every_value_of_every_labelled_enum_has_a_label(api: LiveServer) -> None:
    everything = api.as_user("thanhhoa_admin").graphql(
        "query { enumLabels { name values { value } } }"
    )["data"]["enumLabels"]
    schema = api.app.state.schema._schema
    for labelled in everything:
        declared = set(schema.type_map[labelled["name"]].values)
        assert {v["value"] for v in labelled["values"]} == declared, labelled["name"]


MODELS = """query { movementModels(under: "400", first: 50) { edges { node {
    ratings { rating label } } } } }"""
ENGLISH = {"TOT": "Good", "KHA": "Fair", "TRUNG_BINH": "Average", "YEU": "Weak"}
VIETNAMESE = {"TOT": "Tốt", "KHA": "Khá", "TRUNG_BINH": "Trung bình", "YEU": "Yếu"}


def test_a_model_ratings_label_follows_the_request_language(api: LiveServer) -> None:
    reviewer = api.as_user("hauloc_reviewer")

    def ratings(language: str | None) -> list[dict[str, str]]:
        edges = reviewer.graphql(MODELS, language=language)["data"]["movementModels"]["edges"]
        return [r for e in edges for r in e["node"]["ratings"]]

    vi, en = ratings(None), ratings("en")
    assert len(vi) >= 4 and [r["rating"] for r in vi] == [r["rating"] for r in en]
    assert all(r["label"] == VIETNAMESE[r["rating"]] for r in vi), vi
    assert all(r["label"] == ENGLISH[r["rating"]] for r in en), en
