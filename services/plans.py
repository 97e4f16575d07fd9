"""Plans: who may read and write them, what a valid plan looks like, the cascade (which units
below have not issued their implementing plan) and the officer's calendar."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import RowMapping

from authz.authorizer import Authorizer, Principal
from core.domain import PlanKind, PlanStatus, ReportKind
from core.errors import BadInput, Conflict, Forbidden, NotFound, raises
from core.i18n import msg
from db.queries import authz as audit_q
from db.queries import plans as q
from db.session import RequestDB
from services.records import record, records
from services.units import unit_by_code
from services.versioning import check_version

MAX_CALENDAR_DAYS = 366


@dataclass(frozen=True, slots=True)
class Plan:
    """A plan as its readers see it (kind and status are PlanKind / PlanStatus values)."""

    id: int
    unit_id: int
    unit_path: str
    number: str | None
    kind: str
    title: str
    issuing_body: str
    issued_on: date | None
    year: int
    status: str
    objectives: str | None
    cited_documents: list[str] | None
    parent_id: int | None
    supersedes_id: int | None
    subordinate_plans_due: date | None
    version: int


@dataclass(frozen=True, slots=True)
class WorkItem:
    """What a plan task and a reporting deadline share: a dated obligation of one unit."""

    id: int
    plan_id: int
    unit_id: int
    unit_path: str
    due_on: date | None
    completed_on: date | None
    version: int
    handed_over_on: date | None = None
    carried_from: int | None = None
    completed_by: str | None = None
    completion_note: str | None = None
    completion_link: str | None = None


@dataclass(frozen=True, slots=True)
class Task(WorkItem):
    assignee: str = ""
    description: str = ""


@dataclass(frozen=True, slots=True)
class ReportDeadline(WorkItem):
    kind: str = ""  # a ReportKind value
    note: str | None = None


@dataclass(frozen=True, slots=True)
class CalendarEntry:
    kind: str  # task, report or target
    id: int
    due_on: date
    title: str
    status: str | None
    overdue: bool
    completed_on: date | None
    version: int
    unit_id: int
    plan_id: int | None
    target_id: int | None


def plan_of(row: RowMapping) -> Plan:
    return record(Plan, row)


def grouped_by(items: Sequence[Any], key: str) -> dict[int, list[Any]]:
    """Records grouped by one of their id fields (a batch read answers per parent)."""
    out: dict[int, list[Any]] = {}
    for item in items:
        out.setdefault(getattr(item, key), []).append(item)
    return out


def reference_day(issued_on: date | None, year: int) -> date:
    """The day whose structure a plan addresses: its issue date within its year, else 1 June
    (Thanh Hóa's 2023 plan addresses the 27 district-level units of 2023, Đông Sơn included)."""
    if issued_on is not None and issued_on.year == year:
        return issued_on
    return date(year, 6, 1)


def read_roots(authorizer: Authorizer, principal: Principal) -> list[str]:
    return authorizer.paths_for(principal, "plan", "read")


async def list_plans(
    db: RequestDB,
    authorizer: Authorizer,
    principal: Principal,
    *,
    unit_code: str | None,
    under_code: str | None,
    year: int | None,
    status: str | None,
    number: str | None,
    after_id: int | None,
    limit: int,
) -> list[Plan]:
    day = date(year, 6, 1) if year else None
    unit_path = (await unit_by_code(db, unit_code, day))["path"] if unit_code else None
    under_path = (await unit_by_code(db, under_code, day))["path"] if under_code else None
    rows = await q.page(
        db,
        roots=read_roots(authorizer, principal),
        unit_path=unit_path,
        under_path=under_path,
        year=year,
        status=status,
        number=number.strip() if number else None,
        after_id=after_id,
        limit=limit,
    )
    return records(Plan, rows)


async def count_plans(
    db: RequestDB,
    authorizer: Authorizer,
    principal: Principal,
    *,
    unit_code: str | None,
    under_code: str | None,
    year: int | None,
    status: str | None,
    number: str | None,
) -> int:
    """`totalCount` of `list_plans` with the same filters."""
    day = date(year, 6, 1) if year else None
    unit_path = (await unit_by_code(db, unit_code, day))["path"] if unit_code else None
    under_path = (await unit_by_code(db, under_code, day))["path"] if under_code else None
    return await q.count(
        db,
        roots=read_roots(authorizer, principal),
        unit_path=unit_path,
        under_path=under_path,
        year=year,
        status=status,
        number=number.strip() if number else None,
    )


async def plan_by_id(
    db: RequestDB, authorizer: Authorizer, principal: Principal, plan_id: int
) -> Plan:
    return plan_of(await _plan_row(db, authorizer, principal, plan_id))


async def _plan_row(
    db: RequestDB, authorizer: Authorizer, principal: Principal, plan_id: int
) -> RowMapping:
    rows = await q.by_ids(db, [plan_id], read_roots(authorizer, principal))
    if not rows:
        raise NotFound(msg("No such plan."), field="id")
    return rows[0]


@dataclass(frozen=True, slots=True)
class CascadeLine:
    unit_id: int
    plan_ids: list[int]
    due: date | None
    past_deadline: bool


def structure_day(plan: Plan, today: date) -> date:
    """The day whose structure `implementation` lists: `today` (or the caller's `asOf`) held
    within the plan's year and not before the day it addresses. A 2025 plan issued to the
    districts lists the communes that succeeded them when read after 1/7/2025."""
    start = reference_day(plan.issued_on, plan.year)
    return min(max(today, start), date(plan.year, 12, 31))


async def cascade(
    db: RequestDB, authorizer: Authorizer, principal: Principal, plan: Plan, today: date
) -> list[CascadeLine]:
    """Each unit directly below the issuer on `structure_day` (inside the caller's scope) and
    its implementing plans (its predecessors' count). Past the deadline: no plan, the due day
    has passed and the unit already existed on it (a successor born after it is not late)."""
    day = structure_day(plan, today)
    rows = await q.cascade(
        db, plan_id=plan.id, unit_id=plan.unit_id, roots=read_roots(authorizer, principal), day=day
    )
    due = plan.subordinate_plans_due
    return [
        CascadeLine(
            r["unit_id"],
            list(r["plan_ids"]),
            due,
            not r["plan_ids"]
            and due is not None
            and today > due
            and (r["valid_from"] is None or r["valid_from"] <= due),
        )
        for r in rows
    ]


@dataclass(frozen=True, slots=True)
class CalendarPage:
    """A page of the calendar, and how to count the whole range (a statement, when asked)."""

    entries: list[CalendarEntry]
    count: Callable[[], Awaitable[int]]


async def calendar(
    db: RequestDB,
    authorizer: Authorizer,
    principal: Principal,
    *,
    unit_code: str,
    start: date,
    end: date,
    today: date,
    after: tuple[date, str, int] | None,
    limit: int,
) -> CalendarPage:
    """Up to `limit` entries after `after` (due day, kind, id), oldest first."""
    if end < start:
        raise BadInput(msg("`to` is before `from`."), field="to")
    if end - start > timedelta(days=MAX_CALENDAR_DAYS):
        raise BadInput(
            msg(
                "The range may span at most {max_calendar_days} days.",
                max_calendar_days=MAX_CALENDAR_DAYS,
            ),
            field="to",
        )
    unit = await unit_by_code(db, unit_code, start)
    plan_roots = read_roots(authorizer, principal)
    target_roots = authorizer.paths_for(principal, "target", "read")
    rows = await q.calendar(
        db,
        plan_roots=plan_roots,
        target_roots=target_roots,
        under_path=unit["path"],
        start=start,
        end=end,
        today=today,
        after=after,
        limit=limit,
    )

    async def count() -> int:
        return await q.calendar_count(
            db,
            plan_roots=plan_roots,
            target_roots=target_roots,
            under_path=unit["path"],
            start=start,
            end=end,
            today=today,
        )

    return CalendarPage(records(CalendarEntry, rows), count)


# -- batch reads: one statement per relation for every plan of a response (graph loaders) ----


def _roots(authorizer: Authorizer, principal: Principal | None) -> list[str]:
    return authorizer.paths_for(principal, "plan", "read")


async def plans_by_ids(
    db: RequestDB, authorizer: Authorizer, principal: Principal | None, ids: Sequence[int]
) -> dict[int, Plan]:
    return {p.id: p for p in records(Plan, await q.by_ids(db, ids, _roots(authorizer, principal)))}


async def child_pages_of(
    db: RequestDB,
    authorizer: Authorizer,
    principal: Principal | None,
    afters: Sequence[tuple[int, str | None, int]],
    take: int,
) -> dict[tuple[int, str | None, int], list[Plan]]:
    """Up to `take` plans directly implementing each plan (inside the scope), by issuing unit,
    after the (unit path, id) given with it; keyed by the triple asked for."""
    cursor_of = {a[0]: a for a in afters}
    out: dict[tuple[int, str | None, int], list[Plan]] = {}
    for row in await q.child_pages(db, afters, _roots(authorizer, principal), take):
        out.setdefault(cursor_of[row["parent_id"]], []).append(plan_of(row))
    return out


async def count_children_of(
    db: RequestDB, authorizer: Authorizer, principal: Principal | None, ids: Sequence[int]
) -> dict[int, int]:
    return await q.count_children(db, ids, _roots(authorizer, principal))


async def descendant_pages_of(
    db: RequestDB,
    authorizer: Authorizer,
    principal: Principal | None,
    afters: Sequence[tuple[int, int, str | None, int]],
    take: int,
) -> dict[tuple[int, int, str | None, int], list[tuple[int, Plan]]]:
    """Up to `take` plans implementing each plan at any depth (1: a child), nearest first,
    inside the caller's scope, after the (depth, unit path, id) given with it; keyed by the
    cursor asked for."""
    cursor_of = {a[0]: a for a in afters}
    out: dict[tuple[int, int, str | None, int], list[tuple[int, Plan]]] = {}
    for row in await q.descendant_pages(db, afters, _roots(authorizer, principal), take):
        out.setdefault(cursor_of[row["of_id"]], []).append((int(row["depth"]), plan_of(row)))
    return out


async def count_descendants_of(
    db: RequestDB, authorizer: Authorizer, principal: Principal | None, ids: Sequence[int]
) -> dict[int, int]:
    return await q.count_descendants(db, ids, _roots(authorizer, principal))


async def tasks_of(
    db: RequestDB, authorizer: Authorizer, principal: Principal | None, ids: Sequence[int]
) -> dict[int, list[Task]]:
    rows = await q.tasks_of(db, ids, _roots(authorizer, principal))
    return grouped_by(records(Task, rows), "plan_id")


async def deadlines_of(
    db: RequestDB, authorizer: Authorizer, principal: Principal | None, ids: Sequence[int]
) -> dict[int, list[ReportDeadline]]:
    rows = await q.deadlines_of(db, ids, _roots(authorizer, principal))
    return grouped_by(records(ReportDeadline, rows), "plan_id")


async def tasks_by_ids(
    db: RequestDB, authorizer: Authorizer, principal: Principal | None, ids: Sequence[int]
) -> dict[int, Task]:
    """Tasks by id, as `Plan.tasks` shows them: of a unit in the caller's plan scope."""
    rows = await q.tasks_by_ids(db, ids, _roots(authorizer, principal))
    return {t.id: t for t in records(Task, rows)}


async def deadlines_by_ids(
    db: RequestDB, authorizer: Authorizer, principal: Principal | None, ids: Sequence[int]
) -> dict[int, ReportDeadline]:
    """Reporting deadlines by id, as `Plan.reportingDeadlines` shows them."""
    rows = await q.deadlines_by_ids(db, ids, _roots(authorizer, principal))
    return {d.id: d for d in records(ReportDeadline, rows)}


# -- writes -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TaskInput:
    assignee: str
    description: str
    due_on: date | None
    unit_code: str | None


@dataclass(frozen=True, slots=True)
class DeadlineInput:
    kind: str
    due_on: date
    note: str | None


def _text(value: str | None, field: str, *, required: bool = True, limit: int = 2000) -> str | None:
    if value is None or not value.strip():
        if required:
            raise BadInput(msg("`{field}` is required.", field=field), field=field)
        return None
    value = " ".join(value.split())
    if len(value) > limit:
        raise BadInput(
            msg("`{field}` may be at most {limit} characters.", field=field, limit=limit),
            field=field,
        )
    return value


def _enum(value: str, kind: type[Any], field: str) -> str:
    try:
        return str(kind(value).value)
    except ValueError:
        allowed = ", ".join(k.value for k in kind)
        raise BadInput(
            msg(
                "Unknown {field} {value!r}; one of: {allowed}.",
                field=field,
                value=value,
                allowed=allowed,
            ),
            field=field,
        ) from None


@raises(BadInput, Forbidden, NotFound)
async def create_plan(
    db: RequestDB,
    authorizer: Authorizer,
    principal: Principal,
    *,
    unit_code: str,
    number: str | None,
    kind: str,
    title: str,
    issuing_body: str,
    issued_on: date | None,
    year: int,
    status: str,
    objectives: str | None,
    cited_documents: list[str],
    parent_id: int | None,
    supersedes_id: int | None,
    subordinate_plans_due: date | None,
    tasks: list[TaskInput],
    deadlines: list[DeadlineInput],
) -> Plan:
    """Everything is validated before the first write; the plan, its tasks and its deadlines
    (materialised per unit directly below the issuer) are written in one transaction."""
    if not 2000 <= year <= 2100:
        raise BadInput(msg("`year` must be between 2000 and 2100."), field="year")
    day = reference_day(issued_on, year)
    unit = await unit_by_code(db, unit_code, day)
    authorizer.require(principal, "plan", "write", unit["path"])
    values: dict[str, Any] = {
        "number": _text(number, "number", required=False, limit=100),
        "kind": _enum(kind, PlanKind, "kind"),
        "title": _text(title, "title"),
        "issuing_body": _text(issuing_body, "issuingBody", limit=300),
        "issued_on": issued_on,
        "year": year,
        "status": _enum(status, PlanStatus, "status"),
        "objectives": _text(objectives, "objectives", required=False, limit=10000),
        "cited_documents": [_text(c, "citedDocuments", limit=500) for c in cited_documents],
        "parent_id": parent_id,
        "supersedes_id": supersedes_id,
        "subordinate_plans_due": subordinate_plans_due,
        "created_by": principal.username,
    }
    if issued_on is not None and abs(issued_on.year - year) > 1:
        raise BadInput(
            msg("`issuedOn` must fall within a year of the plan's year."), field="issuedOn"
        )
    if subordinate_plans_due is not None and issued_on and subordinate_plans_due < issued_on:
        raise BadInput(
            msg("Implementing plans cannot be due before the plan is issued."),
            field="subordinatePlansDue",
        )
    for field, ref in (("parent", parent_id), ("supersedes", supersedes_id)):
        if ref is not None and not await _referable(db, authorizer, principal, ref, unit["path"]):
            raise NotFound(msg("No such plan."), field=field)
    task_rows: list[dict[str, Any]] = []
    for i, task in enumerate(tasks, 1):
        task_unit = unit
        if task.unit_code:
            task_unit = await unit_by_code(db, task.unit_code, day)
            if not str(task_unit["path"]).startswith(str(unit["path"]) + "."):
                raise BadInput(
                    msg("A task can only be assigned to a unit below the issuer."),
                    field=f"tasks.{i - 1}.unitCode",
                )
        task_rows.append(
            {
                "unit_id": task_unit["id"],
                "unit_path": task_unit["path"],
                "position": i,
                "assignee": _text(task.assignee, f"tasks.{i - 1}.assignee", limit=300),
                "description": _text(task.description, f"tasks.{i - 1}.description"),
                "due_on": task.due_on,
            }
        )
    deadline_rows: list[dict[str, Any]] = []
    children = None
    for i, deadline in enumerate(deadlines):
        kind_value = _enum(deadline.kind, ReportKind, f"reportingDeadlines.{i}.kind")
        if children is None:
            children = await q.cascade(
                db, plan_id=0, unit_id=unit["id"], roots=[unit["path"]], day=day
            )
        for child in children:
            deadline_rows.append(
                {
                    "unit_id": child["unit_id"],
                    "unit_path": child["path"],
                    "kind": kind_value,
                    "due_on": deadline.due_on,
                    "note": _text(deadline.note, "note", required=False),
                }
            )
    row = await q.insert(db, unit=unit, values=values)
    await q.insert_tasks(db, [{**t, "plan_id": row["id"]} for t in task_rows])
    await q.insert_deadlines(db, [{**d, "plan_id": row["id"]} for d in deadline_rows])
    await audit_q.record_audit(
        db,
        actor=principal.username,
        action="create",
        object_type="plan",
        object_id=str(row["id"]),
        unit_path=row["unit_path"],
        before=None,
        after=dict(row),
    )
    await db.commit()
    return plan_of(row)


@raises(BadInput, Conflict, Forbidden, NotFound)
async def update_plan(
    db: RequestDB,
    authorizer: Authorizer,
    principal: Principal,
    *,
    plan_id: int,
    version: int,
    changes: dict[str, Any],
) -> Plan:
    """Change a plan's header (status, number, title, objectives, issue date, parent)."""
    current = await _plan_row(db, authorizer, principal, plan_id)
    authorizer.require(principal, "plan", "write", current["unit_path"])
    values: dict[str, Any] = {}
    for key, value in changes.items():
        if key == "status":
            values[key] = _enum(value, PlanStatus, "status")
        elif key in ("title", "number", "objectives"):
            values[key] = _text(value, key, required=key == "title")
        elif key == "parent_id" and value is not None:
            if value == plan_id or not await _referable(
                db, authorizer, principal, value, current["unit_path"]
            ):
                raise NotFound(msg("No such plan."), field="parentId")
            values[key] = value
        else:
            values[key] = value
    if not values:
        raise BadInput(msg("Nothing to change."), field="input")
    check_version(version, current["version"], "This plan")
    row = await q.update(db, plan_id=plan_id, version=version, values=values)
    if row is None:
        fresh = await _plan_row(db, authorizer, principal, plan_id)
        check_version(version, fresh["version"], "This plan")
        raise NotFound(msg("No such plan."), field="id")
    await audit_q.record_audit(
        db,
        actor=principal.username,
        action="update",
        object_type="plan",
        object_id=str(plan_id),
        unit_path=row["unit_path"],
        before=dict(current),
        after=dict(row),
    )
    await db.commit()
    return plan_of(row)


async def _referable(
    db: RequestDB, authorizer: Authorizer, principal: Principal, plan_id: int, unit_path: str
) -> bool:
    """A plan may be implemented or replaced if the caller reads it, or if it was issued by the
    unit itself or a unit above it (a district implements its province's plan)."""
    if await q.by_ids(db, [plan_id], read_roots(authorizer, principal)):
        return True
    return await q.is_ancestor_plan(db, plan_id, unit_path)
