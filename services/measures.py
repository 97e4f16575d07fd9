"""Targets measured from the platform's own data instead of typed-in progress.

A target about something the platform holds — typical units registered or recognised, the
Circular 124 / Decision 510 rates, model ratings — carries a `measure`; its value and status are
computed at the asked day from the assessments, campaigns and ratings in the target unit's
subtree. "≥ 80% mô hình xếp loại Tốt, Khá; không có mô hình xếp loại Yếu" needs both the share
and the "none Yếu" condition: one Yếu model and the target is not met. A target with one
deadline per unit kind gets one status per part. Everything else keeps manual progress.
"""

from __future__ import annotations

import enum
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import RowMapping

from db.queries import measures as q
from db.session import RequestDB


class TargetMeasure(enum.StrEnum):
    TYPICAL_REGISTERED = "typical_registered"
    TYPICAL_RECOGNISED = "typical_recognised"
    SAFETY_REGISTERED_RATE = "safety_registered_rate"
    SAFETY_ACHIEVED_RATE = "safety_achieved_rate"
    CLASSIFICATION_GOOD_RATE = "classification_good_rate"
    MODELS_GOOD_RATE = "models_good_rate"


def _fold(value: str) -> str:
    text = unicodedata.normalize("NFD", value.replace("đ", "d").replace("Đ", "D"))
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).lower().split())


def infer_measure(text: str, quantity_kind: str, quantity_raw: str = "") -> TargetMeasure | None:
    """Which platform figure a target's wording is about (None: progress is reported by hand).

    Read from the seed tables' wording: "Tỷ lệ … đạt tiêu chuẩn “An toàn về ANTT”", "Tỷ lệ đánh
    giá, phân loại phong trào … xuất sắc, khá", "xếp loại hoạt động các mô hình", "Lựa chọn
    địa bàn để xây dựng điển hình"."""
    folded = _fold(f"{text} {quantity_raw}")
    if quantity_kind == "percent":
        if "mo hinh" in folded and "xep loai" in folded:
            return TargetMeasure.MODELS_GOOD_RATE
        if "phan loai phong trao" in folded:
            return TargetMeasure.CLASSIFICATION_GOOD_RATE
        if "an toan ve antt" in folded and "ty le" in folded:
            if "dang ky" in folded:
                return TargetMeasure.SAFETY_REGISTERED_RATE
            return TargetMeasure.SAFETY_ACHIEVED_RATE
        return None
    if quantity_kind == "count" and "lua chon" in folded and "dien hinh" in folded:
        return TargetMeasure.TYPICAL_REGISTERED
    if quantity_kind == "count" and "cong nhan" in folded and "dien hinh" in folded:
        return TargetMeasure.TYPICAL_RECOGNISED
    return None


@dataclass(frozen=True, slots=True)
class MeasuredPart:
    unit_kind: str
    due_on: date
    value: float | None
    status: str


@dataclass(frozen=True, slots=True)
class Measured:
    measure: TargetMeasure
    value: float | None
    condition_met: bool | None  # "không có mô hình xếp loại Yếu"; None: no such condition
    explanation: str
    status: str
    as_of: date
    parts: list[MeasuredPart] = field(default_factory=list)


def _rate(part: int, whole: int) -> float | None:
    return None if whole == 0 else round(100.0 * part / whole, 2)


RATE_COLUMNS = {
    TargetMeasure.SAFETY_REGISTERED_RATE: "registered",
    TargetMeasure.SAFETY_ACHIEVED_RATE: "safe",
    TargetMeasure.CLASSIFICATION_GOOD_RATE: "good",
}


async def measure_target(db: RequestDB, row: RowMapping, as_of: date) -> Measured:
    """The target's value from the platform's data at `as_of`, and its status by the same
    rule as stored targets (antq_target_status)."""
    measure = TargetMeasure(row["measure"])
    path, year = str(row["unit_path"]), int(row["year"])
    condition: bool | None = None
    parts_in: list[tuple[str, date, float | None]] = []
    if measure in RATE_COLUMNS:
        column = RATE_COLUMNS[measure]
        kinds = {r["kind"]: r for r in await q.assessments_by_kind(db, path, year, as_of)}
        units = sum(r["units"] for r in kinds.values())
        value = _rate(sum(r[column] for r in kinds.values()), units)
        explanation = f"{sum(r[column] for r in kinds.values())} of {units} units"
        for part in (row["deadline"] or {}).get("parts") or []:
            kind_row = kinds.get(part["key"])
            parts_in.append(
                (
                    part["key"],
                    date.fromisoformat(part["deadline"]["due"]),
                    _rate(kind_row[column], kind_row["units"]) if kind_row else None,
                )
            )
    elif measure is TargetMeasure.MODELS_GOOD_RATE:
        counts = await q.model_ratings(db, path, year, as_of)
        value = _rate(counts["good"], counts["rated"])
        raw = _fold(
            str((row["quantity"] or {}).get("condition") or "")
            + " "
            + str((row["quantity"] or {}).get("raw") or "")
        )
        if "yeu" in raw:
            condition = counts["weak"] == 0
        explanation = (
            f"{counts['good']} of {counts['rated']} rated models Tốt or Khá; "
            f"{counts['weak']} rated Yếu"
        )
    else:
        counts = await q.campaigns(db, path, year, as_of)
        key = "registered" if measure is TargetMeasure.TYPICAL_REGISTERED else "recognised"
        value = float(counts[key])
        explanation = f"{counts[key]} typical-unit campaigns {key}"
    achieved = value if condition is not False else None
    base: dict[str, Any] = {
        "comparator": row["comparator"],
        "target_value": row["target_value"],
        "year": year,
        "today": as_of,
    }
    asks = [{**base, "achieved": achieved, "due_on": row["due_on"]}]
    asks += [{**base, "achieved": v, "due_on": due} for _k, due, v in parts_in]
    found = await q.statuses(db, asks)
    parts = [MeasuredPart(k, due, v, s) for (k, due, v), s in zip(parts_in, found[1:], strict=True)]
    return Measured(measure, value, condition, explanation, found[0], as_of, parts)


async def measure_targets(db: RequestDB, rows: list[Any], as_of: date) -> dict[int, Measured]:
    """measure_target for many targets in a constant number of statements: one per kind of
    figure asked for (per year), and one for all the statuses. GraphQL lists batch through it."""
    by_year: dict[int, list[Any]] = {}
    for row in rows:
        by_year.setdefault(int(row["year"]), []).append(row)
    kinds: dict[tuple[str, str], dict[str, Any]] = {}
    campaigns: dict[str, Any] = {}
    ratings: dict[str, Any] = {}
    for year, group in sorted(by_year.items()):
        measures = {TargetMeasure(r["measure"]) for r in group}
        paths = sorted({str(r["unit_path"]) for r in group})
        if measures & set(RATE_COLUMNS):
            for k in await q.assessments_by_kind_many(db, paths, year, as_of):
                kinds[(f"{year}:{k['under']}", k["kind"])] = dict(k)
        if measures & {TargetMeasure.TYPICAL_REGISTERED, TargetMeasure.TYPICAL_RECOGNISED}:
            for c in await q.campaigns_many(db, paths, year, as_of):
                campaigns[f"{year}:{c['under']}"] = dict(c)
        if TargetMeasure.MODELS_GOOD_RATE in measures:
            for m in await q.model_ratings_many(db, paths, year):
                ratings[f"{year}:{m['under']}"] = dict(m)
    pending: list[tuple[Any, float | None, bool | None, str, list[tuple[str, date, Any]]]] = []
    for row in rows:
        measure = TargetMeasure(row["measure"])
        key = f"{row['year']}:{row['unit_path']}"
        condition: bool | None = None
        parts_in: list[tuple[str, date, float | None]] = []
        if measure in RATE_COLUMNS:
            column = RATE_COLUMNS[measure]
            mine = {kind: v for (k, kind), v in kinds.items() if k == key}
            units = sum(v["units"] for v in mine.values())
            count = sum(v[column] for v in mine.values())
            value, explanation = _rate(count, units), f"{count} of {units} units"
            for part in (row["deadline"] or {}).get("parts") or []:
                kind_row = mine.get(part["key"])
                parts_in.append(
                    (
                        part["key"],
                        date.fromisoformat(part["deadline"]["due"]),
                        _rate(kind_row[column], kind_row["units"]) if kind_row else None,
                    )
                )
        elif measure is TargetMeasure.MODELS_GOOD_RATE:
            counts = ratings.get(key, {"rated": 0, "good": 0, "weak": 0})
            value = _rate(counts["good"], counts["rated"])
            raw = _fold(
                str((row["quantity"] or {}).get("condition") or "")
                + " "
                + str((row["quantity"] or {}).get("raw") or "")
            )
            if "yeu" in raw:
                condition = counts["weak"] == 0
            explanation = (
                f"{counts['good']} of {counts['rated']} rated models Tốt or Khá; "
                f"{counts['weak']} rated Yếu"
            )
        else:
            counts = campaigns.get(key, {"registered": 0, "recognised": 0})
            name = "registered" if measure is TargetMeasure.TYPICAL_REGISTERED else "recognised"
            value = float(counts[name])
            explanation = f"{counts[name]} typical-unit campaigns {name}"
        pending.append((row, value, condition, explanation, parts_in))
    asks: list[dict[str, Any]] = []
    for row, value, condition, _e, parts_in in pending:
        base = {
            "comparator": row["comparator"],
            "target_value": row["target_value"],
            "year": int(row["year"]),
            "today": as_of,
        }
        asks.append(
            {**base, "achieved": value if condition is not False else None, "due_on": row["due_on"]}
        )
        asks += [{**base, "achieved": v, "due_on": due} for _k, due, v in parts_in]
    found = iter(await q.statuses(db, asks))
    out: dict[int, Measured] = {}
    for row, value, condition, explanation, parts_in in pending:
        status = next(found)
        parts = [MeasuredPart(k, due, v, next(found)) for k, due, v in parts_in]
        out[int(row["id"])] = Measured(
            TargetMeasure(row["measure"]), value, condition, explanation, status, as_of, parts
        )
    return out
