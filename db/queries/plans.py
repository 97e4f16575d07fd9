"""Queries over plans, their tasks and reporting deadlines, the cascade and the calendar.

Every statement filters by the caller's roots for the object (`<@ ANY(:roots)`), and RLS filters
again underneath. Relations take lists of ids so that loaders batch them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import RowMapping, text

from db.session import RequestDB

COLUMNS = """p.id, p.unit_id, p.unit_path::text AS unit_path, p.number, p.kind, p.title,
    p.issuing_body, p.issued_on, p.year, p.status, p.objectives, p.cited_documents,
    p.parent_id, p.supersedes_id, p.subordinate_plans_due, p.created_by, p.version"""
ROOTS = "p.unit_path <@ ANY(CAST(:roots AS ltree[]))"


def _filters(
    roots: Sequence[str],
    unit_path: str | None,
    under_path: str | None,
    year: int | None,
    status: str | None,
    number: str | None,
) -> tuple[list[str], dict[str, Any]]:
    where = [ROOTS]
    params: dict[str, Any] = {"roots": list(roots)}
    if unit_path:
        where.append("p.unit_path = CAST(:unit_path AS ltree)")
        params["unit_path"] = unit_path
    if under_path:
        where.append("p.unit_path <@ CAST(:under_path AS ltree)")
        params["under_path"] = under_path
    for column, value in (("year", year), ("status", status), ("number", number)):
        if value is not None:
            where.append(f"p.{column} = :{column}")
            params[column] = value
    return where, params


async def page(
    db: RequestDB,
    *,
    roots: Sequence[str],
    unit_path: str | None,
    under_path: str | None,
    year: int | None,
    status: str | None,
    number: str | None,
    after_id: int | None,
    limit: int,
) -> list[RowMapping]:
    where, params = _filters(roots, unit_path, under_path, year, status, number)
    params["limit"] = limit
    if after_id is not None:
        where.append("p.id > :after_id")
        params["after_id"] = after_id
    sql = f"SELECT {COLUMNS} FROM plans p WHERE {' AND '.join(where)} ORDER BY p.id LIMIT :limit"
    return list((await db.execute(text(sql), params)).mappings())


async def count(
    db: RequestDB,
    *,
    roots: Sequence[str],
    unit_path: str | None,
    under_path: str | None,
    year: int | None,
    status: str | None,
    number: str | None,
) -> int:
    """How many plans `page` would list over all pages."""
    where, params = _filters(roots, unit_path, under_path, year, status, number)
    sql = f"SELECT count(*) FROM plans p WHERE {' AND '.join(where)}"
    return int((await db.execute(text(sql), params)).scalar_one())


async def by_ids(db: RequestDB, ids: Sequence[int], roots: Sequence[str]) -> list[RowMapping]:
    sql = f"SELECT {COLUMNS} FROM plans p WHERE p.id = ANY(:ids) AND {ROOTS}"
    return list((await db.execute(text(sql), {"ids": list(ids), "roots": list(roots)})).mappings())


async def child_pages(
    db: RequestDB,
    afters: Sequence[tuple[int, str | None, int]],
    roots: Sequence[str],
    take: int,
) -> list[RowMapping]:
    """One keyset page of children per (plan id, last unit path, last id) triple (path None:
    from the start), in one statement: a LATERAL subquery per plan `(unit_path, id) > cursor
    ORDER BY unit_path, id LIMIT take`."""
    sql = f"""SELECT c.* FROM unnest(CAST(:ids AS bigint[]), CAST(:paths AS text[]),
            CAST(:after_ids AS bigint[])) AS k(parent_id, after_path, after_id)
        CROSS JOIN LATERAL (SELECT {COLUMNS}, p.unit_path AS sort_path FROM plans p
            WHERE p.parent_id = k.parent_id AND {ROOTS} AND (k.after_path IS NULL
                OR (p.unit_path, p.id) > (CAST(k.after_path AS ltree), k.after_id))
            ORDER BY p.unit_path, p.id LIMIT :take) c
        ORDER BY c.parent_id, c.sort_path, c.id"""
    params = {
        "ids": [a[0] for a in afters],
        "paths": [a[1] for a in afters],
        "after_ids": [a[2] for a in afters],
        "roots": list(roots),
        "take": take,
    }
    return list((await db.execute(text(sql), params)).mappings())


async def count_children(db: RequestDB, ids: Sequence[int], roots: Sequence[str]) -> dict[int, int]:
    sql = (
        f"SELECT p.parent_id, count(*) AS n FROM plans p WHERE p.parent_id = ANY(:ids) "
        f"AND {ROOTS} GROUP BY p.parent_id"
    )
    found = await db.execute(text(sql), {"ids": list(ids), "roots": list(roots)})
    return {row.parent_id: row.n for row in found}


WALK = """walk(of_id, id, depth) AS (
            SELECT c.parent_id, c.id, 1 FROM plans c WHERE c.parent_id = ANY(:ids)
            UNION ALL
            SELECT w.of_id, c.id, w.depth + 1 FROM walk w JOIN plans c ON c.parent_id = w.id
            WHERE w.depth < 10)"""


async def descendant_pages(
    db: RequestDB,
    afters: Sequence[tuple[int, int, str | None, int]],
    roots: Sequence[str],
    take: int,
) -> list[RowMapping]:
    """One keyset page of the plans implementing each plan at any depth, tagged `of_id` and
    `depth` (1 = child), per (plan id, last depth, last unit path, last id) (path None: from the
    start), in one statement: the rows after each plan's cursor, numbered per plan in
    (depth, unit_path, id) order, and only the first `take` of each kept.

    The walk itself is not scoped (a district sees its communes' plans under the province plan
    even though the province plan is not theirs); only the rows returned are."""
    sql = f"""WITH RECURSIVE k(of_id, after_depth, after_path, after_id) AS (
            SELECT * FROM unnest(CAST(:ids AS bigint[]), CAST(:depths AS int[]),
                CAST(:paths AS text[]), CAST(:after_ids AS bigint[]))),
        {WALK},
        ranked AS (SELECT w.of_id, w.depth, {COLUMNS}, p.unit_path AS sort_path,
                row_number() OVER (PARTITION BY w.of_id ORDER BY w.depth, p.unit_path, p.id) AS n
            FROM walk w JOIN plans p ON p.id = w.id JOIN k ON k.of_id = w.of_id
            WHERE {ROOTS} AND (k.after_path IS NULL OR (w.depth, p.unit_path, p.id)
                > (k.after_depth, CAST(k.after_path AS ltree), k.after_id)))
        SELECT * FROM ranked WHERE n <= :take ORDER BY of_id, depth, sort_path, id"""
    params = {
        "ids": [a[0] for a in afters],
        "depths": [a[1] for a in afters],
        "paths": [a[2] for a in afters],
        "after_ids": [a[3] for a in afters],
        "roots": list(roots),
        "take": take,
    }
    return list((await db.execute(text(sql), params)).mappings())


async def count_descendants(
    db: RequestDB, ids: Sequence[int], roots: Sequence[str]
) -> dict[int, int]:
    sql = f"""WITH RECURSIVE {WALK}
        SELECT w.of_id, count(*) AS n FROM walk w JOIN plans p ON p.id = w.id
        WHERE {ROOTS} GROUP BY w.of_id"""
    found = await db.execute(text(sql), {"ids": list(ids), "roots": list(roots)})
    return {row.of_id: row.n for row in found}


async def tasks_of(
    db: RequestDB, plan_ids: Sequence[int], roots: Sequence[str]
) -> list[RowMapping]:
    sql = """SELECT t.id, t.plan_id, t.unit_id, t.unit_path::text AS unit_path, t.position,
                t.assignee, t.description, t.due_on, t.completed_on, t.completed_by,
                t.completion_note, t.completion_link, t.version, t.handed_over_on, t.carried_from
             FROM plan_tasks t WHERE t.plan_id = ANY(:ids) AND t.withdrawn_on IS NULL
               AND t.unit_path <@ ANY(CAST(:roots AS ltree[]))
             ORDER BY t.plan_id, t.position, t.unit_path"""
    return list(
        (await db.execute(text(sql), {"ids": list(plan_ids), "roots": list(roots)})).mappings()
    )


async def deadlines_of(
    db: RequestDB, plan_ids: Sequence[int], roots: Sequence[str]
) -> list[RowMapping]:
    sql = """SELECT d.id, d.plan_id, d.unit_id, d.unit_path::text AS unit_path, d.kind, d.due_on,
                d.note, d.completed_on, d.completed_by, d.completion_note, d.completion_link,
                d.version, d.handed_over_on, d.carried_from
             FROM plan_deadlines d WHERE d.plan_id = ANY(:ids) AND d.withdrawn_on IS NULL
               AND d.unit_path <@ ANY(CAST(:roots AS ltree[]))
             ORDER BY d.plan_id, d.due_on, d.unit_path"""
    return list(
        (await db.execute(text(sql), {"ids": list(plan_ids), "roots": list(roots)})).mappings()
    )


TASK_COLUMNS = """t.id, t.plan_id, t.unit_id, t.unit_path::text AS unit_path, t.position,
    t.assignee, t.description, t.due_on, t.completed_on, t.completed_by, t.completion_note,
    t.completion_link, t.version, t.handed_over_on, t.carried_from"""
DEADLINE_COLUMNS = """d.id, d.plan_id, d.unit_id, d.unit_path::text AS unit_path, d.kind,
    d.due_on, d.note, d.completed_on, d.completed_by, d.completion_note, d.completion_link,
    d.version, d.handed_over_on, d.carried_from"""


async def tasks_by_ids(db: RequestDB, ids: Sequence[int], roots: Sequence[str]) -> list[RowMapping]:
    """The tasks of `ids` that `tasks_of` would answer these roots (not withdrawn, unit inside
    them), in one statement."""
    sql = f"""SELECT {TASK_COLUMNS} FROM plan_tasks t
             WHERE t.id = ANY(:ids) AND t.withdrawn_on IS NULL
               AND t.unit_path <@ ANY(CAST(:roots AS ltree[]))"""
    return list((await db.execute(text(sql), {"ids": list(ids), "roots": list(roots)})).mappings())


async def deadlines_by_ids(
    db: RequestDB, ids: Sequence[int], roots: Sequence[str]
) -> list[RowMapping]:
    """The reporting deadlines of `ids` that `deadlines_of` would answer these roots."""
    sql = f"""SELECT {DEADLINE_COLUMNS} FROM plan_deadlines d
             WHERE d.id = ANY(:ids) AND d.withdrawn_on IS NULL
               AND d.unit_path <@ ANY(CAST(:roots AS ltree[]))"""
    return list((await db.execute(text(sql), {"ids": list(ids), "roots": list(roots)})).mappings())


async def cascade(
    db: RequestDB, *, plan_id: int, unit_id: int, roots: Sequence[str], day: date
) -> list[RowMapping]:
    """Units directly below the plan's unit (on `day`, inside the caller's roots) with the ids
    of the plans that implement this plan (empty: none issued yet): plans in the unit's own
    subtree, and plans its predecessors issued (a commune of 2025 inherits the implementing
    plan of the district whose commune it took over, see services/handover.py)."""
    sql = """SELECT c.id AS unit_id, c.path::text AS path, c.valid_from,
                COALESCE(impl.ids, '{}') AS plan_ids
             FROM admin_units c
             LEFT JOIN LATERAL (
                 SELECT array_agg(p.id ORDER BY p.id) AS ids FROM plans p
                 WHERE p.parent_id = :plan_id AND p.status <> 'draft'
                   AND (p.unit_path <@ c.path OR EXISTS (
                        SELECT 1 FROM unit_successions s
                        JOIN admin_units o ON o.id = s.predecessor_id
                        WHERE s.successor_id = c.id AND s.effective_on <= :day
                          AND (p.unit_path <@ o.path
                               OR p.unit_path = subpath(o.path, 0, nlevel(o.path) - 1))))
             ) impl ON true
             WHERE c.parent_id = :unit_id AND c.kind <> 'residential_area'
               AND c.path <@ ANY(CAST(:roots AS ltree[]))
               AND (c.valid_from IS NULL OR c.valid_from <= :day)
               AND (c.valid_to IS NULL OR c.valid_to >= :day)
             ORDER BY c.path"""
    return list(
        (
            await db.execute(
                text(sql),
                {
                    "plan_id": plan_id,
                    "unit_id": unit_id,
                    "roots": list(roots),
                    "day": day,
                },
            )
        ).mappings()
    )


async def insert(db: RequestDB, *, unit: RowMapping, values: dict[str, Any]) -> RowMapping:
    sql = f"""INSERT INTO plans AS p (unit_id, unit_path, number, kind, title, issuing_body,
            issued_on, year, status, objectives, cited_documents, parent_id, supersedes_id,
            subordinate_plans_due, created_by)
        VALUES (:unit_id, CAST(:unit_path AS ltree), :number, :kind, :title, :issuing_body,
            :issued_on, :year, :status, :objectives, :cited_documents, :parent_id,
            :supersedes_id, :subordinate_plans_due, :created_by)
        RETURNING {COLUMNS}"""
    return (
        (await db.execute(text(sql), {"unit_id": unit["id"], "unit_path": unit["path"], **values}))
        .mappings()
        .one()
    )


async def update(
    db: RequestDB, *, plan_id: int, version: int, values: dict[str, Any]
) -> RowMapping | None:
    """Apply `values` only if the plan is still at `version` (None: it is not)."""
    sets = ", ".join(f"{column} = :{column}" for column in values)
    sql = f"""UPDATE plans AS p SET {sets}, version = version + 1, updated_at = now()
        WHERE p.id = :id AND p.version = :version RETURNING {COLUMNS}"""
    return (
        (await db.execute(text(sql), {"id": plan_id, "version": version, **values}))
        .mappings()
        .first()
    )


async def insert_tasks(db: RequestDB, rows: list[dict[str, Any]]) -> None:
    if rows:
        await db.execute(
            text(
                """INSERT INTO plan_tasks (unit_id, unit_path, plan_id, position, assignee,
                   description, due_on)
               VALUES (:unit_id, CAST(:unit_path AS ltree), :plan_id, :position, :assignee,
                   :description, :due_on)"""
            ),
            rows,
        )


async def insert_deadlines(db: RequestDB, rows: list[dict[str, Any]]) -> None:
    if rows:
        await db.execute(
            text(
                """INSERT INTO plan_deadlines (unit_id, unit_path, plan_id, kind, due_on, note)
               VALUES (:unit_id, CAST(:unit_path AS ltree), :plan_id, :kind, :due_on, :note)"""
            ),
            rows,
        )


_CALENDAR = """
        SELECT 'task' AS kind, t.id, t.due_on, t.unit_id, t.plan_id, NULL::bigint AS target_id,
               t.assignee || ': ' || t.description AS title, NULL AS status,
               t.completed_on, t.version,
               (t.completed_on IS NULL AND t.due_on < :today) AS overdue
        FROM plan_tasks t
        WHERE t.unit_path <@ CAST(:under AS ltree) AND t.unit_path <@ ANY(CAST(:proots AS ltree[]))
          AND t.due_on BETWEEN :start AND :end AND t.withdrawn_on IS NULL
          AND t.handed_over_on IS NULL
        UNION ALL
        SELECT 'report', d.id, d.due_on, d.unit_id, d.plan_id, NULL, COALESCE(d.note, d.kind),
               d.kind, d.completed_on, d.version, (d.completed_on IS NULL AND d.due_on < :today)
        FROM plan_deadlines d
        WHERE d.unit_path <@ CAST(:under AS ltree) AND d.unit_path <@ ANY(CAST(:proots AS ltree[]))
          AND d.due_on BETWEEN :start AND :end AND d.withdrawn_on IS NULL
          AND d.handed_over_on IS NULL
        UNION ALL
        SELECT 'target', x.id, x.due_on, x.unit_id, x.plan_id, x.id, x.text, x.status,
               x.achieved_on, x.version, x.status IN ('overdue', 'missed')
        FROM (SELECT t.*, antq_target_status(t.comparator, t.target_value, t.achieved, t.due_on,
                                             t.year, :today) AS status
              FROM targets t
              WHERE t.unit_path <@ CAST(:under AS ltree)
                AND t.unit_path <@ ANY(CAST(:troots AS ltree[]))
                AND t.due_on BETWEEN :start AND :end AND t.withdrawn_on IS NULL
                AND t.handed_over_on IS NULL) x"""


def _calendar_params(
    plan_roots: Sequence[str],
    target_roots: Sequence[str],
    under_path: str,
    start: date,
    end: date,
    today: date,
) -> dict[str, Any]:
    return {
        "under": under_path,
        "proots": list(plan_roots),
        "troots": list(target_roots),
        "start": start,
        "end": end,
        "today": today,
    }


async def calendar(
    db: RequestDB,
    *,
    plan_roots: Sequence[str],
    target_roots: Sequence[str],
    under_path: str,
    start: date,
    end: date,
    today: date,
    after: tuple[date, str, int] | None,
    limit: int,
) -> list[RowMapping]:
    """One keyset page of the dated obligations in the subtree between `start` and `end`: plan
    tasks, reporting deadlines and targets, with their work status on `today` (done, done late,
    overdue, open), the `limit` first after `after` in (due_on, kind, id) order; withdrawn ones
    are gone, and rows handed over to a successor unit (services/handover.py) are the
    successor's to do, not listed. One statement."""
    params = _calendar_params(plan_roots, target_roots, under_path, start, end, today)
    where = ""
    if after is not None:
        where = "WHERE (c.due_on, c.kind, c.id) > (:after_due, :after_kind, :after_id)"
        params.update(after_due=after[0], after_kind=after[1], after_id=after[2])
    sql = f"SELECT c.* FROM ({_CALENDAR}) c {where} ORDER BY c.due_on, c.kind, c.id LIMIT :limit"
    params["limit"] = limit
    return list((await db.execute(text(sql), params)).mappings())


async def calendar_count(
    db: RequestDB,
    *,
    plan_roots: Sequence[str],
    target_roots: Sequence[str],
    under_path: str,
    start: date,
    end: date,
    today: date,
) -> int:
    params = _calendar_params(plan_roots, target_roots, under_path, start, end, today)
    found = await db.execute(text(f"SELECT count(*) FROM ({_CALENDAR}) c"), params)
    return int(found.scalar_one())


async def is_ancestor_plan(db: RequestDB, plan_id: int, unit_path: str) -> bool:
    """Whether the plan exists and was issued at `unit_path` or above it (RLS-independent)."""
    found = await db.execute(
        text("SELECT antq_plan_path(:id) @> CAST(:path AS ltree)"),
        {"id": plan_id, "path": unit_path},
    )
    return bool(found.scalar())


async def close_deadlines_of_unit(
    db: RequestDB, *, unit_id: int, year: int, kind: str, on: date, by: str, note: str
) -> int:
    """A campaign step fulfils the open reporting deadlines of its kind addressed to the unit
    and due in that year (the six-month report closes "six_month"); returns how many. The
    plans themselves are not joined: the unit may not be allowed to read its district's plan."""
    result = await db.execute(
        text(
            """UPDATE plan_deadlines d SET completed_on = :on, completed_by = :by,
               completion_note = :note, version = version + 1, updated_at = now()
           WHERE extract(year FROM d.due_on) = :year AND d.unit_id = :unit AND d.kind = :kind
             AND d.completed_on IS NULL AND d.withdrawn_on IS NULL AND d.handed_over_on IS NULL
             AND d.unit_path <@ ANY(CAST(:scope AS ltree[]))"""
        ),
        {
            "on": on,
            "by": by,
            "note": note,
            "year": year,
            "unit": unit_id,
            "kind": kind,
            "scope": list(db.scope_paths),
        },
    )
    return result.rowcount or 0


WORK_TABLES = {"task": "plan_tasks", "report": "plan_deadlines"}


async def work_item(
    db: RequestDB, kind: str, item_id: int, roots: Sequence[str]
) -> RowMapping | None:
    """One task or reporting deadline (with its plan's issuing path) inside `roots`."""
    table = WORK_TABLES[kind]
    extra = "w.assignee, w.description" if kind == "task" else "w.kind, w.note"
    sql = f"""SELECT w.id, w.plan_id, w.unit_id, w.unit_path::text AS unit_path, w.due_on,
                  w.completed_on, w.completed_by, w.completion_note, w.completion_link,
                  w.withdrawn_on, w.withdrawn_reason, w.version, w.handed_over_on,
                  w.carried_from, {extra},
                  antq_plan_path(w.plan_id)::text AS plan_path
              FROM {table} w WHERE w.id = :id AND w.unit_path <@ ANY(CAST(:roots AS ltree[]))"""
    return (await db.execute(text(sql), {"id": item_id, "roots": list(roots)})).mappings().first()


async def update_work_item(
    db: RequestDB, kind: str, item_id: int, version: int, values: dict[str, Any]
) -> RowMapping | None:
    table = WORK_TABLES[kind]
    sets = ", ".join(f"{k} = :{k}" for k in values)
    sql = f"""UPDATE {table} AS w SET {sets}, version = version + 1, updated_at = now()
              WHERE w.id = :id AND w.version = :version RETURNING w.id, w.version"""
    return (
        (await db.execute(text(sql), {"id": item_id, "version": version, **values}))
        .mappings()
        .first()
    )
