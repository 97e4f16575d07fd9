"""SQL of the evaluation domain: criteria sets (reference data), typical-unit campaigns with their
results, documents and history, yearly assessments, and the rollup statement.

Tenant queries carry the explicit subtree filter (`unit_path <@ ANY(:scope)`) on top of row-level
security; reference tables (criteria) are global.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from sqlalchemy import RowMapping, text

from db.session import RequestDB

ASSESSED_KINDS = ("residential_area", "commune", "agency", "enterprise", "school")

CAMPAIGN_COLUMNS = """c.id, c.unit_id, c.unit_path::text AS unit_path, c.year, c.kind,
    c.criteria_set_id, c.state, c.register_deadline, c.submit_deadline, c.registered_on,
    c.registered_by, c.plan_submitted_on, c.six_month_reported_on, c.annual_reported_on,
    c.dossier_completed_on, c.submitted_on, c.submitted_by, c.review_started_on, c.decided_on,
    c.decided_by, c.return_reasons, c.figures, c.previous_figures, c.version, c.handed_over_on,
    c.carried_from"""
ASSESSMENT_COLUMNS = """a.id, a.unit_id, a.unit_path::text AS unit_path, a.year,
    a.safety_registered, a.safety_achieved, a.classification, a.entered_by, a.entered_on,
    a.confirmed_by, a.confirmed_on, a.version"""


async def _rows(db: RequestDB, sql: str, **params: Any) -> list[RowMapping]:
    return list((await db.execute(text(sql), params)).mappings())


# -- criteria (reference data) -------------------------------------------------------------------
async def criteria_sets(
    db: RequestDB, *, unit_kind: str | None, on: date | None, unit_path: str | None = None
) -> list[RowMapping]:
    """Sets in force; with `unit_path`, only those that apply there (national ones, and a
    unit's own restatement above it, nearest issuer first)."""
    return await _rows(
        db,
        """
        SELECT * FROM criteria_sets
        WHERE (CAST(:kind AS text) IS NULL OR CAST(:kind AS text) = ANY(applies_to))
          AND (CAST(:on AS date) IS NULL OR (effective_from <= :on
               AND (effective_to IS NULL OR effective_to >= :on)))
          AND (CAST(:path AS ltree) IS NULL OR issuer_path IS NULL
               OR issuer_path @> CAST(:path AS ltree))
        ORDER BY (CASE WHEN CAST(:path AS ltree) IS NULL THEN 0
                       ELSE coalesce(nlevel(issuer_path), 0) END) DESC,
                 effective_from DESC, code""",
        kind=unit_kind,
        on=on,
        path=unit_path,
    )


async def set_for(
    db: RequestDB, unit_kind: str, on: date, unit_path: str | None = None
) -> RowMapping | None:
    """The set in force for this kind of unit on a date: a unit's own restatement above the
    unit first (Tháp Mười's), then a newer decision before an older one."""
    rows = await criteria_sets(db, unit_kind=unit_kind, on=on, unit_path=unit_path)
    if unit_path is None:
        rows = [r for r in rows if r["issuer_path"] is None] or rows
    return rows[0] if rows else None


async def sets_by_ids(db: RequestDB, ids: Sequence[int]) -> list[RowMapping]:
    return await _rows(db, "SELECT * FROM criteria_sets WHERE id = ANY(:ids)", ids=list(ids))


async def criteria_of_sets(db: RequestDB, set_ids: Sequence[int]) -> list[RowMapping]:
    return await _rows(
        db,
        "SELECT * FROM criteria WHERE set_id = ANY(:ids) ORDER BY set_id, ordinal",
        ids=list(set_ids),
    )


async def criteria_by_ids(db: RequestDB, ids: Sequence[int]) -> list[RowMapping]:
    return await _rows(db, "SELECT * FROM criteria WHERE id = ANY(:ids)", ids=list(ids))


async def groups_of_sets(db: RequestDB, set_ids: Sequence[int]) -> list[RowMapping]:
    return await _rows(
        db,
        "SELECT * FROM criteria_groups WHERE set_id = ANY(:ids) ORDER BY set_id, grouping, ordinal",
        ids=list(set_ids),
    )


# -- campaigns -----------------------------------------------------------------------------------
async def campaigns_by_ids(db: RequestDB, ids: Sequence[int]) -> list[RowMapping]:
    return await _rows(
        db,
        f"SELECT {CAMPAIGN_COLUMNS} FROM typical_campaigns c "
        "WHERE c.id = ANY(:ids) AND c.unit_path <@ ANY(CAST(:scope AS ltree[]))",
        ids=list(ids),
        scope=list(db.scope_paths),
    )


async def campaign_for(db: RequestDB, unit_id: int, year: int) -> RowMapping | None:
    rows = await _rows(
        db,
        f"SELECT {CAMPAIGN_COLUMNS} FROM typical_campaigns c "
        "WHERE c.unit_id = :u AND c.year = :y "
        "AND c.unit_path <@ ANY(CAST(:scope AS ltree[]))",
        u=unit_id,
        y=year,
        scope=list(db.scope_paths),
    )
    return rows[0] if rows else None


async def campaign_page(
    db: RequestDB,
    *,
    roots: Sequence[str],
    under_path: str | None,
    year: int | None,
    state: str | None,
    after_id: int | None,
    limit: int,
) -> list[RowMapping]:
    return await _rows(
        db,
        f"""
        SELECT {CAMPAIGN_COLUMNS} FROM typical_campaigns c
        WHERE c.unit_path <@ ANY(CAST(:roots AS ltree[]))
          AND (CAST(:under AS ltree) IS NULL OR c.unit_path <@ CAST(:under AS ltree))
          AND (CAST(:year AS int) IS NULL OR c.year = :year)
          AND (CAST(:state AS text) IS NULL OR c.state = :state)
          AND (CAST(:after AS bigint) IS NULL OR c.id > :after)
        ORDER BY c.id LIMIT :limit""",
        roots=list(roots),
        under=under_path,
        year=year,
        state=state,
        after=after_id,
        limit=limit,
    )


async def campaign_count(
    db: RequestDB,
    *,
    roots: Sequence[str],
    under_path: str | None,
    year: int | None,
    state: str | None,
) -> int:
    """How many campaigns `campaign_page` would list over all pages."""
    rows = await _rows(
        db,
        """
        SELECT count(*) AS n FROM typical_campaigns c
        WHERE c.unit_path <@ ANY(CAST(:roots AS ltree[]))
          AND (CAST(:under AS ltree) IS NULL OR c.unit_path <@ CAST(:under AS ltree))
          AND (CAST(:year AS int) IS NULL OR c.year = :year)
          AND (CAST(:state AS text) IS NULL OR c.state = :state)""",
        roots=list(roots),
        under=under_path,
        year=year,
        state=state,
    )
    return int(rows[0]["n"])


async def previous_recognition(db: RequestDB, unit_id: int, year: int) -> RowMapping | None:
    """The latest recognised campaign of the unit before `year` (makes this year a 'maintain')."""
    rows = await _rows(
        db,
        f"SELECT {CAMPAIGN_COLUMNS} FROM typical_campaigns c "
        "WHERE c.unit_id = :u AND c.year < :y AND c.state = 'recognised' "
        "ORDER BY c.year DESC LIMIT 1",
        u=unit_id,
        y=year,
    )
    return rows[0] if rows else None


async def insert_campaign(db: RequestDB, values: Mapping[str, Any]) -> int:
    columns = ", ".join(values)
    params = ", ".join(f"CAST(:{k} AS ltree)" if k == "unit_path" else f":{k}" for k in values)
    result = await db.execute(
        text(
            f"INSERT INTO typical_campaigns ({columns}) VALUES ({params}) "
            "ON CONFLICT (unit_id, year) DO NOTHING RETURNING id"
        ),
        dict(values),
    )
    row = result.first()
    return int(row[0]) if row else 0


async def update_campaign(
    db: RequestDB, campaign_id: int, version: int, changes: Mapping[str, Any]
) -> bool:
    """Optimistic write: False when someone changed the campaign since `version` was read."""
    sets = ", ".join(
        f"{k} = CAST(:{k} AS jsonb)" if k in ("figures", "previous_figures") else f"{k} = :{k}"
        for k in changes
    )
    params = {
        k: json.dumps(v) if k in ("figures", "previous_figures") else v for k, v in changes.items()
    }
    result = await db.execute(
        text(
            f"UPDATE typical_campaigns SET {sets}{', ' if sets else ''}version = version + 1, "
            "updated_at = now() WHERE id = :id AND version = :v RETURNING id"
        ),
        {**params, "id": campaign_id, "v": version},
    )
    return result.first() is not None


async def insert_event(
    db: RequestDB,
    *,
    campaign_id: int,
    unit_id: int,
    unit_path: str,
    action: str,
    from_state: str | None,
    to_state: str,
    on: date,
    actor: str,
    reasons: Sequence[str] = (),
    late: bool = False,
) -> None:
    await db.execute(
        text(
            "INSERT INTO campaign_events (campaign_id, unit_id, unit_path, action, from_state, "
            "to_state, on_date, actor, reasons, late) VALUES (:c, :u, CAST(:p AS ltree), :a, :f, :t, "
            ":on, :actor, :reasons, :late)"
        ),
        {
            "c": campaign_id,
            "u": unit_id,
            "p": unit_path,
            "a": action,
            "f": from_state,
            "t": to_state,
            "on": on,
            "actor": actor,
            "reasons": list(reasons),
            "late": late,
        },
    )


async def results_of(db: RequestDB, campaign_ids: Sequence[int]) -> list[RowMapping]:
    return await _rows(
        db,
        """
        SELECT r.campaign_id, r.criterion_id, r.declared_met, r.rule_met, r.met, r.explanation,
               r.evidence, r.updated_by, r.updated_at
        FROM criterion_results r
        WHERE r.campaign_id = ANY(:ids) AND r.unit_path <@ ANY(CAST(:scope AS ltree[]))""",
        ids=list(campaign_ids),
        scope=list(db.scope_paths),
    )


async def upsert_results(db: RequestDB, rows: Sequence[Mapping[str, Any]]) -> None:
    if not rows:
        return
    await db.execute(
        text("""
        INSERT INTO criterion_results (campaign_id, criterion_id, unit_id, unit_path,
            declared_met, rule_met, met, explanation, evidence, updated_by)
        SELECT * FROM unnest(CAST(:c AS bigint[]), CAST(:k AS bigint[]), CAST(:u AS bigint[]),
            CAST(:p AS ltree[]), CAST(:d AS boolean[]), CAST(:r AS boolean[]),
            CAST(:m AS boolean[]), CAST(:e AS text[]), CAST(:ev AS text[]), CAST(:by AS text[]))
        ON CONFLICT (campaign_id, criterion_id) DO UPDATE SET
            declared_met = EXCLUDED.declared_met, rule_met = EXCLUDED.rule_met,
            met = EXCLUDED.met, explanation = EXCLUDED.explanation, evidence = EXCLUDED.evidence,
            updated_by = EXCLUDED.updated_by, updated_at = now()"""),
        {
            "c": [r["campaign_id"] for r in rows],
            "k": [r["criterion_id"] for r in rows],
            "u": [r["unit_id"] for r in rows],
            "p": [r["unit_path"] for r in rows],
            "d": [r["declared_met"] for r in rows],
            "r": [r["rule_met"] for r in rows],
            "m": [r["met"] for r in rows],
            "e": [r["explanation"] for r in rows],
            "ev": [r["evidence"] for r in rows],
            "by": [r["updated_by"] for r in rows],
        },
    )


async def documents_of(db: RequestDB, campaign_ids: Sequence[int]) -> list[RowMapping]:
    return await _rows(
        db,
        """
        SELECT d.id, d.campaign_id, d.kind, d.title, d.number, d.issued_on, d.file_ref,
               d.added_by, d.created_at
        FROM campaign_documents d
        WHERE d.campaign_id = ANY(:ids) AND d.unit_path <@ ANY(CAST(:scope AS ltree[]))
        ORDER BY d.campaign_id, d.id""",
        ids=list(campaign_ids),
        scope=list(db.scope_paths),
    )


async def insert_document(db: RequestDB, values: Mapping[str, Any]) -> int:
    result = await db.execute(
        text("""
        INSERT INTO campaign_documents (campaign_id, unit_id, unit_path, kind, title, number,
            issued_on, file_ref, added_by)
        VALUES (:campaign_id, :unit_id, CAST(:unit_path AS ltree), :kind, :title, :number,
            :issued_on, :file_ref, :added_by) RETURNING id"""),
        dict(values),
    )
    return int(result.scalar_one())


async def events_of(db: RequestDB, campaign_ids: Sequence[int]) -> list[RowMapping]:
    return await _rows(
        db,
        """
        SELECT e.campaign_id, e.action, e.from_state, e.to_state, e.on_date, e.actor, e.reasons,
               e.late, e.at
        FROM campaign_events e
        WHERE e.campaign_id = ANY(:ids) AND e.unit_path <@ ANY(CAST(:scope AS ltree[]))
        ORDER BY e.campaign_id, e.id""",
        ids=list(campaign_ids),
        scope=list(db.scope_paths),
    )


# -- assessments ---------------------------------------------------------------------------------
async def assessments_by_ids(db: RequestDB, ids: Sequence[int]) -> list[RowMapping]:
    return await _rows(
        db,
        f"SELECT {ASSESSMENT_COLUMNS} FROM assessments a "
        "WHERE a.id = ANY(:ids) AND a.unit_path <@ ANY(CAST(:scope AS ltree[]))",
        ids=list(ids),
        scope=list(db.scope_paths),
    )


async def latest_assessments(db: RequestDB, unit_ids: Sequence[int]) -> list[RowMapping]:
    """Each unit's most recent assessment: one index probe per unit (unit_id, year)."""
    return await _rows(
        db,
        f"SELECT {ASSESSMENT_COLUMNS} FROM unnest(CAST(:ids AS bigint[])) u(id) "
        "CROSS JOIN LATERAL (SELECT * FROM assessments a0 "
        "WHERE a0.unit_id = u.id "
        "AND a0.unit_path <@ ANY(CAST(:scope AS ltree[])) "
        "ORDER BY a0.year DESC LIMIT 1) a",
        ids=list(unit_ids),
        scope=list(db.scope_paths),
    )


async def assessments_for(db: RequestDB, unit_ids: Sequence[int], year: int) -> list[RowMapping]:
    return await _rows(
        db,
        f"SELECT {ASSESSMENT_COLUMNS} FROM assessments a "
        "WHERE a.unit_id = ANY(:ids) AND a.year = :y "
        "AND a.unit_path <@ ANY(CAST(:scope AS ltree[]))",
        ids=list(unit_ids),
        y=year,
        scope=list(db.scope_paths),
    )


async def assessment_page(
    db: RequestDB,
    *,
    roots: Sequence[str],
    under_path: str,
    year: int,
    after_path: str | None,
    limit: int,
) -> list[RowMapping]:
    # `under` the nation is every row: written as the scope filter is, so that it is left out
    # the same way (db/queries/scope.py); `<@ 'vn'` alone is estimated at a few dozen rows and
    # made the planner sort the whole year instead of walking (year, unit_path) (migration 0070).
    return await _rows(
        db,
        f"""
        SELECT {ASSESSMENT_COLUMNS} FROM assessments a
        WHERE a.unit_path <@ ANY(CAST(:roots AS ltree[]))
          AND a.unit_path <@ ANY(CAST(:under AS ltree[]))
          AND a.year = :year
          AND (CAST(:after AS ltree) IS NULL OR a.unit_path > CAST(:after AS ltree))
        ORDER BY a.unit_path LIMIT :limit""",
        roots=list(roots),
        under=[under_path],
        year=year,
        after=after_path,
        limit=limit,
    )


async def assessment_count(
    db: RequestDB, *, roots: Sequence[str], under_path: str, year: int
) -> int:
    """How many assessments `assessment_page` would list over all pages."""
    rows = await _rows(
        db,
        """
        SELECT count(*) AS n FROM assessments a
        WHERE a.unit_path <@ ANY(CAST(:roots AS ltree[])) AND a.unit_path <@ CAST(:under AS ltree)
          AND a.year = :year""",
        roots=list(roots),
        under=under_path,
        year=year,
    )
    return int(rows[0]["n"])


async def upsert_assessments(db: RequestDB, rows: Sequence[Mapping[str, Any]]) -> list[RowMapping]:
    """Insert new rows and update existing ones whose version still matches, in one statement.

    `expected_version` is NULL for a new row; a row that exists with another version is neither
    inserted nor updated, so it is missing from the result and the caller reports a conflict.
    """
    return await _rows(
        db,
        f"""
        WITH input AS (
            SELECT * FROM unnest(CAST(:u AS bigint[]), CAST(:p AS text[]), CAST(:reg AS boolean[]),
                CAST(:ach AS boolean[]), CAST(:cls AS text[]), CAST(:ver AS int[]))
                AS t(unit_id, unit_path, reg, ach, cls, ver)
        ), written AS (
            INSERT INTO assessments AS a (unit_id, unit_path, year, safety_registered,
                safety_achieved, classification, entered_by, entered_on)
            SELECT unit_id, CAST(unit_path AS ltree), :year, reg, ach, cls, :by, :on FROM input
            ON CONFLICT (unit_id, year) DO UPDATE SET
                safety_registered = EXCLUDED.safety_registered,
                safety_achieved = EXCLUDED.safety_achieved,
                classification = EXCLUDED.classification, entered_by = EXCLUDED.entered_by,
                entered_on = EXCLUDED.entered_on, confirmed_by = NULL, confirmed_on = NULL,
                version = a.version + 1, updated_at = now()
            WHERE a.version = (SELECT ver FROM input i WHERE i.unit_id = a.unit_id)
            RETURNING a.*
        )
        SELECT {ASSESSMENT_COLUMNS} FROM written a""",
        u=[r["unit_id"] for r in rows],
        p=[r["unit_path"] for r in rows],
        reg=[r["safety_registered"] for r in rows],
        ach=[r["safety_achieved"] for r in rows],
        cls=[r["classification"] for r in rows],
        ver=[r["expected_version"] for r in rows],
        year=rows[0]["year"],
        by=rows[0]["entered_by"],
        on=rows[0]["entered_on"],
    )


async def confirm_assessment(
    db: RequestDB, assessment_id: int, version: int, *, by: str, on: date
) -> RowMapping | None:
    rows = await _rows(
        db,
        f"""
        WITH written AS (
            UPDATE assessments SET confirmed_by = :by, confirmed_on = :on,
                version = version + 1, updated_at = now()
            WHERE id = :id AND version = :v RETURNING *)
        SELECT {ASSESSMENT_COLUMNS} FROM written a""",
        id=assessment_id,
        v=version,
        by=by,
        on=on,
    )
    return rows[0] if rows else None


# -- rollup --------------------------------------------------------------------------------------
ROLLUP_SQL = """
WITH RECURSIVE
root AS (SELECT id, path, nlevel(path) AS lvl FROM admin_units WHERE id = :root_id),
anchors AS (
    SELECT u.id, u.path FROM admin_units u JOIN root r ON u.path <@ r.path
    WHERE (u.valid_from IS NULL OR u.valid_from <= :as_of)
      AND (u.valid_to IS NULL OR u.valid_to >= :as_of)
      AND u.path <@ ANY(CAST(:scope AS ltree[]))
),
-- A unit split among several successors counts in one of them only (none counted twice):
-- the successor that reuses its code, else the first by path.
primary_links AS (
    SELECT DISTINCT ON (s.predecessor_id) s.predecessor_id, s.successor_id
    FROM unit_successions s
    JOIN admin_units o ON o.id = s.predecessor_id
    JOIN admin_units n ON n.id = s.successor_id
    WHERE CAST(:include AS boolean)
    ORDER BY s.predecessor_id, (n.code = o.code) DESC, n.path
),
preds(anchor_id, unit_id, depth) AS (
    SELECT a.id, s.predecessor_id, 1 FROM anchors a
    JOIN primary_links s ON s.successor_id = a.id
    UNION
    SELECT p.anchor_id, s.predecessor_id, p.depth + 1 FROM preds p
    JOIN primary_links s ON s.successor_id = p.unit_id
    WHERE p.depth < 8
),
members AS (
    SELECT a.id AS anchor_id, a.id AS unit_id FROM anchors a
    UNION
    SELECT p.anchor_id, m.id FROM preds p
    JOIN admin_units pu ON pu.id = p.unit_id
    JOIN admin_units m ON m.path <@ pu.path
     AND (pu.valid_to IS NULL OR ((m.valid_from IS NULL OR m.valid_from <= pu.valid_to)
          AND (m.valid_to IS NULL OR m.valid_to >= pu.valid_to)))
),
-- One row per (child of the root, unit): the child is read off the anchor's path, so grouping
-- by child is a hash join on equal paths, not a `<@` test of every row against every child.
data AS (
    SELECT DISTINCT CASE WHEN nlevel(a.path) > r.lvl THEN subpath(a.path, 0, r.lvl + 1) END
               AS child_path,
           u.id AS unit_id, x.id AS assessment_id, x.safety_registered, x.safety_achieved,
           x.classification, t.state AS campaign_state
    FROM members m
    JOIN anchors a ON a.id = m.anchor_id
    CROSS JOIN root r
    JOIN admin_units u ON u.id = m.unit_id
    LEFT JOIN assessments x ON x.unit_id = u.id AND x.year = :year
    LEFT JOIN typical_campaigns t ON t.unit_id = u.id AND t.year = :year
    WHERE u.kind = ANY(CAST(:kinds AS text[]))
      AND (u.valid_from IS NULL OR u.valid_from <= :year_end)
      AND (u.valid_to IS NULL OR u.valid_to >= :year_start)
),
per_child AS (
    SELECT d.child_path, {aggregates} FROM data d
    WHERE d.child_path IS NOT NULL GROUP BY d.child_path
),
children AS (
    SELECT c.id, c.code, c.kind, c.sub_kind, c.name, c.short_name, c.path::text AS path,
           c.parent_id, c.valid_from, c.valid_to, c.version, c.path AS lpath
    FROM admin_units c
    WHERE c.parent_id = :root_id
      AND (c.valid_from IS NULL OR c.valid_from <= :as_of)
      AND (c.valid_to IS NULL OR c.valid_to >= :as_of)
      AND c.path <@ ANY(CAST(:scope AS ltree[]))
)
SELECT false AS is_total, c.id, c.code, c.kind, c.sub_kind, c.name, c.short_name, c.path,
       c.parent_id, c.valid_from, c.valid_to, c.version,
       coalesce(s.units, 0) AS units, coalesce(s.assessed, 0) AS assessed,
       coalesce(s.registered, 0) AS registered, coalesce(s.safe, 0) AS safe,
       coalesce(s.good_or_excellent, 0) AS good_or_excellent,
       coalesce(s.typical_registered, 0) AS typical_registered,
       coalesce(s.typical_recognised, 0) AS typical_recognised
FROM children c LEFT JOIN per_child s ON s.child_path = c.lpath
UNION ALL
SELECT true, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, {aggregates}
FROM data d
ORDER BY is_total DESC, path
"""
# Without predecessors every unit appears once, and the figures are sums: the root and the units
# right below it are read row by row, everything deeper from the per-parent tallies that the
# triggers of migration 0011 keep exact (~11,000 rows for the nation instead of ~115,000 units).
ROLLUP_CURRENT_SQL = """
WITH root AS (SELECT r.id, r.path, nlevel(r.path) AS lvl FROM admin_units r WHERE r.id = :root_id),
near AS (
    SELECT NULL::ltree AS child_path, u.id FROM root r JOIN admin_units u ON u.id = r.id
    WHERE u.kind = ANY(CAST(:kinds AS text[])) AND {unit_alive}
    UNION ALL
    SELECT u.path, u.id FROM root r JOIN admin_units u ON u.parent_id = r.id
    WHERE u.kind = ANY(CAST(:kinds AS text[])) AND {unit_alive}
      AND u.path <@ ANY(CAST(:scope AS ltree[]))
),
near_counts AS (
    SELECT n.child_path, 1 AS units, (x.id IS NOT NULL)::int AS assessed,
           coalesce(x.safety_registered, false)::int AS registered,
           coalesce(x.safety_achieved, false)::int AS safe,
           coalesce(x.classification IN ('xuat_sac', 'kha'), false)::int AS good_or_excellent,
           (c.id IS NOT NULL)::int AS typical_registered,
           coalesce(c.state = 'recognised', false)::int AS typical_recognised
    FROM near n
    LEFT JOIN assessments x ON x.unit_id = n.id AND x.year = :year
    LEFT JOIN typical_campaigns c ON c.unit_id = n.id AND c.year = :year
),
deep_counts AS (
    SELECT subpath(t.parent_path, 0, r.lvl + 1) AS child_path, t.units, 0, 0, 0, 0, 0, 0
    FROM root r JOIN unit_tallies t ON t.parent_path <@ r.path AND t.parent_path <> r.path
    WHERE {tally_alive} AND t.parent_path <@ ANY(CAST(:scope AS ltree[]))
    UNION ALL
    SELECT subpath(t.parent_path, 0, r.lvl + 1), 0, t.assessed, t.registered, t.safe,
           t.good_or_excellent, t.typical_registered, t.typical_recognised
    FROM root r JOIN assessment_tallies t ON t.parent_path <@ r.path AND t.parent_path <> r.path
    WHERE t.year = :year AND {tally_alive} AND t.parent_path <@ ANY(CAST(:scope AS ltree[]))
),
per_child AS (
    SELECT d.child_path, sum(d.units) AS units, sum(d.assessed) AS assessed,
           sum(d.registered) AS registered, sum(d.safe) AS safe,
           sum(d.good_or_excellent) AS good_or_excellent,
           sum(d.typical_registered) AS typical_registered,
           sum(d.typical_recognised) AS typical_recognised
    FROM (SELECT * FROM near_counts UNION ALL SELECT * FROM deep_counts) d
    GROUP BY d.child_path
)
SELECT false AS is_total, c.id, c.code, c.kind, c.sub_kind, c.name, c.short_name,
       c.path::text AS path, c.parent_id, c.valid_from, c.valid_to, c.version,
       coalesce(s.units, 0)::bigint AS units, coalesce(s.assessed, 0)::bigint AS assessed,
       coalesce(s.registered, 0)::bigint AS registered, coalesce(s.safe, 0)::bigint AS safe,
       coalesce(s.good_or_excellent, 0)::bigint AS good_or_excellent,
       coalesce(s.typical_registered, 0)::bigint AS typical_registered,
       coalesce(s.typical_recognised, 0)::bigint AS typical_recognised
FROM admin_units c LEFT JOIN per_child s ON s.child_path = c.path
WHERE c.parent_id = :root_id
  AND (c.valid_from IS NULL OR c.valid_from <= :as_of)
  AND (c.valid_to IS NULL OR c.valid_to >= :as_of)
  AND c.path <@ ANY(CAST(:scope AS ltree[]))
UNION ALL
SELECT true, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
       coalesce(sum(s.units), 0)::bigint, coalesce(sum(s.assessed), 0)::bigint,
       coalesce(sum(s.registered), 0)::bigint, coalesce(sum(s.safe), 0)::bigint,
       coalesce(sum(s.good_or_excellent), 0)::bigint,
       coalesce(sum(s.typical_registered), 0)::bigint,
       coalesce(sum(s.typical_recognised), 0)::bigint
FROM per_child s
ORDER BY is_total DESC, path
""".format(
    unit_alive="""(u.valid_from IS NULL OR u.valid_from <= :as_of)
      AND (u.valid_to IS NULL OR u.valid_to >= :as_of)
      AND (u.valid_from IS NULL OR u.valid_from <= :year_end)
      AND (u.valid_to IS NULL OR u.valid_to >= :year_start)""",
    tally_alive="t.lo <= :as_of AND t.hi >= :as_of AND t.lo <= :year_end AND t.hi >= :year_start",
)
AGGREGATES = """
    count(DISTINCT d.unit_id) AS units,
    count(DISTINCT d.unit_id) FILTER (WHERE d.assessment_id IS NOT NULL) AS assessed,
    count(DISTINCT d.unit_id) FILTER (WHERE d.safety_registered) AS registered,
    count(DISTINCT d.unit_id) FILTER (WHERE d.safety_achieved) AS safe,
    count(DISTINCT d.unit_id) FILTER (WHERE d.classification IN ('xuat_sac', 'kha'))
        AS good_or_excellent,
    count(DISTINCT d.unit_id) FILTER (WHERE d.campaign_state IS NOT NULL) AS typical_registered,
    count(DISTINCT d.unit_id) FILTER (WHERE d.campaign_state = 'recognised')
        AS typical_recognised"""


async def rollup(
    db: RequestDB, *, root_id: int, year: int, as_of: date, include_predecessors: bool
) -> list[RowMapping]:
    """The subtree total (first row, `is_total`) and one row per child: one statement."""
    if not include_predecessors:
        return await _rows(
            db,
            ROLLUP_CURRENT_SQL,
            root_id=root_id,
            year=year,
            as_of=as_of,
            year_start=date(year, 1, 1),
            year_end=date(year, 12, 31),
            kinds=list(ASSESSED_KINDS),
            scope=list(db.scope_paths),
        )
    return await _rows(
        db,
        ROLLUP_SQL.format(aggregates=AGGREGATES),
        root_id=root_id,
        as_of=as_of,
        year=year,
        year_start=date(year, 1, 1),
        year_end=date(year, 12, 31),
        include=include_predecessors,
        kinds=list(ASSESSED_KINDS),
        scope=list(db.scope_paths),
    )


async def units_by_codes(db: RequestDB, codes: Sequence[str], day: date) -> list[RowMapping]:
    """Units valid on `day` by code, inside the caller's scope (bulk entry resolves them once)."""
    return await _rows(
        db,
        """
        SELECT u.id, u.code, u.kind, u.name, u.path::text AS path FROM admin_units u
        WHERE u.code = ANY(:codes)
          AND (u.valid_from IS NULL OR u.valid_from <= :day)
          AND (u.valid_to IS NULL OR u.valid_to >= :day)
          AND u.path <@ ANY(CAST(:scope AS ltree[]))
        ORDER BY u.path""",
        codes=list(codes),
        day=day,
        scope=list(db.scope_paths),
    )
