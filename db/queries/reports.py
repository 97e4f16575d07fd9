"""The detail lines of an official result report: targets, models and typical-unit campaigns of
a subtree for a year, each with the names a reader needs (unit, model type).

The figures of the report are not computed here: they come from the rollup queries the GraphQL
API uses (targets.status_rollup, movement_models.rollup, evaluations.rollup), so a report cannot
disagree with the dashboards. These lists use the same filters as those rollups, so the lines
add up to the totals.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import RowMapping, text

from db.queries.targets import STATUS
from db.session import RequestDB


async def targets_under(
    db: RequestDB, *, roots: Sequence[str], under_path: str, year: int, today: date, limit: int
) -> list[RowMapping]:
    """Targets of `year` in the subtree (status at `today`), the unit's own first, then by
    unit and in the order they were written (seed tables keep their STT order)."""
    sql = f"""
        SELECT t.id, t.unit_path::text AS unit_path, u.name AS unit_name, t.category, t.stt,
               t.text, t.quantity ->> 'raw' AS quantity_raw, t.deadline ->> 'raw' AS deadline_raw,
               t.quantity_kind, t.target_value, t.due_on, t.achieved, t.achieved_on,
               {STATUS} AS status, t.measure, t.comparator, t.year, t.quantity, t.deadline
        FROM targets t JOIN admin_units u ON u.id = t.unit_id
        WHERE t.unit_path <@ CAST(:under AS ltree) AND t.year = :year
          AND t.unit_path <@ ANY(CAST(:roots AS ltree[])) AND t.withdrawn_on IS NULL
        ORDER BY t.unit_path, t.id
        LIMIT :limit"""
    return list(
        (
            await db.execute(
                text(sql),
                {
                    "under": under_path,
                    "year": year,
                    "roots": list(roots),
                    "today": today,
                    "limit": limit,
                },
            )
        ).mappings()
    )


async def models_under(
    db: RequestDB, *, roots: Sequence[str], under_path: str, year: int, limit: int
) -> list[RowMapping]:
    """Models active at some point of `year` in the subtree (the rollup's filter), with their
    rating of that year, if any."""
    sql = """
        SELECT m.id, m.unit_path::text AS unit_path, u.name AS unit_name, m.name,
               mt.name AS type_name, m.origin, m.founded_on, m.status, m.ended_on, r.rating
        FROM movement_models m
        JOIN model_types mt ON mt.id = m.model_type_id
        JOIN admin_units u ON u.id = m.unit_id
        LEFT JOIN model_ratings r ON r.model_id = m.id AND r.year = :year
        WHERE m.unit_path <@ CAST(:under AS ltree)
          AND m.unit_path <@ ANY(CAST(:roots AS ltree[]))
          AND (m.founded_on IS NULL OR m.founded_on <= make_date(:year, 12, 31))
          AND (m.ended_on IS NULL OR m.ended_on >= make_date(:year, 1, 1))
        ORDER BY m.unit_path, m.id
        LIMIT :limit"""
    return list(
        (
            await db.execute(
                text(sql), {"under": under_path, "year": year, "roots": list(roots), "limit": limit}
            )
        ).mappings()
    )


async def campaigns_under(
    db: RequestDB, *, roots: Sequence[str], under_path: str, year: int, limit: int
) -> list[RowMapping]:
    """Typical-unit campaigns of `year` in the subtree, with the unit's name."""
    sql = """
        SELECT c.id, c.unit_path::text AS unit_path, u.name AS unit_name, c.kind, c.state,
               c.registered_on, c.decided_on
        FROM typical_campaigns c JOIN admin_units u ON u.id = c.unit_id
        WHERE c.unit_path <@ CAST(:under AS ltree) AND c.year = :year
          AND c.unit_path <@ ANY(CAST(:roots AS ltree[]))
        ORDER BY c.unit_path, c.id
        LIMIT :limit"""
    return list(
        (
            await db.execute(
                text(sql), {"under": under_path, "year": year, "roots": list(roots), "limit": limit}
            )
        ).mappings()
    )
