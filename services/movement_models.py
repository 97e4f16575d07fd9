"""Models (mô hình): instances run by units, rated yearly by a reviewer of the level above
(policy `model rate` with scope `parent`), and the rollup against "≥ 80% Tốt/Khá, no Yếu"."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import RowMapping

from authz.authorizer import Authorizer, Principal
from core.domain import ModelOrigin, ModelStatus, Rating
from core.errors import BadInput, Conflict, Forbidden, NotFound, raises
from core.i18n import msg
from db.queries import authz as audit_q
from db.queries import movement_models as q
from db.session import RequestDB
from services.records import record, records
from services.text import fold
from services.units import unit_by_code
from services.versioning import check_version

# Accepted spellings of a rating: the Vietnamese label in any accent/case, or the enum name.
_RATING_WORDS = {
    "tot": Rating.TOT,
    "kha": Rating.KHA,
    "trung binh": Rating.TRUNG_BINH,
    "trung_binh": Rating.TRUNG_BINH,
    "yeu": Rating.YEU,
}


@dataclass(frozen=True, slots=True)
class Model:
    id: int
    unit_id: int
    unit_path: str
    model_type_id: int
    name: str
    origin: str  # a ModelOrigin value
    founded_on: date | None
    status: str  # a ModelStatus value
    ended_on: date | None
    merged_into_id: int | None
    version: int


@dataclass(frozen=True, slots=True)
class ModelType:
    id: int
    code: str
    name: str


@dataclass(frozen=True, slots=True)
class ModelRating:
    id: int
    model_id: int
    unit_path: str
    year: int
    rating: str  # a Rating value
    reviewer: str
    note: str | None
    version: int
    updated_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class RatingCounts:
    """Ratings of one child unit's models in a year, or of the whole subtree (`unit_id` None)."""

    unit_id: int | None
    models: int
    rated: int
    tot: int
    kha: int
    trung_binh: int
    yeu: int
    good_share: Decimal | None
    meets_rule: bool


def parse_rating(value: str) -> Rating:
    found = _RATING_WORDS.get(fold(value).replace("-", " "))
    if found is None:
        raise BadInput(
            msg(
                "Unknown rating {value!r}: a model is rated Tốt, Khá, Trung bình or Yếu.",
                value=value,
            ),
            field="rating",
        )
    return found


def read_roots(authorizer: Authorizer, principal: Principal) -> list[str]:
    return authorizer.paths_for(principal, "model", "read")


async def list_models(
    db: RequestDB,
    authorizer: Authorizer,
    principal: Principal,
    *,
    under_code: str | None,
    type_code: str | None,
    status: str | None,
    after_id: int | None,
    limit: int,
) -> list[Model]:
    under_path = (await unit_by_code(db, under_code, None))["path"] if under_code else None
    type_id = None
    if type_code:
        found = await q.model_type_by_code(db, type_code)
        if found is None:
            raise NotFound(msg("No model type {type_code!r}.", type_code=type_code), field="type")
        type_id = found["id"]
    rows = await q.page(
        db,
        roots=read_roots(authorizer, principal),
        under_path=under_path,
        type_id=type_id,
        status=status,
        after_id=after_id,
        limit=limit,
    )
    return records(Model, rows)


async def count_models(
    db: RequestDB,
    authorizer: Authorizer,
    principal: Principal,
    *,
    under_code: str | None,
    type_code: str | None,
    status: str | None,
) -> int:
    """`totalCount` of `list_models` with the same filters."""
    under_path = (await unit_by_code(db, under_code, None))["path"] if under_code else None
    type_id = None
    if type_code:
        found = await q.model_type_by_code(db, type_code)
        if found is None:
            raise NotFound(msg("No model type {type_code!r}.", type_code=type_code), field="type")
        type_id = found["id"]
    return await q.count(
        db,
        roots=read_roots(authorizer, principal),
        under_path=under_path,
        type_id=type_id,
        status=status,
    )


async def model_by_id(
    db: RequestDB, authorizer: Authorizer, principal: Principal, model_id: int
) -> Model:
    return record(Model, await _model_row(db, authorizer, principal, model_id))


async def _model_row(
    db: RequestDB, authorizer: Authorizer, principal: Principal, model_id: int
) -> RowMapping:
    rows = await q.by_ids(db, [model_id], read_roots(authorizer, principal))
    if not rows:
        raise NotFound(msg("No such model."), field="modelId")
    return rows[0]


async def rollup(
    db: RequestDB, authorizer: Authorizer, principal: Principal, *, unit_code: str, year: int
) -> tuple[RowMapping, list[RatingCounts]]:
    """NOT_FOUND for a unit outside the caller's scope (a district officer asking for the
    province answers like a unit that does not exist)."""
    if not 2000 <= year <= 2100:
        raise BadInput(msg("`year` must be between 2000 and 2100."), field="year")
    unit = await unit_by_code(db, unit_code, date(year, 6, 1))
    rows = await q.rollup(db, roots=read_roots(authorizer, principal), unit=unit, year=year)
    return unit, records(RatingCounts, rows)


# -- batch reads (graph loaders) ---------------------------------------------------------------


async def models_by_ids(
    db: RequestDB, authorizer: Authorizer, principal: Principal | None, ids: Sequence[int]
) -> dict[int, Model]:
    rows = await q.by_ids(db, ids, authorizer.paths_for(principal, "model", "read"))
    return {m.id: m for m in records(Model, rows)}


async def model_types(db: RequestDB) -> list[ModelType]:
    """The catalogue of model types, for every signed-in caller."""
    return records(ModelType, await q.model_types(db))


async def model_types_by_ids(db: RequestDB, ids: Sequence[int]) -> dict[int, ModelType]:
    """Model types are a public catalogue: no scope."""
    return {t.id: t for t in records(ModelType, await q.model_types_by_ids(db, ids))}


async def ratings_of(db: RequestDB, model_ids: Sequence[int]) -> dict[int, list[ModelRating]]:
    """Ratings of models the caller already read (row-level security), newest year first."""
    out: dict[int, list[ModelRating]] = {}
    for row in await q.ratings_of(db, model_ids):
        out.setdefault(row["model_id"], []).append(record(ModelRating, row))
    return out


@raises(BadInput, Forbidden, NotFound)
async def create_model(
    db: RequestDB,
    authorizer: Authorizer,
    principal: Principal,
    *,
    unit_code: str,
    type_code: str,
    name: str,
    origin: str,
    founded_on: date | None,
    today: date,
) -> Model:
    unit = await unit_by_code(db, unit_code, founded_on)
    authorizer.require(principal, "model", "write", unit["path"])
    model_type = await q.model_type_by_code(db, type_code)
    if model_type is None:
        raise BadInput(
            msg("Unknown model type {type_code!r}.", type_code=type_code), field="typeCode"
        )
    name = " ".join(name.split())
    if not name or len(name) > 300:
        raise BadInput(msg("`name` must be 1 to 300 characters."), field="name")
    try:
        origin_value = ModelOrigin(origin).value
    except ValueError:
        raise BadInput(msg("`origin` is new or maintained."), field="origin") from None
    if founded_on is not None and founded_on > today:
        raise BadInput(msg("`foundedOn` cannot be in the future."), field="foundedOn")
    row = await q.insert(
        db,
        unit=unit,
        values={
            "model_type_id": model_type["id"],
            "name": name,
            "origin": origin_value,
            "founded_on": founded_on,
        },
    )
    await audit_q.record_audit(
        db,
        actor=principal.username,
        action="create",
        object_type="model",
        object_id=str(row["id"]),
        unit_path=row["unit_path"],
        before=None,
        after=dict(row),
    )
    await db.commit()
    return record(Model, row)


@raises(BadInput, Conflict, Forbidden, NotFound)
async def change_status(
    db: RequestDB,
    authorizer: Authorizer,
    principal: Principal,
    *,
    model_id: int,
    version: int,
    status: str,
    ended_on: date | None,
    merged_into_id: int | None,
) -> Model:
    current = await _model_row(db, authorizer, principal, model_id)
    authorizer.require(principal, "model", "write", current["unit_path"])
    try:
        status_value = ModelStatus(status).value
    except ValueError:
        raise BadInput(msg("`status` is active, merged or wound_up."), field="status") from None
    values: dict[str, Any] = {"status": status_value, "ended_on": ended_on, "merged_into_id": None}
    if status_value == ModelStatus.ACTIVE:
        values["ended_on"] = None
    elif ended_on is None:
        raise BadInput(msg("A merged or wound-up model needs `endedOn`."), field="endedOn")
    if status_value == ModelStatus.MERGED:
        if merged_into_id is None or merged_into_id == model_id:
            raise BadInput(
                msg("A merged model needs `mergedIntoId` (another model)."), field="mergedIntoId"
            )
        await _model_row(db, authorizer, principal, merged_into_id)
        values["merged_into_id"] = merged_into_id
    check_version(version, current["version"], "This model")
    row = await q.update(db, model_id=model_id, version=version, values=values)
    if row is None:
        fresh = await _model_row(db, authorizer, principal, model_id)
        check_version(version, fresh["version"], "This model")
        raise NotFound(msg("No such model."), field="modelId")
    await audit_q.record_audit(
        db,
        actor=principal.username,
        action="change_status",
        object_type="model",
        object_id=str(model_id),
        unit_path=row["unit_path"],
        before=dict(current),
        after=dict(row),
    )
    await db.commit()
    return record(Model, row)


@raises(BadInput, Conflict, Forbidden, NotFound)
async def rate_model(
    db: RequestDB,
    authorizer: Authorizer,
    principal: Principal,
    *,
    model_id: int,
    year: int,
    rating: str,
    note: str | None,
    version: int | None,
    today: date,
) -> ModelRating:
    """First rating of a year: no `version`; re-rating: the rating's `version` (stale ->
    VersionConflict). Only a reviewer exactly at the parent unit may rate."""
    model = await _model_row(db, authorizer, principal, model_id)
    parsed = parse_rating(rating)
    authorizer.require(principal, "model", "rate", model["unit_path"])
    if not 2000 <= year <= today.year:
        raise BadInput(
            msg("`year` must be between 2000 and {today_year}.", today_year=today.year),
            field="year",
        )
    if note is not None and len(note) > 2000:
        raise BadInput(msg("`note` may be at most 2000 characters."), field="note")
    existing = await q.rating_for(db, model_id, year)
    if existing is None:
        if version is not None:
            check_version(version, 0, "This model's rating")
        row = await q.insert_rating(
            db, model=model, year=year, rating=parsed.value, reviewer=principal.username, note=note
        )
    else:
        check_version(
            version if version is not None else 0, existing["version"], "This model's rating"
        )
        updated = await q.update_rating(
            db,
            rating_id=existing["id"],
            version=existing["version"],
            rating=parsed.value,
            reviewer=principal.username,
            note=note,
        )
        if updated is None:
            raise NotFound(msg("No such rating."), field="modelId")
        row = updated
    await audit_q.record_audit(
        db,
        actor=principal.username,
        action="rate",
        object_type="model",
        object_id=str(model_id),
        unit_path=model["unit_path"],
        before=dict(existing) if existing else None,
        after=dict(row),
    )
    await db.commit()
    return record(ModelRating, row)
