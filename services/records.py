"""Typed results the services hand to the layers above: frozen records built from query rows.

A record names exactly the columns its readers may use, so a renamed column fails where the
record is built (one place) instead of in every resolver that looked it up by string."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import MISSING, fields
from typing import Any, TypeVar

T = TypeVar("T")


def record(cls: type[T], row: Mapping[Any, Any]) -> T:
    """A `cls` record of the row's columns named like its fields; a field with a default may be
    missing from the row (a query that does not select it)."""
    values: dict[str, Any] = {}
    for field in fields(cls):  # type: ignore[arg-type]
        if field.name in row:
            values[field.name] = row[field.name]
        elif field.default is MISSING and field.default_factory is MISSING:
            raise KeyError(f"{cls.__name__}: the row has no column {field.name!r}")
    return cls(**values)


def records(cls: type[T], rows: Iterable[Mapping[Any, Any]]) -> list[T]:
    return [record(cls, row) for row in rows]
