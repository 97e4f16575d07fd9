"""Inputs of the unit queries."""

from __future__ import annotations

from datetime import date

import strawberry

from graph.units.types import UnitKind


@strawberry.input(description="Filters for `units`; all optional and combined with AND.")
class UnitFilter:
    kind: UnitKind | None = None
    under: str | None = strawberry.field(
        default=None, description="Code of a unit: only units below it (not itself)."
    )
    as_of: date | None = strawberry.field(
        default=None, description="Structure on this date (default: today, Vietnam time)."
    )
    name_contains: str | None = strawberry.field(
        default=None, description="Accent- and case-insensitive: 'hau loc' finds 'Hậu Lộc'."
    )
