"""The plan of a compiled read (issue 18): a GraphQL selection reduced to what the SQL builder
needs, with no GraphQL machinery in it.

It sits in core/ because two layers that may not see each other share it: graph/compiled/
builds it from a validated document, db/queries/compiled.py turns it into one SQL statement.
A plan depends on the document only (not on variables): argument values are bound per request
into `Bound` values, one per `slot`, and only whether each of them is null changes the SQL.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any


@dataclass(frozen=True)
class Selection:
    """The fields asked of one object type, merged by response key as GraphQL collects them."""

    type_name: str
    fields: tuple[Field, ...]


@dataclass(frozen=True)
class Field:
    key: str  # the response key (alias or name)
    name: str  # the schema field name (camelCase), or __typename
    slot: int | None = None  # where its bound arguments are, when it takes any
    selection: Selection | None = None


@dataclass(frozen=True)
class ReadPlan:
    fields: tuple[Field, ...]  # the root fields (of Query)
    slots: int  # how many fields take arguments


@dataclass(frozen=True)
class Page:
    """A connection's arguments after the same checks the resolvers make."""

    limit: int
    after_path: str | None
    has_after: bool


@dataclass(frozen=True)
class UnitsArgs:
    page: Page
    day: date
    kind: str | None
    under_code: str | None
    name_folded: str | None


@dataclass(frozen=True)
class UnitArgs:
    code: str
    as_of: date | None


@dataclass(frozen=True)
class ChildrenArgs:
    page: Page
    as_of: date | None
    kind: str | None


@dataclass(frozen=True)
class PlansArgs:
    limit: int
    after_id: int | None
    unit_code: str | None
    under_code: str | None
    year: int | None
    day: date | None  # what `unit` and `under` are looked up on: 1 June of `year`
    status: str | None
    number: str | None


@dataclass(frozen=True)
class ModelsArgs:
    limit: int
    after_id: int | None
    under_code: str | None
    type_code: str | None


Bound = UnitsArgs | UnitArgs | ChildrenArgs | PlansArgs | ModelsArgs


@dataclass(frozen=True)
class Binding:
    """One request's values for a plan: per slot, and the date "today" means."""

    values: tuple[Bound | None, ...]
    today: date

    def shape(self) -> tuple[Any, ...]:
        """What changes the SQL text: which optional values are null."""
        return tuple(_shape(v) for v in self.values)


def _shape(value: Bound | None) -> tuple[bool, ...]:
    if value is None:
        return ()
    if isinstance(value, UnitsArgs):
        return (
            value.page.after_path is None,
            value.kind is None,
            value.under_code is None,
            value.name_folded is None,
        )
    if isinstance(value, UnitArgs):
        return (value.as_of is None,)
    if isinstance(value, ModelsArgs):
        return (value.after_id is None, value.under_code is None, value.type_code is None)
    if isinstance(value, PlansArgs):
        return (
            value.after_id is None,
            value.unit_code is None,
            value.under_code is None,
            value.year is None,
            value.status is None,
            value.number is None,
        )
    return (value.page.after_path is None, value.as_of is None, value.kind is None)
