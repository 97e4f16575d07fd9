"""Quantitative criteria as data, judged by a small closed interpreter.

Criteria sets are versioned and replaceable (Decision 9745/QĐ-BCA-V05 of 2022 is explicitly
"temporary"), so thresholds must be stored next to their criterion (a JSONB column), not written
into code. Stored rules are edited by administrators, so they are interpreted, never executed: a
closed set of rule kinds keeps them safe and lets every verdict be explained in one sentence with
the actual numbers, which is what a steering committee needs in a recognition dossier.

A rule is a plain JSON object with a ``kind``. Figures are the numbers a unit reports for the
assessment year (``figures``) and for the year before (``previous``). A missing figure is an
ordinary state of an unfinished report, so it yields ``met=False`` with an explanation; a malformed
rule is a data error and raises :class:`RuleError`.

The rules of the seeded sets are data in seeds/named_rules.py and the figures they may name are
the catalogue in core/figures.py; this module holds only what judges them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Final

from core.figures import FIGURES
from core.i18n import msg
from services import evaluation_texts as texts

Rule = dict[str, Any]
"""A JSON-serialisable rule object (what the database stores)."""


class RuleError(ValueError):
    """A rule that cannot be interpreted; raised so bad data gets fixed rather than ignored."""


@dataclass(frozen=True, slots=True)
class RuleOutcome:
    """Verdict plus the sentence a reviewer reads; the sentence carries the numbers used."""

    met: bool
    explanation: str


# The one baseline a rule may compare against; stored rules spell it out.
PREVIOUS_YEAR: Final = "previous_year"

# --------------------------------------------------------------------------------------------
# Validation
# --------------------------------------------------------------------------------------------

_FIGURE_NAME_RE: Final = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")
_MAX_DEPTH: Final = 4

_ZERO_BASELINE_POLICIES: Final = ("met_if_not_increased", "not_met")
_ZERO_DENOMINATOR_POLICIES: Final = ("met", "not_met")
_BAND_KEYS: Final = ("max_change_pct", "max_change_abs")


@dataclass(frozen=True, slots=True)
class _Schema:
    required: frozenset[str]
    optional: frozenset[str]
    summary: str


_SCHEMAS: Final[dict[str, _Schema]] = {
    "percent_change": _Schema(
        frozenset({"figure", "baseline", "max_change_pct"}),
        frozenset({"on_zero_baseline", "or_not_increased"}),
        "change of a figure against its baseline, in percent, must be ≤ max_change_pct "
        "(or, with or_not_increased, the figure must not have increased)",
    ),
    "threshold_by_baseline": _Schema(
        frozenset({"figure", "baseline", "threshold", "above", "at_or_below"}),
        frozenset({"met_if_current_zero"}),
        "the required change depends on whether the baseline is above the threshold",
    ),
    "ratio_at_least": _Schema(
        frozenset({"numerator", "denominator", "min_pct"}),
        frozenset({"on_zero_denominator"}),
        "numerator / denominator in percent must be ≥ min_pct",
    ),
    "ratio_below": _Schema(
        frozenset({"numerator", "denominator", "max_pct"}),
        frozenset({"on_zero_denominator"}),
        "numerator / denominator in percent must be < max_pct",
    ),
    "at_least": _Schema(frozenset({"figure", "min"}), frozenset(), "figure must be ≥ min"),
    "at_most": _Schema(frozenset({"figure", "max"}), frozenset(), "figure must be ≤ max"),
    "all_of": _Schema(frozenset({"rules"}), frozenset(), "every sub-rule must be met"),
    "confirmed_classification": _Schema(
        frozenset({"min_class"}),
        frozenset(),
        "the Decision 510 class confirmed by the level above must be min_class or better",
    ),
}
CLASS_RANKS: Final = ("xuat_sac", "kha", "trung_binh", "yeu")  # best first (Decision 510)

_DEFAULT_ZERO_DENOMINATOR: Final[dict[str, str]] = {
    "ratio_at_least": "not_met",
    "ratio_below": "met",
}


def validate_rule(rule: object, *, catalogue: Mapping[str, str] = FIGURES) -> None:
    """Reject a rule before it is stored, so that evaluation never meets a malformed one.

    ``catalogue`` is the set of known figures; it defaults to :data:`FIGURES` so that a typo in a
    figure name is caught here rather than showing up later as a permanently "missing" figure.
    """
    _validate(rule, "rule", 0, catalogue)


def _validate(rule: object, where: str, depth: int, catalogue: Mapping[str, str]) -> None:
    if depth > _MAX_DEPTH:
        raise RuleError(
            msg(
                "{where}: rules may be nested at most {max_depth} levels deep",
                where=where,
                max_depth=_MAX_DEPTH,
            )
        )
    if not isinstance(rule, Mapping):
        raise RuleError(
            msg(
                "{where}: a rule must be a JSON object, got {type_name}",
                where=where,
                type_name=type(rule).__name__,
            )
        )
    kind = rule.get("kind")
    if kind is None:
        raise RuleError(
            msg("{where}: missing 'kind'; expected one of {kinds}", where=where, kinds=_kinds())
        )
    if not isinstance(kind, str) or kind not in _SCHEMAS:
        raise RuleError(
            msg(
                "{where}: unknown kind {kind!r}; expected one of {kinds}",
                where=where,
                kind=kind,
                kinds=_kinds(),
            )
        )
    schema = _SCHEMAS[kind]
    keys = {key for key in rule if key != "kind"}
    non_string = [key for key in keys if not isinstance(key, str)]
    if non_string:
        raise RuleError(
            msg(
                "{where} ({kind}): keys must be strings, got {non_string!r}",
                where=where,
                kind=kind,
                non_string=non_string,
            )
        )
    missing = sorted(schema.required - keys)
    if missing:
        raise RuleError(
            msg(
                "{where} ({kind}): missing required key(s) {missing}",
                where=where,
                kind=kind,
                missing=", ".join(missing),
            )
        )
    unknown = sorted(keys - schema.required - schema.optional)
    if unknown:
        allowed = ", ".join(sorted(schema.required | schema.optional))
        raise RuleError(
            msg(
                "{where} ({kind}): unknown key(s) {unknown}; allowed keys are {allowed}",
                where=where,
                kind=kind,
                unknown=", ".join(unknown),
                allowed=allowed,
            )
        )
    label = f"{where} ({kind})"
    for key in ("figure", "numerator", "denominator"):
        if key in rule:
            _check_figure(rule[key], f"{label}.{key}", catalogue)
    if "baseline" in rule and rule["baseline"] != PREVIOUS_YEAR:
        raise RuleError(
            msg(
                "{label}.baseline: only {previous_year!r} is supported, got {rule_baseline!r}",
                label=label,
                previous_year=PREVIOUS_YEAR,
                rule_baseline=rule["baseline"],
            )
        )
    if kind == "percent_change":
        _check_number(rule["max_change_pct"], f"{label}.max_change_pct")
        if "or_not_increased" in rule and not isinstance(rule["or_not_increased"], bool):
            raise RuleError(msg("{label}.or_not_increased: must be true or false", label=label))
        _check_choice(rule, "on_zero_baseline", _ZERO_BASELINE_POLICIES, label)
    elif kind == "threshold_by_baseline":
        _check_number(rule["threshold"], f"{label}.threshold", minimum=0)
        for band in ("above", "at_or_below"):
            _check_band(rule[band], f"{label}.{band}")
        if "met_if_current_zero" in rule and not isinstance(rule["met_if_current_zero"], bool):
            raise RuleError(msg("{label}.met_if_current_zero: must be true or false", label=label))
    elif kind in ("ratio_at_least", "ratio_below"):
        if rule["numerator"] == rule["denominator"]:
            raise RuleError(
                msg("{label}: numerator and denominator must be different figures", label=label)
            )
        pct_key = "min_pct" if kind == "ratio_at_least" else "max_pct"
        value = _check_number(rule[pct_key], f"{label}.{pct_key}", minimum=0)
        if value > 100:
            raise RuleError(
                msg(
                    "{label}.{pct_key}: must be at most 100, got {value}",
                    label=label,
                    pct_key=pct_key,
                    value=value,
                )
            )
        _check_choice(rule, "on_zero_denominator", _ZERO_DENOMINATOR_POLICIES, label)
    elif kind == "confirmed_classification":
        if depth > 0:
            raise RuleError(msg("{label}: a classification rule cannot be nested", label=label))
        if rule["min_class"] not in CLASS_RANKS:
            raise RuleError(
                msg(
                    "{label}.min_class: must be one of {class_ranks}",
                    label=label,
                    class_ranks=", ".join(CLASS_RANKS),
                )
            )
    elif kind == "at_least":
        _check_number(rule["min"], f"{label}.min", minimum=0)
    elif kind == "at_most":
        _check_number(rule["max"], f"{label}.max", minimum=0)
    elif kind == "all_of":
        rules = rule["rules"]
        if not isinstance(rules, list) or not rules:
            raise RuleError(msg("{label}.rules: must be a non-empty list of rules", label=label))
        for index, sub_rule in enumerate(rules):
            _validate(sub_rule, f"{where}.rules[{index}]", depth + 1, catalogue)


def _kinds() -> str:
    return ", ".join(sorted(_SCHEMAS))


def _check_figure(name: object, where: str, catalogue: Mapping[str, str]) -> None:
    if not isinstance(name, str) or not _FIGURE_NAME_RE.match(name):
        raise RuleError(
            msg(
                "{where}: figure names must be snake_case strings, got {name!r}",
                where=where,
                name=name,
            )
        )
    if name not in catalogue:
        raise RuleError(
            msg(
                "{where}: unknown figure {name!r}; add it to the FIGURES catalogue first",
                where=where,
                name=name,
            )
        )


def _check_number(value: object, where: str, *, minimum: float | None = None) -> float | int:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise RuleError(msg("{where}: must be a number, got {value!r}", where=where, value=value))
    if not math.isfinite(value):
        raise RuleError(
            msg("{where}: must be a finite number, got {value!r}", where=where, value=value)
        )
    if minimum is not None and value < minimum:
        raise RuleError(
            msg(
                "{where}: must be at least {minimum}, got {value!r}",
                where=where,
                minimum=minimum,
                value=value,
            )
        )
    return value


def _check_choice(rule: Mapping[str, Any], key: str, choices: tuple[str, ...], label: str) -> None:
    if key in rule and rule[key] not in choices:
        raise RuleError(
            msg(
                "{label}.{key}: must be one of {choices}; got {rule_key!r}",
                label=label,
                key=key,
                choices=", ".join(choices),
                rule_key=rule[key],
            )
        )


def _check_band(band: object, where: str) -> None:
    if not isinstance(band, Mapping):
        raise RuleError(
            msg(
                "{where}: must be an object with one of {band_keys}",
                where=where,
                band_keys=", ".join(_BAND_KEYS),
            )
        )
    keys = set(band)
    if len(keys) != 1 or not keys <= set(_BAND_KEYS):
        raise RuleError(
            msg(
                "{where}: must contain exactly one of {band_keys}, got {keys!r}",
                where=where,
                band_keys=", ".join(_BAND_KEYS),
                keys=sorted(keys),
            )
        )
    (key,) = keys
    _check_number(band[key], f"{where}.{key}")


# --------------------------------------------------------------------------------------------
# Figures a rule needs
# --------------------------------------------------------------------------------------------


def required_figures(rule: Rule) -> set[str]:
    """Figures for the assessment year, so a report form can ask for exactly these numbers."""
    validate_rule(rule)
    return _current_figures(rule)


def required_previous_figures(rule: Rule) -> set[str]:
    """Figures needed from the previous year, which come from last year's report, not this one."""
    validate_rule(rule)
    return _previous_figures(rule)


def _current_figures(rule: Mapping[str, Any]) -> set[str]:
    if rule["kind"] == "confirmed_classification":
        return set()
    if rule["kind"] == "all_of":
        return set().union(*(_current_figures(sub) for sub in rule["rules"]))
    return {rule[key] for key in ("figure", "numerator", "denominator") if key in rule}


def _previous_figures(rule: Mapping[str, Any]) -> set[str]:
    if rule["kind"] == "confirmed_classification":
        return set()
    if rule["kind"] == "all_of":
        return set().union(*(_previous_figures(sub) for sub in rule["rules"]))
    if "baseline" in rule:
        return {rule["figure"]}
    return set()


# --------------------------------------------------------------------------------------------
# Evaluation
# --------------------------------------------------------------------------------------------

Figures = Mapping[str, float | int]


@dataclass(frozen=True, slots=True)
class ClassificationFacts:
    """Confirmed Decision 510 classes of the unit by year, and the year being judged."""

    year: int
    confirmed: Mapping[int, str]


def evaluate(
    rule: Rule, figures: Figures, previous: Figures, facts: ClassificationFacts | None = None
) -> RuleOutcome:
    """Judge a rule against reported figures; never raises for missing or odd figures.

    Arithmetic is exact (fractions), so a reduction of exactly 5% or a ratio of exactly 1.5% is
    judged by the text of the criterion and not by floating-point rounding. A classification
    rule is judged from `facts` (the stored, confirmed classes), not from figures.
    """
    validate_rule(rule)
    if rule["kind"] == "confirmed_classification":
        return _eval_classification(rule, facts)
    return _evaluate(rule, figures, previous)


def _eval_classification(rule: Mapping[str, Any], facts: ClassificationFacts | None) -> RuleOutcome:
    """The year's confirmed class, or (classification is reported after recognition closes)
    the previous year's; the explanation says which year was read."""
    required = texts.label(rule["min_class"])
    if facts is None:
        return RuleOutcome(
            False, texts.say("criterion.class.none", year="?", previous="?", required=required)
        )
    for year in (facts.year, facts.year - 1):
        found = facts.confirmed.get(year)
        if found is None:
            continue
        met = CLASS_RANKS.index(found) <= CLASS_RANKS.index(rule["min_class"])
        key = "criterion.class.met" if met else "criterion.class.unmet"
        return RuleOutcome(
            met, texts.say(key, year=year, label=texts.label(found), required=required)
        )
    return RuleOutcome(
        False,
        texts.say(
            "criterion.class.none", year=facts.year, previous=facts.year - 1, required=required
        ),
    )


def _evaluate(rule: Mapping[str, Any], figures: Figures, previous: Figures) -> RuleOutcome:
    return _EVALUATORS[rule["kind"]](rule, figures, previous)


class _Problem(Exception):
    """Internal signal: a figure is missing or unusable; the message is the explanation."""


def _read(source: Figures, name: str, period: str) -> Fraction:
    if name not in source:
        raise _Problem(f"missing {period} figure '{name}'")
    value = source[name]
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _Problem(f"{period} figure '{name}' is not a number ({value!r})")
    if not math.isfinite(value) or value < 0:
        raise _Problem(
            f"{period} figure '{name}' must be a non-negative finite number, got {value!r}"
        )
    return _exact(value)


def _read_all(pairs: list[tuple[Figures, str, str]]) -> list[Fraction]:
    """Read every figure first so the explanation names all missing ones, not just the first."""
    values: list[Fraction] = []
    problems: list[str] = []
    for source, name, period in pairs:
        try:
            values.append(_read(source, name, period))
        except _Problem as problem:
            problems.append(str(problem))
    if problems:
        raise _Problem("cannot evaluate: " + ", ".join(problems))
    return values


def _guarded(
    evaluator: Callable[[Mapping[str, Any], Figures, Figures], RuleOutcome],
) -> Callable[[Mapping[str, Any], Figures, Figures], RuleOutcome]:
    def run(rule: Mapping[str, Any], figures: Figures, previous: Figures) -> RuleOutcome:
        try:
            return evaluator(rule, figures, previous)
        except _Problem as problem:
            return RuleOutcome(False, str(problem))

    return run


def _exact(value: Fraction | float) -> Fraction:
    """Decimal reading of a float (1.5 is 3/2, 0.1 is 1/10), as the regulation means it."""
    if isinstance(value, Fraction):
        return value
    return Fraction(value) if isinstance(value, int) else Fraction(repr(value))


def _num(value: Fraction | float) -> str:
    """Render a number the way a report would: integers plainly, others to at most 2 decimals."""
    exact = _exact(value)
    if exact.denominator == 1:
        return str(exact.numerator)
    return f"{float(exact):.2f}".rstrip("0").rstrip(".")


def _signed(value: Fraction | float, text: str | None = None) -> str:
    rendered = text if text is not None else _num(value)
    return f"+{rendered}" if value > 0 else rendered


def _pct(value: Fraction, limit: Fraction | float) -> str:
    """Round for reading, but never so far that the shown number lands on the other side of
    (or exactly on) the limit — a reviewer must see why the verdict went the way it did."""
    exact_limit = _exact(limit)
    side = (value > exact_limit) - (value < exact_limit)
    text = ""
    for digits in (1, 2, 3, 4):
        text = f"{float(value):.{digits}f}"
        shown = Fraction(text)
        if (shown > exact_limit) - (shown < exact_limit) == side:
            break
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    return text


@_guarded
def _eval_percent_change(rule: Mapping[str, Any], figures: Figures, prev: Figures) -> RuleOutcome:
    name = rule["figure"]
    limit = rule["max_change_pct"]
    current, baseline = _read_all([(figures, name, "current-year"), (prev, name, "previous-year")])
    if baseline == 0:
        return _zero_baseline(name, current, rule.get("on_zero_baseline", "met_if_not_increased"))
    change = (current - baseline) * 100 / baseline
    if rule.get("or_not_increased") and current <= baseline:
        return RuleOutcome(
            True,
            f"{name} changed by {_signed(change, _pct(change, limit))}% "
            f"({_num(baseline)} → {_num(current)}); it did not increase (kiềm chế), "
            f"which meets the rule (held, or reduced by at least {_num(-limit)}%)",
        )
    return RuleOutcome(
        change <= _exact(limit),
        f"{name} changed by {_signed(change, _pct(change, limit))}% "
        f"({_num(baseline)} → {_num(current)}); the rule requires "
        + ("no increase or " if rule.get("or_not_increased") else "")
        + f"≤ {_num(limit)}%",
    )


def _zero_baseline(name: str, current: Fraction, policy: str) -> RuleOutcome:
    undefined = (
        f"{name} was 0 in the previous year, so a percentage change is undefined "
        f"(0 → {_num(current)}); "
    )
    if policy == "not_met":
        return RuleOutcome(False, undefined + "the rule treats a zero baseline as not met")
    met = current == 0
    return RuleOutcome(
        met,
        undefined
        + "the rule then requires the figure not to increase, and it "
        + ("did not" if met else "did"),
    )


@_guarded
def _eval_threshold_by_baseline(
    rule: Mapping[str, Any], figures: Figures, prev: Figures
) -> RuleOutcome:
    name = rule["figure"]
    threshold = rule["threshold"]
    current, baseline = _read_all([(figures, name, "current-year"), (prev, name, "previous-year")])
    if current == 0 and rule.get("met_if_current_zero", False):
        return RuleOutcome(
            True,
            f"{name} is 0 (previous year {_num(baseline)}); the rule is met when there are none",
        )
    if baseline > _exact(threshold):
        band = rule["above"]
        context = f"with a previous-year value above {_num(threshold)}"
    else:
        band = rule["at_or_below"]
        context = f"with a previous-year value of {_num(threshold)} or less"
    if "max_change_abs" in band:
        limit = band["max_change_abs"]
        delta = current - baseline
        return RuleOutcome(
            delta <= _exact(limit),
            f"{name} changed by {_signed(delta)} ({_num(baseline)} → {_num(current)}); "
            f"{context} the rule requires a change of ≤ {_signed(limit)}",
        )
    limit = band["max_change_pct"]
    if baseline == 0:
        return _zero_baseline(name, current, "met_if_not_increased")
    change = (current - baseline) * 100 / baseline
    return RuleOutcome(
        change <= _exact(limit),
        f"{name} changed by {_signed(change, _pct(change, limit))}% "
        f"({_num(baseline)} → {_num(current)}); {context} the rule requires ≤ {_num(limit)}%",
    )


def _ratio(
    rule: Mapping[str, Any], figures: Figures, limit_key: str, symbol: str
) -> RuleOutcome | tuple[Fraction, str]:
    numerator_name = rule["numerator"]
    denominator_name = rule["denominator"]
    numerator, denominator = _read_all(
        [(figures, numerator_name, "current-year"), (figures, denominator_name, "current-year")]
    )
    limit = rule[limit_key]
    if numerator > denominator:
        return RuleOutcome(
            False,
            f"{numerator_name} ({_num(numerator)}) exceeds {denominator_name} "
            f"({_num(denominator)}); the figures are inconsistent, a part cannot exceed its whole",
        )
    if denominator == 0:
        policy = rule.get("on_zero_denominator", _DEFAULT_ZERO_DENOMINATOR[rule["kind"]])
        verdict = "met (nothing to measure)" if policy == "met" else "not met"
        return RuleOutcome(
            policy == "met",
            f"{denominator_name} is 0, so {numerator_name}/{denominator_name} is undefined; "
            f"the rule treats this as {verdict}",
        )
    pct = numerator * 100 / denominator
    sentence = (
        f"{numerator_name}/{denominator_name} = {_num(numerator)}/{_num(denominator)} = "
        f"{_pct(pct, limit)}%; the rule requires {symbol} {_num(limit)}%"
    )
    return pct, sentence


@_guarded
def _eval_ratio_at_least(rule: Mapping[str, Any], figures: Figures, prev: Figures) -> RuleOutcome:
    result = _ratio(rule, figures, "min_pct", "≥")
    if isinstance(result, RuleOutcome):
        return result
    pct, sentence = result
    return RuleOutcome(pct >= _exact(rule["min_pct"]), sentence)


@_guarded
def _eval_ratio_below(rule: Mapping[str, Any], figures: Figures, prev: Figures) -> RuleOutcome:
    result = _ratio(rule, figures, "max_pct", "<")
    if isinstance(result, RuleOutcome):
        return result
    pct, sentence = result
    return RuleOutcome(pct < _exact(rule["max_pct"]), sentence)


@_guarded
def _eval_at_least(rule: Mapping[str, Any], figures: Figures, prev: Figures) -> RuleOutcome:
    name = rule["figure"]
    (value,) = _read_all([(figures, name, "current-year")])
    minimum = rule["min"]
    return RuleOutcome(
        value >= _exact(minimum),
        f"{name} is {_num(value)}; the rule requires ≥ {_num(minimum)}",
    )


@_guarded
def _eval_at_most(rule: Mapping[str, Any], figures: Figures, prev: Figures) -> RuleOutcome:
    name = rule["figure"]
    (value,) = _read_all([(figures, name, "current-year")])
    maximum = rule["max"]
    return RuleOutcome(
        value <= _exact(maximum),
        f"{name} is {_num(value)}; the rule requires ≤ {_num(maximum)}",
    )


def _eval_all_of(rule: Mapping[str, Any], figures: Figures, prev: Figures) -> RuleOutcome:
    outcomes = [_evaluate(sub_rule, figures, prev) for sub_rule in rule["rules"]]
    met_count = sum(outcome.met for outcome in outcomes)
    parts = " ".join(
        f"[{'met' if outcome.met else 'not met'}: {outcome.explanation}]" for outcome in outcomes
    )
    return RuleOutcome(
        met_count == len(outcomes),
        f"{met_count} of {len(outcomes)} conditions met: {parts}",
    )


_EVALUATORS: Final[dict[str, Callable[[Mapping[str, Any], Figures, Figures], RuleOutcome]]] = {
    "percent_change": _eval_percent_change,
    "threshold_by_baseline": _eval_threshold_by_baseline,
    "ratio_at_least": _eval_ratio_at_least,
    "ratio_below": _eval_ratio_below,
    "at_least": _eval_at_least,
    "at_most": _eval_at_most,
    "all_of": _eval_all_of,
    "confirmed_classification": lambda rule, figures, prev: _eval_classification(rule, None),
}
