"""Targets (chỉ tiêu) and progress: typed terms in, status out.

The status of a target is computed by the SQL function `antq_target_status` (migration 0003),
the one definition used by lists, rollups and the calendar, so a progress report moves every
view in the same request. Quantities and deadlines are validated with services.target_terms,
whose TermError becomes a typed InvalidInput naming the field.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import RowMapping

from authz.authorizer import Authorizer, Principal
from core.errors import BadInput, Conflict, Forbidden, NotFound, raises
from core.i18n import msg
from core.targets import Comparator, Deadline, NamedItem, Quantity, QuantityKind, TermError
from db.queries import authz as audit_q
from db.queries import targets as q
from db.session import RequestDB
from services import changes
from services.measures import infer_measure
from services.records import record, records
from services.target_table import TargetRow
from services.target_terms import TargetCategory, free_text
from services.units import unit_by_code
from services.versioning import check_version

MAX_TEXT = 4000


@dataclass(frozen=True, slots=True)
class Target:
    """A target with its status on `status_day` (the day it was read for)."""

    id: int
    unit_id: int
    unit_path: str
    plan_id: int | None
    year: int
    category: str  # a TargetCategory value
    stt: str
    text: str
    quantity_kind: str  # a QuantityKind value
    comparator: str | None
    target_value: Decimal | None
    quantity: dict[str, Any]
    deadline_kind: str
    starts_on: date | None
    due_on: date
    deadline: dict[str, Any]
    achieved: Decimal | None
    achieved_on: date | None
    measure: str | None
    version: int
    status: str  # a TargetStatus value, from the stored progress
    handed_over_on: date | None = None
    carried_from: int | None = None
    status_day: date | None = None

    def as_row(self) -> dict[str, Any]:
        """The columns by name, for the measuring code that reads rows (services.measures)."""
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Progress:
    id: int
    target_id: int
    value: Decimal
    note: str | None
    evidence: list[str]
    reported_by: str
    reported_on: date
    reported_at: datetime


@dataclass(frozen=True, slots=True)
class StatusCounts:
    """Targets per status of one child unit, or of the whole subtree (`unit_id` None)."""

    unit_id: int | None
    total: int
    met: int
    on_track: int
    due_soon: int
    overdue: int
    missed: int


def target_of(row: Mapping[Any, Any]) -> Target:
    return record(Target, row)


def _plain(value: Mapping[str, Any]) -> dict[str, Any]:
    """JSON-ready: dates and decimals become strings, as the JSONB column and clients see them."""
    plain: dict[str, Any] = json.loads(json.dumps(value, default=str))
    return plain


def quantity_json(quantity: Quantity) -> dict[str, Any]:
    """The typed quantity as stored in `targets.quantity` (and shown as-is to clients)."""
    return _plain(asdict(quantity))


def deadline_json(deadline: Deadline, sub_rows: list[Deadline] | None = None) -> dict[str, Any]:
    """The typed deadline; `subRows` keeps a row's own sub-deadlines (two resolutions, …)."""
    data = _plain(asdict(deadline))
    if sub_rows and len(sub_rows) > 1:
        data["sub_rows"] = [_plain(asdict(d)) for d in sub_rows]
    return data


def row_deadline_json(row: TargetRow) -> dict[str, Any]:
    """The deadline of a table row, with each sub-row's own wording next to its deadline.

    The row's `text` joins the sub-rows' texts, which cannot be split again; keeping each text
    in `sub_rows` is what lets an export write the sub-rows back as the plan had them, so a
    round trip through a spreadsheet gives the same target.
    """
    data = deadline_json(row.deadline, [p.deadline for p in row.parts])
    if "sub_rows" in data:
        for entry, part in zip(data["sub_rows"], row.parts, strict=True):
            entry["text"] = part.text
    return data


# -- building terms from structured input ------------------------------------------------------


def build_quantity(
    kind: str,
    value: float | None,
    comparator: str | None,
    unit: str | None,
    items: list[tuple[str, int | None]] | None,
    raw: str | None,
) -> Quantity:
    try:
        match QuantityKind(kind):
            case QuantityKind.COUNT:
                if value is None or value != int(value):
                    raise TermError(msg("A count needs a whole number, got {value!r}", value=value))
                return Quantity.count(int(value), unit, comparator or "gte", raw=raw or "")
            case QuantityKind.PERCENT:
                if value is None:
                    raise TermError(msg("A percentage needs a value"))
                return Quantity.percent(value, comparator or "gte", raw=raw or "")
            case QuantityKind.NAMED_LIST:
                built = [NamedItem(n, c) for n, c in (items or [])]
                total = int(value) if value is not None else None
                return Quantity.named_list(built, total, unit, raw=raw or "")
            case QuantityKind.TEXT:
                return free_text(raw or "")
    except (TermError, ValueError) as error:
        field = "quantity.value" if kind in ("count", "percent") else "quantity"
        raise BadInput(msg("Invalid quantity: {error}", error=error), field=field) from None
    raise BadInput(msg("Unknown quantity kind {kind!r}", kind=kind), field="quantity.kind")


def build_deadline(kind: str, due: date, start: date | None, raw: str | None) -> Deadline:
    try:
        if kind == "window":
            if start is None:
                raise TermError(msg("A window needs a start date"))
            return Deadline.window(start, due, raw=raw or "")
        if kind == "before":
            return Deadline.before(due, raw=raw or "")
        if kind == "year":
            return Deadline.in_year(due.year, raw=raw or "")
        if kind == "date":
            return Deadline.on(due, raw=raw or "")
        raise TermError(
            msg(
                "Deadline kind {kind!r} cannot be entered directly; use date, before, window "
                "or year",
                kind=kind,
            )
        )
    except TermError as error:
        raise BadInput(msg("Invalid deadline: {error}", error=error), field="deadline") from None


def check_text(value: str, field: str) -> str:
    value = value.strip()
    if not value or len(value) > MAX_TEXT:
        raise BadInput(
            msg("`{field}` must be 1 to {max_text} characters.", field=field, max_text=MAX_TEXT),
            field=field,
        )
    return value


# -- reads ------------------------------------------------------------------------------------


def read_roots(authorizer: Authorizer, principal: Principal) -> list[str]:
    return authorizer.paths_for(principal, "target", "read")


async def list_targets(
    db: RequestDB,
    authorizer: Authorizer,
    principal: Principal,
    *,
    unit_code: str | None,
    under_code: str | None,
    year: int | None,
    plan_id: int | None,
    category: str | None,
    status: str | None,
    today: date,
    after_id: int | None,
    limit: int,
) -> list[Target]:
    unit_path = under_path = None
    if unit_code:
        unit_path = (await unit_by_code(db, unit_code, _day(year)))["path"]
    if under_code:
        under_path = (await unit_by_code(db, under_code, _day(year)))["path"]
    rows = await q.page(
        db,
        roots=read_roots(authorizer, principal),
        unit_path=unit_path,
        under_path=under_path,
        year=year,
        plan_id=plan_id,
        category=category,
        status=status,
        today=today,
        after_id=after_id,
        limit=limit,
    )
    return records(Target, rows)


async def count_targets(
    db: RequestDB,
    authorizer: Authorizer,
    principal: Principal,
    *,
    unit_code: str | None,
    under_code: str | None,
    year: int | None,
    plan_id: int | None,
    category: str | None,
    status: str | None,
    today: date,
) -> int:
    """`totalCount` of `list_targets` with the same filters."""
    unit_path = under_path = None
    if unit_code:
        unit_path = (await unit_by_code(db, unit_code, _day(year)))["path"]
    if under_code:
        under_path = (await unit_by_code(db, under_code, _day(year)))["path"]
    return await q.count(
        db,
        roots=read_roots(authorizer, principal),
        unit_path=unit_path,
        under_path=under_path,
        year=year,
        plan_id=plan_id,
        category=category,
        status=status,
        today=today,
    )


def _day(year: int | None) -> date | None:
    return date(year, 6, 1) if year else None


async def rollup(
    db: RequestDB,
    authorizer: Authorizer,
    principal: Principal,
    *,
    unit_code: str,
    year: int,
    today: date,
) -> tuple[RowMapping, list[StatusCounts]]:
    unit = await unit_by_code(db, unit_code, date(year, 6, 1))
    rows = await q.status_rollup(
        db, roots=read_roots(authorizer, principal), unit=unit, year=year, today=today
    )
    return unit, records(StatusCounts, rows)


# -- batch reads (graph loaders and node(id)) ---------------------------------------------------


def _roots(authorizer: Authorizer, principal: Principal | None) -> list[str]:
    return authorizer.paths_for(principal, "target", "read")


async def targets_of_plans(
    db: RequestDB,
    authorizer: Authorizer,
    principal: Principal | None,
    plan_ids: Sequence[int],
    today: date,
) -> dict[int, list[Target]]:
    """The targets of each plan inside the caller's scope, with their status on `today`."""
    out: dict[int, list[Target]] = {}
    for row in await q.by_plans(db, plan_ids, _roots(authorizer, principal), today):
        out.setdefault(row["plan_id"], []).append(target_of(row))
    return out


async def target_pages_of_plans(
    db: RequestDB,
    authorizer: Authorizer,
    principal: Principal | None,
    afters: Sequence[tuple[int, int]],
    today: date,
    take: int,
) -> dict[tuple[int, int], list[Target]]:
    """Up to `take` targets of each plan after the given target id (0: from the start), inside
    the caller's scope, keyed by the (plan id, after id) pair asked for."""
    out: dict[tuple[int, int], list[Target]] = {}
    after_of = dict(afters)
    rows = await q.page_by_plans(db, afters, _roots(authorizer, principal), today, take)
    for row in rows:
        out.setdefault((row["plan_id"], after_of[row["plan_id"]]), []).append(target_of(row))
    return out


async def count_targets_of_plans(
    db: RequestDB, authorizer: Authorizer, principal: Principal | None, plan_ids: Sequence[int]
) -> dict[int, int]:
    """How many targets each plan has inside the caller's scope."""
    return await q.count_by_plans(db, plan_ids, _roots(authorizer, principal))


async def targets_by_ids(
    db: RequestDB,
    authorizer: Authorizer,
    principal: Principal | None,
    ids: Sequence[int],
    today: date,
) -> list[Target]:
    return records(Target, await q.by_ids(db, ids, _roots(authorizer, principal), today))


async def progress_of(db: RequestDB, target_ids: Sequence[int]) -> dict[int, list[Progress]]:
    """Progress reports of targets the caller already read (row-level security), newest first."""
    out: dict[int, list[Progress]] = {}
    for row in await q.progress_of(db, target_ids):
        out.setdefault(row["target_id"], []).append(record(Progress, row))
    return out


# -- writes -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NewTarget:
    """A target to add; `deadline_data` carries a table row's sub-rows (`row_deadline_json`)."""

    category: str
    stt: str
    text: str
    quantity: Quantity
    deadline: Deadline
    deadline_data: dict[str, Any] | None = None


@raises(BadInput, Forbidden, NotFound)
async def create_target(
    db: RequestDB,
    authorizer: Authorizer,
    principal: Principal,
    *,
    unit_code: str,
    plan_id: int | None,
    year: int,
    category: str,
    stt: str,
    text_: str,
    quantity: Quantity,
    deadline: Deadline,
    today: date,
    as_of: date | None = None,
) -> Target:
    """`unit_code` names the unit valid on `as_of`, by default on the target's due day held
    within its year: `createTarget(unitCode: "16072", year: 2025)` due in November is Xã Hoa
    Lộc's (the code's incarnation from 1/7/2025), due in March it is Xã Phú Lộc's."""
    if not 2000 <= year <= 2100:
        raise BadInput(msg("`year` must be between 2000 and 2100."), field="year")
    day = as_of or min(max(deadline.due, date(year, 1, 1)), date(year, 12, 31))
    (row,) = await add_targets(
        db,
        authorizer,
        principal,
        unit_code=unit_code,
        plan_id=plan_id,
        year=year,
        today=today,
        as_of=day,
        targets=[NewTarget(category, stt, text_, quantity, deadline)],
    )
    await db.commit()
    return row


async def add_targets(
    db: RequestDB,
    authorizer: Authorizer,
    principal: Principal,
    *,
    unit_code: str,
    plan_id: int | None,
    year: int,
    targets: Sequence[NewTarget],
    today: date,
    as_of: date | None = None,
) -> list[Target]:
    """Insert targets of one unit, each with its audit entry, without committing.

    Separate from `create_target` so that a spreadsheet import adds a whole table through the
    same checks and commits it at once (all or nothing); the unit and plan are checked once
    per call, so a table costs two statements per target. `as_of` is the day the unit code is
    read on (default 1 June of the year, the structure a yearly target table addresses).
    """
    if not 2000 <= year <= 2100:
        raise BadInput(msg("`year` must be between 2000 and 2100."), field="year")
    unit = await unit_by_code(db, unit_code, as_of or date(year, 6, 1))
    authorizer.require(principal, "target", "write", unit["path"])
    if plan_id is not None and not await q.plan_visible(db, plan_id):
        raise NotFound(msg("No such plan."), field="planId")
    rows: list[Target] = []
    for target in targets:
        try:
            category_value = TargetCategory(target.category).value
        except ValueError:
            raise BadInput(
                msg("Unknown category {target_category!r}.", target_category=target.category),
                field="category",
            ) from None
        stt = check_text(target.stt, "stt")
        wording = check_text(target.text, "text")
        row = await q.insert(
            db,
            unit=unit,
            plan_id=plan_id,
            year=year,
            category=category_value,
            stt=stt,
            text_=wording,
            quantity=target.quantity,
            deadline=target.deadline,
            quantity_json=quantity_json(target.quantity),
            deadline_json=target.deadline_data or deadline_json(target.deadline),
            measure=infer_measure(wording, target.quantity.kind.value, target.quantity.raw),
            today=today,
        )
        await audit_q.record_audit(
            db,
            actor=principal.username,
            action="create",
            object_type="target",
            object_id=str(row["id"]),
            unit_path=row["unit_path"],
            before=None,
            after=_audit_view(row),
        )
        rows.append(target_of(row))
    return rows


@raises(BadInput, Conflict, Forbidden, NotFound)
async def report_progress(
    db: RequestDB,
    authorizer: Authorizer,
    principal: Principal,
    *,
    target_id: int,
    version: int,
    value: float,
    note: str | None,
    evidence: list[str],
    reported_on: date,
    today: date,
) -> Target:
    """Record a progress report and move the target's achieved value (one transaction)."""
    target = await q.by_id(db, target_id, read_roots(authorizer, principal), today)
    if target is None:
        raise NotFound(msg("No such target."), field="targetId")
    authorizer.require(principal, "target", "write", target["unit_path"])
    if target["handed_over_on"] is not None:
        raise BadInput(
            msg(
                "This target passed to the successors of its unit on {target_handed_over_on:%d/%m/%Y}; "
                "report on theirs.",
                target_handed_over_on=target["handed_over_on"],
            ),
            field="target",
        )
    if value < 0:
        raise BadInput(msg("A progress value cannot be negative."), field="value")
    if target["quantity_kind"] == QuantityKind.PERCENT and value > 100:
        raise BadInput(
            msg("A percentage cannot exceed 100 (got {value:g}).", value=value), field="value"
        )
    if reported_on > today:
        raise BadInput(msg("`reportedOn` cannot be in the future."), field="reportedOn")
    if note is not None and len(note) > MAX_TEXT:
        raise BadInput(
            msg("`note` may be at most {max_text} characters.", max_text=MAX_TEXT), field="note"
        )
    if len(evidence) > 50 or any(not e.strip() or len(e) > 500 for e in evidence):
        raise BadInput(
            msg("`evidence`: up to 50 references of 1 to 500 characters."), field="evidence"
        )
    check_version(version, target["version"], "This target")
    updated = await q.record_progress(
        db,
        target=target,
        version=version,
        value=Decimal(str(value)),
        note=note,
        evidence=[e.strip() for e in evidence],
        reporter=principal.username,
        reported_on=reported_on,
        today=today,
    )
    if updated is None:  # changed between our read and our write
        current = await q.by_id(db, target_id, read_roots(authorizer, principal))
        check_version(version, current["version"] if current else version + 1, "This target")
        raise NotFound(msg("No such target."), field="targetId")
    await audit_q.record_audit(
        db,
        actor=principal.username,
        action="report_progress",
        object_type="target",
        object_id=str(target_id),
        unit_path=target["unit_path"],
        before=_audit_view(target),
        after={**_audit_view(updated), "note": note, "evidence": evidence},
    )
    await changes.record(
        db,
        kind=changes.ChangeKind.TARGET_PROGRESS,
        unit_id=target["unit_id"],
        unit_path=target["unit_path"],
        actor=principal.username,
        payload=_plain(
            {
                "targetId": target_id,
                "year": updated["year"],
                "text": updated["text"],
                "value": value,
                "achieved": updated["achieved"],
                "status": updated["status"],
                "reportedOn": reported_on,
                "version": updated["version"],
            }
        ),
    )
    await db.commit()
    return target_of(updated)


def _audit_view(row: RowMapping) -> dict[str, Any]:
    return _plain(
        {
            "version": row["version"],
            "text": row["text"],
            "year": row["year"],
            "achieved": row["achieved"],
            "achieved_on": row["achieved_on"],
            "due_on": row["due_on"],
            "target_value": row["target_value"],
        }
    )


__all__ = [
    "Comparator",
    "NewTarget",
    "Progress",
    "StatusCounts",
    "Target",
    "add_targets",
    "build_deadline",
    "build_quantity",
    "create_target",
    "deadline_json",
    "list_targets",
    "quantity_json",
    "report_progress",
    "rollup",
    "row_deadline_json",
]
