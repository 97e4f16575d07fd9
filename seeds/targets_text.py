"""The per-district target tables of seed 000 (Thanh Hóa's 2023 plan), read into typed rows.

The seed is a Word document converted to text: after "DANH MỤC PHỤ LỤC" (an index of the 27
district-level units and their appendix numbers) come "Phụ lục 1" … "Phụ lục 27", one table per
unit with four tab-separated columns (STT, DANH MỤC CHỈ TIÊU, CHỈ TIÊU, THỜI GIAN HOÀN THÀNH)
and upper-case category headings between groups of rows.

Table cells that wrapped in the original appear as extra lines starting with a tab; the number
of leading tabs says which column they continue. A wrapped line that brings both a description
and a deadline of its own is a second sub-row of the same STT (e.g. row 1: two resolutions,
"Tháng 3/2023" and "Cuối Quý I/2023") and is kept as a separate `TargetPart`, never merged.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from core.targets import TermError
from services.target_table import RowDraft, TargetPart, TargetRow, is_heading_cells
from services.target_terms import TargetCategory, category_from_heading, clean_text
from services.text import fold as _fold

__all__ = [
    "AppendixIndexEntry",
    "TargetPart",
    "TargetRow",
    "TargetTable",
    "load_seed_000",
    "parse_appendix_index",
    "parse_target_appendices",
    "same_unit",
    "unit_name",
]

_APPENDIX_HEADING = re.compile(r"^\s*ph[uụ]\s+l[uụ]c\s+(\d+)\s*$", re.IGNORECASE)
_ROW_START = re.compile(r"^(\d+[a-z]?)\t")
_YEAR_IN_TITLE = re.compile(r"\bnăm\s+(\d{4})\b", re.IGNORECASE)
_UNIT_IN_PARENS = re.compile(r"^\((.+)\)$")
_UNIT_PREFIXES = (
    ("thành", "phố"),
    ("thị", "xã"),
    ("huyện",),
    ("quận",),
    ("tp",),
    ("tp.",),
    ("tx",),
    ("tx.",),
)
_COLUMNS = 4


class AppendixIndexEntry(NamedTuple):
    """A line of the "DANH MỤC PHỤ LỤC" table: which appendix holds which unit's targets."""

    stt: str
    unit_label: str
    appendix_no: int


@dataclass(frozen=True, slots=True)
class TargetTable:
    """All targets one district-level unit was given for the plan's year (one "Phụ lục")."""

    appendix_no: int
    unit_label: str
    year: int
    rows: tuple[TargetRow, ...]

    @property
    def unit_name(self) -> str:
        return unit_name(self.unit_label)

    def rows_in(self, category: TargetCategory) -> tuple[TargetRow, ...]:
        return tuple(r for r in self.rows if r.category is category)


def unit_name(label: str) -> str:
    """The unit's name without its kind ("TP Thanh Hóa", "Thành phố Thanh Hóa" -> "Thanh Hóa").

    The index abbreviates ("TX Nghi Sơn") and the appendix headings spell out ("Thị xã Nghi
    Sơn"); only the bare name can be compared between them or with the unit registry. The
    prefix match keeps accents: "Quận" is a prefix, the "Quan" of "Quan Sơn" is not.
    """
    words = clean_text(label).split()
    lowered = [w.lower() for w in words]
    for prefix in _UNIT_PREFIXES:
        size = len(prefix)
        if len(words) > size and tuple(lowered[:size]) == prefix:
            return " ".join(words[size:])
    return " ".join(words)


def same_unit(a: str, b: str) -> bool:
    """Whether two labels name the same unit, ignoring kind prefix, case and accents.

    Accent-insensitive on purpose: the seed itself writes "Thị xã Bim Sơn" for "TX Bỉm Sơn".
    """
    return _fold(unit_name(a)) == _fold(unit_name(b))


def _cells(line: str) -> list[str]:
    cells = line.split("\t")
    if len(cells) > _COLUMNS:  # stray tabs inside the last cell
        cells = [*cells[: _COLUMNS - 1], " ".join(cells[_COLUMNS - 1 :])]
    return cells + [""] * (_COLUMNS - len(cells))


def _is_heading(line: str) -> bool:
    """An upper-case first cell with the other cells empty: a category heading."""
    if not line or line[0] in "\t ":
        return False
    return is_heading_cells(_cells(line))


def _parse_table(
    appendix_no: int, lines: list[tuple[int, str]], default_year: int | None
) -> TargetTable:
    where = f"Phụ lục {appendix_no}"
    unit_label: str | None = None
    year = default_year
    rows: list[TargetRow] = []
    category: TargetCategory | None = None
    draft: RowDraft | None = None
    in_table = False

    def flush() -> None:
        nonlocal draft
        if draft is not None and year is not None:
            try:
                rows.append(draft.build(year))
            except TermError as exc:
                raise TermError(f"{where}, row {draft.stt} (line {draft.line_no}): {exc}") from exc
            draft = None

    for line_no, line in lines:
        text = clean_text(line)
        if not in_table:
            if not text:
                continue
            if (m := _UNIT_IN_PARENS.match(text)) and unit_label is None:
                unit_label = m.group(1).strip()
            elif (m := _YEAR_IN_TITLE.search(text)) and unit_label is None:
                year = int(m.group(1))
            elif _fold(line.split("\t")[0]) == "stt":
                if year is None:
                    raise TermError(f"{where}: no year in the title and none given")
                in_table = True
            continue
        if not text:
            continue
        if _is_heading(line):
            flush()
            try:
                category = category_from_heading(line.split("\t")[0])
            except TermError as exc:
                raise TermError(f"{where} (line {line_no}): {exc}") from exc
            continue
        if m := _ROW_START.match(line):
            flush()
            if category is None:
                raise TermError(f"{where} (line {line_no}): row {m.group(1)} before any category")
            _, target, quantity, deadline = _cells(line)
            draft = RowDraft.start(m.group(1), category, line_no, target, quantity, deadline)
            continue
        if line.startswith("\t"):
            if draft is None:
                raise TermError(f"{where} (line {line_no}): wrapped cell text with no row above")
            _, target, quantity, deadline = _cells(line)
            draft.add_continuation(target, quantity, deadline)
            continue
        break  # prose after the table: the appendix is over
    flush()
    if unit_label is None:
        raise TermError(f"{where}: no unit label in parentheses under the title")
    if year is None or not rows:
        raise TermError(f"{where}: no target table or no rows in it")
    return TargetTable(appendix_no, unit_label, year, tuple(rows))


def parse_target_appendices(text: str, year: int | None = None) -> list[TargetTable]:
    """Every "Phụ lục N" table of a plan, in document order.

    `year` is only a fallback for a title that does not name one. Raises TermError, naming
    the appendix, row and line, for anything it cannot read rather than skipping it.
    """
    lines = [(i, unicodedata.normalize("NFC", line)) for i, line in enumerate(text.splitlines(), 1)]
    starts = [
        (k, int(m.group(1)))
        for k, (_, line) in enumerate(lines)
        if (m := _APPENDIX_HEADING.match(line))
    ]
    tables: list[TargetTable] = []
    for j, (k, appendix_no) in enumerate(starts):
        end = starts[j + 1][0] if j + 1 < len(starts) else len(lines)
        tables.append(_parse_table(appendix_no, lines[k + 1 : end], year))
    return tables


def parse_appendix_index(text: str) -> list[AppendixIndexEntry]:
    """The "DANH MỤC PHỤ LỤC" table (STT, unit, appendix number); empty if the plan has none."""
    entries: list[AppendixIndexEntry] = []
    seen_heading = in_table = False
    for raw in text.splitlines():
        line = unicodedata.normalize("NFC", raw)
        folded = _fold(clean_text(line))
        if not seen_heading:
            seen_heading = folded == "danh muc phu luc"
            continue
        if not in_table:
            in_table = folded.startswith("stt") and "phu luc" in folded
            continue
        cells = [clean_text(c) for c in line.split("\t")]
        if len(cells) >= 3 and cells[0].isdigit() and cells[2].isdigit():
            entries.append(AppendixIndexEntry(cells[0], cells[1], int(cells[2])))
        elif folded:
            break
    return entries


def load_seed_000(path: str | Path) -> list[TargetTable]:
    """Seed 000's target tables, checked against its own index.

    The index is the document's statement of which unit each appendix belongs to; a table
    that the index does not name (or names differently) means the text or the parser drifted,
    and importing targets under the wrong district would be worse than failing.
    """
    text = Path(path).read_text(encoding="utf-8")
    tables = parse_target_appendices(text)
    index = {e.appendix_no: e for e in parse_appendix_index(text)}
    numbers = [t.appendix_no for t in tables]
    if sorted(numbers) != sorted(index) or len(set(numbers)) != len(numbers):
        raise TermError(f"Appendices {numbers} do not match the index {sorted(index)} in {path}")
    for table in tables:
        entry = index[table.appendix_no]
        if not same_unit(entry.unit_label, table.unit_label):
            raise TermError(
                f"Phụ lục {table.appendix_no} is for {table.unit_label!r} "
                f"but the index lists {entry.unit_label!r}"
            )
    return tables
