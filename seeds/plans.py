"""Importer of the plans demo data: the curated plan headers (seeds/plans_data.py), the 27
district target tables of seed 000 (parsed by seeds/targets_text.py, never typed by hand), the
model-type catalogue and a few rated models.

Runs on the owner connection (row-level security does not apply to the owner) and is idempotent:
every insert is keyed by a natural key and skips what exists, so re-running changes nothing and
never overwrites what users changed through the API.
"""

from __future__ import annotations

import json
import logging
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from core.targets import TermError
from seeds.paths import seed_file
from seeds.plans_data import CHILDREN, MODEL_TYPES, MODELS, PLANS, DeadlineSeed, PlanSeed
from seeds.targets_text import TargetTable, load_seed_000, same_unit
from services import plans as plans_service
from services.measures import infer_measure
from services.target_terms import find_deadline, parse_deadline
from services.targets import deadline_json, quantity_json, row_deadline_json

log = logging.getLogger(__name__)
THANH_HOA = "vn.p38"
SEED_000_DAY = date(2023, 6, 1)  # the district structure seed 000's appendices are written for


def reference_day(plan: PlanSeed) -> date:
    return plans_service.reference_day(plan.issued_on, plan.year)


async def seed_plans(conn: AsyncConnection) -> dict[str, int]:
    """Load everything; returns counts of what exists afterwards (for the log)."""
    await conn.execute(
        text(
            "INSERT INTO model_types (code, name) VALUES (:code, :name) ON CONFLICT (code) DO NOTHING"
        ),
        [{"code": c, "name": n} for c, n in MODEL_TYPES],
    )
    ids: dict[str, int] = {}
    for plan in PLANS:
        ids[plan.ref_key] = await _upsert_plan(conn, plan, ids)
    targets = await import_seed_000_targets(conn, seed_file("000"), ids["thanhhoa-kh-2023"])
    await _seed_models(conn)
    return {"plans": len(ids), "targets": targets}


async def _unit_id(conn: AsyncConnection, path: str) -> int:
    found = await conn.scalar(
        text("SELECT id FROM admin_units WHERE path = CAST(:p AS ltree)"), {"p": path}
    )
    if found is None:
        raise RuntimeError(f"plans seed points at a unit that does not exist: {path}")
    return int(found)


async def _children(conn: AsyncConnection, path: str, day: date) -> list[tuple[int, str]]:
    rows = await conn.execute(
        text(
            """SELECT c.id, c.path::text FROM admin_units c JOIN admin_units p ON c.parent_id = p.id
           WHERE p.path = CAST(:p AS ltree) AND c.kind <> 'residential_area'
             AND (c.valid_from IS NULL OR c.valid_from <= :d)
             AND (c.valid_to IS NULL OR c.valid_to >= :d)
           ORDER BY c.path"""
        ),
        {"p": path, "d": day},
    )
    return [(r[0], r[1]) for r in rows]


async def _upsert_plan(conn: AsyncConnection, plan: PlanSeed, ids: dict[str, int]) -> int:
    unit_id = await _unit_id(conn, plan.unit_path)
    await conn.execute(
        text(
            """INSERT INTO plans (unit_id, unit_path, ref_key, number, kind, title, issuing_body,
               issued_on, year, status, objectives, cited_documents, parent_id, supersedes_id,
               subordinate_plans_due, created_by)
           VALUES (:unit_id, CAST(:unit_path AS ltree), :ref_key, :number, :kind, :title,
               :issuing_body, :issued_on, :year, :status, :objectives, :cited, :parent_id,
               :supersedes_id, :due, 'seed')
           ON CONFLICT (ref_key) DO NOTHING"""
        ),
        {
            "unit_id": unit_id,
            "unit_path": plan.unit_path,
            "ref_key": plan.ref_key,
            "number": plan.number,
            "kind": plan.kind,
            "title": plan.title,
            "issuing_body": plan.issuing_body,
            "issued_on": plan.issued_on,
            "year": plan.year,
            "status": plan.status,
            "objectives": plan.objectives,
            "cited": list(plan.cited),
            "parent_id": ids.get(plan.parent) if plan.parent else None,
            "supersedes_id": ids.get(plan.supersedes) if plan.supersedes else None,
            "due": plan.subordinate_plans_due,
        },
    )
    plan_id = int(
        await conn.scalar(text("SELECT id FROM plans WHERE ref_key = :k"), {"k": plan.ref_key})
    )
    for position, task in enumerate(plan.tasks, 1):
        path = task.unit_path or plan.unit_path
        await conn.execute(
            text(
                """INSERT INTO plan_tasks (unit_id, unit_path, plan_id, position, assignee,
                   description, due_on)
               VALUES (:u, CAST(:p AS ltree), :plan, :pos, :who, :what, :due)
               ON CONFLICT (plan_id, unit_id, position) DO NOTHING"""
            ),
            {
                "u": await _unit_id(conn, path),
                "p": path,
                "plan": plan_id,
                "pos": position,
                "who": task.assignee,
                "what": task.description,
                "due": task.due_on,
            },
        )
    for deadline in plan.deadlines:
        if deadline.addressed_to == CHILDREN:
            units = await _children(conn, plan.unit_path, reference_day(plan))
        else:
            units = [(await _unit_id(conn, p), p) for p in deadline.addressed_to]
        if units:
            await conn.execute(
                text(
                    """INSERT INTO plan_deadlines (unit_id, unit_path, plan_id, kind, due_on, note)
                   VALUES (:u, CAST(:p AS ltree), :plan, :kind, :due, :note)
                   ON CONFLICT (plan_id, unit_id, kind, due_on) DO NOTHING"""
                ),
                [
                    {
                        "u": u,
                        "p": p,
                        "plan": plan_id,
                        "kind": deadline.kind,
                        "due": seed_due(deadline, plan.year),
                        "note": deadline.note,
                    }
                    for u, p in units
                ],
            )
    await _seed_schedule(conn, plan, plan_id)
    return plan_id


async def _seed_schedule(conn: AsyncConnection, plan: PlanSeed, plan_id: int) -> None:
    """The plan's schedule and quotas as it states them; each wording goes through the one
    deadline parser (a wording it cannot read fails the seed, loudly)."""
    unit_id = await _unit_id(conn, plan.unit_path)
    for rule in plan.schedule:
        deadline = parse_deadline(rule.wording, plan.year)
        await conn.execute(
            text(
                """INSERT INTO plan_schedule_rules (unit_id, unit_path, plan_id, step, unit_kind,
                   wording, rule, due_on, starts_on, every_year, late_allowed, source_note,
                   created_by)
               VALUES (:u, CAST(:p AS ltree), :plan, :step, :kind, :wording,
                   CAST(:rule AS jsonb), :due, :starts, :every, :late, :note, 'seed')
               ON CONFLICT DO NOTHING"""
            ),
            {
                "u": unit_id,
                "p": plan.unit_path,
                "plan": plan_id,
                "step": rule.step,
                "kind": rule.unit_kind,
                "wording": rule.wording,
                "rule": json.dumps(deadline_json(deadline)),
                "due": deadline.due,
                "starts": deadline.start,
                "every": rule.every_year,
                "late": rule.late_allowed,
                "note": rule.note,
            },
        )
    if plan.quotas and not await conn.scalar(
        text("SELECT EXISTS (SELECT 1 FROM plan_quotas WHERE plan_id = :plan)"), {"plan": plan_id}
    ):
        await conn.execute(
            text(
                """INSERT INTO plan_quotas (unit_id, unit_path, plan_id, addressee, unit_kinds,
                   minimum, measure, wording, every_year, created_by)
               VALUES (:u, CAST(:p AS ltree), :plan, :addressee, :kinds, :minimum, :measure,
                   :wording, :every, 'seed')"""
            ),
            [
                {
                    "u": unit_id,
                    "p": plan.unit_path,
                    "plan": plan_id,
                    "addressee": q.addressee,
                    "kinds": list(q.unit_kinds),
                    "minimum": q.minimum,
                    "measure": q.measure,
                    "wording": q.wording,
                    "every": q.every_year,
                }
                for q in plan.quotas
            ],
        )


def seed_due(deadline: DeadlineSeed, year: int) -> date:
    """A reporting deadline's day as its wording says it, read by the one deadline parser
    ("trước ngày 10/6" → 09/6); the curated date must agree (a test checks every one)."""
    found = find_deadline(deadline.note, year)
    return found.due if found is not None else deadline.due_on


def match_districts(
    tables: list[TargetTable], units: list[dict[str, Any]]
) -> dict[int, dict[str, Any]]:
    """Appendix number -> the district-level unit it names (accent-insensitive, kind-free)."""
    matched: dict[int, dict[str, Any]] = {}
    for table in tables:
        found = [
            u
            for u in units
            if same_unit(table.unit_label, u["name"])
            or same_unit(table.unit_label, u["short_name"])
        ]
        if len(found) != 1:
            raise TermError(
                f"Phụ lục {table.appendix_no} ({table.unit_label!r}) matches "
                f"{len(found)} units of Thanh Hóa on {SEED_000_DAY}"
            )
        matched[table.appendix_no] = found[0]
    return matched


async def import_seed_000_targets(conn: AsyncConnection, path: Path, plan_id: int) -> int:
    """The 27 appendices' rows as targets of Thanh Hóa's 2023 plan, under the 2023 districts."""
    tables = load_seed_000(path)
    rows = await conn.execute(
        text(
            """SELECT c.id, c.path::text AS path, c.name, c.short_name
           FROM admin_units c JOIN admin_units p ON c.parent_id = p.id
           WHERE p.path = CAST(:p AS ltree)
             AND (c.valid_from IS NULL OR c.valid_from <= :d)
             AND (c.valid_to IS NULL OR c.valid_to >= :d)"""
        ),
        {"p": THANH_HOA, "d": SEED_000_DAY},
    )
    units = [dict(r) for r in rows.mappings()]
    matched = match_districts(tables, units)
    records = []
    for table in tables:
        unit = matched[table.appendix_no]
        for row in table.rows:
            q, d = row.quantity, row.deadline
            records.append(
                {
                    "unit_id": unit["id"],
                    "unit_path": unit["path"],
                    "plan_id": plan_id,
                    "year": table.year,
                    "category": row.category.value,
                    "stt": row.stt,
                    "text": row.text,
                    "quantity_kind": q.kind.value,
                    "comparator": q.comparator.value if q.comparator else None,
                    "target_value": q.value,
                    "quantity": json.dumps(quantity_json(q)),
                    "deadline_kind": d.kind.value,
                    "starts_on": d.start,
                    "due_on": d.due,
                    "deadline": json.dumps(row_deadline_json(row)),
                    "measure": infer_measure(row.text, q.kind.value, q.raw),
                }
            )
    await conn.execute(
        text(
            """INSERT INTO targets (unit_id, unit_path, plan_id, year, category, stt, text,
               quantity_kind, comparator, target_value, quantity, deadline_kind, starts_on,
               due_on, deadline, measure)
           VALUES (:unit_id, CAST(:unit_path AS ltree), :plan_id, :year, :category, :stt, :text,
               :quantity_kind, :comparator, :target_value, CAST(:quantity AS jsonb),
               :deadline_kind, :starts_on, :due_on, CAST(:deadline AS jsonb), :measure)
           ON CONFLICT (plan_id, unit_id, stt) DO NOTHING"""
        ),
        records,
    )
    return len(records)


async def _seed_models(conn: AsyncConnection) -> None:
    for ref_key, path, type_code, name, origin, founded, rating in MODELS:
        unit_id = await _unit_id(conn, path)
        await conn.execute(
            text(
                """INSERT INTO movement_models (unit_id, unit_path, model_type_id, name, origin,
                   founded_on, status, ref_key)
               SELECT :u, CAST(:p AS ltree), t.id, :name, :origin, :founded, 'active', :key
               FROM model_types t WHERE t.code = :type
               ON CONFLICT (ref_key) DO NOTHING"""
            ),
            {
                "u": unit_id,
                "p": path,
                "name": name,
                "origin": origin,
                "founded": founded,
                "key": ref_key,
                "type": type_code,
            },
        )
        if rating:
            await conn.execute(
                text(
                    """INSERT INTO model_ratings (unit_id, unit_path, model_id, year, rating, reviewer)
                   SELECT m.unit_id, m.unit_path, m.id, 2023, :rating, 'seed'
                   FROM movement_models m WHERE m.ref_key = :key
                   ON CONFLICT (model_id, year) DO NOTHING"""
                ),
                {"rating": rating, "key": ref_key},
            )
