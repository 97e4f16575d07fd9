"""Queries over models (mô hình), their yearly ratings and the rating rollup."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import RowMapping, text

from db.session import RequestDB

COLUMNS = """m.id, m.unit_id, m.unit_path::text AS unit_path, m.model_type_id, m.name, m.origin,
    m.founded_on, m.status, m.ended_on, m.merged_into_id, m.version"""
ROOTS = "m.unit_path <@ ANY(CAST(:roots AS ltree[]))"
RATING_COLUMNS = """r.id, r.model_id, r.unit_path::text AS unit_path, r.year, r.rating,
    r.reviewer, r.note, r.version, r.updated_at"""


async def model_types(db: RequestDB) -> list[RowMapping]:
    return list(
        (await db.execute(text("SELECT id, code, name FROM model_types ORDER BY id"))).mappings()
    )


async def model_types_by_ids(db: RequestDB, ids: Sequence[int]) -> list[RowMapping]:
    return list(
        (
            await db.execute(
                text("SELECT id, code, name FROM model_types WHERE id = ANY(:i)"), {"i": list(ids)}
            )
        ).mappings()
    )


async def model_type_by_code(db: RequestDB, code: str) -> RowMapping | None:
    return (
        (
            await db.execute(
                text("SELECT id, code, name FROM model_types WHERE code = :c"), {"c": code}
            )
        )
        .mappings()
        .first()
    )


def _filters(
    roots: Sequence[str], under_path: str | None, type_id: int | None, status: str | None
) -> tuple[list[str], dict[str, Any]]:
    where = [ROOTS]
    params: dict[str, Any] = {"roots": list(roots)}
    if under_path:
        where.append("m.unit_path <@ CAST(:under AS ltree)")
        params["under"] = under_path
    if type_id is not None:
        where.append("m.model_type_id = :type_id")
        params["type_id"] = type_id
    if status:
        where.append("m.status = :status")
        params["status"] = status
    return where, params


async def page(
    db: RequestDB,
    *,
    roots: Sequence[str],
    under_path: str | None,
    type_id: int | None,
    status: str | None,
    after_id: int | None,
    limit: int,
) -> list[RowMapping]:
    where, params = _filters(roots, under_path, type_id, status)
    params["limit"] = limit
    if after_id is not None:
        where.append("m.id > :after_id")
        params["after_id"] = after_id
    sql = (
        f"SELECT {COLUMNS} FROM movement_models m WHERE {' AND '.join(where)} "
        f"ORDER BY m.id LIMIT :limit"
    )
    return list((await db.execute(text(sql), params)).mappings())


async def count(
    db: RequestDB,
    *,
    roots: Sequence[str],
    under_path: str | None,
    type_id: int | None,
    status: str | None,
) -> int:
    """How many models `page` would list over all pages."""
    where, params = _filters(roots, under_path, type_id, status)
    sql = f"SELECT count(*) FROM movement_models m WHERE {' AND '.join(where)}"
    return int((await db.execute(text(sql), params)).scalar_one())


async def by_ids(db: RequestDB, ids: Sequence[int], roots: Sequence[str]) -> list[RowMapping]:
    sql = f"SELECT {COLUMNS} FROM movement_models m WHERE m.id = ANY(:ids) AND {ROOTS}"
    return list((await db.execute(text(sql), {"ids": list(ids), "roots": list(roots)})).mappings())


async def ratings_of(db: RequestDB, model_ids: Sequence[int]) -> list[RowMapping]:
    sql = (
        f"SELECT {RATING_COLUMNS} FROM model_ratings r WHERE r.model_id = ANY(:ids) "
        f"ORDER BY r.model_id, r.year DESC"
    )
    return list((await db.execute(text(sql), {"ids": list(model_ids)})).mappings())


async def insert(db: RequestDB, *, unit: RowMapping, values: dict[str, Any]) -> RowMapping:
    sql = f"""INSERT INTO movement_models AS m (unit_id, unit_path, model_type_id, name, origin,
            founded_on, status)
        VALUES (:unit_id, CAST(:unit_path AS ltree), :model_type_id, :name, :origin,
            :founded_on, 'active')
        RETURNING {COLUMNS}"""
    return (
        (await db.execute(text(sql), {"unit_id": unit["id"], "unit_path": unit["path"], **values}))
        .mappings()
        .one()
    )


async def update(
    db: RequestDB, *, model_id: int, version: int, values: dict[str, Any]
) -> RowMapping | None:
    sets = ", ".join(f"{column} = :{column}" for column in values)
    sql = f"""UPDATE movement_models AS m SET {sets}, version = version + 1, updated_at = now()
        WHERE m.id = :id AND m.version = :version RETURNING {COLUMNS}"""
    return (
        (await db.execute(text(sql), {"id": model_id, "version": version, **values}))
        .mappings()
        .first()
    )


async def rating_for(db: RequestDB, model_id: int, year: int) -> RowMapping | None:
    sql = f"SELECT {RATING_COLUMNS} FROM model_ratings r WHERE r.model_id = :m AND r.year = :y"
    return (await db.execute(text(sql), {"m": model_id, "y": year})).mappings().first()


async def insert_rating(
    db: RequestDB, *, model: RowMapping, year: int, rating: str, reviewer: str, note: str | None
) -> RowMapping:
    sql = f"""INSERT INTO model_ratings AS r (unit_id, unit_path, model_id, year, rating, reviewer,
            note)
        VALUES (:unit_id, CAST(:unit_path AS ltree), :model_id, :year, :rating, :reviewer, :note)
        RETURNING {RATING_COLUMNS}"""
    return (
        (
            await db.execute(
                text(sql),
                {
                    "unit_id": model["unit_id"],
                    "unit_path": model["unit_path"],
                    "model_id": model["id"],
                    "year": year,
                    "rating": rating,
                    "reviewer": reviewer,
                    "note": note,
                },
            )
        )
        .mappings()
        .one()
    )


async def update_rating(
    db: RequestDB, *, rating_id: int, version: int, rating: str, reviewer: str, note: str | None
) -> RowMapping | None:
    sql = f"""UPDATE model_ratings AS r SET rating = :rating, reviewer = :reviewer, note = :note,
            version = version + 1, updated_at = now()
        WHERE r.id = :id AND r.version = :version RETURNING {RATING_COLUMNS}"""
    return (
        (
            await db.execute(
                text(sql),
                {
                    "id": rating_id,
                    "version": version,
                    "rating": rating,
                    "reviewer": reviewer,
                    "note": note,
                },
            )
        )
        .mappings()
        .first()
    )


async def rollup(
    db: RequestDB, *, roots: Sequence[str], unit: RowMapping, year: int
) -> list[RowMapping]:
    """Ratings of `year` over the unit's subtree, per child unit and in total (`unit_id` NULL),
    with the share Tốt+Khá and the "≥ 80% Tốt/Khá, no Yếu" rule: one statement.

    Counted: models active at some point of the year (not ended before it started)."""
    sql = """WITH kids AS (
            SELECT c.id, c.path FROM admin_units c
            WHERE c.parent_id = :unit_id AND c.path <@ ANY(CAST(:roots AS ltree[]))
              AND (c.valid_from IS NULL OR c.valid_from <= :day)
              AND (c.valid_to IS NULL OR c.valid_to >= :day)),
        rated AS (
            SELECT m.unit_path, r.rating FROM movement_models m
            LEFT JOIN model_ratings r ON r.model_id = m.id AND r.year = :year
            WHERE m.unit_path <@ CAST(:unit_path AS ltree)
              AND m.unit_path <@ ANY(CAST(:roots AS ltree[]))
              AND (m.founded_on IS NULL OR m.founded_on <= make_date(:year, 12, 31))
              AND (m.ended_on IS NULL OR m.ended_on >= make_date(:year, 1, 1))),
        grouped AS (
            SELECT k.id AS unit_id, k.path, count(x.unit_path) AS models,
                   count(x.rating) FILTER (WHERE x.rating = 'tot') AS tot,
                   count(x.rating) FILTER (WHERE x.rating = 'kha') AS kha,
                   count(x.rating) FILTER (WHERE x.rating = 'trung_binh') AS trung_binh,
                   count(x.rating) FILTER (WHERE x.rating = 'yeu') AS yeu
            FROM kids k LEFT JOIN rated x ON x.unit_path <@ k.path GROUP BY k.id, k.path
            UNION ALL
            SELECT NULL, NULL, count(*),
                   count(rating) FILTER (WHERE rating = 'tot'),
                   count(rating) FILTER (WHERE rating = 'kha'),
                   count(rating) FILTER (WHERE rating = 'trung_binh'),
                   count(rating) FILTER (WHERE rating = 'yeu')
            FROM rated)
        SELECT g.*, g.tot + g.kha + g.trung_binh + g.yeu AS rated,
               round(100.0 * (g.tot + g.kha) / NULLIF(g.tot + g.kha + g.trung_binh + g.yeu, 0), 1)
                   AS good_share,
               (g.tot + g.kha + g.trung_binh + g.yeu > 0
                AND (g.tot + g.kha) * 100 >= 80 * (g.tot + g.kha + g.trung_binh + g.yeu)
                AND g.yeu = 0) AS meets_rule
        FROM grouped g ORDER BY g.path NULLS FIRST"""
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
                },
            )
        ).mappings()
    )
