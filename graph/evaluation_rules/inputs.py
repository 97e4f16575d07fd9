"""Inputs of the evaluation-rule mutations, and the NUL check their text passes."""

from __future__ import annotations

from datetime import date
from typing import Any

import strawberry

from core.errors import BadInput
from core.i18n import msg
from graph.evaluations.types import Classification
from graph.scalars import Year
from graph.units.types import UnitKind


def plain_text(*values: Any) -> None:
    """Refuse NUL characters anywhere in the arguments (PostgreSQL text cannot hold them), as
    a coded input error instead of a database failure."""
    for value in values:
        if isinstance(value, str):
            if "\x00" in value:
                raise BadInput(msg("Text must not contain NUL characters."))
        elif isinstance(value, list | tuple):
            plain_text(*value)
        elif hasattr(value, "__dataclass_fields__"):
            plain_text(*(getattr(value, name) for name in value.__dataclass_fields__))


@strawberry.input(description="A Decision 510 points table to import from .xlsx.")
class ImportScoringTableInput:
    unit: str = strawberry.field(
        description="Code of the issuing unit (the table applies to its subtree)."
    )
    unit_kind: UnitKind = strawberry.field(description="Kind of unit the table scores.")
    code: str = strawberry.field(description="Code of this version (unique).")
    title: str = strawberry.field(description="Title of the table.")
    source: str = strawberry.field(description="The document it comes from.")
    effective_from: date = strawberry.field(description="In force from.")
    effective_to: date | None = strawberry.field(default=None, description="In force until.")
    demo: bool = strawberry.field(
        default=False, description="Mark as a demonstration table (not official)."
    )


@strawberry.input(description="Points for one item.")
class ItemScoreInput:
    stt: str = strawberry.field(description="Item number (STT).")
    points: str = strawberry.field(description='Points, decimal text ("2.5" or "2,5").')
    evidence: str | None = strawberry.field(default=None, description="Minh chứng.")


@strawberry.input(description="A unit's self-assessment and proposed class.")
class ProposeClassificationInput:
    unit: str = strawberry.field(description="Code of the unit assessed.")
    year: Year = strawberry.field(description="The period's year.")
    scores: list[ItemScoreInput] = strawberry.field(description="Points for every item.")
    proposed_class: Classification | None = strawberry.field(
        default=None, description="Default: the class the total earns; never above it."
    )
    as_of: date | None = strawberry.field(default=None, description="Structure date.")
    on: date | None = strawberry.field(
        default=None,
        description="Filing date (default today); checked against the reporting deadline.",
    )
    version: int | None = strawberry.field(default=None, description="Required to file again.")


@strawberry.input(description="The level above's decision on a proposal.")
class DecideClassificationInput:
    id: strawberry.ID = strawberry.field(description="The proposal.")
    version: int = strawberry.field(description="The version read.")
    classification: Classification | None = strawberry.field(
        default=None, description="Another class than proposed (a correction; needs `reason`)."
    )
    reason: str | None = strawberry.field(default=None, description="Why it was corrected.")
    on: date | None = strawberry.field(default=None, description="Decision date.")


@strawberry.input(description="A commune police officer disciplined.")
class RecordPoliceDisciplineInput:
    unit: str = strawberry.field(description="Code of the commune.")
    officer_name: str = strawberry.field(description="The officer.")
    penalty: str = strawberry.field(description="The discipline (hình thức kỷ luật).")
    decided_on: date = strawberry.field(description="Date of the decision.")
    source: str = strawberry.field(description="The decision (số, ngày, cơ quan).")


@strawberry.input(description="Compute and propose a commune's Circular 124 result.")
class ProposeCommuneSafetyInput:
    unit: str = strawberry.field(description="Code of the commune.")
    year: Year = strawberry.field(description="The period's year.")
    as_of: date | None = strawberry.field(default=None, description="Structure date.")
    on: date | None = strawberry.field(default=None, description="Date (default today).")


@strawberry.input(description="The level above recognises a commune's result, or not.")
class DecideCommuneSafetyInput:
    id: strawberry.ID = strawberry.field(description="The result.")
    version: int = strawberry.field(description="The version read.")
    recognise: bool = strawberry.field(
        description="True to recognise (refused unless every condition holds)."
    )
    reason: str | None = strawberry.field(
        default=None, description="Why not (optional when conditions failed: they are the reason)."
    )
    on: date | None = strawberry.field(default=None, description="Decision date.")
