"""Root fields enter the service layer through one door (graph/door.py): each mutation's result
union is built from the errors its service declares, so the schema cannot drift from them."""

from __future__ import annotations

from typing import get_args

import pytest

from core.errors import BadInput, NotFound, TransitionRefused, declared_errors, raises
from graph import door
from graph.types.errors import (
    InvalidInput,
    NotFoundError,
    TransitionRefusedError,
    error_type_for,
)
from services import roles as role_service
from tests.support.server import LiveServer

POSSIBLE = """query($name: String!) { __type(name: $name) { kind possibleTypes { name } } }"""


def test_a_mutation_answers_its_own_union_of_what_its_service_declares(api: LiveServer) -> None:
    for union, service in (
        ("GrantRoleResult", role_service.grant_role),
        ("RevokeRoleResult", role_service.revoke_role),
    ):
        found = api.graphql(POSSIBLE, {"name": union})["data"]["__type"]
        assert found["kind"] == "UNION"
        members = {t["name"] for t in found["possibleTypes"]}
        declared = {error_type_for(e).__name__ for e in declared_errors(service)}
        graphql_names = {"InvalidInput": "InvalidInputError", "NotAllowed": "NotAllowedError"}
        assert members == {"RoleAssignment"} | {graphql_names.get(n, n) for n in declared}


def test_a_declared_error_comes_back_as_its_union_member(api: LiveServer) -> None:
    officer = api.as_user("thanhhoa_admin")
    body = officer.graphql(
        """mutation { grantRole(input: {username: "thanhhoa_admin", role: COMMUNE_OFFICER,
             unit: "16072"}) { __typename ... on UserError { code } } }"""
    )
    assert body["data"]["grantRole"] == {"__typename": "NotAllowedError", "code": "FORBIDDEN"}


def test_a_service_that_declares_nothing_cannot_back_a_mutation() -> None:
    async def undeclared() -> None:
        return None

    with pytest.raises(TypeError, match="declares no errors"):
        door.result_union("XResult", InvalidInput, undeclared, "x")


def test_a_more_specific_service_error_maps_through_its_base() -> None:
    class Expired(TransitionRefused):
        pass

    @raises(BadInput, Expired, NotFound)
    async def service() -> None:
        return None

    union = door.result_union("YResult", InvalidInput, service, "y")
    members = get_args(get_args(union)[0])
    assert set(members) == {InvalidInput, TransitionRefusedError, NotFoundError}
