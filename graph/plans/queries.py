"""Root query fields of plans, targets, models and the calendar."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

import strawberry

from core.ids import decode_int_cursor, encode_cursor, to_global_id
from graph.context import Info
from graph.pagination import build_edges, page_size
from graph.plans.types import (
    CalendarEntry,
    CalendarEntryKind,
    ModelRollup,
    ModelType,
    MovementModel,
    MovementModelConnection,
    Plan,
    PlanConnection,
    PlanStatus,
    RatingCounts,
    Target,
    TargetCategory,
    TargetConnection,
    TargetRollup,
    TargetStatus,
    TargetStatusCounts,
)
from graph.scalars import Year
from graph.units.types import AdminUnit
from services import movement_models as model_service
from services import plans as plan_service
from services import targets as target_service
from services.work import WorkStatus, work_status


def _after(after: str | None, kind: str) -> int | None:
    if after is None:
        return None
    return decode_int_cursor(after, kind)


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


@strawberry.type
class PlanQueries:
    @strawberry.field(description="Plans in your scope (keyset-paginated, oldest first).")
    async def plans(
        self,
        info: Info,
        filter: PlanFilter | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> PlanConnection | None:
        ctx = info.context
        principal = ctx.caller()
        f = filter or PlanFilter()
        limit = page_size(first, ctx.settings.default_page_size, ctx.settings.max_page_size)
        rows = await plan_service.list_plans(
            ctx.db,
            ctx.authorizer,
            principal,
            unit_code=f.unit,
            under_code=f.under,
            year=f.year,
            status=f.status.value if f.status else None,
            number=f.number,
            after_id=_after(after, "plan"),
            limit=limit + 1,
        )
        items = [Plan.from_row(r) for r in rows]
        edges, page_info = build_edges(
            items, limit, lambda p: encode_cursor("plan", str(p.pk)), after
        )
        return PlanConnection(edges=edges, page_info=page_info)

    @strawberry.field(description="Targets in your scope, with status at `asOf` (default today).")
    async def targets(
        self,
        info: Info,
        filter: TargetFilter | None = None,
        as_of: date | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> TargetConnection | None:
        from core.ids import from_global_id

        ctx = info.context
        principal = ctx.caller()
        f = filter or TargetFilter()
        limit = page_size(first, ctx.settings.default_page_size, ctx.settings.max_page_size)
        plan_id = None
        if f.plan is not None:
            decoded = from_global_id(f.plan)
            plan_id = decoded[1] if decoded and decoded[0] == "Plan" else -1
        rows = await target_service.list_targets(
            ctx.db,
            ctx.authorizer,
            principal,
            unit_code=f.unit,
            under_code=f.under,
            year=f.year,
            plan_id=plan_id,
            category=f.category.value if f.category else None,
            status=f.status.value if f.status else None,
            today=as_of or ctx.today,
            after_id=_after(after, "target"),
            limit=limit + 1,
        )
        items = [Target.from_row(r) for r in rows]
        edges, page_info = build_edges(
            items, limit, lambda t: encode_cursor("target", str(t.pk)), after
        )
        return TargetConnection(edges=edges, page_info=page_info)

    @strawberry.field(
        description="Targets of a year over a unit's subtree, by status and by "
        "child unit. A unit outside your scope is NOT_FOUND."
    )
    async def target_rollup(
        self, info: Info, unit: str, year: Year, as_of: date | None = None
    ) -> TargetRollup | None:
        ctx = info.context
        principal = ctx.caller()
        day = as_of or ctx.today
        unit_row, rows = await target_service.rollup(
            ctx.db, ctx.authorizer, principal, unit_code=unit, year=year, today=day
        )
        counts = [TargetStatusCounts.from_row(r) for r in rows]
        return TargetRollup(
            year=year,
            as_of=day,
            unit=AdminUnit.read(unit_row, None, ctx),
            total=next(c for c in counts if c.unit_id is None),
            children=[c for c in counts if c.unit_id is not None],
        )

    @strawberry.field(description="The model-type catalogue.")
    async def model_types(self, info: Info) -> list[ModelType] | None:
        from db.queries import movement_models as mq

        info.context.caller()
        return [
            ModelType(code=r["code"], name=r["name"]) for r in await mq.model_types(info.context.db)
        ]

    @strawberry.field(description="Models in your scope (keyset-paginated).")
    async def movement_models(
        self,
        info: Info,
        under: str | None = None,
        type: str | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> MovementModelConnection | None:
        ctx = info.context
        principal = ctx.caller()
        limit = page_size(first, ctx.settings.default_page_size, ctx.settings.max_page_size)
        rows = await model_service.list_models(
            ctx.db,
            ctx.authorizer,
            principal,
            under_code=under,
            type_code=type,
            status=None,
            after_id=_after(after, "model"),
            limit=limit + 1,
        )
        items = [MovementModel.from_row(r) for r in rows]
        edges, page_info = build_edges(
            items, limit, lambda m: encode_cursor("model", str(m.pk)), after
        )
        return MovementModelConnection(edges=edges, page_info=page_info)

    @strawberry.field(
        description="Model ratings of a year over a unit's subtree, by child unit, "
        "against '≥ 80% Tốt/Khá, no Yếu'. A unit outside your scope (a province "
        "asked by a district officer) is NOT_FOUND."
    )
    async def model_rollup(self, info: Info, unit: str, year: Year) -> ModelRollup | None:
        ctx = info.context
        principal = ctx.caller()
        unit_row, rows = await model_service.rollup(
            ctx.db, ctx.authorizer, principal, unit_code=unit, year=year
        )
        counts = [RatingCounts.from_row(r) for r in rows]
        return ModelRollup(
            year=year,
            unit=AdminUnit.read(unit_row, None, ctx),
            total=next(c for c in counts if c.unit_id is None),
            children=[c for c in counts if c.unit_id is not None],
        )

    @strawberry.field(
        description="Every deadline in a unit's subtree between `from` and `to` "
        "(plan tasks, reports due, targets), oldest first, with what is overdue on "
        "`asOf` (default today): the officer's to-do list."
    )
    async def calendar(
        self,
        info: Info,
        unit: str,
        from_: Annotated[date, strawberry.argument(name="from")],
        to: date,
        as_of: date | None = None,
    ) -> list[CalendarEntry] | None:
        ctx = info.context
        principal = ctx.caller()
        rows = await plan_service.calendar(
            ctx.db,
            ctx.authorizer,
            principal,
            unit_code=unit,
            start=from_,
            end=to,
            today=as_of or ctx.today,
        )
        today = as_of or ctx.today
        return [
            CalendarEntry(
                kind=CalendarEntryKind(r["kind"]),
                due_on=r["due_on"],
                title=r["title"],
                status=r["status"],
                overdue=r["overdue"],
                work_status=_calendar_status(r, today),
                item_id=strawberry.ID(to_global_id(_ITEM_TYPES[r["kind"]], r["id"]))
                if r["kind"] in _ITEM_TYPES
                else None,
                version=r["version"],
                unit_id=r["unit_id"],
                plan_id=r["plan_id"],
                target_id=r["target_id"],
            )
            for r in rows
        ]


_ITEM_TYPES = {"task": "PlanTask", "report": "ReportingDeadline"}


def _calendar_status(row: Any, today: date) -> WorkStatus:
    """Tasks and reports by their completion; a target by MET (its achievement date)."""
    if row["kind"] == "target":
        if row["status"] == "met":
            achieved = row["completed_on"]
            return (
                WorkStatus.DONE_LATE if achieved and achieved > row["due_on"] else WorkStatus.DONE
            )
        return WorkStatus.OVERDUE if row["overdue"] else WorkStatus.OPEN
    return work_status(row["due_on"], row["completed_on"], today)
