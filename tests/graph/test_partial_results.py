"""One failing root field does not empty the response: root fields are nullable, so a dashboard
asking for its own province and, by mistake, a foreign one still gets its own figures, with the
foreign alias null and its NOT_FOUND in `errors` with the alias's path."""

from __future__ import annotations

import pytest

from tests.support.server import UserClient

OWN, FOREIGN = "38", "45"  # Thanh Hóa (the caller's province), Quảng Trị (another province)

FIELDS = {
    "unit": 'unit(unit: "{code}") {{ code }}',
    "rollup": 'rollup(unit: "{code}", year: 2024) {{ year }}',
    "targetRollup": 'targetRollup(unit: "{code}", year: 2023) {{ year }}',
    "modelRollup": 'modelRollup(unit: "{code}", year: 2023) {{ year }}',
    "resultReport": 'resultReport(unit: "{code}", year: 2023) {{ year }}',
    "calendar": (
        'calendar(unit: "{code}", from: "2023-01-01", to: "2023-01-31") '
        "{{ edges {{ node {{ kind }} }} }}"
    ),
    "assessments": (
        'assessments(under: "{code}", year: 2024, first: 1) {{ pageInfo {{ hasNextPage }} }}'
    ),
}


@pytest.fixture(scope="module")
def admin(api) -> UserClient:  # type: ignore[no-untyped-def]
    return api.as_user("thanhhoa_admin")


@pytest.mark.parametrize("field", sorted(FIELDS))
def test_a_foreign_alias_does_not_lose_the_other_aliases(admin: UserClient, field: str) -> None:
    template = FIELDS[field]
    query = (
        "{ own: "
        + template.format(code=OWN)
        + " foreign: "
        + template.format(code=FOREIGN)
        + " me { username } }"
    )
    body = admin.graphql(query)
    assert body["data"]["own"] is not None, body
    assert body["data"]["me"] == {"username": "thanhhoa_admin"}
    assert body["data"]["foreign"] is None, body
    [error] = body["errors"]
    assert error["path"] == ["foreign"]
    assert error["extensions"]["code"] == "NOT_FOUND", error


def test_every_root_query_field_is_nullable() -> None:
    from graph.schema import schema

    query = schema._schema.query_type
    assert query is not None
    non_null = [
        name for name, f in query.fields.items() if f.type.__class__.__name__ == "GraphQLNonNull"
    ]
    assert non_null == [], non_null
