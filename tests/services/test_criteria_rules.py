"""Specification of the quantitative criteria rules of Decision 9745/QĐ-BCA-V05."""

from __future__ import annotations

import copy
import json
import unicodedata
from typing import Any

import pytest

from core.figures import FIGURES
from seeds.named_rules import (
    COMMUNE_AWARDS_RULE,
    DRUG_USERS_RULE,
    GUARDS_TRAINED_RULE,
    HAMLETS_INSPECTED_RULE,
    MODELS_RULE,
    NAMED_RULES,
    RECIDIVISM_RULE,
    SOCIAL_ORDER_CRIME_RULE,
    SOCIAL_WELFARE_RULE,
    SUBJECT_MANAGEMENT_RULE,
)
from services.criteria_rules import (
    RuleError,
    RuleOutcome,
    evaluate,
    required_figures,
    required_previous_figures,
    validate_rule,
)


def crimes(previous: int, current: int) -> RuleOutcome:
    return evaluate(
        SOCIAL_ORDER_CRIME_RULE,
        {"social_order_crimes": current},
        {"social_order_crimes": previous},
    )


def drug_users(previous: int, current: int) -> RuleOutcome:
    return evaluate(DRUG_USERS_RULE, {"drug_users": current}, {"drug_users": previous})


def recidivism(reoffenders: int, released: int) -> RuleOutcome:
    figures = {
        "pardoned_or_released_reoffenders": reoffenders,
        "pardoned_or_released_prisoners": released,
    }
    return evaluate(RECIDIVISM_RULE, figures, {})


def hamlets(inspected: int, total: int) -> RuleOutcome:
    return evaluate(HAMLETS_INSPECTED_RULE, {"hamlets_inspected": inspected, "hamlets": total}, {})


# --- social-order crimes: down at least 5% on last year (criterion 18) -----------------------


def test_crimes_falling_by_more_than_five_percent_meet_the_rule() -> None:
    assert crimes(100, 90).met


def test_crimes_falling_by_exactly_five_percent_meet_the_rule_without_float_error() -> None:
    assert crimes(100, 95).met
    assert crimes(60, 57).met  # 3/60 is not exact in binary floating point


STRICT_CRIME_RULE = {k: v for k, v in SOCIAL_ORDER_CRIME_RULE.items() if k != "or_not_increased"}


def strict_crimes(previous: int, current: int) -> RuleOutcome:
    """A plain "≥ 5% fewer" rule, without criterion 18's "kiềm chế" (held) branch."""
    return evaluate(
        STRICT_CRIME_RULE, {"social_order_crimes": current}, {"social_order_crimes": previous}
    )


def test_a_held_or_slightly_lower_count_meets_criterion_18_as_kiem_che() -> None:
    for previous, current in ((20, 20), (62, 60)):
        outcome = crimes(previous, current)
        assert outcome.met and "kiềm chế" in outcome.explanation
    assert not crimes(20, 21).met


def test_crimes_falling_by_less_than_five_percent_fail_with_numbers_in_the_explanation() -> None:
    outcome = strict_crimes(62, 60)
    assert not outcome.met
    assert outcome.explanation == (
        "social_order_crimes changed by -3.2% (62 → 60); the rule requires ≤ -5%"
    )


def test_rising_crimes_fail_and_show_a_plus_sign() -> None:
    outcome = crimes(40, 42)
    assert not outcome.met
    assert "+5%" in outcome.explanation


def test_explanation_never_rounds_a_failing_change_onto_the_limit() -> None:
    outcome = strict_crimes(10000, 9504)
    assert not outcome.met
    assert "-4.96%" in outcome.explanation


def test_zero_crimes_last_year_and_this_year_meets_the_rule() -> None:
    outcome = crimes(0, 0)
    assert outcome.met
    assert "undefined" in outcome.explanation


def test_any_crime_after_a_crime_free_year_fails_the_rule() -> None:
    assert not crimes(0, 1).met


def test_zero_baseline_policy_not_met_is_honoured() -> None:
    rule = {**SOCIAL_ORDER_CRIME_RULE, "on_zero_baseline": "not_met"}
    outcome = evaluate(rule, {"social_order_crimes": 0}, {"social_order_crimes": 0})
    assert not outcome.met
    assert "zero baseline as not met" in outcome.explanation


def test_missing_previous_year_crimes_fail_and_name_the_figure() -> None:
    outcome = evaluate(SOCIAL_ORDER_CRIME_RULE, {"social_order_crimes": 3}, {})
    assert not outcome.met
    assert "missing previous-year figure 'social_order_crimes'" in outcome.explanation


def test_missing_current_crimes_fail_and_name_the_figure() -> None:
    outcome = evaluate(SOCIAL_ORDER_CRIME_RULE, {}, {"social_order_crimes": 3})
    assert not outcome.met
    assert "missing current-year figure 'social_order_crimes'" in outcome.explanation


# --- drug users: -20% above 10 people, else -2 people (criterion 19) -------------------------


def test_drug_users_above_ten_falling_25_percent_meet_the_rule() -> None:
    outcome = drug_users(12, 9)
    assert outcome.met
    assert "-25% (12 → 9)" in outcome.explanation


def test_drug_users_above_ten_falling_under_20_percent_fail_the_rule() -> None:
    outcome = drug_users(12, 10)
    assert not outcome.met
    assert "-16.7% (12 → 10)" in outcome.explanation
    assert "≤ -20%" in outcome.explanation


def test_drug_users_at_most_ten_falling_by_two_people_meet_the_rule() -> None:
    outcome = drug_users(8, 6)
    assert outcome.met
    assert "-2 (8 → 6)" in outcome.explanation


def test_drug_users_at_most_ten_falling_by_one_person_fail_the_rule() -> None:
    outcome = drug_users(8, 7)
    assert not outcome.met
    assert "≤ -2" in outcome.explanation


def test_a_baseline_of_exactly_ten_uses_the_two_people_band() -> None:
    assert drug_users(10, 8).met
    assert not drug_users(10, 9).met


def test_a_baseline_of_eleven_uses_the_percentage_band() -> None:
    assert not drug_users(11, 9).met  # -2 people but only -18.2%
    assert drug_users(11, 8).met


def test_no_drug_users_meets_the_rule_whatever_last_year_was() -> None:
    assert drug_users(1, 0).met  # cannot fall by two from one; "Không có người nghiện" applies
    assert drug_users(0, 0).met


def test_new_drug_users_after_a_year_without_any_fail_the_rule() -> None:
    assert not drug_users(0, 1).met


def test_missing_drug_user_figures_fail_and_name_both_periods() -> None:
    outcome = evaluate(DRUG_USERS_RULE, {}, {})
    assert not outcome.met
    assert "current-year figure 'drug_users'" in outcome.explanation
    assert "previous-year figure 'drug_users'" in outcome.explanation


# --- recidivism of pardoned or released prisoners below 1.5% (criterion 29) ------------------


def test_recidivism_of_one_percent_meets_the_rule() -> None:
    outcome = recidivism(1, 100)
    assert outcome.met
    assert "= 1/100 = 1%" in outcome.explanation


def test_recidivism_of_exactly_one_and_a_half_percent_fails_because_below_is_strict() -> None:
    outcome = recidivism(3, 200)
    assert not outcome.met
    assert "< 1.5%" in outcome.explanation


def test_recidivism_of_two_percent_fails_the_rule() -> None:
    assert not recidivism(2, 100).met


def test_no_pardoned_or_released_prisoners_means_nothing_to_measure_and_meets_the_rule() -> None:
    outcome = recidivism(0, 0)
    assert outcome.met
    assert "pardoned_or_released_prisoners is 0" in outcome.explanation


def test_more_reoffenders_than_released_prisoners_is_reported_as_inconsistent() -> None:
    outcome = recidivism(3, 2)
    assert not outcome.met
    assert "inconsistent" in outcome.explanation


def test_missing_reoffender_count_fails_and_names_the_figure() -> None:
    outcome = evaluate(RECIDIVISM_RULE, {"pardoned_or_released_prisoners": 40}, {})
    assert not outcome.met
    assert "pardoned_or_released_reoffenders" in outcome.explanation


# --- 100% of hamlets inspected (criterion 26) ------------------------------------------------


def test_all_hamlets_inspected_meets_the_rule() -> None:
    assert hamlets(12, 12).met


def test_one_hamlet_not_inspected_fails_the_rule() -> None:
    outcome = hamlets(199, 200)
    assert not outcome.met
    assert "199/200 = 99.5%" in outcome.explanation
    assert "≥ 100%" in outcome.explanation


def test_a_commune_reporting_zero_hamlets_fails_because_the_ratio_is_undefined() -> None:
    outcome = hamlets(0, 0)
    assert not outcome.met
    assert "undefined" in outcome.explanation


def test_missing_hamlet_total_fails_and_names_the_figure() -> None:
    outcome = evaluate(HAMLETS_INSPECTED_RULE, {"hamlets_inspected": 5}, {})
    assert not outcome.met
    assert "missing current-year figure 'hamlets'" in outcome.explanation


def test_a_guard_force_of_zero_fails_the_training_rule() -> None:
    assert not evaluate(GUARDS_TRAINED_RULE, {"guards": 0, "guards_trained": 0}, {}).met


# --- counts and combinations -----------------------------------------------------------------


def test_two_social_welfare_activities_meet_the_agency_rule_and_one_does_not() -> None:
    assert evaluate(SOCIAL_WELFARE_RULE, {"social_welfare_activities": 2}, {}).met
    outcome = evaluate(SOCIAL_WELFARE_RULE, {"social_welfare_activities": 1}, {})
    assert not outcome.met
    assert outcome.explanation == "social_welfare_activities is 1; the rule requires ≥ 2"


def test_models_rule_needs_both_a_dan_van_kheo_and_a_movement_model() -> None:
    assert evaluate(MODELS_RULE, {"dan_van_kheo_models": 1, "movement_models": 2}, {}).met
    outcome = evaluate(MODELS_RULE, {"dan_van_kheo_models": 1, "movement_models": 0}, {})
    assert not outcome.met
    assert "1 of 2 conditions met" in outcome.explanation
    assert "[not met: movement_models is 0; the rule requires ≥ 1]" in outcome.explanation


def test_awards_rule_needs_two_commendations_besides_one_merit_and_one_example() -> None:
    figures = {
        "merit_certificate_awards": 1,
        "commendation_certificate_awards": 2,
        "advanced_examples": 1,
    }
    assert evaluate(COMMUNE_AWARDS_RULE, figures, {}).met
    assert not evaluate(
        COMMUNE_AWARDS_RULE, {**figures, "commendation_certificate_awards": 1}, {}
    ).met


def test_a_combined_rule_reports_every_missing_figure_not_just_the_first() -> None:
    outcome = evaluate(SUBJECT_MANAGEMENT_RULE, {}, {})
    assert not outcome.met
    for name in required_figures(SUBJECT_MANAGEMENT_RULE):
        assert name in outcome.explanation


@pytest.mark.parametrize("bad_value", [-1, float("nan"), float("inf"), True, "3", None])
def test_unusable_figure_values_fail_with_an_explanation_instead_of_raising(
    bad_value: Any,
) -> None:
    outcome = evaluate(SOCIAL_WELFARE_RULE, {"social_welfare_activities": bad_value}, {})
    assert not outcome.met
    assert "social_welfare_activities" in outcome.explanation


def test_float_figures_are_read_as_the_decimals_they_show() -> None:
    rule = {**RECIDIVISM_RULE, "max_pct": 0.3}
    figures = {"pardoned_or_released_reoffenders": 0.3, "pardoned_or_released_prisoners": 100}
    assert not evaluate(rule, figures, {}).met  # 0.3% is not below 0.3%


# --- figures a rule needs ---------------------------------------------------------------------


def test_required_figures_lists_current_year_inputs_of_nested_rules() -> None:
    assert required_figures(SUBJECT_MANAGEMENT_RULE) == {
        "managed_subjects",
        "managed_subjects_with_records",
        "pardoned_or_released_prisoners",
        "pardoned_or_released_reoffenders",
    }
    assert required_figures(SOCIAL_ORDER_CRIME_RULE) == {"social_order_crimes"}


def test_required_previous_figures_lists_only_baseline_comparisons() -> None:
    assert required_previous_figures(DRUG_USERS_RULE) == {"drug_users"}
    assert required_previous_figures(HAMLETS_INSPECTED_RULE) == set()


# --- catalogue and stored form ----------------------------------------------------------------


def test_every_named_rule_is_valid_and_uses_only_catalogued_figures() -> None:
    for rule in NAMED_RULES.values():
        validate_rule(rule)
        assert required_figures(rule) <= set(FIGURES)


def test_every_catalogued_figure_is_snake_case_with_an_nfc_vietnamese_label() -> None:
    for name, label in FIGURES.items():
        assert name == name.lower() and " " not in name and name.isascii()
        assert label.strip() == label and label
        assert unicodedata.is_normalized("NFC", label)


def test_every_catalogued_figure_is_used_by_some_named_rule() -> None:
    used = set().union(*(required_figures(rule) for rule in NAMED_RULES.values()))
    assert used == set(FIGURES)


def test_rules_survive_a_json_round_trip_unchanged() -> None:
    for rule in NAMED_RULES.values():
        stored = json.loads(json.dumps(rule, ensure_ascii=False))
        assert stored == rule
        validate_rule(stored)


def test_evaluation_does_not_modify_the_rule() -> None:
    before = copy.deepcopy(DRUG_USERS_RULE)
    drug_users(12, 9)
    assert before == DRUG_USERS_RULE


# --- rejected rules ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ("percent_change", "must be a JSON object"),
        ({"figure": "drug_users"}, "missing 'kind'"),
        ({"kind": "python", "code": "1"}, "unknown kind 'python'"),
        ({"kind": "at_least", "figure": "drug_users"}, "missing required key(s) min"),
        ({"kind": "at_least", "figure": "drug_users", "min": 1, "mn": 2}, "unknown key(s) mn"),
        ({"kind": "at_least", "figure": "drug_users", "min": "1"}, "must be a number"),
        ({"kind": "at_least", "figure": "drug_users", "min": True}, "must be a number"),
        ({"kind": "at_least", "figure": "drug_users", "min": -1}, "must be at least 0"),
        ({"kind": "at_least", "figure": "DrugUsers", "min": 1}, "snake_case"),
        ({"kind": "at_least", "figure": "unicorns", "min": 1}, "unknown figure 'unicorns'"),
        ({**SOCIAL_ORDER_CRIME_RULE, "baseline": "two_years_ago"}, "only 'previous_year'"),
        ({**SOCIAL_ORDER_CRIME_RULE, "on_zero_baseline": "maybe"}, "on_zero_baseline"),
        ({**RECIDIVISM_RULE, "denominator": RECIDIVISM_RULE["numerator"]}, "must be different"),
        ({**HAMLETS_INSPECTED_RULE, "min_pct": 120}, "at most 100"),
        ({**DRUG_USERS_RULE, "above": {"max_change_pct": -20, "max_change_abs": -2}}, "exactly"),
        ({"kind": "all_of", "rules": []}, "non-empty list"),
        (
            {"kind": "all_of", "rules": [SOCIAL_WELFARE_RULE, {"kind": "at_least"}]},
            "rule.rules[1] (at_least): missing required key(s) figure, min",
        ),
    ],
)
def test_malformed_rules_are_rejected_with_a_clear_message(rule: Any, message: str) -> None:
    with pytest.raises(RuleError) as raised:
        validate_rule(rule)
    assert message in str(raised.value)


def test_rule_error_is_a_value_error() -> None:
    assert issubclass(RuleError, ValueError)


def test_evaluating_a_malformed_rule_raises_rather_than_reporting_not_met() -> None:
    with pytest.raises(RuleError):
        evaluate({"kind": "at_least", "figure": "drug_users"}, {"drug_users": 1}, {})


def test_deeply_nested_rules_are_rejected() -> None:
    rule: dict[str, Any] = SOCIAL_WELFARE_RULE
    for _ in range(6):
        rule = {"kind": "all_of", "rules": [rule]}
    with pytest.raises(RuleError, match="nested"):
        validate_rule(rule)


def test_a_custom_catalogue_admits_figures_of_a_future_criteria_set() -> None:
    rule = {"kind": "at_most", "figure": "disciplined_officers", "max": 0}
    with pytest.raises(RuleError):
        validate_rule(rule)
    validate_rule(rule, catalogue={"disciplined_officers": "Số cán bộ bị kỷ luật"})
