"""Typed targets ("chỉ tiêu") of the ANTQ movement: categories, quantities and deadlines.

Plans state every target as Vietnamese free text ("≥ 01 văn bản", "Cuối Quý I/2023", "Trước
10/11/2023"). Progress can only be tracked against comparable values, so these types turn that
text into data while always keeping the text itself (`raw`) for audit and display. The seed
parser, a later Excel importer and GraphQL input validation all share them, which is why this
module depends on the standard library only.

Parsing tolerates what real documents contain (HTML fragments, LaTeX such as ``$\\geq 80\\%$``,
missing accents, "Ttrước" and other typos); building from structured input goes through the
class-method constructors, which validate the same invariants and raise `TermError`.
"""

from __future__ import annotations

import calendar
import enum
import html
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta

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
    "TargetCategory",
    "TermError",
    "UnitKind",
    "category_from_heading",
    "clean_text",
    "parse_deadline",
    "parse_quantity",
]


class TermError(ValueError):
    """A target term that cannot be understood or violates an invariant.

    A ValueError so that callers validating input (importer rows, GraphQL arguments) can treat
    it like any other bad value; the message always quotes the offending input.
    """


# --------------------------------------------------------------------------------------------
# Text normalisation
# --------------------------------------------------------------------------------------------

# Inline markup vanishes without a trace ("(<i>Nghị quyết</i>)" -> "(Nghị quyết)"); block
# markup (<p>, <ul>, <br> …) separated text in the original, so it becomes a space.
_INLINE_TAG = re.compile(r"</?(?:i|b|u|em|strong|span|font|sup|sub|a)\b[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_LATEX_MATH = re.compile(r"\$([^$]*)\$")
_LATEX_SYMBOLS = (
    (r"\geq", "≥"),
    (r"\leq", "≤"),
    (r"\ge", "≥"),
    (r"\le", "≤"),
    (r"\%", "%"),
    (r"\times", "×"),
)
_SPACES = re.compile(r"\s+")


def _delatex(math: str) -> str:
    for command, symbol in _LATEX_SYMBOLS:
        math = math.replace(command, symbol)
    return math.replace("\\", "").strip()


def clean_text(text: str) -> str:
    """Bring a cell to the one form we store and match on.

    Seeds come from converted Word/PDF tables: cells carry `<i>`/`<p>` markup, formulas such as
    ``$\\geq 80\\%$`` and both composed and decomposed Vietnamese. Everything downstream (and
    equality between two plans' wording) relies on NFC text with single spaces.
    """
    text = unicodedata.normalize("NFC", text)
    text = _INLINE_TAG.sub("", text)
    text = _TAG.sub(" ", text)
    text = html.unescape(text)
    text = _LATEX_MATH.sub(lambda m: _delatex(m.group(1)), text)
    return _SPACES.sub(" ", text).strip()


def _fold(text: str) -> str:
    """Accent-free lower-case copy of exactly the same length.

    Regexes run on the folded copy so that "Quý", "quy" and "QUÝ" all match, and because each
    character folds to one character, a match position points at the same span of the original
    text, from which names and notes are cut with their accents intact.
    """
    out: list[str] = []
    for ch in text:
        if ch in "đĐ":
            out.append("d")
            continue
        base = unicodedata.normalize("NFD", ch)[0].lower()
        out.append(base[0] if base else ch)
    return "".join(out)


# --------------------------------------------------------------------------------------------
# Categories
# --------------------------------------------------------------------------------------------


class TargetCategory(enum.StrEnum):
    """The groups the province plan uses to organise each district's targets.

    Reports and dashboards aggregate by group, so the group must survive the many spellings
    of its heading ("ĐIỂN"/"DIỄN HÌNH", "CHUYỂN"/"CHUYÊN HÓA", "ANTQ"/"ANTTQ"/"ANTT").
    """

    DIRECTING_DOCUMENTS = "directing_documents"
    PILOT_WARD_POLICE = "pilot_ward_police"
    TYPICAL_UNITS = "typical_units"
    MODELS = "models"
    TRANSFORMING_AREAS = "transforming_areas"
    FESTIVAL_DAY = "festival_day"
    CIRCULAR_124_DECISION_510 = "circular_124_decision_510"


# Order matters: the pilot ward-police and model headings also contain "ĐIỂN HÌNH", and the
# directing heading's "CHỈ ĐẠO" is the most generic keyword, so it is tried last.
_CATEGORY_KEYWORDS: tuple[tuple[TargetCategory, tuple[tuple[str, ...], ...]], ...] = (
    (TargetCategory.MODELS, (("MO HINH",),)),
    (TargetCategory.PILOT_WARD_POLICE, (("CONG AN PHUONG",), ("THI DIEM", "CONG AN"))),
    (TargetCategory.TRANSFORMING_AREAS, (("CHUYEN HOA",), ("DIA BAN", "PHUC TAP"))),
    (TargetCategory.FESTIVAL_DAY, (("NGAY HOI",),)),
    (
        TargetCategory.CIRCULAR_124_DECISION_510,
        (("THONG TU", "124"), ("QUYET DINH", "510"), ("124",), ("510",)),
    ),
    (TargetCategory.TYPICAL_UNITS, (("DIEN HINH",),)),
    (TargetCategory.DIRECTING_DOCUMENTS, (("CHI DAO",),)),
)


def _heading_key(text: str) -> str:
    return _SPACES.sub(" ", _fold(clean_text(text)).upper()).strip()


def category_from_heading(text: str) -> TargetCategory:
    """Map a category heading as written in a plan to its category.

    Matching is on keywords of the accent-stripped, upper-cased heading, which makes the
    accent typos in the seeds irrelevant (both "ĐIỂN" and "DIỄN" fold to "DIEN").
    """
    key = _heading_key(text)
    for category, alternatives in _CATEGORY_KEYWORDS:
        for keywords in alternatives:
            if all(re.search(rf"\b{re.escape(k)}\b", key) for k in keywords):
                return category
    raise TermError(msg("Unknown target category heading: {text!r}", text=text))


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


_PLACE_PREFIX = re.compile(r"^(xa|phuong|thi tran|tt\.?)\s+(?=\S)")
_PLACE_KINDS = {
    "xa": PlaceKind.COMMUNE,
    "phuong": PlaceKind.WARD,
    "thi tran": PlaceKind.TOWNSHIP,
    "tt": PlaceKind.TOWNSHIP,
    "tt.": PlaceKind.TOWNSHIP,
}


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

    @classmethod
    def free_text(cls, text: str) -> Quantity:
        return cls(QuantityKind.TEXT, clean_text(text))

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

# Folded (accent-free, lower-case) spellings of comparators written before a number.
_CMP_PREFIX_WORDS = {
    "≥": Comparator.GTE,
    ">=": Comparator.GTE,
    "=>": Comparator.GTE,
    "≤": Comparator.LTE,
    "<=": Comparator.LTE,
    "=<": Comparator.LTE,
    ">": Comparator.GT,
    "<": Comparator.LT,
    "=": Comparator.EQ,
    "it nhat": Comparator.GTE,
    "toi thieu": Comparator.GTE,
    "khong duoi": Comparator.GTE,
    "khong it hon": Comparator.GTE,
    "tren": Comparator.GT,
    "toi da": Comparator.LTE,
    "khong qua": Comparator.LTE,
    "khong vuot qua": Comparator.LTE,
    "duoi": Comparator.LT,
}
_CMP_SUFFIX_WORDS = {"tro len": Comparator.GTE, "tro xuong": Comparator.LTE}
_CMP = "|".join(re.escape(w) for w in sorted(_CMP_PREFIX_WORDS, key=len, reverse=True))
_SUFFIX = "|".join(re.escape(w) for w in _CMP_SUFFIX_WORDS)

_PERCENT = re.compile(
    rf"^(?:(?P<cmp>{_CMP})\s*)?(?P<num>\d+(?:[.,]\d+)?)\s*%\s*"
    rf"(?:(?P<suffix>{_SUFFIX})\b\s*)?(?P<rest>.*)$"
)
_LIST_HEADER = re.compile(
    rf"^(?:(?P<cmp>{_CMP})\s*)?(?P<num>\d+)\s+(?P<unit>[^\d:()]+?)"
    r"(?:\s*,?\s*(?:bao\s+)?gom\b\s*:?|\s*:)\s*(?P<rest>.*)$"
)
_COUNT = re.compile(
    rf"^(?:(?P<cmp>{_CMP})\s*)?(?P<num>\d+)(?![.,]?\d)(?:\s+(?P<unit>[^\d(;]*?))?"
    rf"\s*(?:(?P<suffix>{_SUFFIX}))?\s*(?P<note>[(;].*)?$"
)
_COMPOUND = re.compile(
    rf"^(?:(?P<cmp>{_CMP})\s*)?(?P<rest>\d+\s+\D+?(?:\s*(?:,|;|\bva\b)\s*\d+\s+\D+?)+)\s*$"
)
_COMPOUND_SPLIT = re.compile(r"\s*(?:,|;|\bva\b)\s*(?=\d)")
_ITEM_COUNT = re.compile(r"^(?P<name>.*?)\s*\(\s*(?P<count>\d+)\s*\)\s*$")
_BULLET = re.compile(r"(?:^|\s)[-–•+]\s+")


def _span(source: str, match: re.Match[str], group: str) -> str:
    start, end = match.span(group)
    return source[start:end].strip() if start >= 0 else ""


def _cmp_of(match: re.Match[str], default: Comparator) -> Comparator:
    prefix = match.groupdict().get("cmp")
    suffix = match.groupdict().get("suffix")
    if prefix:
        return _CMP_PREFIX_WORDS[prefix]
    if suffix:
        return _CMP_SUFFIX_WORDS[suffix]
    return default


def _parse_item(text: str) -> NamedItem | None:
    label = text.strip().strip(";:,.").strip()
    if not label:
        return None
    count: int | None = None
    m = _ITEM_COUNT.match(label)
    if m:
        label, count = m.group("name").strip().strip(";:,.").strip(), int(m.group("count"))
    folded = _fold(label)
    prefix = _PLACE_PREFIX.match(folded)
    if prefix:
        return NamedItem(label[prefix.end() :].strip(), count, _PLACE_KINDS[prefix.group(1)], label)
    return NamedItem(label, count, None, label)


def _parse_items(text: str) -> tuple[NamedItem, ...]:
    """Split a list: dash bullets when present (model names contain commas), else commas/và."""
    folded = _fold(text)
    if _BULLET.search(folded):
        pieces: list[str] = []
        last = 0
        for m in _BULLET.finditer(folded):
            pieces.append(text[last : m.start()])
            last = m.end()
        pieces.append(text[last:])
    else:
        pieces = []
        last = 0
        for m in re.finditer(r",|;|\s+va\s+", folded):
            pieces.append(text[last : m.start()])
            last = m.end()
        pieces.append(text[last:])
    return tuple(item for item in (_parse_item(p) for p in pieces) if item is not None)


def _number(text: str) -> float:
    return float(text.replace(",", "."))


def parse_quantity(text: str) -> Quantity:
    """Read the "CHỈ TIÊU" cell of a target row.

    Never guesses: wording that fits none of the typed forms becomes a TEXT quantity (so an
    import does not fail on it), but a typed form with an impossible value raises TermError.
    """
    raw = clean_text(text)
    if not raw:
        raise TermError(msg("Quantity text is empty"))
    folded = _fold(raw)

    if m := _PERCENT.match(folded):
        value = _number(m.group("num"))
        if not 0 <= value <= 100:
            raise TermError(
                msg(
                    "Percentage must be between 0 and 100, got {group}% in {raw!r}",
                    group=m.group("num"),
                    raw=raw,
                )
            )
        rest = _span(raw, m, "rest")
        qualifier, condition = rest, ""
        cut = re.search(r"\bkhong co\b", _fold(rest))
        if cut:
            qualifier, condition = rest[: cut.start()], rest[cut.start() :]
        return Quantity.percent(
            value,
            _cmp_of(m, Comparator.EQ),
            qualifier=qualifier.strip(" ,;.-") or None,
            condition=condition.strip(" ,;.") or None,
            raw=raw,
        )

    if m := _LIST_HEADER.match(folded):
        unit = _span(raw, m, "unit").strip(" ,")
        items = _parse_items(_span(raw, m, "rest"))
        if items:
            return Quantity(
                QuantityKind.NAMED_LIST,
                raw,
                int(m.group("num")),
                _cmp_of(m, Comparator.EQ),
                unit or None,
                items=items,
            )
        return Quantity.count(int(m.group("num")), unit or None, _cmp_of(m, Comparator.EQ), raw=raw)

    if m := _COUNT.match(folded):
        unit = _span(raw, m, "unit") if m.group("unit") else ""
        counted = Quantity.count(int(m.group("num")), unit or None, _cmp_of(m, Comparator.EQ))
        note = _span(raw, m, "note").strip(" ;") if m.group("note") else ""
        return replace(counted, raw=raw, note=note or None)

    if m := _COMPOUND.match(folded):
        rest_start = m.start("rest")
        parts: list[CountPart] = []
        last = 0
        rest = folded[rest_start:]
        bounds = [(p.start(), p.end()) for p in _COMPOUND_SPLIT.finditer(rest)]
        for start, end in [*bounds, (len(rest), len(rest))]:
            piece = raw[rest_start + last : rest_start + start].strip()
            number, _, unit = piece.partition(" ")
            parts.append(CountPart(int(number), unit.strip()))
            last = end
        return Quantity.compound_count(parts, _cmp_of(m, Comparator.EQ), raw=raw)

    if _BULLET.match(folded) or _ITEM_COUNT.match(folded):
        items = _parse_items(raw)
        if items and all(i.count is not None for i in items):
            return Quantity.named_list(items, raw=raw)

    if _PLACE_PREFIX.match(folded) and not re.search(r"\d", folded):
        return Quantity.named_list(_parse_items(raw), raw=raw)

    return Quantity.free_text(raw)


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


class UnitKind(enum.StrEnum):
    """Kinds of assessed unit that the Circular 124 / Decision 510 deadlines are split by."""

    RESIDENTIAL_AREA = "residential_area"
    COMMUNE = "commune"
    AGENCY = "agency"
    ENTERPRISE = "enterprise"
    SCHOOL = "school"


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
        cls, deadlines: Mapping[UnitKind | str, Deadline], *, raw: str = "", note: str | None = None
    ) -> Deadline:
        parts = tuple(DeadlinePart(str(_unit_kind(k)), d) for k, d in deadlines.items())
        return cls._composite(DeadlineKind.PER_UNIT_KIND, parts, raw, note)

    @classmethod
    def staged(
        cls, deadlines: Mapping[Stage | str, Deadline], *, raw: str = "", note: str | None = None
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
    try:
        return UnitKind(value)
    except ValueError:
        raise TermError(
            msg(
                "Unknown unit kind {value!r}; expected one of {unitkind}",
                value=value,
                unitkind=[k.value for k in UnitKind],
            )
        ) from None


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
