"""Inputs of the plan domain's fields and mutations: filters of `plans` and `targets`, and the
inputs of the plan, target and model mutations."""

from __future__ import annotations

from datetime import date

import strawberry

from graph.plans.types import (
    Comparator,
    DeadlineKind,
    ModelOrigin,
    ModelRatingClass,
    ModelStatus,
    PlanKind,
    PlanStatus,
    QuantityKind,
    ReportKind,
    TargetCategory,
    TargetStatus,
)
from graph.scalars import Year


@strawberry.input(description="Filters for `plans`; all optional, combined with AND.")
class PlanFilter:
    unit: str | None = strawberry.field(default=None, description="Code of the issuing unit.")
    under: str | None = strawberry.field(default=None, description="Code: issued in its subtree.")
    year: Year | None = None
    status: PlanStatus | None = None
    number: str | None = strawberry.field(default=None, description="Exact, e.g. 86/KH-BCĐ.")


@strawberry.input(description="Filters for `targets`; all optional, combined with AND.")
class TargetFilter:
    unit: str | None = strawberry.field(default=None, description="Code of the unit.")
    under: str | None = None
    year: Year | None = None
    plan: strawberry.ID | None = strawberry.field(default=None, name="planId")
    category: TargetCategory | None = None
    status: TargetStatus | None = None


@strawberry.input
class PlanTaskInput:
    assignee: str
    description: str
    due_on: date | None = None
    unit_code: str | None = strawberry.field(
        name="unit",
        default=None,
        description="A unit below the issuer it is assigned to; default the issuer itself.",
    )


@strawberry.input(description="A report the plan requires from every unit directly below.")
class ReportingDeadlineInput:
    kind: ReportKind
    due_on: date
    note: str | None = None


@strawberry.input
class CreatePlanInput:
    unit_code: str = strawberry.field(name="unit")
    kind: PlanKind
    title: str
    issuing_body: str
    year: Year
    number: str | None = None
    issued_on: date | None = None
    status: PlanStatus = PlanStatus.DRAFT
    objectives: str | None = None
    cited_documents: list[str] = strawberry.field(default_factory=list)
    parent: strawberry.ID | None = strawberry.field(default=None, name="parentId")
    supersedes: strawberry.ID | None = strawberry.field(default=None, name="supersedesId")
    subordinate_plans_due: date | None = None
    tasks: list[PlanTaskInput] = strawberry.field(default_factory=list)
    reporting_deadlines: list[ReportingDeadlineInput] = strawberry.field(default_factory=list)


@strawberry.input(description="Fields to change; omitted fields stay as they are.")
class UpdatePlanInput:
    id: strawberry.ID
    version: int
    status: PlanStatus | None = None
    number: str | None = None
    title: str | None = None
    objectives: str | None = None
    issued_on: date | None = None
    parent: strawberry.ID | None = strawberry.field(default=None, name="parentId")


@strawberry.input(
    description="A typed quantity. COUNT/PERCENT need `value`; NAMED_LIST needs "
    "`items`; TEXT keeps `raw` only."
)
class QuantityInput:
    kind: QuantityKind
    value: float | None = None
    comparator: Comparator | None = strawberry.field(default=None, description="Default: GTE.")
    unit: str | None = None
    items: list[str] = strawberry.field(default_factory=list)
    raw: str | None = None


@strawberry.input(
    description="Kind: DATE, BEFORE (the day itself is late), WINDOW (startsOn – dueOn) or YEAR."
)
class DeadlineInput:
    kind: DeadlineKind
    due_on: date
    starts_on: date | None = None
    raw: str | None = None


@strawberry.input
class CreateTargetInput:
    unit_code: str = strawberry.field(name="unit")
    year: Year
    category: TargetCategory
    stt: str
    text: str
    quantity: QuantityInput
    deadline: DeadlineInput
    plan: strawberry.ID | None = strawberry.field(default=None, name="planId")
    as_of: date | None = strawberry.field(
        default=None,
        description="The day whose structure `unit` is read in (a code reused "
        "after the 2025 reform names another unit before and after it). Default: the target's "
        "due day, held within `year` (the unit that must meet it).",
    )


@strawberry.input
class ReportProgressInput:
    target: strawberry.ID = strawberry.field(name="id")
    version: int = strawberry.field(description="The target's version you read.")
    value: float = strawberry.field(
        description="Achieved so far: a count, a percentage, the "
        "number of listed items done, or 1 for a text target done."
    )
    note: str | None = None
    evidence: list[str] = strawberry.field(default_factory=list)
    reported_on: date | None = None


@strawberry.input
class CreateMovementModelInput:
    unit_code: str = strawberry.field(name="unit")
    type_code: str
    name: str
    origin: ModelOrigin = strawberry.field(description="Newly built or maintained.")
    founded_on: date | None = None


@strawberry.input
class ChangeMovementModelStatusInput:
    model: strawberry.ID = strawberry.field(name="id")
    version: int
    status: ModelStatus
    ended_on: date | None = None
    merged_into: strawberry.ID | None = strawberry.field(default=None, name="mergedIntoId")


@strawberry.input
class RateMovementModelInput:
    model: strawberry.ID = strawberry.field(name="id")
    year: Year
    rating: ModelRatingClass
    note: str | None = None
    version: int | None = strawberry.field(
        default=None, description="The rating's version when re-rating a year already rated."
    )
