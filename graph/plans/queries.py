"""Root query fields of plans, targets, models and the calendar."""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated, Any

import strawberry

from core.errors import BadInput, NotFound
from core.i18n import msg
from core.ids import decode_cursor, decode_int_cursor, encode_cursor, to_global_id
from graph import door
from graph.door import Call
from graph.pagination import build_edges, page_size
from graph.plans.inputs import PlanFilter, TargetFilter
from graph.plans.types import (
    CalendarConnection,
    CalendarEntry,
    CalendarEntryKind,
    CalendarStatus,
    ModelRollup,
    ModelType,
    MovementModel,
    MovementModelConnection,
    Plan,
    PlanConnection,
    RatingCounts,
    Target,
    TargetConnection,
    TargetRollup,
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


@strawberry.type
class PlanQueries:
    @door.query(
        description="Plans in your scope (keyset-paginated, oldest first).",
    )
    async def plans(
        call: Call,
        filter: PlanFilter | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> PlanConnection | None:
        f = filter or PlanFilter()
        limit = page_size(first, call.settings.default_page_size, call.settings.max_page_size)
        # The page and its count read the same rows.
        filters: dict[str, Any] = {
            "unit_code": f.unit,
            "under_code": f.under,
            "year": f.year,
            "status": f.status.value if f.status else None,
            "number": f.number,
        }
        rows = await plan_service.list_plans(
            call.db,
            call.authorizer,
            call.principal,
            **filters,
            after_id=_after(after, "plan"),
            limit=limit + 1,
        )
        items = [Plan.from_result(p) for p in rows]
        edges, page_info = build_edges(
            items, limit, lambda p: encode_cursor("plan", str(p.pk)), after
        )
        return PlanConnection(
            edges=edges,
            page_info=page_info,
            count=lambda: plan_service.count_plans(
                call.db, call.authorizer, call.principal, **filters
            ),
        )

    @door.query(
        description="Targets in your scope, with status at `asOf` (default today).",
    )
    async def targets(
        call: Call,
        filter: TargetFilter | None = None,
        as_of: date | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> TargetConnection | None:
        f = filter or TargetFilter()
        limit = page_size(first, call.settings.default_page_size, call.settings.max_page_size)
        plan_id = None
        if f.plan is not None:
            try:
                plan_id = call.pk(f.plan, "Plan", field="planId")
            except NotFound:  # another type's id names no plan: an empty page, as before
                plan_id = -1
        filters: dict[str, Any] = {
            "unit_code": f.unit,
            "under_code": f.under,
            "year": f.year,
            "plan_id": plan_id,
            "category": f.category.value if f.category else None,
            "status": f.status.value if f.status else None,
            "today": as_of or call.today,
        }
        rows = await target_service.list_targets(
            call.db,
            call.authorizer,
            call.principal,
            **filters,
            after_id=_after(after, "target"),
            limit=limit + 1,
        )
        items = [Target.from_result(t) for t in rows]
        edges, page_info = build_edges(
            items, limit, lambda t: encode_cursor("target", str(t.pk)), after
        )
        return TargetConnection(
            edges=edges,
            page_info=page_info,
            count=lambda: target_service.count_targets(
                call.db, call.authorizer, call.principal, **filters
            ),
        )

    @door.query(
        description="Targets of a year over a unit's subtree, by status and by "
        "child unit. A unit outside your scope is NOT_FOUND.",
    )
    async def target_rollup(
        call: Call, unit: str, year: Year, as_of: date | None = None
    ) -> TargetRollup | None:
        day = as_of or call.today
        unit_row, rows = await target_service.rollup(
            call.db, call.authorizer, call.principal, unit_code=unit, year=year, today=day
        )
        counts = [TargetStatusCounts.from_result(c) for c in rows]
        return TargetRollup(
            year=year,
            as_of=day,
            unit=AdminUnit.read(unit_row, None, call.context),
            total=next(c for c in counts if c.unit_id is None),
            children=[c for c in counts if c.unit_id is not None],
        )

    @door.query(
        description="The model-type catalogue.",
    )
    async def model_types(call: Call) -> list[ModelType] | None:
        rows = await model_service.model_types(call.db)
        return [ModelType(code=t.code, name=t.name) for t in rows]

    @door.query(
        description="Models in your scope (keyset-paginated).",
    )
    async def movement_models(
        call: Call,
        under: str | None = None,
        type: str | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> MovementModelConnection | None:
        limit = page_size(first, call.settings.default_page_size, call.settings.max_page_size)
        filters: dict[str, Any] = {"under_code": under, "type_code": type, "status": None}
        rows = await model_service.list_models(
            call.db,
            call.authorizer,
            call.principal,
            **filters,
            after_id=_after(after, "model"),
            limit=limit + 1,
        )
        items = [MovementModel.from_result(m) for m in rows]
        edges, page_info = build_edges(
            items, limit, lambda m: encode_cursor("model", str(m.pk)), after
        )
        return MovementModelConnection(
            edges=edges,
            page_info=page_info,
            count=lambda: model_service.count_models(
                call.db, call.authorizer, call.principal, **filters
            ),
        )

    @door.query(
        description="Model ratings of a year over a unit's subtree, by child unit, "
        "against '≥ 80% Tốt/Khá, no Yếu'. A unit outside your scope (a province "
        "asked by a district officer) is NOT_FOUND.",
    )
    async def model_rollup(call: Call, unit: str, year: Year) -> ModelRollup | None:
        unit_row, rows = await model_service.rollup(
            call.db, call.authorizer, call.principal, unit_code=unit, year=year
        )
        counts = [RatingCounts.from_result(c) for c in rows]
        return ModelRollup(
            year=year,
            unit=AdminUnit.read(unit_row, None, call.context),
            total=next(c for c in counts if c.unit_id is None),
            children=[c for c in counts if c.unit_id is not None],
        )

    @door.query(
        description="Every deadline in a unit's subtree between `from` and `to` "
        "(plan tasks, reports due, targets), oldest first, with what is overdue on "
        "`asOf` (default today): the officer's to-do list.",
    )
    async def calendar(
        call: Call,
        unit: str,
        from_: Annotated[date, strawberry.argument(name="from")],
        to: date,
        as_of: date | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> CalendarConnection | None:
        limit = page_size(first, call.settings.default_page_size, call.settings.max_page_size)
        found = await plan_service.calendar(
            call.db,
            call.authorizer,
            call.principal,
            unit_code=unit,
            start=from_,
            end=to,
            today=as_of or call.today,
            after=None if after is None else _calendar_after(after),
            limit=limit + 1,
        )
        today = as_of or call.today
        entries = [
            CalendarEntry(
                kind=CalendarEntryKind(r.kind),
                due_on=r.due_on,
                title=r.title,
                status=CalendarStatus(r.status) if r.status else None,
                overdue=r.overdue,
                work_status=_calendar_status(r, today),
                item_id=strawberry.ID(to_global_id(_ITEM_TYPES[r.kind], r.id))
                if r.kind in _ITEM_TYPES
                else None,
                version=r.version,
                unit_id=r.unit_id,
                plan_id=r.plan_id,
                target_id=r.target_id,
                item_pk=r.id,
            )
            for r in found.entries
        ]
        edges, page_info = build_edges(
            entries,
            limit,
            lambda e: encode_cursor(
                "calendar", json.dumps([e.due_on.isoformat(), e.kind.value, e.item_pk])
            ),
            after,
        )
        return CalendarConnection(edges=edges, page_info=page_info, count=found.count)


def _calendar_after(after: str) -> tuple[date, str, int]:
    """The (due day, kind, id) a calendar cursor holds, or a BAD_USER_INPUT error."""
    malformed = BadInput(
        msg("Malformed cursor {after!r}: pass a cursor returned by this connection.", after=after),
        argument="after",
    )
    try:
        due, kind, pk = json.loads(decode_cursor(after, "calendar"))
        if kind not in {k.value for k in CalendarEntryKind} or type(pk) is not int:
            raise malformed
        return date.fromisoformat(due), kind, pk
    except (ValueError, TypeError):
        raise malformed from None


_ITEM_TYPES = {"task": "PlanTask", "report": "ReportingDeadline"}


def _calendar_status(entry: plan_service.CalendarEntry, today: date) -> WorkStatus:
    """Tasks and reports by their completion; a target by MET (its achievement date)."""
    if entry.kind == "target":
        if entry.status == "met":
            achieved = entry.completed_on
            return WorkStatus.DONE_LATE if achieved and achieved > entry.due_on else WorkStatus.DONE
        return WorkStatus.OVERDUE if entry.overdue else WorkStatus.OPEN
    return work_status(entry.due_on, entry.completed_on, today)
