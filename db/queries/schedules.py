"""Queries over plans' schedule rules, quotas and campaign extensions.

Governing rules and quotas are read through SECURITY DEFINER functions (migration 0030): a
commune is bound by its district's schedule without being allowed to read the district's plan,
and the functions return only the rules of the unit's ancestors. Everything else is scoped by
the caller's roots and RLS, like every other tenant table."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import RowMapping, text

from db.session import RequestDB

RULE_COLUMNS = """r.id, r.plan_id, r.unit_id, r.unit_path::text AS unit_path, r.step, r.unit_kind,
    r.wording, r.rule, r.due_on, r.starts_on, r.every_year, r.late_allowed, r.source_note,
    r.withdrawn_on, r.withdrawn_reason, r.created_by, r.version, r.created_at, r.updated_at"""
QUOTA_COLUMNS = """q.id, q.plan_id, q.unit_id, q.unit_path::text AS unit_path, q.addressee,
    q.unit_kinds, q.minimum, q.measure, q.wording, q.every_year, q.withdrawn_on,
    q.withdrawn_reason, q.created_by, q.version"""


async def governing_rules(db: RequestDB, unit_path: str, year: int) -> list[RowMapping]:
    """Rules of the plans issued at the unit's ancestors for `year`, nearest first."""
    return list(
        (
            await db.execute(
                text("SELECT * FROM antq_governing_rules(CAST(:p AS ltree), :y)"),
                {"p": unit_path, "y": year},
            )
        ).mappings()
    )


async def quotas_for(db: RequestDB, unit_path: str, year: int) -> list[RowMapping]:
    """Quotas of the plans issued at the unit or its ancestors for `year`, nearest first."""
    return list(
        (
            await db.execute(
                text("SELECT * FROM antq_quotas_for(CAST(:p AS ltree), :y)"),
                {"p": unit_path, "y": year},
            )
        ).mappings()
    )


async def rules_of(
    db: RequestDB, plan_ids: Sequence[int], *, with_withdrawn: bool = False
) -> list[RowMapping]:
    live = "" if with_withdrawn else " AND r.withdrawn_on IS NULL"
    return list(
        (
            await db.execute(
                text(
                    f"SELECT {RULE_COLUMNS} FROM plan_schedule_rules r WHERE r.plan_id = ANY(:ids)"
                    f" AND r.unit_path <@ ANY(CAST(:scope AS ltree[])){live}"
                    " ORDER BY r.plan_id, r.due_on, r.id"
                ),
                {"ids": list(plan_ids), "scope": list(db.scope_paths)},
            )
        ).mappings()
    )


async def rule_by_id(db: RequestDB, rule_id: int) -> RowMapping | None:
    return (
        (
            await db.execute(
                text(
                    f"SELECT {RULE_COLUMNS} FROM plan_schedule_rules r WHERE r.id = :id"
                    " AND r.unit_path <@ ANY(CAST(:scope AS ltree[]))"
                ),
                {"id": rule_id, "scope": list(db.scope_paths)},
            )
        )
        .mappings()
        .first()
    )


async def insert_rule(db: RequestDB, values: dict[str, Any]) -> RowMapping | None:
    """The new rule, or None when the plan already has one for that step and kind."""
    return (
        (
            await db.execute(
                text(
                    f"""INSERT INTO plan_schedule_rules AS r (unit_id, unit_path, plan_id, step, unit_kind,
                wording, rule, due_on, starts_on, every_year, late_allowed, source_note,
                created_by)
            VALUES (:unit_id, CAST(:unit_path AS ltree), :plan_id, :step, :unit_kind, :wording,
                CAST(:rule AS jsonb), :due_on, :starts_on, :every_year, :late_allowed,
                :source_note, :created_by)
            ON CONFLICT DO NOTHING RETURNING {RULE_COLUMNS}"""
                ),
                {**values, "rule": json.dumps(values["rule"])},
            )
        )
        .mappings()
        .first()
    )


async def update_rule(
    db: RequestDB, rule_id: int, version: int, values: dict[str, Any]
) -> RowMapping | None:
    sets = ", ".join(f"{k} = CAST(:{k} AS jsonb)" if k == "rule" else f"{k} = :{k}" for k in values)
    params = {k: json.dumps(v) if k == "rule" else v for k, v in values.items()}
    return (
        (
            await db.execute(
                text(
                    f"""UPDATE plan_schedule_rules AS r SET {sets}, version = version + 1, updated_at = now()
            WHERE r.id = :id AND r.version = :version RETURNING {RULE_COLUMNS}"""
                ),
                {"id": rule_id, "version": version, **params},
            )
        )
        .mappings()
        .first()
    )


async def quotas_of(db: RequestDB, plan_ids: Sequence[int]) -> list[RowMapping]:
    return list(
        (
            await db.execute(
                text(
                    f"SELECT {QUOTA_COLUMNS} FROM plan_quotas q WHERE q.plan_id = ANY(:ids)"
                    " AND q.withdrawn_on IS NULL AND q.unit_path <@ ANY(CAST(:scope AS ltree[]))"
                    " ORDER BY q.plan_id, q.id"
                ),
                {"ids": list(plan_ids), "scope": list(db.scope_paths)},
            )
        ).mappings()
    )


async def rules_by_ids(
    db: RequestDB, ids: Sequence[int], plan_roots: Sequence[str]
) -> list[RowMapping]:
    """Rules of `ids` (withdrawn ones too, as `planSchedule` shows them) whose plan lies under
    `plan_roots`, in one statement."""
    sql = f"""SELECT {RULE_COLUMNS} FROM plan_schedule_rules r JOIN plans p ON p.id = r.plan_id
        WHERE r.id = ANY(:ids) AND r.unit_path <@ ANY(CAST(:scope AS ltree[]))
          AND p.unit_path <@ ANY(CAST(:roots AS ltree[]))"""
    params = {"ids": list(ids), "scope": list(db.scope_paths), "roots": list(plan_roots)}
    return list((await db.execute(text(sql), params)).mappings())


async def quotas_by_ids(
    db: RequestDB, ids: Sequence[int], plan_roots: Sequence[str]
) -> list[RowMapping]:
    """Quotas of `ids` in force (not withdrawn) whose plan lies under `plan_roots`, with the
    plan's number as quota rollups give it, in one statement."""
    sql = f"""SELECT {QUOTA_COLUMNS}, p.number AS plan_number
        FROM plan_quotas q JOIN plans p ON p.id = q.plan_id
        WHERE q.id = ANY(:ids) AND q.withdrawn_on IS NULL
          AND q.unit_path <@ ANY(CAST(:scope AS ltree[]))
          AND p.unit_path <@ ANY(CAST(:roots AS ltree[]))"""
    params = {"ids": list(ids), "scope": list(db.scope_paths), "roots": list(plan_roots)}
    return list((await db.execute(text(sql), params)).mappings())


async def quota_by_id(db: RequestDB, quota_id: int) -> RowMapping | None:
    return (
        (
            await db.execute(
                text(
                    f"SELECT {QUOTA_COLUMNS} FROM plan_quotas q WHERE q.id = :id"
                    " AND q.unit_path <@ ANY(CAST(:scope AS ltree[]))"
                ),
                {"id": quota_id, "scope": list(db.scope_paths)},
            )
        )
        .mappings()
        .first()
    )


async def insert_quota(db: RequestDB, values: dict[str, Any]) -> RowMapping:
    return (
        (
            await db.execute(
                text(
                    f"""INSERT INTO plan_quotas AS q (unit_id, unit_path, plan_id, addressee, unit_kinds,
                minimum, measure, wording, every_year, created_by)
            VALUES (:unit_id, CAST(:unit_path AS ltree), :plan_id, :addressee, :unit_kinds,
                :minimum, :measure, :wording, :every_year, :created_by)
            RETURNING {QUOTA_COLUMNS}"""
                ),
                values,
            )
        )
        .mappings()
        .one()
    )


async def update_quota(
    db: RequestDB, quota_id: int, version: int, values: dict[str, Any]
) -> RowMapping | None:
    sets = ", ".join(f"{k} = :{k}" for k in values)
    return (
        (
            await db.execute(
                text(
                    f"""UPDATE plan_quotas AS q SET {sets}, version = version + 1, updated_at = now()
            WHERE q.id = :id AND q.version = :version RETURNING {QUOTA_COLUMNS}"""
                ),
                {"id": quota_id, "version": version, **values},
            )
        )
        .mappings()
        .first()
    )


async def extension_for(db: RequestDB, campaign_id: int, step: str) -> RowMapping | None:
    """The latest extension granted for one step of one campaign."""
    return (
        (
            await db.execute(
                text(
                    """SELECT e.id, e.due_on, e.reason, e.granted_by, e.granted_on FROM campaign_extensions e
           WHERE e.campaign_id = :c AND e.step = :s
             AND e.unit_path <@ ANY(CAST(:scope AS ltree[]))
           ORDER BY e.id DESC LIMIT 1"""
                ),
                {"c": campaign_id, "s": step, "scope": list(db.scope_paths)},
            )
        )
        .mappings()
        .first()
    )


async def extensions_of(db: RequestDB, campaign_ids: Sequence[int]) -> list[RowMapping]:
    return list(
        (
            await db.execute(
                text(
                    """SELECT e.id, e.campaign_id, e.step, e.due_on, e.reason, e.granted_by, e.granted_on
           FROM campaign_extensions e WHERE e.campaign_id = ANY(:ids)
             AND e.unit_path <@ ANY(CAST(:scope AS ltree[])) ORDER BY e.campaign_id, e.id"""
                ),
                {"ids": list(campaign_ids), "scope": list(db.scope_paths)},
            )
        ).mappings()
    )


async def insert_extension(db: RequestDB, values: dict[str, Any]) -> int:
    return int(
        (
            await db.execute(
                text(
                    """INSERT INTO campaign_extensions (unit_id, unit_path, campaign_id, step, due_on, reason,
               granted_by, granted_on)
           VALUES (:unit_id, CAST(:unit_path AS ltree), :campaign_id, :step, :due_on, :reason,
               :granted_by, :granted_on) RETURNING id"""
                ),
                values,
            )
        ).scalar_one()
    )


async def quota_counts(
    db: RequestDB,
    *,
    roots: Sequence[str],
    unit_paths: Sequence[str],
    year: int,
    direct_parent: str | None,
) -> list[RowMapping]:
    """Campaigns of `year` per (subtree of each unit path, quota kind, state bucket).

    `direct_parent` set: only units directly below it are counted (the issuer's own quota:
    province-managed agencies), else every unit in each subtree. The quota kind of a commune
    comes from its sub_kind (Xã / Phường / Thị trấn / Đặc khu)."""
    direct = (
        "AND u.parent_id = (SELECT id FROM admin_units WHERE path = CAST(:dp AS ltree))"
        if direct_parent
        else ""
    )
    sql = f"""
        SELECT s.path AS under, CASE
                 WHEN u.kind = 'commune' AND u.sub_kind = 'Xã' THEN 'xa'
                 WHEN u.kind = 'commune' AND u.sub_kind = 'Đặc khu' THEN 'dac_khu'
                 WHEN u.kind = 'commune' THEN 'phuong_thi_tran'
                 ELSE u.kind END AS quota_kind,
               count(*) AS registered,
               count(*) FILTER (WHERE c.state = 'recognised') AS recognised
        FROM unnest(CAST(:paths AS text[])) AS s(path)
        JOIN typical_campaigns c ON c.unit_path <@ CAST(s.path AS ltree)
        JOIN admin_units u ON u.id = c.unit_id
        WHERE c.year = :year AND c.unit_path <@ ANY(CAST(:roots AS ltree[])) {direct}
        GROUP BY 1, 2"""
    params: dict[str, Any] = {"paths": list(unit_paths), "year": year, "roots": list(roots)}
    if direct_parent:
        params["dp"] = direct_parent
    return list((await db.execute(text(sql), params)).mappings())


async def children(
    db: RequestDB, unit_id: int, day: date, roots: Sequence[str]
) -> list[RowMapping]:
    return list(
        (
            await db.execute(
                text(
                    """SELECT c.id, c.path::text AS path, c.code, c.name FROM admin_units c
           WHERE c.parent_id = :u AND c.kind IN ('district', 'province')
             AND c.path <@ ANY(CAST(:roots AS ltree[]))
             AND (c.valid_from IS NULL OR c.valid_from <= :d)
             AND (c.valid_to IS NULL OR c.valid_to >= :d) ORDER BY c.path"""
                ),
                {"u": unit_id, "d": day, "roots": list(roots)},
            )
        ).mappings()
    )


async def rule_audit(db: RequestDB, rule_ids: Sequence[int]) -> list[RowMapping]:
    """The audit entries of schedule rules (before/after of every add, edit, withdrawal)."""
    return list(
        (
            await db.execute(
                text(
                    """SELECT a.object_id, a.at, a.action, a.actor, a.before, a.after FROM audit_log a
           WHERE a.object_type = 'schedule_rule' AND a.object_id = ANY(:ids)
             AND a.unit_path <@ ANY(CAST(:scope AS ltree[])) ORDER BY a.id"""
                ),
                {"ids": [str(i) for i in rule_ids], "scope": list(db.scope_paths)},
            )
        ).mappings()
    )
