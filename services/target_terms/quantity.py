"""Reading a target's "CHỈ TIÊU" cell into a `Quantity`."""

from __future__ import annotations

import re
from dataclasses import replace

from core.i18n import msg
from core.targets import (
    Comparator,
    CountPart,
    NamedItem,
    PlaceKind,
    Quantity,
    QuantityKind,
    TermError,
)
from services.target_terms.text import clean_text
from services.target_terms.text import fold_same_length as _fold

_PLACE_PREFIX = re.compile(r"^(xa|phuong|thi tran|tt\.?)\s+(?=\S)")
_PLACE_KINDS = {
    "xa": PlaceKind.COMMUNE,
    "phuong": PlaceKind.WARD,
    "thi tran": PlaceKind.TOWNSHIP,
    "tt": PlaceKind.TOWNSHIP,
    "tt.": PlaceKind.TOWNSHIP,
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

    return free_text(raw)


def free_text(text: str) -> Quantity:
    """A quantity we could not type: only its (cleaned) wording carries meaning."""
    return Quantity(QuantityKind.TEXT, clean_text(text))
