"""Specification of the Decision 9745 criteria sets as recovered from the real seed plans."""

from __future__ import annotations

import difflib
import re
import unicodedata
from datetime import date
from fractions import Fraction
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from seeds.criteria_text import (
    AGENCY_RULE_BINDINGS,
    COMMUNE_RULE_BINDINGS,
    CriteriaParseError,
    CriteriaSetSpec,
    contains_phrase,
    load_seed_sets,
    parse_agency_set_9745,
    parse_commune_groups_thap_muoi,
    parse_commune_set_9745,
    parse_thap_muoi_restatements,
)
from seeds.named_rules import (
    DRUG_USERS_RULE,
    HAMLETS_INSPECTED_RULE,
    RECIDIVISM_RULE,
    SOCIAL_ORDER_CRIME_RULE,
)
from seeds.paths import seed_dir
from services.criteria_rules import evaluate, validate_rule

SEED_DIR = seed_dir()


@cache
def seed_text(prefix: str) -> str:
    (path,) = SEED_DIR.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


@cache
def commune() -> CriteriaSetSpec:
    return parse_commune_set_9745(seed_text("001"))


@cache
def agency() -> CriteriaSetSpec:
    return parse_agency_set_9745(seed_text("001"))


def both_sets() -> list[CriteriaSetSpec]:
    return [commune(), agency()]


def codes(first: int, last: int) -> tuple[str, ...]:
    return tuple(str(number) for number in range(first, last + 1))


# --- shape of the commune set -------------------------------------------------------------------


def test_commune_set_has_exactly_34_criteria_numbered_1_to_34_in_order() -> None:
    criteria = commune().criteria
    assert [c.code for c in criteria] == [str(n) for n in range(1, 35)]
    assert [c.ordinal for c in criteria] == list(range(1, 35))


def test_commune_groups_cover_leadership_1_7_movement_8_14_security_15_24_police_25_34() -> None:
    groups = commune().groups
    assert [(g.code, g.criterion_codes) for g in groups] == [
        ("leadership", codes(1, 7)),
        ("movement", codes(8, 14)),
        ("security_order", codes(15, 24)),
        ("commune_police", codes(25, 34)),
    ]


def test_commune_group_names_are_reconstructed_whole_from_the_wrapped_column() -> None:
    assert [g.name for g in commune().groups] == [
        "Công tác lãnh đạo của cấp ủy Đảng, chính quyền xã, phường, thị trấn",
        "Công tác xây dựng phong trào toàn dân bảo vệ an ninh Tổ quốc",
        "Công tác bảo đảm an ninh, trật tự",
        "Công an xã, thị trấn",
    ]


def test_each_commune_criterion_names_the_group_that_lists_it() -> None:
    for spec in both_sets():
        for group in spec.groups:
            for code in group.criterion_codes:
                assert spec.criterion(code).group_code == group.code


def test_commune_set_carries_its_decision_and_applies_to_communes() -> None:
    spec = commune()
    assert spec.decision_ref == "9745/QĐ-BCA-V05"
    assert spec.issued_on == date(2022, 12, 28)
    assert spec.applies_to == ("commune",)
    assert spec.title == (
        "BỘ TIÊU CHÍ TẠM THỜI XÂY DỰNG XÃ, PHƯỜNG, THỊ TRẤN ĐIỂN HÌNH VỀ PHONG TRÀO TOÀN DÂN "
        "BẢO VỆ AN NINH TỔ QUỐC"
    )


# --- shape of the agency set --------------------------------------------------------------------


def test_agency_set_has_exactly_14_criteria_numbered_1_to_14_in_order() -> None:
    assert [c.code for c in agency().criteria] == [str(n) for n in range(1, 15)]


def test_agency_groups_and_names_follow_the_table() -> None:
    assert [(g.code, g.name, g.criterion_codes) for g in agency().groups] == [
        ("leadership", "Công tác lãnh đạo xây dựng phong trào toàn dân bảo vệ ANTQ", codes(1, 8)),
        ("security_order", "Công tác bảo đảm an ninh, trật tự", codes(9, 10)),
        ("unit_affairs", "Cơ quan, doanh nghiệp, cơ sở giáo dục", codes(11, 14)),
    ]


def test_agency_set_applies_to_agencies_enterprises_and_schools() -> None:
    spec = agency()
    assert spec.applies_to == ("agency", "enterprise", "school")
    assert spec.decision_ref == "9745/QĐ-BCA-V05"
    assert spec.issued_on == date(2022, 12, 28)
    assert spec.title.startswith("BỘ TIÊU CHÍ TẠM THỜI XÂY DỰNG CƠ QUAN, DOANH NGHIỆP, CƠ SỞ")
    assert spec.code != commune().code


# --- criterion texts ----------------------------------------------------------------------------


def test_no_criterion_text_is_empty_or_bleeds_into_another_criterion() -> None:
    for spec in both_sets():
        for criterion in spec.criteria:
            assert criterion.text
            assert not re.search(r"Tiêu chí\s*\d+", criterion.text), criterion.code


def test_no_criterion_text_swallows_a_group_name_or_the_table_header() -> None:
    for spec in both_sets():
        for criterion in spec.criteria:
            for group in spec.groups:
                assert group.name not in criterion.text, (criterion.code, group.name)
            assert "NHÓM" not in criterion.text and "GHI CHÚ" not in criterion.text


def test_criterion_texts_are_nfc_with_single_spaces_and_no_edge_whitespace() -> None:
    for spec in both_sets():
        for criterion in spec.criteria:
            text = criterion.text
            assert unicodedata.is_normalized("NFC", text)
            assert text == text.strip()
            assert "  " not in text and "\n" not in text and "\t" not in text


def test_commune_criterion_1_text_is_exact() -> None:
    assert commune().criterion("1").text == (
        "Tổ chức quán triệt, triển khai thực hiện đầy đủ, hiệu quả các chủ trương của Đảng, "
        "chính sách pháp luật của Nhà nước, các văn bản chỉ đạo của cấp trên về công tác bảo "
        "đảm an ninh, trật tự (ANTT) và xây dựng phong trào toàn dân bảo vệ an ninh Tổ quốc "
        "(ANTQ) đến các ban, ngành, đoàn thể, thôn, tổ dân phố, khu dân cư trên địa bàn."
    )


def test_agency_criterion_6_keeps_its_second_sentence_on_training_the_guard_force() -> None:
    assert agency().criterion("6").text == (
        "Thường xuyên củng cố, kiện toàn lực lượng Bảo vệ cơ quan, doanh nghiệp, cơ sở giáo dục "
        "đáp ứng yêu cầu nhiệm vụ bảo đảm ANTT; không có cá nhân vi phạm pháp luật hoặc bị xử "
        "lý kỷ luật. 100% lực lượng bảo vệ được tập huấn, bồi dưỡng nghiệp vụ bảo vệ theo quy "
        "định."
    )


def test_criteria_starting_on_the_header_line_keep_their_first_words() -> None:
    assert commune().criterion("4").text.startswith("Quan tâm hỗ trợ kinh phí")
    assert commune().criterion("13").text.startswith("Xây dựng mới hoặc duy trì")
    assert agency().criterion("13").text == (
        "Thực hiện tốt công tác an sinh xã hội. Trong năm có ít nhất từ 02 hoạt động an sinh "
        "xã hội trở lên."
    )


def test_criteria_before_a_group_border_end_where_the_group_name_begins() -> None:
    assert commune().criterion("7").text.endswith("bảo vệ ANTQ (bằng khen hoặc giấy khen)")
    assert (
        commune()
        .criterion("14")
        .text.endswith("điển hình tiên tiến trong phong trào toàn dân bảo vệ ANTQ.")
    )
    assert commune().criterion("24").text.endswith("các hành vi vi phạm pháp luật khác.")
    assert agency().criterion("8").text.endswith("của Bộ trưởng Bộ Công an).")
    assert agency().criterion("10").text.endswith("không để tồn đọng, phát sinh phức tạp kéo dài.")


def test_criterion_ending_on_a_short_unpunctuated_line_keeps_that_line() -> None:
    assert commune().criterion("17").text.endswith("liên quan đến “Tín dụng đen”")


def test_end_of_document_marks_are_not_part_of_the_last_criteria() -> None:
    assert commune().criterion("34").text.endswith("“Hoàn thành tốt nhiệm vụ” trở lên.")
    assert agency().criterion("14").text.endswith("xây dựng phong trào toàn dân bảo vệ ANTQ.")


def test_source_wording_is_kept_verbatim_including_its_typos() -> None:
    assert "phát sinh phức tạp ko dài." in commune().criterion("5").text
    assert commune().criterion("7").text.startswith("“Tổng kết năm")


def test_no_criterion_has_a_note_because_the_ghi_chu_column_is_empty() -> None:
    assert all(c.note is None for spec in both_sets() for c in spec.criteria)


# --- quantitative criteria ----------------------------------------------------------------------

NUMERIC_THRESHOLD = re.compile(r"\d+(?:,\d+)?\s*%|ít nhất (?:từ )?\d+")


def test_quantitative_criteria_are_exactly_those_stating_a_numeric_threshold() -> None:
    for spec in both_sets():
        for criterion in spec.criteria:
            if criterion.rule and criterion.rule["kind"] == "confirmed_classification":
                continue  # judged from the confirmed Decision 510 class, not from a number
            states_number = bool(NUMERIC_THRESHOLD.search(criterion.text))
            assert (criterion.kind == "quantitative") == states_number, criterion.code
            assert (criterion.rule is not None) == states_number, criterion.code


def test_quantitative_criteria_are_the_expected_numbers() -> None:
    assert [c.code for c in commune().criteria if c.kind == "quantitative"] == [
        "3", "9", "13", "14", "15", "18", "19", "20", "26", "27", "29", "30", "34",
    ]  # fmt: skip
    assert [c.code for c in agency().criteria if c.kind == "quantitative"] == [
        "3", "4", "6", "7", "8", "13",
    ]  # fmt: skip


def test_every_rule_is_valid_and_its_evidence_phrases_occur_in_the_criterion_text() -> None:
    for spec, bindings in ((commune(), COMMUNE_RULE_BINDINGS), (agency(), AGENCY_RULE_BINDINGS)):
        for code, binding in bindings.items():
            criterion = spec.criterion(code)
            assert criterion.rule is not None
            validate_rule(criterion.rule)
            for phrase in binding.evidence:
                assert contains_phrase(criterion.text, phrase), (code, phrase)


def _rule_thresholds(rule: dict[str, Any]) -> set[Fraction]:
    found: set[Fraction] = set()
    for key, value in rule.items():
        if key == "rules":
            for sub_rule in value:
                found |= _rule_thresholds(sub_rule)
        elif isinstance(value, dict):
            found |= _rule_thresholds(value)
        elif key in ("max_change_pct", "max_change_abs", "min_pct", "max_pct", "min", "threshold"):
            found.add(abs(Fraction(str(value))))
    return found


def _text_numbers(text: str) -> set[Fraction]:
    return {Fraction(number.replace(",", ".")) for number in re.findall(r"\d+(?:,\d+)?", text)}


def test_every_rule_threshold_is_a_number_written_in_its_criterion_text() -> None:
    for spec in both_sets():
        for criterion in spec.criteria:
            if criterion.rule is not None:
                missing = _rule_thresholds(criterion.rule) - _text_numbers(criterion.text)
                assert not missing, (spec.code, criterion.code, missing)


def test_crime_rule_belongs_to_criterion_18_which_mentions_5_percent() -> None:
    criterion = commune().criterion("18")
    assert criterion.rule == SOCIAL_ORDER_CRIME_RULE
    assert contains_phrase(criterion.text, "5%")
    assert "so với năm trước" in criterion.text


def test_drug_rule_belongs_to_criterion_19_which_mentions_10_people_20_pct_and_2_people() -> None:
    criterion = commune().criterion("19")
    assert criterion.rule == DRUG_USERS_RULE
    for phrase in ("trên 10 người", "20%", "từ 10 người trở xuống", "02 người"):
        assert phrase in criterion.text


def test_recidivism_rule_is_part_of_criterion_29_which_mentions_1_5_percent() -> None:
    criterion = commune().criterion("29")
    assert criterion.rule is not None
    assert RECIDIVISM_RULE in criterion.rule["rules"]
    assert "dưới 1,5%" in criterion.text


def test_hamlet_inspection_rule_belongs_to_criterion_26_which_mentions_100_percent() -> None:
    criterion = commune().criterion("26")
    assert criterion.rule == HAMLETS_INSPECTED_RULE
    assert "100% số thôn" in criterion.text


def test_a_parsed_criterion_rule_evaluates_like_the_named_rule() -> None:
    rule = commune().criterion("19").rule
    assert rule is not None
    assert evaluate(rule, {"drug_users": 9}, {"drug_users": 12}).met
    assert not evaluate(rule, {"drug_users": 7}, {"drug_users": 8}).met


def test_criterion_rules_are_copies_that_cannot_alter_the_named_rules() -> None:
    rule = parse_commune_set_9745(seed_text("001")).criterion("18").rule
    assert rule is not None
    rule["max_change_pct"] = -50
    assert SOCIAL_ORDER_CRIME_RULE["max_change_pct"] == -5


def test_classification_xuat_sac_criteria_are_judged_from_the_confirmed_class() -> None:
    """Criterion 15 (communes) and 8 (agencies) are not ticked: the stored, confirmed
    Decision 510 class decides them."""
    for criterion in (commune().criterion("15"), agency().criterion("8")):
        assert criterion.rule == {"kind": "confirmed_classification", "min_class": "xuat_sac"}


# --- Tháp Mười regrouping -----------------------------------------------------------------------


def test_thap_muoi_has_3_groups_of_7_8_19_covering_1_to_34_exactly_once() -> None:
    groups = parse_commune_groups_thap_muoi(seed_text("004"))
    assert [len(g.criterion_codes) for g in groups] == [7, 8, 19]
    covered = [code for g in groups for code in g.criterion_codes]
    assert covered == [str(n) for n in range(1, 35)]


def test_thap_muoi_group_names_are_its_own_headings() -> None:
    groups = parse_commune_groups_thap_muoi(seed_text("004"))
    assert [(g.code, g.name) for g in groups] == [
        ("leadership", "Nhóm 07 tiêu chí về công tác lãnh đạo, chỉ đạo"),
        (
            "movement",
            "Nhóm 08 tiêu chí về công tác xây dựng phong trào toàn dân bảo vệ an ninh Tổ quốc",
        ),
        ("security_order", "Nhóm 19 tiêu chí về công tác bảo đảm an ninh, trật tự"),
    ]


def test_thap_muoi_moves_the_xuat_sac_classification_into_the_movement_group() -> None:
    movement = parse_commune_groups_thap_muoi(seed_text("004"))[1]
    assert movement.criterion_codes[-1] == "15"
    assert "xuất sắc" in parse_thap_muoi_restatements(seed_text("004"))["15"]


def test_each_thap_muoi_item_reads_most_like_the_9745_criterion_of_the_same_number() -> None:
    restated = parse_thap_muoi_restatements(seed_text("004"))
    originals = {c.code: c.text for c in commune().criteria}
    assert set(restated) == set(originals)
    for code, text in restated.items():

        def likeness(other: str, text: str = text) -> float:
            return difflib.SequenceMatcher(None, text, originals[other]).ratio()

        assert max(originals, key=likeness) == code, (code, text)


def test_thap_muoi_items_spanning_two_paragraphs_are_joined_without_markup() -> None:
    restated = parse_thap_muoi_restatements(seed_text("004"))
    assert "theo kiểu “xã hội đen”; không có hoạt động" in restated["17"]
    assert restated["28"].endswith("tầm nhìn 2030 (Đề án 06).")
    assert "*" not in "".join(restated.values())


# --- loading and failure modes ------------------------------------------------------------------


def test_load_seed_sets_reads_001_and_004_from_the_seed_directory() -> None:
    loaded = load_seed_sets(SEED_DIR)
    assert len(loaded.commune.criteria) == 34
    assert len(loaded.agency.criteria) == 14
    assert [len(g.criterion_codes) for g in loaded.commune_groups_thap_muoi] == [7, 8, 19]


def test_load_seed_sets_reports_a_missing_seed_file(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="001_"):
        load_seed_sets(tmp_path)


def test_a_text_without_the_appendix_is_rejected() -> None:
    with pytest.raises(CriteriaParseError, match="title line"):
        parse_commune_set_9745(seed_text("004"))


def test_a_skipped_criterion_number_is_rejected() -> None:
    broken = seed_text("001").replace("Tiêu chí 12  ", "Tiêu chí 21  ", 1)
    with pytest.raises(CriteriaParseError, match="expected 'Tiêu chí 12'"):
        parse_commune_set_9745(broken)


def test_a_rule_bound_to_text_without_its_number_is_rejected() -> None:
    broken = seed_text("001").replace("dưới 1,5%", "dưới 2%", 1)
    with pytest.raises(CriteriaParseError, match="criterion 29"):
        parse_commune_set_9745(broken)


def test_a_decomposed_unicode_seed_parses_to_the_same_nfc_texts() -> None:
    decomposed = unicodedata.normalize("NFD", seed_text("001"))
    assert parse_commune_set_9745(decomposed) == commune()


def test_thap_muoi_with_a_miscounted_group_is_rejected() -> None:
    broken = seed_text("004").replace("2.1. Nhóm 07 tiêu chí", "2.1. Nhóm 06 tiêu chí", 1)
    with pytest.raises(CriteriaParseError, match="declares 6"):
        parse_commune_groups_thap_muoi(broken)
