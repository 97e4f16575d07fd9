"""The named rules of Decision 9745/QĐ-BCA-V05 and of the plans restating it (Tháp Mười).

Data, not code: seeds/criteria_text.py binds criteria of the seeded sets to these names and
the import stores a copy of each rule next to its criterion (a JSONB column), where
services/criteria_rules.py interprets it. Treat the constants as read-only; copy before storing
or editing.
"""

from __future__ import annotations

from typing import Final

from services.criteria_rules import PREVIOUS_YEAR, Rule

# "Kiềm chế hoặc giảm ít nhất 5%": "kiềm chế" (held) means the count did not increase, so a
# flat count meets the criterion as well as a 5% reduction does.
SOCIAL_ORDER_CRIME_RULE: Final[Rule] = {
    "kind": "percent_change",
    "figure": "social_order_crimes",
    "baseline": PREVIOUS_YEAR,
    "max_change_pct": -5,
    "or_not_increased": True,
    "on_zero_baseline": "met_if_not_increased",
}
# Tháp Mười's wording (seed 004): "Không có người nghiện ma túy; nếu có phải kéo giảm ít nhất
# 20%" - no "10 people or fewer" branch, so any baseline above 0 needs a 20% reduction.
DRUG_USERS_THAP_MUOI_RULE: Final[Rule] = {
    "kind": "threshold_by_baseline",
    "figure": "drug_users",
    "baseline": PREVIOUS_YEAR,
    "met_if_current_zero": True,
    "threshold": 0,
    "above": {"max_change_pct": -20},
    "at_or_below": {"max_change_abs": 0},
}
# Criterion 15 (communes) / 8 (agencies): classified "Xuất sắc" under Decision 510, judged from
# the class the level above confirmed, never from a tick.
CLASSIFICATION_XUAT_SAC_RULE: Final[Rule] = {
    "kind": "confirmed_classification",
    "min_class": "xuat_sac",
}
DRUG_USERS_RULE: Final[Rule] = {
    "kind": "threshold_by_baseline",
    "figure": "drug_users",
    "baseline": PREVIOUS_YEAR,
    "met_if_current_zero": True,
    "threshold": 10,
    "above": {"max_change_pct": -20},
    "at_or_below": {"max_change_abs": -2},
}
RECIDIVISM_RULE: Final[Rule] = {
    "kind": "ratio_below",
    "numerator": "pardoned_or_released_reoffenders",
    "denominator": "pardoned_or_released_prisoners",
    "max_pct": 1.5,
    "on_zero_denominator": "met",
}
HAMLETS_INSPECTED_RULE: Final[Rule] = {
    "kind": "ratio_at_least",
    "numerator": "hamlets_inspected",
    "denominator": "hamlets",
    "min_pct": 100,
    "on_zero_denominator": "not_met",
}
FIRE_SAFETY_RECORDS_RULE: Final[Rule] = {
    "kind": "ratio_at_least",
    "numerator": "fire_safety_facilities_with_records",
    "denominator": "fire_safety_facilities",
    "min_pct": 100,
    "on_zero_denominator": "met",
}
MANAGED_SUBJECT_RECORDS_RULE: Final[Rule] = {
    "kind": "ratio_at_least",
    "numerator": "managed_subjects_with_records",
    "denominator": "managed_subjects",
    "min_pct": 100,
    "on_zero_denominator": "met",
}
CRIME_REPORTS_PROCESSED_RULE: Final[Rule] = {
    "kind": "ratio_at_least",
    "numerator": "crime_reports_processed",
    "denominator": "crime_reports",
    "min_pct": 100,
    "on_zero_denominator": "met",
}
POLICE_OFFICERS_RATED_GOOD_RULE: Final[Rule] = {
    "kind": "ratio_at_least",
    "numerator": "police_officers_rated_good",
    "denominator": "police_officers",
    "min_pct": 100,
    "on_zero_denominator": "not_met",
}
GUARDS_TRAINED_RULE: Final[Rule] = {
    "kind": "ratio_at_least",
    "numerator": "guards_trained",
    "denominator": "guards",
    "min_pct": 100,
    "on_zero_denominator": "not_met",
}
GOOD_PRACTICE_RULE: Final[Rule] = {"kind": "at_least", "figure": "good_practices", "min": 1}
LAW_PROPAGANDA_RULE: Final[Rule] = {
    "kind": "at_least",
    "figure": "law_propaganda_sessions",
    "min": 1,
}
CORE_FORCE_TRAINING_RULE: Final[Rule] = {
    "kind": "at_least",
    "figure": "core_force_trainings",
    "min": 1,
}
SOCIAL_WELFARE_RULE: Final[Rule] = {
    "kind": "at_least",
    "figure": "social_welfare_activities",
    "min": 2,
}
MODELS_RULE: Final[Rule] = {
    "kind": "all_of",
    "rules": [
        {"kind": "at_least", "figure": "dan_van_kheo_models", "min": 1},
        {"kind": "at_least", "figure": "movement_models", "min": 1},
    ],
}
COMMUNE_AWARDS_RULE: Final[Rule] = {
    "kind": "all_of",
    "rules": [
        {"kind": "at_least", "figure": "merit_certificate_awards", "min": 1},
        {"kind": "at_least", "figure": "commendation_certificate_awards", "min": 2},
        {"kind": "at_least", "figure": "advanced_examples", "min": 1},
    ],
}
SUBJECT_MANAGEMENT_RULE: Final[Rule] = {
    "kind": "all_of",
    "rules": [MANAGED_SUBJECT_RECORDS_RULE, RECIDIVISM_RULE],
}
AGENCY_REVIEWS_AND_PRACTICES_RULE: Final[Rule] = {
    "kind": "all_of",
    "rules": [
        {"kind": "at_least", "figure": "themes_or_models_reviewed", "min": 1},
        GOOD_PRACTICE_RULE,
    ],
}
AGENCY_AWARDS_RULE: Final[Rule] = {
    "kind": "all_of",
    "rules": [
        {"kind": "at_least", "figure": "reward_awards", "min": 1},
        {"kind": "at_least", "figure": "advanced_examples", "min": 1},
    ],
}

NAMED_RULES: Final[dict[str, Rule]] = {
    "good_practice_at_least_1": GOOD_PRACTICE_RULE,
    "law_propaganda_at_least_1": LAW_PROPAGANDA_RULE,
    "models_dan_van_kheo_and_movement": MODELS_RULE,
    "commune_awards": COMMUNE_AWARDS_RULE,
    "social_order_crimes_down_5_pct": SOCIAL_ORDER_CRIME_RULE,
    "drug_users_down": DRUG_USERS_RULE,
    "drug_users_down_20_pct_thap_muoi": DRUG_USERS_THAP_MUOI_RULE,
    "classification_xuat_sac": CLASSIFICATION_XUAT_SAC_RULE,
    "fire_safety_records_100_pct": FIRE_SAFETY_RECORDS_RULE,
    "hamlets_inspected_100_pct": HAMLETS_INSPECTED_RULE,
    "core_force_training_at_least_1": CORE_FORCE_TRAINING_RULE,
    "subject_records_and_recidivism": SUBJECT_MANAGEMENT_RULE,
    "crime_reports_processed_100_pct": CRIME_REPORTS_PROCESSED_RULE,
    "police_officers_rated_good_100_pct": POLICE_OFFICERS_RATED_GOOD_RULE,
    "agency_reviews_and_practices": AGENCY_REVIEWS_AND_PRACTICES_RULE,
    "guards_trained_100_pct": GUARDS_TRAINED_RULE,
    "agency_awards": AGENCY_AWARDS_RULE,
    "social_welfare_at_least_2": SOCIAL_WELFARE_RULE,
}
