"""Root mutations of plans, targets, progress, models and ratings. Each returns a union of its
result and the UserError types; nothing is written when an error is returned."""

from __future__ import annotations

import strawberry

from core.errors import AppError, NotFound
from core.ids import from_global_id
from graph.context import Info
from graph.plans.inputs import (
    ChangeModelStatusInput,
    CreateModelInput,
    CreatePlanInput,
    CreateTargetInput,
    RateModelInput,
    ReportProgressInput,
    UpdatePlanInput,
)
from graph.plans.types import (
    ModelRating,
    ModelResult,
    MovementModel,
    Plan,
    PlanResult,
    RatingResult,
    Target,
    TargetResult,
)
from graph.types.errors import as_user_error
from services import movement_models as model_service
from services import plans as plan_service
from services import targets as target_service


def _pk(global_id: strawberry.ID | None, type_name: str, field: str) -> int | None:
    if global_id is None:
        return None
    decoded = from_global_id(global_id)
    if decoded is None or decoded[0] != type_name:
        raise NotFound(f"No such {type_name}.", field=field)
    return decoded[1]


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
        return Plan.from_result(row)

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
        return Plan.from_result(row)

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
        return Target.from_result(row)

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
        return Target.from_result(row)

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
        return MovementModel.from_result(row)

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
        return MovementModel.from_result(row)

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
        return ModelRating.from_result(row)
