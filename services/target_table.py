"""Rows of a target table (STT, DANH MỤC CHỈ TIÊU, CHỈ TIÊU, THỜI GIAN HOÀN THÀNH), assembled
from cells into typed targets.

Shared by the two readers of the same table layout: seed 000's text (seeds/targets_text.py) and
uploaded spreadsheets (services/excel.py). Both see a row that starts with an STT, then lines
with an empty STT that continue its cells (wrapped text, or a second sub-row with its own
deadline). Keeping that rule in one place is what makes a sheet typed from a plan and the plan's
own text import to the same targets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from core.i18n import msg
from core.targets import Deadline, Quantity, TermError
from services.target_terms import TargetCategory, clean_text, parse_deadline, parse_quantity
from services.text import fold as _fold

__all__ = ["STT", "PartDraft", "RowDraft", "TargetPart", "TargetRow", "is_heading_cells"]

STT = re.compile(r"^\d+[a-z]?$")  # "1", "12", "3a": a row number as the plans write it


@dataclass(frozen=True, slots=True)
class TargetPart:
    """One sub-row of a target: its own wording and deadline.

    `quantity` is None when the sub-row did not state one (it shares the row's quantity, as
    the two resolutions of "02 văn bản" do).
    """

    text: str
    deadline: Deadline
    quantity: Quantity | None = None


@dataclass(frozen=True, slots=True)
class TargetRow:
    """A target of one unit: what, how much, by when.

    `parts` always has at least one entry; a single-part row repeats its own text and deadline
    there so consumers can iterate without a special case. For several parts `deadline` is the
    part due last, because the row as a whole is met only when every part is. `source_line` is
    the line (text) or row (spreadsheet) where the row starts, for error messages.
    """

    stt: str
    category: TargetCategory
    text: str
    quantity: Quantity
    deadline: Deadline
    parts: tuple[TargetPart, ...]
    source_line: int

    @property
    def has_sub_rows(self) -> bool:
        return len(self.parts) > 1


def is_heading_cells(cells: list[str], *, upper_case: bool = True) -> bool:
    """A category heading: text in the first cell only (upper case in the plans' own tables).

    A spreadsheet typed by hand may write the heading in sentence case; its reader passes
    `upper_case=False` and lets `category_from_heading` decide whether it names a group.
    """
    first, *rest = cells
    text = clean_text(first)
    return (
        any(ch.isalpha() for ch in text)
        and (text == text.upper() or not upper_case)
        and not STT.match(text)
        and not any(clean_text(c) for c in rest)
    )


@dataclass(slots=True)
class PartDraft:
    text: list[str] = field(default_factory=list)
    quantity: list[str] = field(default_factory=list)
    deadline: list[str] = field(default_factory=list)


@dataclass(slots=True)
class RowDraft:
    """A row being read: its STT line plus the continuation lines seen so far."""

    stt: str
    category: TargetCategory
    line_no: int
    parts: list[PartDraft] = field(default_factory=list)

    @classmethod
    def start(
        cls,
        stt: str,
        category: TargetCategory,
        line_no: int,
        text: str,
        quantity: str,
        deadline: str,
    ) -> RowDraft:
        part = PartDraft(
            [text], [quantity] if quantity.strip() else [], [deadline] if deadline.strip() else []
        )
        return cls(stt, category, line_no, [part])

    def add_continuation(self, text: str, quantity: str, deadline: str) -> None:
        """Attach a wrapped line: a sub-row of its own, or more words for the last one.

        It is a new sub-row only when it carries both a description and a deadline, the
        description is not a parenthesised note on the previous one, and the deadline is not
        the next stage of a staged deadline ("Thời gian thực hiện: …" after "Thời gian đăng
        ký: …"). Phụ lục 1 row 9 has exactly that note-plus-stage shape and is one target.
        """
        last = self.parts[-1]
        note = clean_text(text).startswith("(")
        stage = re.match(r"thoi (gian|han)\s+[a-z ]+:", _fold(clean_text(deadline))) is not None
        if text.strip() and deadline.strip() and not note and not stage:
            self.parts.append(PartDraft([text], [quantity] if quantity.strip() else [], [deadline]))
            return
        if text.strip():
            last.text.append(text)
        if quantity.strip():
            owner = next((p for p in reversed(self.parts) if p.quantity), self.parts[0])
            owner.quantity.append(quantity)
        if deadline.strip():
            last.deadline.append(deadline)

    def build(self, year: int) -> TargetRow:
        """The typed row; raises TermError (without location: the caller knows where it is)."""
        parts = tuple(
            TargetPart(
                clean_text(" ".join(p.text)),
                parse_deadline(" ".join(p.deadline), year),
                parse_quantity(" ".join(p.quantity)) if p.quantity else None,
            )
            for p in self.parts
        )
        quantity = parts[0].quantity
        if quantity is None:
            raise TermError(msg("the row states no quantity"))
        deadline = max((p.deadline for p in parts), key=lambda d: d.due)
        text = " ".join(p.text for p in parts if p.text)
        return TargetRow(self.stt, self.category, text, quantity, deadline, parts, self.line_no)
