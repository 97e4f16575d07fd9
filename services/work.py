"""Work gets done and corrected: the addressee marks a task or a reporting deadline done; the
issuer of the plan corrects or withdraws tasks, reporting deadlines and targets. Every write
checks the `version` the client read and is audited with before and after.

Status of a dated obligation (WorkStatus): DONE (completed on or before its last on-time day),
DONE_LATE (completed after it), OVERDUE (open and past it), OPEN. Late completion stays
visible to the level above, who reads the same rows.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy import RowMapping, text

from authz.authorizer import Authorizer, Principal
from core.errors import BadInput, Conflict, Forbidden, NotFound, raises
from core.i18n import msg
from db.queries import authz as audit_q
from db.queries import plans as q
from db.queries import targets as target_q
from db.session import RequestDB
from services.plans import ReportDeadline, Task
from services.records import record
from services.schedules import read_rule
from services.targets import Target, deadline_json, target_of
from services.versioning import check_version


class WorkStatus(enum.StrEnum):
    OPEN = "open"
    DONE = "done"
    DONE_LATE = "done_late"
    OVERDUE = "overdue"


def work_status(due_on: date | None, completed_on: date | None, today: date) -> WorkStatus:
    if completed_on is not None:
        late = due_on is not None and completed_on > due_on
        return WorkStatus.DONE_LATE if late else WorkStatus.DONE
    if due_on is not None and due_on < today:
        return WorkStatus.OVERDUE
    return WorkStatus.OPEN


def _clean(value: str | None, field: str, limit: int) -> str | None:
    if value is None or not value.strip():
        return None
    value = " ".join(value.split())
    if len(value) > limit:
        raise BadInput(
            msg("`{field}` may be at most {limit} characters.", field=field, limit=limit),
            field=field,
        )
    return value


async def _item(
    db: RequestDB, authorizer: Authorizer, principal: Principal, kind: str, item_id: int
) -> RowMapping:
    row = await q.work_item(db, kind, item_id, authorizer.paths_for(principal, "plan", "read"))
    if row is None or row["withdrawn_on"] is not None:
        raise NotFound(msg("No such task or reporting deadline."), field="id")
    return row


@raises(BadInput, Conflict, Forbidden, NotFound)
async def mark_done(
    db: RequestDB,
    authorizer: Authorizer,
    principal: Principal,
    *,
    kind: str,
    item_id: int,
    version: int,
    on: date,
    note: str | None,
    link: str | None,
    today: date,
) -> Task | ReportDeadline:
    """The addressee (plan write on the unit the item is addressed to) marks it done on `on`,
    with a note and the report or document it delivered."""
    row = await _item(db, authorizer, principal, kind, item_id)
    authorizer.require(principal, "plan", "write", row["unit_path"])
    check_version(version, row["version"], "This item")
    if on > today:
        raise BadInput(msg("`on` cannot be in the future."), field="on")
    values = {
        "completed_on": on,
        "completed_by": principal.username,
        "completion_note": _clean(note, "note", 2000),
        "completion_link": _clean(link, "link", 1000),
    }
    return await _write(db, principal, kind, row, version, values, "mark_done")


@raises(Conflict, Forbidden, NotFound)
async def reopen(
    db: RequestDB,
    authorizer: Authorizer,
    principal: Principal,
    *,
    kind: str,
    item_id: int,
    version: int,
) -> Task | ReportDeadline:
    """Undo a completion marked by mistake (the addressee)."""
    row = await _item(db, authorizer, principal, kind, item_id)
    authorizer.require(principal, "plan", "write", row["unit_path"])
    check_version(version, row["version"], "This item")
    values = {
        "completed_on": None,
        "completed_by": None,
        "completion_note": None,
        "completion_link": None,
    }
    return await _write(db, principal, kind, row, version, values, "reopen")


@raises(BadInput, Conflict, Forbidden, NotFound)
async def correct(
    db: RequestDB,
    authorizer: Authorizer,
    principal: Principal,
    *,
    kind: str,
    item_id: int,
    version: int,
    due_on: date | None,
    text_value: str | None,
) -> Task | ReportDeadline:
    """The issuer of the plan corrects an item's due day or wording (plan write at the
    plan's unit: a commune cannot move the deadline its district set)."""
    row = await _item(db, authorizer, principal, kind, item_id)
    authorizer.require(principal, "plan", "write", row["plan_path"])
    check_version(version, row["version"], "This item")
    values: dict[str, Any] = {}
    if due_on is not None:
        values["due_on"] = due_on
    if text_value is not None:
        column = "description" if kind == "task" else "note"
        cleaned = _clean(text_value, "text", 2000)
        if cleaned is None and kind == "task":
            raise BadInput(msg("`text` of a task cannot be empty."), field="text")
        values[column] = cleaned
    if not values:
        raise BadInput(msg("Nothing to change."), field="input")
    return await _write(db, principal, kind, row, version, values, "correct")


@raises(BadInput, Conflict, Forbidden, NotFound)
async def withdraw(
    db: RequestDB,
    authorizer: Authorizer,
    principal: Principal,
    *,
    kind: str,
    item_id: int,
    version: int,
    on: date,
    reason: str,
) -> Task | ReportDeadline:
    row = await _item(db, authorizer, principal, kind, item_id)
    authorizer.require(principal, "plan", "write", row["plan_path"])
    check_version(version, row["version"], "This item")
    cleaned = _clean(reason, "reason", 2000)
    if cleaned is None:
        raise BadInput(msg("Say why it is withdrawn (`reason`)."), field="reason")
    return await _write(
        db,
        principal,
        kind,
        row,
        version,
        {"withdrawn_on": on, "withdrawn_reason": cleaned},
        "withdraw",
    )


async def _write(
    db: RequestDB,
    principal: Principal,
    kind: str,
    row: RowMapping,
    version: int,
    values: dict[str, Any],
    action: str,
) -> Task | ReportDeadline:
    updated = await q.update_work_item(db, kind, row["id"], version, values)
    if updated is None:
        raise Conflict(msg("It was changed concurrently; reload."), current_version=version + 1)
    before = {k: row[k] for k in values if k in row}
    await audit_q.record_audit(
        db,
        actor=principal.username,
        action=f"{action}_{kind}",
        object_type=q.WORK_TABLES[kind],
        object_id=str(row["id"]),
        unit_path=row["unit_path"],
        before=before,
        after={**values, "version": updated["version"]},
    )
    await db.commit()
    fresh = await q.work_item(db, kind, row["id"], [row["unit_path"]])
    if fresh is None:  # withdrawn: report the row as it was written
        return work_item_of(kind, {**dict(row), **values, "version": updated["version"]})
    return work_item_of(kind, fresh)


def work_item_of(kind: str, row: Mapping[Any, Any]) -> Task | ReportDeadline:
    """The typed task ("task") or reporting deadline ("report") of a work-item row."""
    return record(Task, row) if kind == "task" else record(ReportDeadline, row)


# -- targets ------------------------------------------------------------------------------------
async def _target(
    db: RequestDB, authorizer: Authorizer, principal: Principal, target_id: int, today: date
) -> RowMapping:
    rows = await target_q.by_ids(
        db, [target_id], authorizer.paths_for(principal, "target", "read"), today
    )
    if not rows:
        raise NotFound(msg("No such target."), field="id")
    row = rows[0]
    issuer = row["unit_path"]
    if row["plan_id"] is not None:
        path = (
            await db.execute(text("SELECT antq_plan_path(:id)::text"), {"id": row["plan_id"]})
        ).scalar()
        issuer = path or issuer
    authorizer.require(principal, "target", "write", issuer)
    return row


@raises(BadInput, Conflict, Forbidden, NotFound)
async def correct_target(
    db: RequestDB,
    authorizer: Authorizer,
    principal: Principal,
    *,
    target_id: int,
    version: int,
    text_value: str | None,
    deadline_wording: str | None,
    target_value: float | None,
    today: date,
) -> Target:
    """Correct a target's wording, value or deadline (re-read by the one deadline parser);
    the issuer of its plan (target write there) does it."""
    row = await _target(db, authorizer, principal, target_id, today)
    check_version(version, row["version"], "This target")
    values: dict[str, Any] = {}
    if text_value is not None:
        cleaned = _clean(text_value, "text", 2000)
        if cleaned is None:
            raise BadInput(msg("`text` cannot be empty."), field="text")
        values["text"] = cleaned
    if target_value is not None:
        if target_value < 0:
            raise BadInput(msg("`targetValue` must not be negative."), field="targetValue")
        values["target_value"] = target_value
    if deadline_wording is not None:
        deadline = read_rule(deadline_wording, row["year"])
        values.update(
            {
                "deadline_kind": deadline.kind.value,
                "starts_on": deadline.start,
                "due_on": deadline.due,
                "deadline": json.dumps(deadline_json(deadline)),
            }
        )
    if not values:
        raise BadInput(msg("Nothing to change."), field="input")
    return await _write_target(db, principal, row, version, values, "correct_target", today)


@raises(BadInput, Conflict, Forbidden, NotFound)
async def withdraw_target(
    db: RequestDB,
    authorizer: Authorizer,
    principal: Principal,
    *,
    target_id: int,
    version: int,
    on: date,
    reason: str,
    today: date,
) -> Target:
    row = await _target(db, authorizer, principal, target_id, today)
    check_version(version, row["version"], "This target")
    cleaned = _clean(reason, "reason", 2000)
    if cleaned is None:
        raise BadInput(msg("Say why the target is withdrawn (`reason`)."), field="reason")
    return await _write_target(
        db,
        principal,
        row,
        version,
        {"withdrawn_on": on, "withdrawn_reason": cleaned},
        "withdraw_target",
        today,
    )


async def _write_target(
    db: RequestDB,
    principal: Principal,
    row: RowMapping,
    version: int,
    values: dict[str, Any],
    action: str,
    today: date,
) -> Target:
    sets = ", ".join(
        f"{k} = CAST(:{k} AS jsonb)" if k == "deadline" else f"{k} = :{k}" for k in values
    )
    updated = (
        (
            await db.execute(
                text(
                    f"UPDATE targets SET {sets}, version = version + 1, updated_at = now() "
                    "WHERE id = :id AND version = :version RETURNING id, version"
                ),
                {"id": row["id"], "version": version, **values},
            )
        )
        .mappings()
        .first()
    )
    if updated is None:
        raise Conflict(
            msg("The target was changed concurrently; reload."), current_version=version + 1
        )
    before = {k: row[k] for k in values if k in row}
    await audit_q.record_audit(
        db,
        actor=principal.username,
        action=action,
        object_type="target",
        object_id=str(row["id"]),
        unit_path=row["unit_path"],
        before=before,
        after={**values, "version": updated["version"]},
    )
    await db.commit()
    rows = await target_q.by_ids(db, [row["id"]], [row["unit_path"]], today)
    if rows:
        return target_of(rows[0])
    return target_of({**dict(row), **values, "version": updated["version"]})
