"""Every mutation of plans, evaluations and schedules reads its ids one way (the door's
`call.pk`): a string that is no global id is the client's mistake, an id of another type names
nothing; both come back as the mutation's own union members, and nothing is written."""

from __future__ import annotations

import pytest

from core.ids import to_global_id
from tests.support.server import LiveServer

MUTATIONS = {
    "reportProgress": """mutation($id: ID!) { reportProgress(input: {id: $id, version: 1,
        value: 1}) { __typename ... on UserError { code } ... on InvalidInputError { field }
        ... on NotFoundError { message } } }""",
    "advanceCampaign": """mutation($id: ID!) { advanceCampaign(input: {id: $id, version: 1,
        action: SUBMIT_PLAN}) { __typename ... on UserError { code }
        ... on InvalidInputError { field } } }""",
    "withdrawScheduleRule": """mutation($id: ID!) { withdrawScheduleRule(input: {id: $id,
        version: 1, reason: "thử"}) { __typename ... on UserError { code }
        ... on InvalidInputError { field } } }""",
    "markWorkDone": """mutation($id: ID!) { markWorkDone(input: {id: $id, version: 1}) {
        __typename ... on UserError { code } ... on InvalidInputError { field } } }""",
}


@pytest.mark.parametrize("name", sorted(MUTATIONS))
def test_a_garbled_id_is_bad_input_naming_the_field(api: LiveServer, name: str) -> None:
    result = api.as_user("hauloc_officer").graphql(MUTATIONS[name], {"id": "not-an-id"})
    answer = result["data"][name]
    assert answer == {"__typename": "InvalidInputError", "code": "BAD_USER_INPUT", "field": "id"}


@pytest.mark.parametrize("name", sorted(MUTATIONS))
def test_an_id_of_another_type_names_nothing(api: LiveServer, name: str) -> None:
    result = api.as_user("hauloc_officer").graphql(
        MUTATIONS[name], {"id": to_global_id("AdminUnit", 1)}
    )
    answer = result["data"][name]
    assert (answer["__typename"], answer["code"]) == ("NotFoundError", "NOT_FOUND")
