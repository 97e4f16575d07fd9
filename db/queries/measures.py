"""What the platform's own data says about a unit's subtree in a year: assessments per unit
kind and typical-unit campaigns as entered by `as_of`, the year's model ratings; inside the
caller's scope (and RLS)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import RowMapping, text

from db.session import RequestDB

ASSESSED = ["residential_area", "commune", "agency", "enterprise", "school"]


async def assessments_by_kind(db: RequestDB, path: str, year: int, as_of: date) -> list[RowMapping]:
    """Per unit kind: assessable units alive in the year, and how many registered, achieved
    "An toàn về ANTT" and were classified Xuất sắc or Khá (entered by `as_of`)."""
    return list(
        (
            await db.execute(
                text(
                    """SELECT u.kind, count(*) AS units,
                  count(x.id) FILTER (WHERE x.safety_registered) AS registered,
                  count(x.id) FILTER (WHERE x.safety_achieved) AS safe,
                  count(x.id) FILTER (WHERE x.classification IN ('xuat_sac', 'kha')) AS good
           FROM admin_units u
           LEFT JOIN assessments x ON x.unit_id = u.id AND x.year = :year
                AND x.entered_on <= :as_of
           WHERE u.path <@ CAST(:path AS ltree) AND u.kind = ANY(CAST(:kinds AS text[]))
             AND u.path <@ ANY(CAST(:scope AS ltree[]))
             AND (u.valid_from IS NULL OR u.valid_from <= make_date(:year, 12, 31))
             AND (u.valid_to IS NULL OR u.valid_to >= make_date(:year, 1, 1))
           GROUP BY u.kind"""
                ),
                {
                    "path": path,
                    "year": year,
                    "as_of": as_of,
                    "kinds": ASSESSED,
                    "scope": list(db.scope_paths),
                },
            )
        ).mappings()
    )


async def campaigns(db: RequestDB, path: str, year: int, as_of: date) -> RowMapping:
    return (
        (
            await db.execute(
                text(
                    """SELECT count(*) FILTER (WHERE c.registered_on <= :as_of) AS registered,
                  count(*) FILTER (WHERE c.state = 'recognised' AND c.decided_on <= :as_of)
                      AS recognised
           FROM typical_campaigns c
           WHERE c.unit_path <@ CAST(:path AS ltree) AND c.year = :year
             AND c.unit_path <@ ANY(CAST(:scope AS ltree[]))"""
                ),
                {"path": path, "year": year, "as_of": as_of, "scope": list(db.scope_paths)},
            )
        )
        .mappings()
        .one()
    )


async def model_ratings(db: RequestDB, path: str, year: int, as_of: date) -> RowMapping:
    """Ratings of the year's active models in the subtree. A rating has no business date of
    its own (it is the year's), so the latest one counts whatever `as_of`."""
    return (
        (
            await db.execute(
                text(
                    """SELECT count(*) AS rated,
                  count(*) FILTER (WHERE r.rating IN ('tot', 'kha')) AS good,
                  count(*) FILTER (WHERE r.rating = 'yeu') AS weak
           FROM model_ratings r JOIN movement_models m ON m.id = r.model_id
           WHERE r.unit_path <@ CAST(:path AS ltree) AND r.year = :year
             AND m.status = 'active'
             AND r.unit_path <@ ANY(CAST(:scope AS ltree[]))"""
                ),
                {"path": path, "year": year, "as_of": as_of, "scope": list(db.scope_paths)},
            )
        )
        .mappings()
        .one()
    )


async def statuses(db: RequestDB, rows: Sequence[dict[str, Any]]) -> list[str]:
    """antq_target_status for computed values, in order: the same rule as stored targets."""
    if not rows:
        return []
    result = await db.execute(
        text(
            """SELECT antq_target_status(v.cmp, v.tv, v.achieved, v.due, v.year, v.today)
           FROM unnest(CAST(:cmp AS text[]), CAST(:tv AS numeric[]), CAST(:ach AS numeric[]),
                       CAST(:due AS date[]), CAST(:yr AS integer[]), CAST(:today AS date[]))
                WITH ORDINALITY AS v(cmp, tv, achieved, due, year, today, n)
           ORDER BY v.n"""
        ),
        {
            "cmp": [r["comparator"] for r in rows],
            "tv": [
                None if r["target_value"] is None else Decimal(str(r["target_value"])) for r in rows
            ],
            "ach": [None if r["achieved"] is None else Decimal(str(r["achieved"])) for r in rows],
            "due": [r["due_on"] for r in rows],
            "yr": [r["year"] for r in rows],
            "today": [r["today"] for r in rows],
        },
    )
    return [row[0] for row in result]


async def assessments_by_kind_many(
    db: RequestDB, paths: Sequence[str], year: int, as_of: date
) -> list[RowMapping]:
    """assessments_by_kind for many subtrees in one statement (`under` names the subtree)."""
    return list(
        (
            await db.execute(
                text(
                    """SELECT s.path AS under, u.kind, count(*) AS units,
                  count(x.id) FILTER (WHERE x.safety_registered) AS registered,
                  count(x.id) FILTER (WHERE x.safety_achieved) AS safe,
                  count(x.id) FILTER (WHERE x.classification IN ('xuat_sac', 'kha')) AS good
           FROM unnest(CAST(:paths AS text[])) AS s(path)
           JOIN admin_units u ON u.path <@ CAST(s.path AS ltree)
           LEFT JOIN assessments x ON x.unit_id = u.id AND x.year = :year
                AND x.entered_on <= :as_of
           WHERE u.kind = ANY(CAST(:kinds AS text[])) AND u.path <@ ANY(CAST(:scope AS ltree[]))
             AND (u.valid_from IS NULL OR u.valid_from <= make_date(:year, 12, 31))
             AND (u.valid_to IS NULL OR u.valid_to >= make_date(:year, 1, 1))
           GROUP BY s.path, u.kind"""
                ),
                {
                    "paths": list(paths),
                    "year": year,
                    "as_of": as_of,
                    "kinds": ASSESSED,
                    "scope": list(db.scope_paths),
                },
            )
        ).mappings()
    )


async def campaigns_many(
    db: RequestDB, paths: Sequence[str], year: int, as_of: date
) -> list[RowMapping]:
    return list(
        (
            await db.execute(
                text(
                    """SELECT s.path AS under,
                  count(c.id) FILTER (WHERE c.registered_on <= :as_of) AS registered,
                  count(c.id) FILTER (WHERE c.state = 'recognised' AND c.decided_on <= :as_of)
                      AS recognised
           FROM unnest(CAST(:paths AS text[])) AS s(path)
           LEFT JOIN typical_campaigns c ON c.unit_path <@ CAST(s.path AS ltree)
                AND c.year = :year AND c.unit_path <@ ANY(CAST(:scope AS ltree[]))
           GROUP BY s.path"""
                ),
                {"paths": list(paths), "year": year, "as_of": as_of, "scope": list(db.scope_paths)},
            )
        ).mappings()
    )


async def model_ratings_many(db: RequestDB, paths: Sequence[str], year: int) -> list[RowMapping]:
    return list(
        (
            await db.execute(
                text(
                    """SELECT s.path AS under, count(r.id) AS rated,
                  count(r.id) FILTER (WHERE r.rating IN ('tot', 'kha')) AS good,
                  count(r.id) FILTER (WHERE r.rating = 'yeu') AS weak
           FROM unnest(CAST(:paths AS text[])) AS s(path)
           LEFT JOIN model_ratings r ON r.unit_path <@ CAST(s.path AS ltree) AND r.year = :year
                AND r.unit_path <@ ANY(CAST(:scope AS ltree[]))
                AND EXISTS (SELECT 1 FROM movement_models m
                            WHERE m.id = r.model_id AND m.status = 'active')
           GROUP BY s.path"""
                ),
                {"paths": list(paths), "year": year, "scope": list(db.scope_paths)},
            )
        ).mappings()
    )
