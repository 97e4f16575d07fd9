"""The evaluation rules' objects are Relay nodes: `node(id:)` answers a scoring table, a
classification proposal, a commune's safety result and a police discipline fact exactly as the
fields that list or look them up do, to whoever those fields answer, and null to anyone else
(like an ID that does not exist); `nodes(ids:)` keeps the order asked and loads each type in one
statement however many of its ids are asked."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from core.ids import to_global_id
from tests.graph.test_evaluation_rules import (
    DISCIPLINE,
    PROPOSE,
    demo_sheet,
    propose_safety,
    upload,
)
from tests.support.changes import report_progress
from tests.support.evaluations import ok
from tests.support.server import LiveServer
from tests.support.sql_counter import count_statements

TABLE_FIELDS = "id code unitKind title demo issuerPath effectiveFrom maxTotal"
PROPOSAL_FIELDS = "id year state totalPoints proposedClass filedBy version"
SAFETY_FIELDS = "id year state achieved proposedBy version"
DISCIPLINE_FIELDS = "id officerName penalty decidedOn source recordedBy"
FIELDS = {
    "ScoringTable": TABLE_FIELDS,
    "ClassificationProposal": PROPOSAL_FIELDS,
    "CommuneSafety": SAFETY_FIELDS,
    "PoliceDisciplineRecord": DISCIPLINE_FIELDS,
}
# One fragment per query: `state` is a different enum on proposals and safety results.
NODE = {
    name: f"query($id: ID!) {{ node(id: $id) {{ __typename id ... on {name} {{ {fields} }} }} }}"
    for name, fields in FIELDS.items()
}
NODES = "query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }"
LISTED = f"""{{ scoringTables {{ {TABLE_FIELDS} }}
  classificationProposal(unit: "16072", year: 2024) {{ {PROPOSAL_FIELDS} }}
  communeSafety(unit: "16072", year: 2024) {{ {SAFETY_FIELDS} }} }}"""
RECORD = DISCIPLINE.replace("{ id decidedOn }", f"{{ {DISCIPLINE_FIELDS} }}")


def _evaluation_rule_objects(api: LiveServer) -> dict[str, Any]:
    """A table of Thanh Hoá, a proposal and a safety result of Phú Lộc (16072), a discipline
    fact of 16021; as the list and lookup fields (or, for the fact, its recording) answer."""
    admin = api.as_user("thanhhoa_admin")
    data, items, _ = demo_sheet(16)
    table_input = {
        "unit": "38",
        "unitKind": "COMMUNE",
        "code": "demo-510-nodes",
        "title": "Bảng điểm thử nghiệm",
        "source": "Dữ liệu thử nghiệm (demo)",
        "effectiveFrom": "2024-01-01",
        "demo": True,
    }
    assert upload(admin, data, {"input": table_input})["table"] is not None
    officer = api.as_user("phuloc_officer")
    scores = [
        {"stt": stt, "points": str(points), "evidence": evidence or None}
        for stt, _, points, evidence in items
    ]
    base = {"unit": "16072", "year": 2024, "on": "2024-11-20", "scores": scores}
    ok(officer.graphql(PROPOSE, {"input": base}), "proposeClassification", "ClassificationProposal")
    propose_safety(officer, "16072")
    fact = ok(
        api.as_user("hauloc_officer").graphql(
            RECORD,
            {
                "input": {
                    "unit": "16021",
                    "officerName": "Nguyễn Văn A",
                    "penalty": "Khiển trách",
                    "decidedOn": "2024-06-01",
                    "source": "Quyết định số 1/QĐ-CAH ngày 01/6/2024",
                }
            },
        ),
        "recordPoliceDiscipline",
        "PoliceDisciplineRecord",
    )
    listed = officer.graphql(LISTED)
    assert "errors" not in listed, listed
    tables = [t for t in listed["data"]["scoringTables"] if t["code"] == "demo-510-nodes"]
    assert len(tables) == 1 and Decimal(tables[0]["maxTotal"]) == sum(i[2] for i in items)
    return {
        "ScoringTable": tables[0],
        "ClassificationProposal": listed["data"]["classificationProposal"],
        "CommuneSafety": listed["data"]["communeSafety"],
        "PoliceDisciplineRecord": fact,
    }


def test_evaluation_rule_objects_are_nodes_seen_as_their_fields_show_them(
    fresh_api: LiveServer,
) -> None:
    objects = _evaluation_rule_objects(fresh_api)
    officer = fresh_api.as_user("phuloc_officer")
    district = fresh_api.as_user("hauloc_officer")
    stranger = fresh_api.as_user("quangtri_admin")
    for type_name, listed in objects.items():
        # The discipline fact is read by the district that recorded it (its commune's parent).
        reader = district if type_name == "PoliceDisciplineRecord" else officer
        body = reader.graphql(NODE[type_name], {"id": listed["id"]})
        assert body == {"data": {"node": {"__typename": type_name, **listed}}}, type_name
        # Another province sees nothing, exactly as for an ID that does not exist.
        assert stranger.graphql(NODE[type_name], {"id": listed["id"]}) == {"data": {"node": None}}
    # Anonymous callers are told to sign in, not shown the object.
    anonymous = fresh_api.graphql(NODE["ScoringTable"], {"id": objects["ScoringTable"]["id"]})
    assert anonymous.get("data", {}).get("node") is None
    assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"

    # Mixed types keep the order asked; an unknown or garbled ID is null in its place.
    ids = [o["id"] for o in objects.values()]
    mixed = [ids[3], "garbled", ids[1], ids[0], ids[2], ids[1]]
    body = district.graphql(NODES, {"ids": mixed})
    assert "errors" not in body, body
    assert [n and n["__typename"] for n in body["data"]["nodes"]] == [
        "PoliceDisciplineRecord",
        None,
        "ClassificationProposal",
        "ScoringTable",
        "CommuneSafety",
        "ClassificationProposal",
    ]
    assert [n["id"] for n in body["data"]["nodes"] if n] == [i for i in mixed if i != "garbled"]
    assert stranger.graphql(NODES, {"ids": mixed}) == {"data": {"nodes": [None] * len(mixed)}}


def test_a_node_id_of_the_wrong_shape_answers_null_not_another_object(api: LiveServer) -> None:
    officer = api.as_user("phuloc_officer")
    for bogus in ("garbled", "U2NvcmluZ1RhYmxlOnh5eg", "U2NvcmluZ1RhYmxlOjk5OTk5OTk5"):
        assert officer.graphql(NODE["ScoringTable"], {"id": bogus}) == {"data": {"node": None}}, (
            bogus
        )


def test_many_ids_of_each_evaluation_rule_type_cost_the_statements_of_one(
    fresh_api: LiveServer,
) -> None:
    objects = _evaluation_rule_objects(fresh_api)
    district = fresh_api.as_user("hauloc_officer")
    one = [o["id"] for o in objects.values()]
    # Distinct keys of every type (unknown ones too are looked up), so a loader that fetched
    # id by id would run more statements for the second request.
    many = one + [to_global_id(t, 90_000_000 + n) for t in objects for n in range(8)]
    counts = []
    for asked in (one, many):
        with count_statements(fresh_api.app) as statements:
            body = district.graphql(NODES, {"ids": asked})
        assert "errors" not in body, body
        assert [n and n["id"] for n in body["data"]["nodes"]] == one + [None] * (len(asked) - 4)
        counts.append(len(statements))
    assert counts[0] == counts[1], counts


# -- plans: tasks, reporting deadlines, schedule rules, quotas ------------------------------------
TASK_FIELDS = "id assignee description dueOn completedOn carriedOver version"
DEADLINE_FIELDS = "id kind dueOn note completedOn carriedOver version"
RULE_FIELDS = "id step unitKind wording dueOn lateAllowed withdrawnOn version history { action }"
QUOTA_FIELDS = "id addressee unitKinds minimum measure wording planNumber"
PLAN_FIELDS = {
    "PlanTask": TASK_FIELDS,
    "ReportingDeadline": DEADLINE_FIELDS,
    "ScheduleRule": RULE_FIELDS,
    "PlanQuota": QUOTA_FIELDS,
}
PLAN_NODE = {
    name: f"query($id: ID!) {{ node(id: $id) {{ __typename ... on {name} {{ {fields} }} }} }}"
    for name, fields in PLAN_FIELDS.items()
}
PLANS = f"""{{ plans(first: 50) {{ edges {{ node {{ id tasks {{ {TASK_FIELDS} }}
    reportingDeadlines {{ {DEADLINE_FIELDS} }} }} }} }} }}"""
SCHEDULE = f"query($id: ID!) {{ planSchedule(id: $id) {{ {RULE_FIELDS} }} }}"
QUOTAS = f"""{{ quotaRollup(unit: "400", year: 2024) {{ lines {{ unit {{ code }}
    quota {{ {QUOTA_FIELDS} }} }} }} }}"""


def _plan_objects(api: LiveServer) -> dict[str, list[dict[str, Any]]]:
    """What Thanh Hoá's administrator reads of seeded plans through the list fields."""
    admin = api.as_user("thanhhoa_admin")
    body = admin.graphql(PLANS)
    assert "errors" not in body, body
    plans = [e["node"] for e in body["data"]["plans"]["edges"]]
    rules = [
        r for p in plans for r in admin.graphql(SCHEDULE, {"id": p["id"]})["data"]["planSchedule"]
    ]
    quotas = admin.graphql(QUOTAS)["data"]["quotaRollup"]["lines"]
    found = {
        "PlanTask": [t for p in plans for t in p["tasks"]],
        "ReportingDeadline": [d for p in plans for d in p["reportingDeadlines"]],
        "ScheduleRule": rules,
        "PlanQuota": [line["quota"] for line in quotas if line["unit"]["code"] == "400"],
    }
    assert all(found.values()), {k: len(v) for k, v in found.items()}
    return found


def test_plan_parts_are_nodes_seen_as_the_plan_fields_show_them(api: LiveServer) -> None:
    objects = _plan_objects(api)
    admin = api.as_user("thanhhoa_admin")
    stranger = api.as_user("quangtri_admin")
    for type_name, listed in objects.items():
        for one in listed[:3]:
            body = admin.graphql(PLAN_NODE[type_name], {"id": one["id"]})
            assert body == {"data": {"node": {"__typename": type_name, **one}}}, type_name
            assert stranger.graphql(PLAN_NODE[type_name], {"id": one["id"]}) == {
                "data": {"node": None}
            }, type_name
    # Mixed types in the order asked, an unknown id null in its place.
    mixed = [
        objects["PlanQuota"][0]["id"],
        objects["PlanTask"][0]["id"],
        to_global_id("PlanTask", 90_000_000),
        objects["ScheduleRule"][0]["id"],
        objects["ReportingDeadline"][0]["id"],
    ]
    body = admin.graphql(NODES, {"ids": mixed})
    assert "errors" not in body, body
    assert [n and n["__typename"] for n in body["data"]["nodes"]] == [
        "PlanQuota",
        "PlanTask",
        None,
        "ScheduleRule",
        "ReportingDeadline",
    ]
    assert stranger.graphql(NODES, {"ids": mixed}) == {"data": {"nodes": [None] * len(mixed)}}


def test_many_ids_of_each_plan_part_type_cost_the_statements_of_one(api: LiveServer) -> None:
    objects = _plan_objects(api)
    admin = api.as_user("thanhhoa_admin")
    one = [listed[0]["id"] for listed in objects.values()]
    many = one + [to_global_id(t, 90_000_000 + n) for t in objects for n in range(8)]
    counts = []
    for asked in (one, many):
        with count_statements(api.app) as statements:
            body = admin.graphql(NODES, {"ids": asked})
        assert "errors" not in body, body
        assert [n and n["id"] for n in body["data"]["nodes"]] == one + [None] * (len(asked) - 4)
        counts.append(len(statements))
    assert counts[0] == counts[1], counts


# -- change events: the unit they happened at ----------------------------------------------------
REGISTER = """mutation { registerWebhook(input: {url: "http://127.0.0.1:9/in", under: "400",
  kinds: [TARGET_PROGRESS]}) { __typename ... on WebhookRegistration { webhook { id } } } }"""
DELIVERIES = "{ webhooks { edges { node { deliveries { edges { node { eventId } } } } } } }"
EVENT = """query($id: ID!) { node(id: $id) { ... on ChangeEvent {
    unit { unitId code name kind path } } } }"""
UNIT = (
    """query($id: ID!) { node(id: $id) { __typename ... on AdminUnit { code name kind path } } }"""
)


def test_a_change_events_unit_is_a_snapshot_naming_the_admin_unit_node(
    fresh_api: LiveServer,
) -> None:
    """ChangedUnit is not a Node of its own: its `unitId` is the AdminUnit's ID, which
    `node(id:)` answers as the unit (as it is now)."""
    integration = fresh_api.as_user("thanhhoa_integration")
    assert integration.graphql(REGISTER)["data"]["registerWebhook"]["webhook"]["id"]
    report_progress(fresh_api.as_user("hauloc_officer"), "400")
    hooks = integration.graphql(DELIVERIES)["data"]["webhooks"]["edges"]
    event_id = hooks[0]["node"]["deliveries"]["edges"][0]["node"]["eventId"]
    unit = integration.graphql(EVENT, {"id": event_id})["data"]["node"]["unit"]
    assert unit["code"] == "400"
    snapshot = {k: v for k, v in unit.items() if k != "unitId"}
    body = integration.graphql(UNIT, {"id": unit["unitId"]})
    assert body == {"data": {"node": {"__typename": "AdminUnit", **snapshot}}}
