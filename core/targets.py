"""Typed targets ("chỉ tiêu"): what a target asks for (`Quantity`) and by when (`Deadline`).

Value objects only: they validate their own invariants (raising `TermError`) and know nothing of
wording. services/target_terms/ reads plan text into them; services, the seeds and
db/queries/targets.py (which stores their flat columns) all speak them, which is why they sit in
core/ and depend on the standard library only.
"""

from __future__ import annotations

import calendar
import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from core.domain import ASSESSED_KINDS, UnitKind
from core.i18n import msg

__all__ = [
    "Comparator",
    "CountPart",
    "Deadline",
    "DeadlineKind",
    "DeadlinePart",
    "NamedItem",
    "PlaceKind",
    "Quantity",
    "QuantityKind",
    "Stage",
    "TermError",
]


class TermError(ValueError):
    """A target term that cannot be understood or violates an invariant.

    A ValueError so that callers validating input (importer rows, GraphQL arguments) can treat
    it like any other bad value; the message always quotes the offending input.
    """


# --------------------------------------------------------------------------------------------
# Quantities
# --------------------------------------------------------------------------------------------


class Comparator(enum.StrEnum):
    """How an achieved value is compared with the target value."""

    EQ = "eq"
    GTE = "gte"
    GT = "gt"
    LTE = "lte"
    LT = "lt"

    @property
    def symbol(self) -> str:
        return {"eq": "=", "gte": "≥", "gt": ">", "lte": "≤", "lt": "<"}[self.value]

    def holds(self, actual: float, target: float) -> bool:
        """Whether an achieved `actual` satisfies a target of `target` under this comparator."""
        match self:
            case Comparator.EQ:
                return actual == target
            case Comparator.GTE:
                return actual >= target
            case Comparator.GT:
                return actual > target
            case Comparator.LTE:
                return actual <= target
            case Comparator.LT:
                return actual < target
        raise AssertionError(self)  # pragma: no cover


def _comparator(value: Comparator | str) -> Comparator:
    try:
        return Comparator(value)
    except ValueError:
        raise TermError(
            msg(
                "Unknown comparator {value!r}; expected one of {comparator}",
                value=value,
                comparator=[c.value for c in Comparator],
            )
        ) from None


def _is_count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


class QuantityKind(enum.StrEnum):
    COUNT = "count"
    PERCENT = "percent"
    NAMED_LIST = "named_list"
    TEXT = "text"


class PlaceKind(enum.StrEnum):
    """Commune-level kind written in front of a place name ("xã Hải Hà", "TT Hà Trung")."""

    COMMUNE = "commune"  # xã
    WARD = "ward"  # phường
    TOWNSHIP = "township"  # thị trấn


@dataclass(frozen=True, slots=True)
class NamedItem:
    """One named entry of a list target: a model with its count, or a place to transform.

    `name` drops an administrative prefix so it can be matched against the unit registry;
    `place_kind` keeps what that prefix said, and stays None when the text did not say it
    (guessing "xã" for an unprefixed name would be wrong for the towns listed the same way).
    """

    name: str
    count: int | None = None
    place_kind: PlaceKind | None = None
    label: str = ""

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise TermError(
                msg("A list item needs a name, got {value!r}", value=self.label or self.name)
            )
        if self.count is not None and not _is_count(self.count):
            raise TermError(
                msg("Item count must be a non-negative integer, got {count!r}", count=self.count)
            )
        if not self.label:
            object.__setattr__(self, "label", self.name)


@dataclass(frozen=True, slots=True)
class CountPart:
    """One kind of unit inside a compound count ("01 phường và 01 cơ sở giáo dục")."""

    value: int
    unit: str

    def __post_init__(self) -> None:
        if not _is_count(self.value):
            raise TermError(
                msg("Count must be a non-negative integer, got {self!r}", self=self.value)
            )


@dataclass(frozen=True, slots=True)
class Quantity:
    """What a target asks for, typed as far as the wording allows.

    - COUNT: `value` (int) of `unit` ("văn bản", "phường"), compared with `comparator`.
      "Ít nhất 01 phường và 01 cơ sở giáo dục" is a compound COUNT: every `parts` entry must be
      met on its own (same comparator), `value` is their total and `unit` is None. A compound
      count rather than a NAMED_LIST because the entries are kinds of unit, not names.
    - PERCENT: `value` (float, 0–100) with an optional `qualifier` saying what is counted
      ("xuất sắc, khá") and an optional extra `condition` ("Không có mô hình xếp loại Yếu").
    - NAMED_LIST: `value` is the stated total, `items` the named entries with their own counts
      when given; `unit` is the noun of the total ("mô hình", "địa bàn").
    - TEXT: wording we could not type; only `raw` carries meaning.

    `note` keeps an explanation written after a count ("01 văn bản (Nghị quyết …)").

    `raw` is the source text after `clean_text` (empty when built from structured input).
    """

    kind: QuantityKind
    raw: str = ""
    value: int | float | None = None
    comparator: Comparator | None = None
    unit: str | None = None
    qualifier: str | None = None
    condition: str | None = None
    items: tuple[NamedItem, ...] = ()
    parts: tuple[CountPart, ...] = ()
    note: str | None = None

    def __post_init__(self) -> None:
        shown = self.raw or self.value
        counted = self.kind in (QuantityKind.COUNT, QuantityKind.NAMED_LIST)
        if counted and not _is_count(self.value):
            raise TermError(msg("Count must be a non-negative integer, got {shown!r}", shown=shown))
        if self.kind is QuantityKind.PERCENT:
            if not isinstance(self.value, int | float) or isinstance(self.value, bool):
                raise TermError(msg("Percentage must be a number, got {shown!r}", shown=shown))
            if not 0 <= self.value <= 100:
                raise TermError(
                    msg("Percentage must be between 0 and 100, got {shown!r}", shown=shown)
                )
            object.__setattr__(self, "value", float(self.value))
        if self.kind in (QuantityKind.COUNT, QuantityKind.PERCENT) and self.comparator is None:
            raise TermError(
                msg("A {kind} quantity needs a comparator: {shown!r}", kind=self.kind, shown=shown)
            )
        if self.comparator is not None:
            object.__setattr__(self, "comparator", _comparator(self.comparator))
        if self.kind is QuantityKind.NAMED_LIST and not self.items:
            raise TermError(msg("A named list needs at least one item: {shown!r}", shown=shown))
        if self.parts and sum(p.value for p in self.parts) != self.value:
            raise TermError(msg("Compound count total does not add up: {shown!r}", shown=shown))
        if self.kind is QuantityKind.TEXT and not self.raw.strip():
            raise TermError(msg("A free-text quantity needs its text"))

    # -- constructors for structured input ---------------------------------------------------

    @classmethod
    def count(
        cls,
        value: int,
        unit: str | None = None,
        comparator: Comparator | str = Comparator.EQ,
        *,
        raw: str = "",
    ) -> Quantity:
        return cls(QuantityKind.COUNT, raw, value, _comparator(comparator), unit or None)

    @classmethod
    def compound_count(
        cls,
        parts: Iterable[CountPart | tuple[int, str]],
        comparator: Comparator | str = Comparator.GTE,
        *,
        raw: str = "",
    ) -> Quantity:
        built = tuple(p if isinstance(p, CountPart) else CountPart(*p) for p in parts)
        if not built:
            raise TermError(msg("A compound count needs at least one part"))
        total = sum(p.value for p in built)
        return cls(QuantityKind.COUNT, raw, total, _comparator(comparator), parts=built)

    @classmethod
    def percent(
        cls,
        value: float,
        comparator: Comparator | str = Comparator.GTE,
        *,
        qualifier: str | None = None,
        condition: str | None = None,
        raw: str = "",
    ) -> Quantity:
        return cls(
            QuantityKind.PERCENT,
            raw,
            value,
            _comparator(comparator),
            qualifier=qualifier or None,
            condition=condition or None,
        )

    @classmethod
    def named_list(
        cls,
        items: Iterable[NamedItem | tuple[str, int | None] | str],
        total: int | None = None,
        unit: str | None = None,
        *,
        raw: str = "",
    ) -> Quantity:
        """A list target; without `total` it is the sum of the item counts (or their number)."""
        built: list[NamedItem] = []
        for item in items:
            if isinstance(item, NamedItem):
                built.append(item)
            elif isinstance(item, str):
                built.append(NamedItem(item))
            else:
                built.append(NamedItem(*item))
        if total is None:
            counts = [i.count for i in built]
            total = sum(c for c in counts if c is not None) if None not in counts else len(built)
        return cls(
            QuantityKind.NAMED_LIST, raw, total, Comparator.EQ, unit or None, items=tuple(built)
        )

    # -- queries ---------------------------------------------------------------------------

    @property
    def items_agree(self) -> bool:
        """Whether a list's items add up to its stated total (documents are not always right)."""
        if self.kind is not QuantityKind.NAMED_LIST:
            return True
        counts = [i.count for i in self.items]
        listed = sum(c for c in counts if c is not None) if None not in counts else len(counts)
        return listed == self.value

    def describe(self) -> str:
        """Short English rendering for logs, admin screens and error messages."""
        match self.kind:
            case QuantityKind.COUNT:
                assert self.comparator is not None
                if self.parts:
                    body = " and ".join(f"{p.value} {p.unit}" for p in self.parts)
                else:
                    body = f"{self.value} {self.unit or 'unit(s)'}"
                return (
                    body
                    if self.comparator is Comparator.EQ
                    else f"{_CMP_WORDS[self.comparator]} {body}"
                )
            case QuantityKind.PERCENT:
                assert self.comparator is not None and self.value is not None
                number = f"{self.value:g}%"
                text = (
                    number
                    if self.comparator is Comparator.EQ
                    else f"{_CMP_WORDS[self.comparator]} {number}"
                )
                if self.qualifier:
                    text += f" ({self.qualifier})"
                if self.condition:
                    text += f"; {self.condition}"
                return text
            case QuantityKind.NAMED_LIST:
                names = ", ".join(
                    f"{i.label} ×{i.count}" if i.count is not None else i.label for i in self.items
                )
                return f"{self.value} {self.unit or 'item(s)'}: {names}"
        return f"free text: {self.raw}"


_CMP_WORDS = {
    Comparator.GTE: "at least",
    Comparator.GT: "more than",
    Comparator.LTE: "at most",
    Comparator.LT: "less than",
    Comparator.EQ: "exactly",
}


# --------------------------------------------------------------------------------------------
# Deadlines
# --------------------------------------------------------------------------------------------


class DeadlineKind(enum.StrEnum):
    DATE = "date"
    MONTH = "month"
    QUARTER = "quarter"
    BEFORE = "before"
    WINDOW = "window"
    YEAR = "year"
    PER_UNIT_KIND = "per_unit_kind"
    STAGED = "staged"


class Stage(enum.StrEnum):
    """Named phases of a staged deadline ("Thời gian đăng ký: …  Thời gian thực hiện: …")."""

    REGISTRATION = "registration"
    IMPLEMENTATION = "implementation"
    REPORT = "report"
    REVIEW = "review"


@dataclass(frozen=True, slots=True)
class DeadlinePart:
    """One keyed component of a PER_UNIT_KIND (key: UnitKind) or STAGED (key: Stage) deadline."""

    key: str
    deadline: Deadline


@dataclass(frozen=True, slots=True)
class Deadline:
    """When a target must be met, reduced to the last day that still counts as on time.

    `due` is inclusive: "Trước 10/11/2023" is due 2023-11-09 and "Trước T11/2023" 2023-10-31,
    so progress checks are a plain `day <= due`. `start` is set only when the wording opens a
    period ("Quý II/2023", a window); "Cuối Quý I" or "Trước …" leave it None. Composite kinds
    keep their components in `parts`; their `due` is the latest component, the day by which
    the whole target is done. `note` keeps explanatory text that came with the deadline.
    """

    kind: DeadlineKind
    due: date
    start: date | None = None
    raw: str = ""
    note: str | None = None
    parts: tuple[DeadlinePart, ...] = ()

    def __post_init__(self) -> None:
        if self.start is not None and self.start > self.due:
            raise TermError(
                msg(
                    "Deadline ends before it starts ({start} > {due}): {value!r}",
                    start=self.start,
                    due=self.due,
                    value=self.raw or self.kind,
                )
            )
        composite = self.kind in (DeadlineKind.PER_UNIT_KIND, DeadlineKind.STAGED)
        if composite and not self.parts:
            raise TermError(
                msg("A {kind} deadline needs parts: {raw!r}", kind=self.kind, raw=self.raw)
            )
        if not composite and self.parts:
            raise TermError(
                msg("A {kind} deadline cannot have parts: {raw!r}", kind=self.kind, raw=self.raw)
            )
        keys = [p.key for p in self.parts]
        if len(set(keys)) != len(keys):
            raise TermError(
                msg("Deadline parts repeat a key {keys}: {raw!r}", keys=keys, raw=self.raw)
            )

    # -- constructors for structured input ---------------------------------------------------

    @classmethod
    def on(cls, day: date, *, raw: str = "", note: str | None = None) -> Deadline:
        return cls(DeadlineKind.DATE, day, None, raw, note)

    @classmethod
    def before(cls, day: date, *, raw: str = "", note: str | None = None) -> Deadline:
        """Strictly before `day`: the last on-time day is the day before."""
        return cls(DeadlineKind.BEFORE, day - timedelta(days=1), None, raw, note)

    @classmethod
    def month(
        cls,
        year: int,
        month: int,
        *,
        from_start: bool = True,
        raw: str = "",
        note: str | None = None,
    ) -> Deadline:
        """A month; "Tháng 3/2023" opens on the 1st (from_start), "Cuối T3/2023" does not."""
        if not 1 <= month <= 12:
            raise TermError(
                msg(
                    "Month must be 1–12, got {month!r} in {value!r}",
                    month=month,
                    value=raw or month,
                )
            )
        last = date(year, month, calendar.monthrange(year, month)[1])
        return cls(
            DeadlineKind.MONTH, last, date(year, month, 1) if from_start else None, raw, note
        )

    @classmethod
    def quarter(
        cls,
        year: int,
        quarter: int,
        *,
        from_start: bool = True,
        raw: str = "",
        note: str | None = None,
    ) -> Deadline:
        if not 1 <= quarter <= 4:
            raise TermError(
                msg(
                    "Quarter must be 1–4, got {quarter!r} in {value!r}",
                    quarter=quarter,
                    value=raw or quarter,
                )
            )
        first_month = 3 * quarter - 2
        last = date(year, first_month + 2, calendar.monthrange(year, first_month + 2)[1])
        return cls(
            DeadlineKind.QUARTER,
            last,
            date(year, first_month, 1) if from_start else None,
            raw,
            note,
        )

    @classmethod
    def window(cls, start: date, end: date, *, raw: str = "", note: str | None = None) -> Deadline:
        if end < start:
            raise TermError(
                msg(
                    "Window ends before it starts: {start} – {end} ({value})",
                    start=start,
                    end=end,
                    value=raw or "input",
                )
            )
        return cls(DeadlineKind.WINDOW, end, start, raw, note)

    @classmethod
    def in_year(cls, year: int, *, raw: str = "", note: str | None = None) -> Deadline:
        return cls(DeadlineKind.YEAR, date(year, 12, 31), date(year, 1, 1), raw, note)

    @classmethod
    def per_unit_kind(
        cls,
        deadlines: Mapping[UnitKind, Deadline] | Mapping[str, Deadline],
        *,
        raw: str = "",
        note: str | None = None,
    ) -> Deadline:
        parts = tuple(DeadlinePart(str(_unit_kind(k)), d) for k, d in deadlines.items())
        return cls._composite(DeadlineKind.PER_UNIT_KIND, parts, raw, note)

    @classmethod
    def staged(
        cls,
        deadlines: Mapping[Stage, Deadline] | Mapping[str, Deadline],
        *,
        raw: str = "",
        note: str | None = None,
    ) -> Deadline:
        parts = tuple(DeadlinePart(str(_stage(k)), d) for k, d in deadlines.items())
        return cls._composite(DeadlineKind.STAGED, parts, raw, note)

    @classmethod
    def _composite(
        cls, kind: DeadlineKind, parts: tuple[DeadlinePart, ...], raw: str, note: str | None
    ) -> Deadline:
        if not parts:
            raise TermError(
                msg("A {kind} deadline needs at least one part: {raw!r}", kind=kind, raw=raw)
            )
        starts = [p.deadline.start for p in parts]
        start = min(s for s in starts if s is not None) if None not in starts else None
        return cls(kind, max(p.deadline.due for p in parts), start, raw, note, parts)

    # -- queries ---------------------------------------------------------------------------

    def part(self, key: UnitKind | Stage | str) -> Deadline:
        for p in self.parts:
            if p.key == str(key):
                return p.deadline
        raise TermError(
            msg("No {key!r} part in deadline {value!r}", key=key, value=self.raw or self.describe())
        )

    def due_for(self, unit_kind: UnitKind | str) -> date:
        """Last on-time day for one kind of unit; deadlines not split by kind apply to all."""
        kind = _unit_kind(unit_kind)
        if self.kind is DeadlineKind.PER_UNIT_KIND:
            return self.part(kind).due
        return self.due

    def is_on_time(self, day: date, unit_kind: UnitKind | str | None = None) -> bool:
        """Early completion counts as on time, so only the due date matters."""
        return day <= (self.due if unit_kind is None else self.due_for(unit_kind))

    def describe(self) -> str:
        """Short English rendering for logs, admin screens and error messages."""
        match self.kind:
            case DeadlineKind.DATE:
                return f"by {self.due.isoformat()}"
            case DeadlineKind.BEFORE:
                boundary = self.due + timedelta(days=1)
                return f"before {boundary.isoformat()} (last on-time day {self.due.isoformat()})"
            case DeadlineKind.MONTH:
                period = f"{calendar.month_name[self.due.month]} {self.due.year}"
                return f"in {period}" if self.start else f"by the end of {period}"
            case DeadlineKind.QUARTER:
                period = f"Q{(self.due.month - 1) // 3 + 1} {self.due.year}"
                return f"in {period}" if self.start else f"by the end of {period}"
            case DeadlineKind.WINDOW:
                assert self.start is not None
                return f"from {self.start.isoformat()} to {self.due.isoformat()}"
            case DeadlineKind.YEAR:
                return f"during {self.due.year}" if self.start else f"by the end of {self.due.year}"
        return "; ".join(f"{p.key}: {p.deadline.describe()}" for p in self.parts)


def _unit_kind(value: UnitKind | str) -> UnitKind:
    """Deadlines are split by the kinds of unit assessed each year, never by province or nation."""
    kind = next((k for k in ASSESSED_KINDS if k.value == value), None)
    if kind is None:
        raise TermError(
            msg(
                "Unknown unit kind {value!r}; expected one of {assessed_kinds}",
                value=value,
                assessed_kinds=[k.value for k in ASSESSED_KINDS],
            )
        )
    return kind


def _stage(value: Stage | str) -> Stage:
    try:
        return Stage(value)
    except ValueError:
        raise TermError(
            msg(
                "Unknown stage {value!r}; expected one of {stage}",
                value=value,
                stage=[s.value for s in Stage],
            )
        ) from None
