"""`enumLabels`: the label of every value of the closed sets, in the request's language
(Vietnamese unless `Accept-Language: en`), so a front end shows "Xã" for `UnitKind.COMMUNE`
without a translation table of its own. The values stay the English identifiers of the schema."""

from __future__ import annotations

import enum
import re
from typing import Annotated

import strawberry

from graph.labels.catalog import LABELS, label_of


def _constant(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).upper()


LabelledEnumValue = enum.Enum(  # type: ignore[misc]
    "LabelledEnumValue",
    {
        _constant(name): strawberry.enum_value(name, description=f"The labels of {name}.")
        for name in LABELS
    },
)
LabelledEnum = strawberry.enum(
    LabelledEnumValue,
    name="LabelledEnum",
    description="A closed set of the schema whose values have labels (its value is the enum "
    "type's name in upper snake case: UNIT_KIND is UnitKind).",
)


@strawberry.type(description="A value of a closed set with its label (nhãn hiển thị).")
class EnumValueLabel:
    value: str = strawberry.field(description="The value, as the schema spells it: COMMUNE.")
    label: str = strawberry.field(description="Its label in the request's language: Xã.")


@strawberry.type(description="The labels of one closed set.")
class EnumLabels:
    enum: LabelledEnum = strawberry.field(description="The set.")  # type: ignore[valid-type]
    name: str = strawberry.field(description="The set's GraphQL type name: UnitKind.")
    values: list[EnumValueLabel] = strawberry.field(description="Every value, in schema order.")


def labels_of(name: str) -> EnumLabels:
    return EnumLabels(
        enum=LabelledEnumValue[_constant(name)],
        name=name,
        values=[EnumValueLabel(value=v, label=label_of(name, v)) for v in LABELS[name]],
    )


@strawberry.type
class LabelQueries:
    @strawberry.field(
        description="Labels of the closed sets' values in the request's language (Vietnamese "
        "by default, English with `Accept-Language: en`); all sets when `enums` is omitted."
    )
    def enum_labels(
        self,
        enums: Annotated[
            list[LabelledEnumValue] | None,
            strawberry.argument(description="The sets to answer (default: every set)."),
        ] = None,
    ) -> list[EnumLabels] | None:
        names = [str(e.value) for e in enums] if enums is not None else list(LABELS)
        return [labels_of(name) for name in names]
