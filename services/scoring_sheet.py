"""The .xlsx layout Decision 510 points lists are kept in, read without any database code.

One sheet (the first):

    (optional title rows)
    STT | NỘI DUNG | ĐIỂM TỐI ĐA | MINH CHỨNG
    I   | Công tác lãnh đạo, chỉ đạo |     |              <- a heading: no points
    1   | Ban hành nghị quyết ...    | 3   | Nghị quyết   <- an item
    ...
    (blank rows allowed)
    XẾP LOẠI   | ĐIỂM TỪ
    Xuất sắc   | <lowest total that earns it>
    Khá        | ...
    Trung bình | ...
    Yếu        | 0

Every item, wording and threshold comes from the sheet an administrator imports: the platform
ships none (the official thresholds were not found in public sources).
"""

from __future__ import annotations

import io
import itertools
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from openpyxl import load_workbook

from services.evaluation_texts import CLASS_LABELS, say

HEADER = ("STT", "NỘI DUNG", "ĐIỂM TỐI ĐA", "MINH CHỨNG")
THRESHOLD_HEADER = ("XẾP LOẠI", "ĐIỂM TỪ")
CLASS_ORDER = ("xuat_sac", "kha", "trung_binh", "yeu")
_BY_LABEL = {unicodedata.normalize("NFC", v).casefold(): k for k, v in CLASS_LABELS.items()}


@dataclass(frozen=True, slots=True)
class SheetItem:
    row: int
    stt: str
    text: str
    max_points: Decimal | None
    evidence: str | None


@dataclass(slots=True)
class ParsedSheet:
    items: list[SheetItem] = field(default_factory=list)
    thresholds: dict[str, Decimal] = field(default_factory=dict)
    errors: list[tuple[int, str, str]] = field(default_factory=list)  # row, column, message

    @property
    def max_total(self) -> Decimal:
        return sum((i.max_points for i in self.items if i.max_points is not None), Decimal(0))


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(unicodedata.normalize("NFC", str(value)).split())


def _number(value: Any) -> Decimal | None:
    if value is None or _cell(value) == "":
        return None
    try:
        number = Decimal(_cell(value).replace(",", "."))
    except InvalidOperation:
        raise ValueError(value) from None
    if not number.is_finite():
        raise ValueError(value)
    return number


def parse_scoring_sheet(data: bytes) -> ParsedSheet:
    """Items and thresholds with every problem found (row numbers as the sheet shows them)."""
    out = ParsedSheet()
    try:
        sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
        rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    except Exception as error:  # openpyxl raises many kinds for a file that is not .xlsx
        out.errors.append((0, "", say("sheet.unreadable", error=type(error).__name__)))
        return out
    header = next(
        (n for n, r in enumerate(rows) if tuple(_cell(c).upper() for c in r[:4]) == HEADER), None
    )
    if header is None:
        out.errors.append((0, "", say("sheet.no_header")))
        return out
    seen: set[str] = set()
    in_thresholds = False
    for index in range(header + 1, len(rows)):
        number = index + 1
        cells = [*rows[index], None, None, None, None][:4]
        texts = [_cell(c) for c in cells]
        if not any(texts):
            continue
        if tuple(t.upper() for t in texts[:2]) == THRESHOLD_HEADER:
            in_thresholds = True
            continue
        if in_thresholds:
            _threshold_row(out, number, cells, texts)
            continue
        stt, content = texts[0], texts[1]
        if not stt:
            out.errors.append((number, "STT", "Thiếu STT."))
            continue
        if not content:
            out.errors.append((number, "NỘI DUNG", "Thiếu nội dung."))
            continue
        if stt in seen:
            out.errors.append((number, "STT", say("sheet.duplicate_stt", stt=stt)))
            continue
        seen.add(stt)
        try:
            points = _number(cells[2])
        except ValueError:
            out.errors.append((number, "ĐIỂM TỐI ĐA", say("sheet.bad_points", value=texts[2])))
            continue
        if points is not None and points <= 0:
            out.errors.append((number, "ĐIỂM TỐI ĐA", say("sheet.bad_points", value=texts[2])))
            continue
        out.items.append(SheetItem(number, stt, content, points, texts[3] or None))
    _check_whole(out, in_thresholds)
    return out


def _threshold_row(out: ParsedSheet, number: int, cells: list[Any], texts: list[str]) -> None:
    key = _BY_LABEL.get(texts[0].casefold())
    if key is None:
        out.errors.append((number, "XẾP LOẠI", say("sheet.unknown_class", value=texts[0])))
        return
    try:
        points = _number(cells[1])
    except ValueError:
        points = None
    if points is None or points < 0:
        out.errors.append(
            (number, "ĐIỂM TỪ", say("sheet.bad_threshold", label=CLASS_LABELS[key], value=texts[1]))
        )
        return
    out.thresholds[key] = points


def _check_whole(out: ParsedSheet, saw_thresholds: bool) -> None:
    if not any(i.max_points is not None for i in out.items):
        out.errors.append((0, "", say("sheet.no_items")))
    if not saw_thresholds:
        out.errors.append((0, "", say("sheet.no_thresholds")))
        return
    missing = [CLASS_LABELS[k] for k in CLASS_ORDER if k not in out.thresholds]
    if missing:
        out.errors.append((0, "XẾP LOẠI", say("sheet.missing_classes", labels=", ".join(missing))))
        return
    values = [out.thresholds[k] for k in CLASS_ORDER]
    if any(a <= b for a, b in itertools.pairwise(values)):
        order = ", ".join(f"{CLASS_LABELS[k]} {out.thresholds[k]}" for k in CLASS_ORDER)
        out.errors.append((0, "ĐIỂM TỪ", say("sheet.thresholds_order", order=order)))
    elif out.items and values[0] > out.max_total:
        out.errors.append(
            (
                0,
                "ĐIỂM TỪ",
                say("sheet.threshold_above_total", points=values[0], total=out.max_total),
            )
        )


def earned_class(total: Decimal, thresholds: dict[str, Decimal]) -> str:
    """The best class whose lowest total is reached (thresholds are the table's data)."""
    for key in CLASS_ORDER:
        if key in thresholds and total >= thresholds[key]:
            return key
    return CLASS_ORDER[-1]
