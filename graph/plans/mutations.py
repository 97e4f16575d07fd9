"""Root mutations of plans, targets, progress, models and ratings. Each returns a union of its
result and the UserError types; nothing is written when an error is returned."""

from __future__ import annotations

from datetime import date

import strawberry

from core.errors import AppError, NotFound
from core.i18n import msg
from core.ids import from_global_id
from graph.context import Info
from graph.plans.types import (
    ModelResult,
    MovementModel,
    Plan,
    PlanKind,
    PlanResult,
    PlanStatus,
    QuantityKind,
    RatingResult,
    ReportKind,
    Target,
    TargetCategory,
    TargetResult,
    rating_from_row,
)
from graph.scalars import Year
from graph.types.errors import as_user_error
from services import movement_models as model_service
from services import plans as plan_service
from services import targets as target_service


def _pk(global_id: strawberry.ID | None, type_name: str, field: str) -> int | None:
    if global_id is None:
        return None
    decoded = from_global_id(global_id)
    if decoded is None or decoded[0] != type_name:
        raise NotFound(msg("No such {type_name}.", type_name=type_name), field=field)
    return decoded[1]


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
    status: PlanStatus = PlanStatus.DRAFT  # type: ignore[assignment]
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
    comparator: str | None = strawberry.field(
        default=None, description="Comparator: eq, gte (default), gt, lte, lt."
    )
    unit: str | None = None
    items: list[str] = strawberry.field(default_factory=list)
    raw: str | None = None


@strawberry.input(
    description="Kind: date, before (the day itself is late), window (startsOn – dueOn) or year."
)
class DeadlineInput:
    kind: str
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


@strawberry.input(name="CreateMovementModelInput")
class CreateModelInput:
    unit_code: str = strawberry.field(name="unit")
    type_code: str
    name: str
    origin: str = strawberry.field(description="New or maintained (new, maintained).")
    founded_on: date | None = None


@strawberry.input(name="ChangeMovementModelStatusInput")
class ChangeModelStatusInput:
    model: strawberry.ID = strawberry.field(name="id")
    version: int
    status: str = strawberry.field(description="One of active, merged or wound_up.")
    ended_on: date | None = None
    merged_into: strawberry.ID | None = strawberry.field(default=None, name="mergedIntoId")


@strawberry.input(name="RateMovementModelInput")
class RateModelInput:
    model: strawberry.ID = strawberry.field(name="id")
    year: Year
    rating: str = strawberry.field(description="Tốt, Khá, Trung bình or Yếu (accents optional).")
    note: str | None = None
    version: int | None = strawberry.field(
        default=None, description="The rating's version when re-rating a year already rated."
    )


@strawberry.type
class PlanMutations:
    @strawberry.mutation(
        description="Create a plan with its tasks and reporting deadlines "
        "(materialised for every unit directly below the issuer)."
    )
    async def create_plan(self, info: Info, input: CreatePlanInput) -> PlanResult:
        ctx = info.context
        principal = ctx.caller()
        try:
            row = await plan_service.create_plan(
                ctx.db,
                ctx.authorizer,
                principal,
                unit_code=input.unit_code,
                number=input.number,
                kind=input.kind.value,
                title=input.title,
                issuing_body=input.issuing_body,
                issued_on=input.issued_on,
                year=input.year,
                status=input.status.value,
                objectives=input.objectives,
                cited_documents=input.cited_documents,
                parent_id=_pk(input.parent, "Plan", "parentId"),
                supersedes_id=_pk(input.supersedes, "Plan", "supersedesId"),
                subordinate_plans_due=input.subordinate_plans_due,
                tasks=[
                    plan_service.TaskInput(t.assignee, t.description, t.due_on, t.unit_code)
                    for t in input.tasks
                ],
                deadlines=[
                    plan_service.DeadlineInput(d.kind.value, d.due_on, d.note)
                    for d in input.reporting_deadlines
                ],
            )
        except AppError as error:
            return as_user_error(error)
        return Plan.from_row(row)

    @strawberry.mutation(description="Change a plan's header (e.g. mark it superseded).")
    async def update_plan(self, info: Info, input: UpdatePlanInput) -> PlanResult:
        ctx = info.context
        principal = ctx.caller()
        changes: dict[str, object] = {}
        for key, value in (
            ("status", input.status.value if input.status else None),
            ("number", input.number),
            ("title", input.title),
            ("objectives", input.objectives),
            ("issued_on", input.issued_on),
        ):
            if value is not None:
                changes[key] = value
        try:
            if input.parent is not None:
                changes["parent_id"] = _pk(input.parent, "Plan", "parentId")
            row = await plan_service.update_plan(
                ctx.db,
                ctx.authorizer,
                principal,
                plan_id=_pk(input.id, "Plan", "id") or 0,
                version=input.version,
                changes=changes,
            )
        except AppError as error:
            return as_user_error(error)
        return Plan.from_row(row)

    @strawberry.mutation(description="Create a target for a unit (typed quantity and deadline).")
    async def create_target(self, info: Info, input: CreateTargetInput) -> TargetResult:
        ctx = info.context
        principal = ctx.caller()
        try:
            q = input.quantity
            quantity = target_service.build_quantity(
                q.kind.value, q.value, q.comparator, q.unit, [(i, None) for i in q.items], q.raw
            )
            d = input.deadline
            deadline = target_service.build_deadline(d.kind, d.due_on, d.starts_on, d.raw)
            row = await target_service.create_target(
                ctx.db,
                ctx.authorizer,
                principal,
                unit_code=input.unit_code,
                plan_id=_pk(input.plan, "Plan", "planId"),
                year=input.year,
                category=input.category.value,
                stt=input.stt,
                text_=input.text,
                quantity=quantity,
                deadline=deadline,
                today=ctx.today,
                as_of=input.as_of,
            )
        except AppError as error:
            return as_user_error(error)
        return Target.from_row(row)

    @strawberry.mutation(
        description="Report progress against a target; the target's status "
        "and every rollup move in the same request."
    )
    async def report_progress(self, info: Info, input: ReportProgressInput) -> TargetResult:
        ctx = info.context
        principal = ctx.caller()
        try:
            row = await target_service.report_progress(
                ctx.db,
                ctx.authorizer,
                principal,
                target_id=_pk(input.target, "Target", "id") or 0,
                version=input.version,
                value=input.value,
                note=input.note,
                evidence=input.evidence,
                reported_on=input.reported_on or ctx.today,
                today=ctx.today,
            )
        except AppError as error:
            return as_user_error(error)
        return Target.from_row(row)

    @strawberry.mutation(description="Register a model run by a unit.")
    async def create_movement_model(self, info: Info, input: CreateModelInput) -> ModelResult:
        ctx = info.context
        principal = ctx.caller()
        try:
            row = await model_service.create_model(
                ctx.db,
                ctx.authorizer,
                principal,
                unit_code=input.unit_code,
                type_code=input.type_code,
                name=input.name,
                origin=input.origin,
                founded_on=input.founded_on,
                today=ctx.today,
            )
        except AppError as error:
            return as_user_error(error)
        return MovementModel.from_row(row)

    @strawberry.mutation(description="Mark a model merged or wound up (or active again).")
    async def change_movement_model_status(
        self, info: Info, input: ChangeModelStatusInput
    ) -> ModelResult:
        ctx = info.context
        principal = ctx.caller()
        try:
            row = await model_service.change_status(
                ctx.db,
                ctx.authorizer,
                principal,
                model_id=_pk(input.model, "MovementModel", "id") or 0,
                version=input.version,
                status=input.status,
                ended_on=input.ended_on,
                merged_into_id=_pk(input.merged_into, "MovementModel", "mergedIntoId"),
            )
        except AppError as error:
            return as_user_error(error)
        return MovementModel.from_row(row)

    @strawberry.mutation(description="Rate a model for a year (a reviewer at the parent unit).")
    async def rate_movement_model(self, info: Info, input: RateModelInput) -> RatingResult:
        ctx = info.context
        principal = ctx.caller()
        try:
            row = await model_service.rate_model(
                ctx.db,
                ctx.authorizer,
                principal,
                model_id=_pk(input.model, "MovementModel", "id") or 0,
                year=input.year,
                rating=input.rating,
                note=input.note,
                version=input.version,
                today=ctx.today,
            )
        except AppError as error:
            return as_user_error(error)
        return rating_from_row(row)
