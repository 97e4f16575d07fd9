"""Argument types shared by resolvers, so one concept has one GraphQL name everywhere (the naming
scheme in the README): "this unit" is `unit: String!`, whatever the Python parameter is called."""

from __future__ import annotations

from typing import Annotated

import strawberry

UnitArg = Annotated[
    str,
    strawberry.argument(
        name="unit", description="Official code of the unit (mã đơn vị, GSO code)."
    ),
]
OptionalUnitArg = Annotated[
    str | None,
    strawberry.argument(
        name="unit", description="Official code of a unit (mã đơn vị): only what belongs to it."
    ),
]
