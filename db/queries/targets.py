"""Queries over targets and their progress. Status is `antq_target_status(...)` evaluated in
SQL at the caller's `today`, so filters and rollups agree with what each row shows."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import RowMapping, text

from core.targets import Deadline, Quantity
from db.session import RequestDB

COLUMNS = """t.id, t.unit_id, t.unit_path::text AS unit_path, t.plan_id, t.year, t.category,
    t.stt, t.text, t.quantity_kind, t.comparator, t.target_value, t.quantity, t.deadline_kind,
    t.starts_on, t.due_on, t.deadline, t.achieved, t.achieved_on, t.measure, t.version,
    t.handed_over_on, t.carried_from"""
STATUS = "antq_target_status(t.comparator, t.target_value, t.achieved, t.due_on, t.year, :today)"
# The day a row's status is for: a measured target (services.measures) is computed on it.
DAY = "CAST(:today AS date) AS status_day"
ROOTS = "t.unit_path <@ ANY(CAST(:roots AS ltree[])) AND t.withdrawn_on IS NULL"


def _filters(
    roots: Sequence[str],
    unit_path: str | None,
    under_path: str | None,
    year: int | None,
    plan_id: int | None,
    category: str | None,
    status: str | None,
    today: date,
) -> tuple[list[str], dict[str, Any]]:
    where = [ROOTS]
    params: dict[str, Any] = {"roots": list(roots), "today": today}
    if unit_path:
        where.append("t.unit_path = CAST(:unit_path AS ltree)")
        params["unit_path"] = unit_path
    if under_path:
        where.append("t.unit_path <@ CAST(:under_path AS ltree)")
        params["under_path"] = under_path
    for column, value in (("year", year), ("plan_id", plan_id), ("category", category)):
        if value is not None:
            where.append(f"t.{column} = :{column}")
            params[column] = value
    if status:
        where.append(f"{STATUS} = :status")
        params["status"] = status
    return where, params


async def page(
    db: RequestDB,
    *,
    roots: Sequence[str],
    unit_path: str | None,
    under_path: str | None,
    year: int | None,
    plan_id: int | None,
    category: str | None,
    status: str | None,
    today: date,
    after_id: int | None,
    limit: int,
) -> list[RowMapping]:
    where, params = _filters(roots, unit_path, under_path, year, plan_id, category, status, today)
    params["limit"] = limit
    if after_id is not None:
        where.append("t.id > :after_id")
        params["after_id"] = after_id
    sql = (
        f"SELECT {COLUMNS}, {STATUS} AS status, {DAY} FROM targets t "
        f"WHERE {' AND '.join(where)} ORDER BY t.id LIMIT :limit"
    )
    return list((await db.execute(text(sql), params)).mappings())


async def count(
    db: RequestDB,
    *,
    roots: Sequence[str],
    unit_path: str | None,
    under_path: str | None,
    year: int | None,
    plan_id: int | None,
    category: str | None,
    status: str | None,
    today: date,
) -> int:
    """How many targets `page` would list over all pages."""
    where, params = _filters(roots, unit_path, under_path, year, plan_id, category, status, today)
    sql = f"SELECT count(*) FROM targets t WHERE {' AND '.join(where)}"
    return int((await db.execute(text(sql), params)).scalar_one())


async def by_id(
    db: RequestDB, target_id: int, roots: Sequence[str], today: date | None = None
) -> RowMapping | None:
    sql = f"SELECT {COLUMNS}, {STATUS} AS status, {DAY} FROM targets t WHERE t.id = :id AND {ROOTS}"
    params = {"id": target_id, "roots": list(roots), "today": today or date.today()}
    return (await db.execute(text(sql), params)).mappings().first()


async def by_ids(
    db: RequestDB, ids: Sequence[int], roots: Sequence[str], today: date
) -> list[RowMapping]:
    sql = (
        f"SELECT {COLUMNS}, {STATUS} AS status, {DAY} FROM targets t "
        f"WHERE t.id = ANY(:ids) AND {ROOTS}"
    )
    return list(
        (
            await db.execute(text(sql), {"ids": list(ids), "roots": list(roots), "today": today})
        ).mappings()
    )


async def by_plans(
    db: RequestDB, plan_ids: Sequence[int], roots: Sequence[str], today: date
) -> list[RowMapping]:
    sql = (
        f"SELECT {COLUMNS}, {STATUS} AS status, {DAY} FROM targets t "
        f"WHERE t.plan_id = ANY(:ids) AND {ROOTS} ORDER BY t.plan_id, t.id"
    )
    return list(
        (
            await db.execute(
                text(sql), {"ids": list(plan_ids), "roots": list(roots), "today": today}
            )
        ).mappings()
    )


async def page_by_plans(
    db: RequestDB,
    afters: Sequence[tuple[int, int]],
    roots: Sequence[str],
    today: date,
    take: int,
) -> list[RowMapping]:
    """One keyset page of targets per (plan id, last id seen) pair, in one statement: each
    plan's rows come from a LATERAL subquery `id > after ORDER BY id LIMIT take`, so a plan
    with thousands of targets reads only the page asked for, and the status is computed for
    those rows only."""
    sql = (
        f"SELECT t.* FROM unnest(CAST(:ids AS bigint[]), CAST(:afters AS bigint[])) "
        f"AS k(plan_id, after_id) CROSS JOIN LATERAL ("
        f"SELECT {COLUMNS}, {STATUS} AS status, {DAY} FROM targets t "
        f"WHERE t.plan_id = k.plan_id AND t.id > k.after_id AND {ROOTS} "
        f"ORDER BY t.id LIMIT :take) t ORDER BY t.plan_id, t.id"
    )
    params = {
        "ids": [plan for plan, _ in afters],
        "afters": [after for _, after in afters],
        "roots": list(roots),
        "today": today,
        "take": take,
    }
    return list((await db.execute(text(sql), params)).mappings())


async def count_by_plans(
    db: RequestDB, plan_ids: Sequence[int], roots: Sequence[str]
) -> dict[int, int]:
    sql = (
        f"SELECT t.plan_id, count(*) AS n FROM targets t "
        f"WHERE t.plan_id = ANY(:ids) AND {ROOTS} GROUP BY t.plan_id"
    )
    found = await db.execute(text(sql), {"ids": list(plan_ids), "roots": list(roots)})
    return {row.plan_id: row.n for row in found}


async def plan_visible(db: RequestDB, plan_id: int) -> bool:
    found = await db.execute(text("SELECT 1 FROM plans WHERE id = :id"), {"id": plan_id})
    return found.first() is not None


async def insert(
    db: RequestDB,
    *,
    unit: RowMapping,
    plan_id: int | None,
    year: int,
    category: str,
    stt: str,
    text_: str,
    quantity: Quantity,
    deadline: Deadline,
    quantity_json: dict[str, Any],
    deadline_json: dict[str, Any],
    measure: str | None,
    today: date | None = None,
) -> RowMapping:
    """`measure` is the platform figure the service read the wording as (services.measures)."""
    sql = f"""INSERT INTO targets AS t (unit_id, unit_path, plan_id, year, category, stt, text,
            quantity_kind, comparator, target_value, quantity, deadline_kind, starts_on, due_on,
            deadline, measure)
        VALUES (:unit_id, CAST(:unit_path AS ltree), :plan_id, :year, :category, :stt, :text,
            :quantity_kind, :comparator, :target_value, CAST(:quantity AS jsonb), :deadline_kind,
            :starts_on, :due_on, CAST(:deadline AS jsonb), :measure)
        RETURNING {COLUMNS}, {STATUS} AS status, {DAY}"""
    return (
        (
            await db.execute(
                text(sql),
                {
                    "unit_id": unit["id"],
                    "unit_path": unit["path"],
                    "plan_id": plan_id,
                    "year": year,
                    "category": category,
                    "stt": stt,
                    "text": text_,
                    "quantity_kind": quantity.kind.value,
                    "comparator": quantity.comparator.value if quantity.comparator else None,
                    "target_value": quantity.value,
                    "quantity": json.dumps(quantity_json),
                    "deadline_kind": deadline.kind.value,
                    "starts_on": deadline.start,
                    "due_on": deadline.due,
                    "deadline": json.dumps(deadline_json),
                    "today": today or date.today(),
                    "measure": measure,
                },
            )
        )
        .mappings()
        .one()
    )


async def record_progress(
    db: RequestDB,
    *,
    target: RowMapping,
    version: int,
    value: Decimal,
    note: str | None,
    evidence: list[str],
    reporter: str,
    reported_on: date,
    today: date | None = None,
) -> RowMapping | None:
    """Insert the report and move the target, only if the target is still at `version`."""
    sql = f"""WITH t AS (
            UPDATE targets SET achieved = :value, achieved_on = :on, version = version + 1,
                updated_at = now()
            WHERE id = :id AND version = :version
            RETURNING *),
        p AS (
            INSERT INTO target_progress (unit_id, unit_path, target_id, value, note, evidence,
                reported_by, reported_on)
            SELECT t.unit_id, t.unit_path, t.id, :value, :note, :evidence, :reporter, :on FROM t
            RETURNING id)
        SELECT {COLUMNS}, {STATUS} AS status, {DAY}, (SELECT id FROM p) AS progress_id FROM t"""
    return (
        (
            await db.execute(
                text(sql),
                {
                    "value": value,
                    "on": reported_on,
                    "id": target["id"],
                    "version": version,
                    "note": note,
                    "evidence": evidence,
                    "reporter": reporter,
                    "today": today or date.today(),
                },
            )
        )
        .mappings()
        .first()
    )


async def progress_of(db: RequestDB, target_ids: Sequence[int]) -> list[RowMapping]:
    sql = """SELECT id, target_id, value, note, evidence, reported_by, reported_on, reported_at
             FROM target_progress WHERE target_id = ANY(:ids) ORDER BY target_id, id DESC"""
    return list((await db.execute(text(sql), {"ids": list(target_ids)})).mappings())


async def status_rollup(
    db: RequestDB, *, roots: Sequence[str], unit: RowMapping, year: int, today: date
) -> list[RowMapping]:
    """Counts by status over the unit's subtree: one row per child unit, and one total row
    (`unit_id` NULL); one statement, whatever the number of children or targets."""
    counts = ", ".join(
        f"count(*) FILTER (WHERE s.status = '{s}') AS {s}"
        for s in ("met", "on_track", "due_soon", "overdue", "missed")
    )
    sql = f"""WITH kids AS (
            SELECT c.id, c.path FROM admin_units c
            WHERE c.parent_id = :unit_id AND c.path <@ ANY(CAST(:roots AS ltree[]))
              AND (c.valid_from IS NULL OR c.valid_from <= :day)
              AND (c.valid_to IS NULL OR c.valid_to >= :day)),
        s AS (
            SELECT t.unit_path, {STATUS} AS status FROM targets t
            WHERE t.unit_path <@ CAST(:unit_path AS ltree) AND t.year = :year AND {ROOTS}
              AND t.handed_over_on IS NULL)
        SELECT k.id AS unit_id, k.path::text AS path, count(s.status) AS total, {counts}
        FROM kids k LEFT JOIN s ON s.unit_path <@ k.path GROUP BY k.id, k.path
        UNION ALL
        SELECT NULL, NULL, count(*), {counts} FROM s
        ORDER BY path NULLS FIRST"""
    return list(
        (
            await db.execute(
                text(sql),
                {
                    "unit_id": unit["id"],
                    "unit_path": unit["path"],
                    "roots": list(roots),
                    "day": date(year, 6, 1),
                    "year": year,
                    "today": today,
                },
            )
        ).mappings()
    )


async def stts_taken(db: RequestDB, *, unit_id: int, plan_id: int | None, year: int) -> set[str]:
    """Row numbers already used by the unit's targets of this plan (of this year without a plan):
    the key a spreadsheet import must not repeat."""
    sql = """SELECT t.stt FROM targets t WHERE t.unit_id = :unit_id
             AND (t.plan_id = :plan_id OR (CAST(:plan_id AS bigint) IS NULL
                                           AND t.plan_id IS NULL AND t.year = :year))"""
    rows = await db.execute(text(sql), {"unit_id": unit_id, "plan_id": plan_id, "year": year})
    return {r[0] for r in rows}
