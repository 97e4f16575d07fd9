"""SQL of migration 0040's tables: periods and reporting defaults (reference data), scoring
tables, classification proposals, police discipline records and commune safety results.

Tenant queries keep the explicit subtree filter on top of row-level security where they list;
single-row reads by id are checked by the service against the authorizer.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from sqlalchemy import RowMapping, text

from db.session import RequestDB

PROPOSAL_COLUMNS = """p.id, p.unit_id, p.unit_path::text AS unit_path, p.year, p.scoring_table_id,
    p.state, p.scores, p.total_points, p.earned_class, p.proposed_class, p.filed_by, p.filed_on,
    p.confirmed_class, p.decided_by, p.decided_on, p.correction_reason, p.version"""
SAFETY_COLUMNS = """s.id, s.unit_id, s.unit_path::text AS unit_path, s.year, s.period_start,
    s.period_end, s.state, s.achieved, s.conditions, s.proposed_by, s.proposed_on, s.decided_by,
    s.decided_on, s.decision_reason, s.version"""


async def _rows(db: RequestDB, sql: str, **params: Any) -> list[RowMapping]:
    return list((await db.execute(text(sql), params)).mappings())


async def _one(db: RequestDB, sql: str, **params: Any) -> RowMapping | None:
    rows = await _rows(db, sql, **params)
    return rows[0] if rows else None


# -- periods and defaults ------------------------------------------------------------------------
async def period_rule(db: RequestDB, unit_kind: str, on: date) -> RowMapping | None:
    """The period rule in force for a kind on a date (a newer rule wins)."""
    return await _one(
        db,
        """
        SELECT * FROM evaluation_periods
        WHERE unit_kind = :kind AND effective_from <= :on
          AND (effective_to IS NULL OR effective_to >= :on)
        ORDER BY effective_from DESC LIMIT 1""",
        kind=unit_kind,
        on=on,
    )


async def reporting_default(
    db: RequestDB, unit_kind: str, purpose: str, on: date
) -> RowMapping | None:
    return await _one(
        db,
        """
        SELECT * FROM reporting_deadline_defaults
        WHERE unit_kind = :kind AND purpose = :purpose AND effective_from <= :on
          AND (effective_to IS NULL OR effective_to >= :on)
        ORDER BY effective_from DESC LIMIT 1""",
        kind=unit_kind,
        purpose=purpose,
        on=on,
    )


# -- scoring tables ------------------------------------------------------------------------------
async def insert_scoring_table(
    db: RequestDB,
    values: Mapping[str, Any],
    items: Sequence[Mapping[str, Any]],
    thresholds: Mapping[str, Any],
) -> int | None:
    table_id = (
        await db.execute(
            text("""
        INSERT INTO scoring_tables (code, unit_kind, title, source, demo, issuer_path,
                                    effective_from, effective_to, max_total, imported_by)
        VALUES (:code, :unit_kind, :title, :source, :demo, CAST(:issuer_path AS ltree),
                :effective_from, :effective_to, :max_total, :imported_by)
        ON CONFLICT (code) DO NOTHING RETURNING id"""),
            dict(values),
        )
    ).scalar()
    if table_id is None:
        return None
    await db.execute(
        text("""
        INSERT INTO scoring_items (table_id, ordinal, stt, text, max_points, evidence)
        SELECT :t, * FROM unnest(CAST(:o AS int[]), CAST(:s AS text[]), CAST(:x AS text[]),
                                 CAST(:m AS numeric[]), CAST(:e AS text[]))"""),
        {
            "t": table_id,
            "o": [i["ordinal"] for i in items],
            "s": [i["stt"] for i in items],
            "x": [i["text"] for i in items],
            "m": [i["max_points"] for i in items],
            "e": [i["evidence"] for i in items],
        },
    )
    await db.execute(
        text("""
        INSERT INTO scoring_thresholds (table_id, classification, min_points)
        SELECT :t, * FROM unnest(CAST(:c AS text[]), CAST(:p AS numeric[]))"""),
        {"t": table_id, "c": list(thresholds), "p": list(thresholds.values())},
    )
    return int(table_id)


async def scoring_table(db: RequestDB, table_id: int) -> RowMapping | None:
    return await _one(
        db, "SELECT *, issuer_path::text AS issuer FROM scoring_tables WHERE id = :id", id=table_id
    )


async def scoring_tables_by_ids(
    db: RequestDB, ids: Sequence[int], *, paths: Sequence[str]
) -> list[RowMapping]:
    """The tables of `ids` that `scoring_tables_over` would list for these scope roots, in
    one statement (a `nodes(ids:)` of many tables)."""
    return await _rows(
        db,
        """
        SELECT *, issuer_path::text AS issuer FROM scoring_tables
        WHERE id = ANY(:ids)
          AND (issuer_path @> ANY(CAST(:paths AS ltree[]))
               OR issuer_path <@ ANY(CAST(:paths AS ltree[])))""",
        ids=list(ids),
        paths=list(paths),
    )


async def scoring_table_for(
    db: RequestDB, *, unit_kind: str, unit_path: str, on: date
) -> RowMapping | None:
    """The table in force on `on` issued by the nearest unit up the path (a province's own
    table wins over a national one; a newer table of the same issuer wins)."""
    return await _one(
        db,
        """
        SELECT *, issuer_path::text AS issuer FROM scoring_tables
        WHERE unit_kind = :kind AND issuer_path @> CAST(:path AS ltree)
          AND effective_from <= :on AND (effective_to IS NULL OR effective_to >= :on)
        ORDER BY nlevel(issuer_path) DESC, effective_from DESC, id DESC LIMIT 1""",
        kind=unit_kind,
        path=unit_path,
        on=on,
    )


async def scoring_tables_over(
    db: RequestDB, *, paths: Sequence[str], unit_kind: str | None, on: date | None
) -> list[RowMapping]:
    """Tables whose issuer is on the way to (or below) any of the caller's scope roots."""
    return await _rows(
        db,
        """
        SELECT *, issuer_path::text AS issuer FROM scoring_tables
        WHERE (issuer_path @> ANY(CAST(:paths AS ltree[]))
               OR issuer_path <@ ANY(CAST(:paths AS ltree[])))
          AND (CAST(:kind AS text) IS NULL OR unit_kind = :kind)
          AND (CAST(:on AS date) IS NULL OR (effective_from <= :on
               AND (effective_to IS NULL OR effective_to >= :on)))
        ORDER BY issuer_path, unit_kind, effective_from DESC, id""",
        paths=list(paths),
        kind=unit_kind,
        on=on,
    )


async def items_of(db: RequestDB, table_id: int) -> list[RowMapping]:
    return await _rows(
        db, "SELECT * FROM scoring_items WHERE table_id = :t ORDER BY ordinal", t=table_id
    )


async def thresholds_of(db: RequestDB, table_id: int) -> list[RowMapping]:
    return await _rows(
        db,
        "SELECT * FROM scoring_thresholds WHERE table_id = :t ORDER BY min_points DESC",
        t=table_id,
    )


# -- classification proposals --------------------------------------------------------------------
async def proposal(db: RequestDB, proposal_id: int) -> RowMapping | None:
    return await _one(
        db,
        f"SELECT {PROPOSAL_COLUMNS} FROM classification_proposals p WHERE p.id = :id",
        id=proposal_id,
    )


async def proposals_by_ids(db: RequestDB, ids: Sequence[int]) -> list[RowMapping]:
    return await _rows(
        db,
        f"SELECT {PROPOSAL_COLUMNS} FROM classification_proposals p WHERE p.id = ANY(:ids)",
        ids=list(ids),
    )


async def proposal_for(db: RequestDB, unit_id: int, year: int) -> RowMapping | None:
    return await _one(
        db,
        f"SELECT {PROPOSAL_COLUMNS} FROM classification_proposals p "
        "WHERE p.unit_id = :u AND p.year = :y",
        u=unit_id,
        y=year,
    )


async def upsert_proposal(
    db: RequestDB, values: Mapping[str, Any], expected_version: int | None
) -> RowMapping | None:
    """Insert, or replace a still-pending proposal whose version matches; else nothing."""
    params = {**values, "scores": json.dumps(values["scores"]), "ver": expected_version}
    return await _one(
        db,
        f"""
        WITH written AS (
            INSERT INTO classification_proposals AS p (unit_id, unit_path, year,
                scoring_table_id, state, scores, total_points, earned_class, proposed_class,
                filed_by, filed_on)
            VALUES (:unit_id, CAST(:unit_path AS ltree), :year, :scoring_table_id, 'proposed',
                    CAST(:scores AS jsonb), :total_points, :earned_class, :proposed_class,
                    :filed_by, :filed_on)
            ON CONFLICT (unit_id, year) DO UPDATE SET scoring_table_id = EXCLUDED.scoring_table_id,
                scores = EXCLUDED.scores, total_points = EXCLUDED.total_points,
                earned_class = EXCLUDED.earned_class, proposed_class = EXCLUDED.proposed_class,
                filed_by = EXCLUDED.filed_by, filed_on = EXCLUDED.filed_on,
                version = p.version + 1, updated_at = now()
            WHERE p.state = 'proposed' AND p.version = CAST(:ver AS int)
            RETURNING p.*
        )
        SELECT {PROPOSAL_COLUMNS} FROM written p""",
        **params,
    )


async def decide_proposal(
    db: RequestDB,
    proposal_id: int,
    version: int,
    *,
    state: str,
    confirmed_class: str,
    by: str,
    on: date,
    reason: str | None,
) -> RowMapping | None:
    return await _one(
        db,
        f"""
        WITH written AS (
            UPDATE classification_proposals p SET state = :state,
                confirmed_class = :cls, decided_by = :by, decided_on = :on,
                correction_reason = :reason, version = p.version + 1, updated_at = now()
            WHERE p.id = :id AND p.version = :v AND p.state = 'proposed'
            RETURNING p.*
        )
        SELECT {PROPOSAL_COLUMNS} FROM written p""",
        id=proposal_id,
        v=version,
        state=state,
        cls=confirmed_class,
        by=by,
        on=on,
        reason=reason,
    )


async def set_assessment_classification(
    db: RequestDB,
    *,
    unit_id: int,
    unit_path: str,
    year: int,
    classification: str,
    by: str,
    on: date,
) -> None:
    """The confirmed class becomes the assessment's (what rollups and tallies count)."""
    await db.execute(
        text("""
        INSERT INTO assessments AS a (unit_id, unit_path, year, classification, entered_by,
                                      entered_on)
        VALUES (:u, CAST(:p AS ltree), :y, :cls, :by, :on)
        ON CONFLICT (unit_id, year) DO UPDATE SET classification = EXCLUDED.classification,
            version = a.version + 1, updated_at = now()"""),
        {"u": unit_id, "p": unit_path, "y": year, "cls": classification, "by": by, "on": on},
    )


async def set_assessment_safety(
    db: RequestDB, *, unit_id: int, unit_path: str, year: int, achieved: bool, by: str, on: date
) -> None:
    """A decided Circular 124 result of a commune becomes its assessment's, confirmed by the
    level above that decided it."""
    await db.execute(
        text("""
        INSERT INTO assessments AS a (unit_id, unit_path, year, safety_registered,
                                      safety_achieved, entered_by, entered_on, confirmed_by,
                                      confirmed_on)
        VALUES (:u, CAST(:p AS ltree), :y, true, :ach, :by, :on, :by, :on)
        ON CONFLICT (unit_id, year) DO UPDATE SET safety_registered = true,
            safety_achieved = EXCLUDED.safety_achieved, confirmed_by = EXCLUDED.confirmed_by,
            confirmed_on = EXCLUDED.confirmed_on, version = a.version + 1,
            updated_at = now()"""),
        {"u": unit_id, "p": unit_path, "y": year, "ach": achieved, "by": by, "on": on},
    )


async def confirmed_classifications(
    db: RequestDB, unit_id: int, years: Sequence[int]
) -> dict[int, str]:
    """Classes confirmed by the level above (a decided proposal), by year."""
    rows = await _rows(
        db,
        """
        SELECT year, confirmed_class FROM classification_proposals
        WHERE unit_id = :u AND year = ANY(:ys) AND state IN ('confirmed', 'corrected')""",
        u=unit_id,
        ys=list(years),
    )
    return {r["year"]: r["confirmed_class"] for r in rows}


# -- police discipline ---------------------------------------------------------------------------
async def insert_discipline(db: RequestDB, values: Mapping[str, Any]) -> RowMapping:
    row = await _one(
        db,
        """
        INSERT INTO police_discipline_records (unit_id, unit_path, officer_name, penalty,
                                               decided_on, source, recorded_by)
        VALUES (:unit_id, CAST(:unit_path AS ltree), :officer_name, :penalty, :decided_on,
                :source, :recorded_by)
        RETURNING id, unit_id, unit_path::text AS unit_path, officer_name, penalty, decided_on,
                  source, recorded_by, version""",
        **values,
    )
    assert row is not None
    return row


async def discipline_by_ids(db: RequestDB, ids: Sequence[int]) -> list[RowMapping]:
    return await _rows(
        db,
        """
        SELECT id, unit_id, unit_path::text AS unit_path, officer_name, penalty, decided_on,
               source, recorded_by FROM police_discipline_records WHERE id = ANY(:ids)""",
        ids=list(ids),
    )


async def discipline_between(
    db: RequestDB, unit_id: int, start: date, end: date
) -> list[RowMapping]:
    return await _rows(
        db,
        """
        SELECT id, officer_name, penalty, decided_on, source FROM police_discipline_records
        WHERE unit_id = :u AND decided_on BETWEEN :s AND :e ORDER BY decided_on, id""",
        u=unit_id,
        s=start,
        e=end,
    )


# -- a commune's Circular 124 result -------------------------------------------------------------
async def member_units(
    db: RequestDB, commune_id: int, start: date, end: date, year: int
) -> list[RowMapping]:
    """Residential areas and the agencies, enterprises and schools a commune manages that
    existed during the period, with their assessment of the period's year (if any)."""
    return await _rows(
        db,
        """
        SELECT u.id, u.code, u.name, u.kind, a.safety_registered, a.safety_achieved
        FROM admin_units u
        LEFT JOIN assessments a ON a.unit_id = u.id AND a.year = :y
        WHERE u.parent_id = :c
          AND u.kind IN ('residential_area', 'agency', 'enterprise', 'school')
          AND (u.valid_from IS NULL OR u.valid_from <= :e)
          AND (u.valid_to IS NULL OR u.valid_to >= :s)
        ORDER BY u.path""",
        c=commune_id,
        s=start,
        e=end,
        y=year,
    )


async def effective_models(
    db: RequestDB, commune_path: str, end: date, year: int
) -> list[RowMapping]:
    """Models of the commune's subtree active at the period's end and rated Tốt or Khá for the
    period's year."""
    return await _rows(
        db,
        """
        SELECT m.id, m.name FROM movement_models m
        JOIN model_ratings r ON r.model_id = m.id AND r.year = :y
        WHERE m.unit_path <@ CAST(:p AS ltree) AND r.rating IN ('tot', 'kha')
          AND (m.status = 'active' OR m.ended_on > :e)
          AND (m.founded_on IS NULL OR m.founded_on <= :e)
        ORDER BY m.id""",
        p=commune_path,
        e=end,
        y=year,
    )


async def safety_result(db: RequestDB, result_id: int) -> RowMapping | None:
    return await _one(
        db, f"SELECT {SAFETY_COLUMNS} FROM commune_safety_results s WHERE s.id = :id", id=result_id
    )


async def safety_results_by_ids(db: RequestDB, ids: Sequence[int]) -> list[RowMapping]:
    return await _rows(
        db,
        f"SELECT {SAFETY_COLUMNS} FROM commune_safety_results s WHERE s.id = ANY(:ids)",
        ids=list(ids),
    )


async def safety_result_for(db: RequestDB, unit_id: int, year: int) -> RowMapping | None:
    return await _one(
        db,
        f"SELECT {SAFETY_COLUMNS} FROM commune_safety_results s "
        "WHERE s.unit_id = :u AND s.year = :y",
        u=unit_id,
        y=year,
    )


async def upsert_safety_result(db: RequestDB, values: Mapping[str, Any]) -> RowMapping | None:
    """A new proposal, or a recomputation of one not yet decided."""
    return await _one(
        db,
        f"""
        WITH written AS (
            INSERT INTO commune_safety_results AS s (unit_id, unit_path, year, period_start,
                period_end, state, achieved, conditions, proposed_by, proposed_on)
            VALUES (:unit_id, CAST(:unit_path AS ltree), :year, :period_start, :period_end,
                    'proposed', :achieved, CAST(:conditions AS jsonb), :proposed_by,
                    :proposed_on)
            ON CONFLICT (unit_id, year) DO UPDATE SET achieved = EXCLUDED.achieved,
                conditions = EXCLUDED.conditions, proposed_by = EXCLUDED.proposed_by,
                proposed_on = EXCLUDED.proposed_on, period_start = EXCLUDED.period_start,
                period_end = EXCLUDED.period_end, version = s.version + 1, updated_at = now()
            WHERE s.state = 'proposed'
            RETURNING s.*
        )
        SELECT {SAFETY_COLUMNS} FROM written s""",
        **{**values, "conditions": json.dumps(values["conditions"], ensure_ascii=False)},
    )


async def decide_safety_result(
    db: RequestDB,
    result_id: int,
    version: int,
    *,
    state: str,
    achieved: bool,
    conditions: Sequence[Mapping[str, Any]],
    by: str,
    on: date,
    reason: str | None,
) -> RowMapping | None:
    return await _one(
        db,
        f"""
        WITH written AS (
            UPDATE commune_safety_results s SET state = :state, achieved = :ach,
                conditions = CAST(:cond AS jsonb), decided_by = :by, decided_on = :on,
                decision_reason = :reason, version = s.version + 1, updated_at = now()
            WHERE s.id = :id AND s.version = :v AND s.state = 'proposed'
            RETURNING s.*
        )
        SELECT {SAFETY_COLUMNS} FROM written s""",
        id=result_id,
        v=version,
        state=state,
        ach=achieved,
        cond=json.dumps(list(conditions), ensure_ascii=False),
        by=by,
        on=on,
        reason=reason,
    )
