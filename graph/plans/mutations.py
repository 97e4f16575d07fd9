"""Root mutations of plans, targets, progress, models and ratings, through the one door
(graph/door.py): each answers its result or one of the errors its service declares, and nothing
is written when an error is returned."""

from __future__ import annotations

import strawberry

from graph import door
from graph.door import Call
from graph.plans.inputs import (
    ChangeMovementModelStatusInput,
    CreateMovementModelInput,
    CreatePlanInput,
    CreateTargetInput,
    RateMovementModelInput,
    ReportProgressInput,
    UpdatePlanInput,
)
from graph.plans.types import ModelRating, MovementModel, Plan, Target
from services import movement_models as model_service
from services import plans as plan_service
from services import targets as target_service


def _optional_pk(
    call: Call, global_id: strawberry.ID | None, type_name: str, field: str
) -> int | None:
    return None if global_id is None else call.pk(global_id, type_name, field=field)


@strawberry.type
class PlanMutations:
    @door.mutation(
        service=plan_service.create_plan,
        returns=Plan,
        description="Create a plan with its tasks and reporting deadlines "
        "(materialised for every unit directly below the issuer).",
    )
    async def create_plan(call: Call, input: CreatePlanInput) -> Plan:
        row = await plan_service.create_plan(
            call.db,
            call.authorizer,
            call.principal,
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
            parent_id=_optional_pk(call, input.parent, "Plan", "parentId"),
            supersedes_id=_optional_pk(call, input.supersedes, "Plan", "supersedesId"),
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
        return Plan.from_result(row)

    @door.mutation(
        service=plan_service.update_plan,
        returns=Plan,
        description="Change a plan's header (e.g. mark it superseded).",
    )
    async def update_plan(call: Call, input: UpdatePlanInput) -> Plan:
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
        if input.parent is not None:
            changes["parent_id"] = _optional_pk(call, input.parent, "Plan", "parentId")
        row = await plan_service.update_plan(
            call.db,
            call.authorizer,
            call.principal,
            plan_id=call.pk(input.id, "Plan", field="id"),
            version=input.version,
            changes=changes,
        )
        return Plan.from_result(row)

    @door.mutation(
        service=target_service.create_target,
        returns=Target,
        description="Create a target for a unit (typed quantity and deadline).",
    )
    async def create_target(call: Call, input: CreateTargetInput) -> Target:
        q = input.quantity
        quantity = target_service.build_quantity(
            q.kind.value,
            q.value,
            q.comparator.value if q.comparator else None,
            q.unit,
            [(i, None) for i in q.items],
            q.raw,
        )
        d = input.deadline
        deadline = target_service.build_deadline(d.kind.value, d.due_on, d.starts_on, d.raw)
        row = await target_service.create_target(
            call.db,
            call.authorizer,
            call.principal,
            unit_code=input.unit_code,
            plan_id=_optional_pk(call, input.plan, "Plan", "planId"),
            year=input.year,
            category=input.category.value,
            stt=input.stt,
            text_=input.text,
            quantity=quantity,
            deadline=deadline,
            today=call.today,
            as_of=input.as_of,
        )
        return Target.from_result(row)

    @door.mutation(
        service=target_service.report_progress,
        returns=Target,
        description="Report progress against a target; the target's status "
        "and every rollup move in the same request.",
    )
    async def report_progress(call: Call, input: ReportProgressInput) -> Target:
        row = await target_service.report_progress(
            call.db,
            call.authorizer,
            call.principal,
            target_id=call.pk(input.target, "Target", field="id"),
            version=input.version,
            value=input.value,
            note=input.note,
            evidence=input.evidence,
            reported_on=input.reported_on or call.today,
            today=call.today,
        )
        return Target.from_result(row)

    @door.mutation(
        service=model_service.create_model,
        returns=MovementModel,
        description="Register a model run by a unit.",
    )
    async def create_movement_model(call: Call, input: CreateMovementModelInput) -> MovementModel:
        row = await model_service.create_model(
            call.db,
            call.authorizer,
            call.principal,
            unit_code=input.unit_code,
            type_code=input.type_code,
            name=input.name,
            origin=input.origin.value,
            founded_on=input.founded_on,
            today=call.today,
        )
        return MovementModel.from_result(row)

    @door.mutation(
        service=model_service.change_status,
        returns=MovementModel,
        description="Mark a model merged or wound up (or active again).",
    )
    async def change_movement_model_status(
        call: Call, input: ChangeMovementModelStatusInput
    ) -> MovementModel:
        row = await model_service.change_status(
            call.db,
            call.authorizer,
            call.principal,
            model_id=call.pk(input.model, "MovementModel", field="id"),
            version=input.version,
            status=input.status.value,
            ended_on=input.ended_on,
            merged_into_id=_optional_pk(call, input.merged_into, "MovementModel", "mergedIntoId"),
        )
        return MovementModel.from_result(row)

    @door.mutation(
        service=model_service.rate_model,
        returns=ModelRating,
        description="Rate a model for a year (a reviewer at the parent unit).",
    )
    async def rate_movement_model(call: Call, input: RateMovementModelInput) -> ModelRating:
        row = await model_service.rate_model(
            call.db,
            call.authorizer,
            call.principal,
            model_id=call.pk(input.model, "MovementModel", field="id"),
            year=input.year,
            rating=input.rating.value,
            note=input.note,
            version=input.version,
            today=call.today,
        )
        return ModelRating.from_result(row)
