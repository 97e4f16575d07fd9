"""Scalars with their validation built in, so every argument of that type is checked at the edge
with the same clear error, before any resolver runs."""

from __future__ import annotations

from typing import NewType

import strawberry
from strawberry.types.scalar import ScalarDefinition

from core.errors import BadInput
from core.i18n import msg

MIN_YEAR, MAX_YEAR = 1990, 2100


def _parse_year(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise BadInput(msg("a year is a whole number such as 2024"), field="year")
    if not MIN_YEAR <= value <= MAX_YEAR:
        raise BadInput(
            msg(
                "a year must be between {min_year} and {max_year}",
                min_year=MIN_YEAR,
                max_year=MAX_YEAR,
            ),
            field="year",
        )
    return value


Year = NewType("Year", int)

SCALAR_MAP: dict[object, ScalarDefinition] = {
    Year: strawberry.scalar(
        name="Year",
        description=f"A calendar year, {MIN_YEAR}–{MAX_YEAR}.",
        serialize=int,
        parse_value=_parse_year,
    ),
}
