"""Reading Vietnamese deadline wording into a `Deadline` (target cells and schedule rules)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from datetime import date

from core.domain import UnitKind
from core.i18n import msg
from core.targets import Deadline, DeadlineKind, Stage, TermError
from services.target_terms.text import clean_text
from services.target_terms.text import fold_same_length as _fold

_BY_END = ("cuoi", "het")  # "Cuối"/"Hết Quý I": due at the end, no start of the period
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_YEAR_PART = r"(?:\s*(?:/|-|nam)\s*(?P<year>\d{4}))?"
_QUARTER = re.compile(rf"^(?P<mod>cuoi|trong|het)?\s*quy\s+(?P<q>iv|iii|ii|i|[1-4])\b{_YEAR_PART}")
_MONTH = re.compile(rf"^(?P<mod>cuoi|trong|het)?\s*(?:thang|t)\s*(?P<m>\d{{1,2}})\b{_YEAR_PART}")
_ISO_DATE = re.compile(r"^(?P<year>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})\b")
_DATE = re.compile(
    r"^(?:ngay\s+)?(?P<d>\d{1,2})\s*[/.]\s*(?P<m>\d{1,2})(?:\s*[/.]\s*(?P<year>\d{4}))?\b"
)
_BEFORE = re.compile(r"^(?:(?:hoan thanh|xong|hoan tat)\s+)?t?truoc\s+(?:ngay\s+)?")
# "Đến ngày X", "chậm nhất ngày X", "hạn chót X", "không quá X": X itself is still on time.
_BY_DAY = re.compile(
    r"^(?:(?:hoan thanh|xong|hoan tat)\s+)?(?:cham nhat|den|han chot|han cuoi|khong qua)"
    r"\s+(?:(?:la|vao)\s+)?(?:ngay\s+)?"
)
_YEAR_END = re.compile(r"^(?:vao\s+)?(?:cuoi|het)\s+nam\b(?:\s+(?P<year>\d{4}))?")
_WINDOW = re.compile(
    r"(?:\btu\s+)?(?:ngay\s+)?(?<!\d)(?P<d1>\d{1,2})"
    r"(?:\s*/\s*(?P<m1>\d{1,2}))?(?:\s*/\s*(?P<y1>\d{4}))?"
    r"\s*(?:-|–|—|\bden\b(?:\s+ngay)?)\s*"
    r"(?P<d2>\d{1,2})\s*/\s*(?P<m2>\d{1,2})(?:\s*/\s*(?P<y2>\d{4}))?"
)
_WHOLE_YEAR = re.compile(
    r"^(?:(?:thuc hien|trien khai)\s+)?(?:trong|ca|suot)\s+nam\b(?:\s+(?P<year>\d{4}))?"
    r"|^(?:thuong xuyen|hang nam)\b|^nam\s+(?P<year2>\d{4})\b"
)
_STAGE_LABEL = re.compile(r"thoi (?:gian|han)\s+(?P<label>[a-z ]+?)\s*:")
_STAGE_NAMES = {
    "dang ky": Stage.REGISTRATION,
    "thuc hien": Stage.IMPLEMENTATION,
    "bao cao": Stage.REPORT,
    "so ket": Stage.REVIEW,
    "tong ket": Stage.REVIEW,
}
_SEGMENT = re.compile(r"(?:^|\s|;)[-–•]\s+|;\s*")


def _make_date(year: int, month: int, day: int, raw: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise TermError(
            msg(
                "Invalid date {day:02d}/{month:02d}/{year} in {raw!r}",
                day=day,
                month=month,
                year=year,
                raw=raw,
            )
        ) from None


def _year_of(match: re.Match[str], default: int) -> int:
    found = match.groupdict().get("year")
    return int(found) if found else default


def _leftover(raw: str, end: int) -> str | None:
    """Text after the part we understood, kept as a note unless it is only punctuation."""
    rest = raw[end:].lstrip(" .,;:-–").rstrip()
    return rest if any(ch.isalnum() for ch in rest) else None


def _parse_point(raw: str, folded: str, year: int, *, before: bool) -> Deadline:
    """A single period or day: quarter, month or date, optionally "before" it."""
    if m := _QUARTER.match(folded):
        q_year, quarter = _year_of(m, year), _ROMAN[m.group("q")]
        period = Deadline.quarter(q_year, quarter, from_start=m.group("mod") not in _BY_END)
        boundary = period.start or date(q_year, 3 * quarter - 2, 1)
    elif m := _MONTH.match(folded):
        m_year, month = _year_of(m, year), int(m.group("m"))
        if not 1 <= month <= 12:
            raise TermError(msg("Month must be 1–12, got {month} in {raw!r}", month=month, raw=raw))
        period = Deadline.month(m_year, month, from_start=m.group("mod") not in _BY_END)
        boundary = date(m_year, month, 1)
    elif m := _ISO_DATE.match(folded) or _DATE.match(folded):
        day = _make_date(_year_of(m, year), int(m.group("m")), int(m.group("d")), raw)
        period, boundary = Deadline.on(day), day
    else:
        raise TermError(msg("Unrecognised deadline text: {raw!r}", raw=raw))
    note = _leftover(raw, m.end())
    if before:
        return Deadline.before(boundary, raw=raw, note=note)
    return Deadline(period.kind, period.due, period.start, raw, note)


def _unit_kinds_of(label: str) -> tuple[UnitKind, ...]:
    folded = _fold(label)
    kinds: list[UnitKind] = []
    if re.search(r"\b(khu dan cu|thon|ban|to dan pho|khu pho|ap)\b", folded):
        kinds.append(UnitKind.RESIDENTIAL_AREA)
    if re.search(r"\b(xa|phuong|thi tran)\b", folded):
        kinds.append(UnitKind.COMMUNE)
    if re.search(r"\bcqdn\b|\bco quan\b", folded):
        kinds.append(UnitKind.AGENCY)
    if re.search(r"\bcqdn\b|\bdoanh nghiep\b", folded):
        kinds.append(UnitKind.ENTERPRISE)
    if re.search(r"\b(co so giao duc|csgd|truong hoc|nha truong)\b", folded):
        kinds.append(UnitKind.SCHOOL)
    return tuple(kinds)


def _split_labelled(raw: str, folded: str) -> list[tuple[str, str]] | None:
    """Split "- Label: value - Label: value" into pairs, or None if it is not shaped so."""
    pieces: list[str] = []
    last = 0
    for m in _SEGMENT.finditer(folded):
        pieces.append(raw[last : m.start()])
        last = m.end()
    pieces.append(raw[last:])
    pairs: list[tuple[str, str]] = []
    for piece in pieces:
        piece = piece.strip()
        if not piece:
            continue
        label, colon, value = piece.partition(":")
        if not colon:
            return None
        pairs.append((label.strip(), value.strip()))
    return pairs or None


def _parse_per_unit_kind(raw: str, folded: str, year: int) -> Deadline | None:
    pairs = _split_labelled(raw, folded)
    if not pairs:
        return None
    by_kind: dict[UnitKind, Deadline] = {}
    for label, value in pairs:
        kinds = _unit_kinds_of(label)
        if not kinds:
            return None
        deadline = parse_deadline(value, year)
        for kind in kinds:
            if kind in by_kind:
                raise TermError(
                    msg("Unit kind {kind} has two deadlines in {raw!r}", kind=kind, raw=raw)
                )
            by_kind[kind] = deadline
    return Deadline.per_unit_kind(by_kind, raw=raw)


def _parse_staged(raw: str, folded: str, year: int) -> Deadline | None:
    labels = list(_STAGE_LABEL.finditer(folded))
    if not labels:
        return None
    stages: dict[Stage, Deadline] = {}
    for i, m in enumerate(labels):
        name = m.group("label").strip()
        stage = _STAGE_NAMES.get(name)
        if stage is None:
            raise TermError(
                msg(
                    "Unknown deadline stage {raw_value!r} in {raw!r}",
                    raw_value=raw[m.start("label") : m.end("label")],
                    raw=raw,
                )
            )
        end = labels[i + 1].start() if i + 1 < len(labels) else len(raw)
        stages[stage] = parse_deadline(raw[m.end() : end], year)
    return Deadline.staged(stages, raw=raw, note=_leftover(raw[: labels[0].start()], 0))


def parse_deadline(text: str, year: int) -> Deadline:
    """Read a Vietnamese deadline phrase: a target row's "THỜI GIAN HOÀN THÀNH" cell, and every
    schedule rule of a plan (services.schedules) — the one reading of such phrases.

    "Trước ngày X" is due X − 1 (the last on-time day); "đến ngày X" / "chậm nhất ngày X" /
    "hạn chót X" are due X; "cuối năm" is 31/12; months and quarters end on their last day.

    `year` is the plan's year, used when the wording omits it ("Trong năm", "01/7 – 19/8").
    Unlike quantities there is no free-text fallback: a target without a due date cannot be
    tracked, so unrecognised wording raises TermError.
    """
    raw = clean_text(text)
    if not raw:
        raise TermError(msg("Deadline text is empty"))
    folded = _fold(raw)

    if (staged := _parse_staged(raw, folded, year)) is not None:
        return staged
    if (per_kind := _parse_per_unit_kind(raw, folded, year)) is not None:
        return per_kind

    if m := _YEAR_END.match(folded):
        y = int(m.group("year")) if m.group("year") else year
        return Deadline(DeadlineKind.YEAR, date(y, 12, 31), None, raw, _leftover(raw, m.end()))

    if m := _WHOLE_YEAR.match(folded):
        found = m.group("year") or m.group("year2")
        return Deadline.in_year(
            int(found) if found else year, raw=raw, note=_leftover(raw, m.end())
        )

    if m := _WINDOW.search(folded):
        y2 = int(m.group("y2")) if m.group("y2") else year
        m2 = int(m.group("m2"))
        end = _make_date(y2, m2, int(m.group("d2")), raw)
        m1 = int(m.group("m1")) if m.group("m1") else m2
        # A start without a year shares the end's year; a window across New Year must say so
        # ("20/12/2023 – 10/01/2024"), otherwise an inverted window would pass as a long one.
        y1 = int(m.group("y1")) if m.group("y1") else y2
        start = _make_date(y1, m1, int(m.group("d1")), raw)
        if end < start:
            raise TermError(msg("Window ends before it starts: {raw!r}", raw=raw))
        return Deadline.window(start, end, raw=raw, note=_leftover(raw, m.end()))

    if m := _BEFORE.match(folded):
        point = _parse_point(raw[m.end() :], folded[m.end() :], year, before=True)
        return replace(point, raw=raw)

    if m := _BY_DAY.match(folded):
        point = _parse_point(raw[m.end() :], folded[m.end() :], year, before=False)
        return replace(point, raw=raw)

    return _parse_point(raw, folded, year, before=False)


_PHRASE = re.compile(
    r"(?:trước|đến|chậm nhất|hạn chót)\s+(?:ngày\s+)?\d{1,2}\s*/\s*\d{1,2}(?:\s*/\s*\d{4})?",
    re.IGNORECASE,
)


def find_deadline(text: str, year: int) -> Deadline | None:
    """The first deadline phrase inside a sentence ("Báo cáo 06 tháng trước ngày 15/5"), read by
    parse_deadline; None when the sentence has none."""
    match = _PHRASE.search(unicodedata.normalize("NFC", text))
    return parse_deadline(match.group(0), year) if match else None
