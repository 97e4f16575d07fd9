"""graphql-schema-linter's description and Relay rules, checked in Python over the schema the
code serves: every type, field, argument, input field and enum value has a capitalised
description; every `*Connection` type is a Relay connection (edges with cursor and node,
pageInfo), every field returning one takes `first` and `after`, and PageInfo has its four
fields."""

from __future__ import annotations

from graphql import (
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    get_named_type,
)

from graph.descriptions import BY_COORDINATE, _coordinates_of, all_coordinates, described_types
from graph.schema import schema

SCHEMA = schema._schema


def test_everything_has_a_description() -> None:
    missing = [
        coordinate
        for named in described_types(SCHEMA)
        for coordinate, element in _coordinates_of(named)
        if not (getattr(element, "description", None) or "").strip()
    ]
    assert missing == [], f"add to graph/descriptions.py or the code: {missing}"


def test_descriptions_are_capitalised() -> None:
    """graphql-schema-linter's descriptions-are-capitalized."""
    lower = [
        coordinate
        for named in described_types(SCHEMA)
        for coordinate, element in _coordinates_of(named)
        if (text := (getattr(element, "description", None) or "").strip()) and text[0].islower()
    ]
    assert lower == [], lower


def test_the_description_catalog_names_only_what_exists() -> None:
    stale = sorted(set(BY_COORDINATE) - all_coordinates(SCHEMA))
    assert stale == [], f"remove or rename in graph/descriptions.py: {stale}"


def _unwrap_list(type_: object) -> object | None:
    if isinstance(type_, GraphQLNonNull):
        type_ = type_.of_type
    return type_.of_type if isinstance(type_, GraphQLList) else None


def test_connection_types_follow_the_relay_spec() -> None:
    """relay-connection-types-spec: edges (a list of edges with `node` and `cursor: String!`)
    and `pageInfo: PageInfo!`; and the one shape here: `totalCount` too where present."""
    problems = []
    for name, type_ in SCHEMA.type_map.items():
        if not name.endswith("Connection") or not isinstance(type_, GraphQLObjectType):
            continue
        fields = type_.fields
        edge = _unwrap_list(fields["edges"].type) if "edges" in fields else None
        edge_type = get_named_type(edge) if edge is not None else None
        if (
            not isinstance(edge_type, GraphQLObjectType)
            or "node" not in edge_type.fields
            or str(edge_type.fields.get("cursor", None) and edge_type.fields["cursor"].type)
            != "String!"
        ):
            problems.append(f"{name}.edges")
        if "pageInfo" not in fields or str(fields["pageInfo"].type) != "PageInfo!":
            problems.append(f"{name}.pageInfo")
    assert problems == [], problems


def test_fields_returning_connections_take_first_and_after() -> None:
    """relay-connection-arguments-spec (forward pagination)."""
    problems = []
    for name, type_ in SCHEMA.type_map.items():
        if name.startswith("__") or not isinstance(type_, GraphQLObjectType):
            continue
        for field_name, field in type_.fields.items():
            if get_named_type(field.type).name.endswith("Connection"):
                first, after = field.args.get("first"), field.args.get("after")
                if (
                    first is None
                    or str(first.type) != "Int"
                    or after is None
                    or str(after.type) != "String"
                ):
                    problems.append(f"{name}.{field_name}")
    assert problems == [], problems


def test_page_info_follows_the_relay_spec() -> None:
    page_info = SCHEMA.type_map["PageInfo"]
    assert isinstance(page_info, GraphQLObjectType)
    assert {n: str(f.type) for n, f in page_info.fields.items()} == {
        "hasNextPage": "Boolean!",
        "hasPreviousPage": "Boolean!",
        "startCursor": "String",
        "endCursor": "String",
    }
