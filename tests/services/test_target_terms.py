"""Target terms: how plan wording becomes typed quantities and deadlines, and what is refused."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

import pytest

from core.domain import UnitKind
from core.targets import (
    Comparator,
    CountPart,
    Deadline,
    DeadlineKind,
    NamedItem,
    PlaceKind,
    Quantity,
    QuantityKind,
    Stage,
    TermError,
)
from services.target_terms import (
    TargetCategory,
    category_from_heading,
    clean_text,
    parse_deadline,
    parse_quantity,
)

PER_UNIT = (
    "- Khu dân cư: trước ngày 05/11/2023 - Xã, phường, thị trấn: trước ngày 10/11/2023 "
    "- CQDN, cơ sở giáo dục: 13/11/2023"
)
STAGED = "Thời gian đăng ký: cuối Quý I/2023 Thời gian thực hiện: trong năm 2023"
YEAR_WITH_FOCUS = (
    "Thực hiện cả năm - Trọng tâm: + Kế hoạch thực hiện phong trào toàn dân bảo vệ ANTQ; "
    "+ Công văn chỉ đạo đẩy mạnh phong trào toàn dân bảo vệ ANTQ trong các khu, cụm công nghiệp."
)


# --- text normalisation -----------------------------------------------------------------------


def test_cleaning_drops_inline_html_without_leaving_gaps():
    assert clean_text("năm 2023 (<i>Nghị quyết</i>);") == "năm 2023 (Nghị quyết);"


def test_cleaning_turns_block_html_into_spaces():
    assert (
        clean_text("<p>Thực hiện cả năm</p><p>- Trọng tâm:</p>") == "Thực hiện cả năm - Trọng tâm:"
    )


def test_cleaning_renders_latex_comparisons_as_symbols():
    assert clean_text(r"$\geq 80\%$ xuất sắc") == "≥ 80% xuất sắc"
    assert clean_text(r"$\leq 5\%$") == "≤ 5%"


def test_cleaning_composes_decomposed_vietnamese():
    decomposed = unicodedata.normalize("NFD", "Quý I")
    assert clean_text(decomposed) == "Quý I"
    assert clean_text(decomposed) == unicodedata.normalize("NFC", "Quý I")


# --- categories -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("heading", "category"),
    [
        ("CÔNG TÁC CHỈ ĐẠO THỰC HIỆN", TargetCategory.DIRECTING_DOCUMENTS),
        (
            "XÂY DỰNG THÍ ĐIỂM CÔNG AN PHƯỜNG ĐIỂN HÌNH, KIỂU MẪU VỀ AN NINH TRẬT TỰ VÀ VĂN MINH "
            "ĐÔ THỊ",
            TargetCategory.PILOT_WARD_POLICE,
        ),
        (
            "XÂY DỰNG XÃ, PHƯỜNG, THỊ TRẤN, CƠ QUAN, DOANH NGHIỆP, CƠ SỞ GIÁO DỤC ĐIỂN HÌNH VỀ "
            "PHONG TRÀO TOÀN DÂN BẢO VỆ ANTTQ",
            TargetCategory.TYPICAL_UNITS,
        ),
        (
            "CÔNG TÁC HƯỚNG DẪN XÂY DỰNG MÔ HÌNH, ĐIỂN HÌNH TIÊN TIẾN",
            TargetCategory.MODELS,
        ),
        (
            "CÔNG TÁC CHUYỂN HÓA ĐỊA BÀN TRỌNG ĐIỂM PHỨC TẠP VỀ ANTT",
            TargetCategory.TRANSFORMING_AREAS,
        ),
        ("TỔ CHỨC NGÀY HỘI TOÀN DÂN BẢO VỆ ANTQ", TargetCategory.FESTIVAL_DAY),
        (
            "THỰC HIỆN THÔNG TƯ SỐ 124, QUYẾT ĐỊNH 510 CỦA BỘ TRƯỞNG BỘ CÔNG AN VÀ CHỈ THỊ SỐ 10, "
            "ĐỀ ÁN 375 CỦA UBND TỈNH",
            TargetCategory.CIRCULAR_124_DECISION_510,
        ),
    ],
)
def test_each_seed_heading_maps_to_its_category(heading, category):
    assert category_from_heading(heading) is category


@pytest.mark.parametrize(
    ("heading", "category"),
    [
        (
            "XÂY DỰNG XÃ, PHƯỜNG, THỊ TRẤN, CƠ QUAN, DOANH NGHIỆP, CƠ SỞ GIÁO DỤC DIỄN HÌNH VỀ "
            "PHÒNG TRÀO TOÀN DÂN BẢO VỆ ANTQ",
            TargetCategory.TYPICAL_UNITS,
        ),
        ("CÔNG TÁC HƯỚNG DẪN XÂY DỰNG MÔ HÌNH, DIỄN HÌNH TIÊN TIẾN", TargetCategory.MODELS),
        (
            "CÔNG TÁC CHUYÊN HÓA ĐỊA BÀN TRỌNG ĐIỂM PHỨC TẠP VỀ ANTT",
            TargetCategory.TRANSFORMING_AREAS,
        ),
        ("TỔ CHỨC NGÀY HỘI TOÀN DÂN BẢO VỆ ANTT", TargetCategory.FESTIVAL_DAY),
    ],
)
def test_heading_typos_found_in_the_seed_do_not_change_the_category(heading, category):
    assert category_from_heading(heading) is category


def test_headings_match_regardless_of_case_spacing_and_unicode_form():
    messy = unicodedata.normalize("NFD", "  tổ   chức ngày hội toàn dân bảo vệ antq ")
    assert category_from_heading(messy) is TargetCategory.FESTIVAL_DAY
    assert category_from_heading("TO CHUC NGAY HOI") is TargetCategory.FESTIVAL_DAY


def test_an_unknown_heading_is_refused_with_the_heading_in_the_message():
    with pytest.raises(TermError, match="CÔNG TÁC KHÁC"):
        category_from_heading("CÔNG TÁC KHÁC")


# --- counts -----------------------------------------------------------------------------------


def test_a_plain_count_must_be_met_exactly():
    q = parse_quantity("02 văn bản")
    assert (q.kind, q.value, q.comparator, q.unit) == (
        QuantityKind.COUNT,
        2,
        Comparator.EQ,
        "văn bản",
    )
    assert q.raw == "02 văn bản"


@pytest.mark.parametrize("text", ["≥ 01 văn bản", ">= 01 văn bản", "ít nhất 01 văn bản"])
def test_at_least_a_count_is_a_gte_count(text):
    q = parse_quantity(text)
    assert (q.kind, q.value, q.comparator, q.unit) == (
        QuantityKind.COUNT,
        1,
        Comparator.GTE,
        "văn bản",
    )


def test_an_explanation_after_a_count_is_kept_as_its_note():
    q = parse_quantity("≥ 01 văn bản (<i>Nghị quyết của Đảng ủy</i>)")
    assert (q.value, q.comparator, q.unit) == (1, Comparator.GTE, "văn bản")
    assert q.note == "(Nghị quyết của Đảng ủy)"


def test_at_least_one_ward_and_one_school_is_a_compound_count_with_a_minimum_per_kind():
    q = parse_quantity("Ít nhất 01 phường và 01 cơ sở giáo dục")
    assert q.kind is QuantityKind.COUNT
    assert q.comparator is Comparator.GTE
    assert q.parts == (CountPart(1, "phường"), CountPart(1, "cơ sở giáo dục"))
    assert q.value == 2
    assert q.unit is None


def test_a_negative_count_is_refused():
    with pytest.raises(TermError, match="-1"):
        Quantity.count(-1, "văn bản")


def test_an_unknown_comparator_is_refused_with_its_name():
    with pytest.raises(TermError, match="about"):
        Quantity.count(1, "văn bản", "about")


# --- percentages ------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [r"$\geq 80\%$", "≥ 80%", ">= 80%", "80% trở lên"])
def test_at_least_eighty_percent_reads_the_same_however_it_is_written(text):
    q = parse_quantity(text)
    assert (q.kind, q.value, q.comparator) == (QuantityKind.PERCENT, 80.0, Comparator.GTE)


def test_a_bare_percentage_must_be_met_exactly():
    q = parse_quantity("100%")
    assert (q.kind, q.value, q.comparator) == (QuantityKind.PERCENT, 100.0, Comparator.EQ)
    assert q.qualifier is None and q.condition is None


def test_a_percentage_keeps_what_it_counts_as_its_qualifier():
    q = parse_quantity(r"$\geq 80\%$ xuất sắc, khá")
    assert q.qualifier == "xuất sắc, khá"
    assert q.raw == "≥ 80% xuất sắc, khá"


def test_a_percentage_keeps_an_extra_condition_separately():
    q = parse_quantity("≥ 80% mô hình xếp loại Tốt, Khá Không có mô hình xếp loại Yếu")
    assert q.value == 80.0 and q.comparator is Comparator.GTE
    assert q.qualifier == "mô hình xếp loại Tốt, Khá"
    assert q.condition == "Không có mô hình xếp loại Yếu"


@pytest.mark.parametrize("text", ["120%", "≥ 120%", r"$\geq 120\%$"])
def test_a_percentage_over_one_hundred_is_refused_naming_the_input(text):
    with pytest.raises(TermError, match="120"):
        parse_quantity(text)


def test_a_percentage_from_the_api_is_validated_like_parsed_text():
    assert Quantity.percent(80, "gte") == Quantity(QuantityKind.PERCENT, "", 80.0, Comparator.GTE)
    with pytest.raises(TermError, match="120"):
        Quantity.percent(120, Comparator.GTE)
    with pytest.raises(TermError, match="-5"):
        Quantity.percent(-5, Comparator.GTE)


def test_term_errors_are_value_errors_so_generic_validation_catches_them():
    with pytest.raises(ValueError):
        Quantity.percent(101)


# --- named lists ------------------------------------------------------------------------------


def test_a_model_list_keeps_each_model_with_its_own_count():
    q = parse_quantity(
        "03 mô hình gồm: - Xứ Đạo bình yên (01) - Camera với ANTT (01) "
        "- Tổ an ninh công nhân tại Doanh nghiệp FDI (01)"
    )
    assert (q.kind, q.value, q.unit) == (QuantityKind.NAMED_LIST, 3, "mô hình")
    assert [(i.name, i.count) for i in q.items] == [
        ("Xứ Đạo bình yên", 1),
        ("Camera với ANTT", 1),
        ("Tổ an ninh công nhân tại Doanh nghiệp FDI", 1),
    ]
    assert q.items_agree


def test_model_names_may_contain_commas_because_items_are_split_on_bullets():
    q = parse_quantity("06 mô hình, gồm: - Xứ Đạo bình yên (01) - Camera với an ninh, trật tự (05)")
    assert [(i.name, i.count) for i in q.items] == [
        ("Xứ Đạo bình yên", 1),
        ("Camera với an ninh, trật tự", 5),
    ]


def test_a_place_list_strips_the_admin_prefix_but_remembers_it():
    q = parse_quantity("02 địa bàn gồm: xã Hải Hà, Tân Trường")
    assert (q.kind, q.value, q.unit) == (QuantityKind.NAMED_LIST, 2, "địa bàn")
    assert [i.name for i in q.items] == ["Hải Hà", "Tân Trường"]
    assert [i.label for i in q.items] == ["xã Hải Hà", "Tân Trường"]
    # Only what the text says: "xã" is written before Hải Hà alone.
    assert [i.place_kind for i in q.items] == [PlaceKind.COMMUNE, None]


def test_an_abbreviated_township_prefix_is_recognised():
    q = parse_quantity("02 địa bàn, gồm: Hà Vinh, TT Hà Trung")
    assert q.items[1] == NamedItem("Hà Trung", None, PlaceKind.TOWNSHIP, "TT Hà Trung")


def test_a_single_named_place_is_a_list_of_one():
    q = parse_quantity("Thị trấn Tân Phong")
    assert (q.kind, q.value) == (QuantityKind.NAMED_LIST, 1)
    assert q.items == (NamedItem("Tân Phong", None, PlaceKind.TOWNSHIP, "Thị trấn Tân Phong"),)


def test_a_bullet_list_without_a_total_totals_its_item_counts():
    q = parse_quantity("- Xứ Đạo bình yên (01) - Camera với ANTT(02) - Tổ an ninh công nhân (01)")
    assert (q.kind, q.value) == (QuantityKind.NAMED_LIST, 4)
    assert [i.count for i in q.items] == [1, 2, 1]


def test_a_list_whose_items_do_not_add_up_is_kept_but_flagged():
    q = parse_quantity("03 mô hình gồm: - Xứ Đạo bình yên (01) - Camera với ANTT (01)")
    assert q.kind is QuantityKind.NAMED_LIST
    assert not q.items_agree


def test_a_list_header_without_names_is_just_a_count():
    q = parse_quantity("04 địa bàn, gồm:")
    assert (q.kind, q.value, q.unit) == (QuantityKind.COUNT, 4, "địa bàn")


def test_a_named_list_from_the_api_defaults_its_total_to_the_item_counts():
    q = Quantity.named_list([("Camera với ANTT", 2), ("Xứ Đạo bình yên", 1)], unit="mô hình")
    assert q.value == 3
    with pytest.raises(TermError):
        Quantity.named_list([])


# --- free text --------------------------------------------------------------------------------


def test_a_selection_rule_we_cannot_type_is_kept_as_text():
    text = (
        "Chọn 01 xã, phường, thị trấn và 01 cơ quan, doanh nghiệp, cơ sở giáo dục để tổ chức "
        "điểm; mỗi xã, phường, thị trấn chọn 02 thôn, bản, khu phố để tổ chức điểm"
    )
    q = parse_quantity(text)
    assert q.kind is QuantityKind.TEXT
    assert q.raw == text
    assert q.value is None


def test_an_empty_quantity_is_refused():
    with pytest.raises(TermError):
        parse_quantity("  <i></i> ")


# --- deadlines: single periods ----------------------------------------------------------------


def test_before_a_day_means_the_day_before_is_the_last_on_time_day():
    d = parse_deadline("Trước 10/11/2023", 2023)
    assert (d.kind, d.start, d.due) == (DeadlineKind.BEFORE, None, date(2023, 11, 9))
    assert d.raw == "Trước 10/11/2023"
    assert d.is_on_time(date(2023, 11, 9))
    assert not d.is_on_time(date(2023, 11, 10))


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("Trước T11/2023", date(2023, 10, 31)),
        ("Trước T6/2023", date(2023, 5, 31)),
        ("Trước Tháng 6/2023", date(2023, 5, 31)),
        ("Xong trước T6/2023", date(2023, 5, 31)),
        ("Ttrước T10/2023", date(2023, 9, 30)),
        ("Trước T3/2024", date(2024, 2, 29)),
    ],
)
def test_before_a_month_means_the_last_day_of_the_previous_month(text, due):
    d = parse_deadline(text, 2023)
    assert (d.kind, d.due, d.start) == (DeadlineKind.BEFORE, due, None)


@pytest.mark.parametrize("text", ["Tháng 3/2023", "T3/2023", "tháng 3 năm 2023"])
def test_a_month_runs_from_its_first_to_its_last_day(text):
    d = parse_deadline(text, 2023)
    assert (d.kind, d.start, d.due) == (DeadlineKind.MONTH, date(2023, 3, 1), date(2023, 3, 31))


def test_end_of_a_month_is_due_on_its_last_day_without_a_start():
    d = parse_deadline("Cuối T3/2023", 2023)
    assert (d.kind, d.start, d.due) == (DeadlineKind.MONTH, None, date(2023, 3, 31))


def test_a_quarter_runs_over_its_three_months():
    d = parse_deadline("Quý II/2023", 2023)
    assert (d.kind, d.start, d.due) == (DeadlineKind.QUARTER, date(2023, 4, 1), date(2023, 6, 30))
    assert parse_deadline("Quý IV/2023", 2023).due == date(2023, 12, 31)
    assert parse_deadline("Trong Quý I/2023", 2023).start == date(2023, 1, 1)


@pytest.mark.parametrize("text", ["Cuối Quý I/2023", "Cuối quý I/2023", "CUỐI QUÝ 1/2023"])
def test_end_of_a_quarter_is_due_on_its_last_day(text):
    d = parse_deadline(text, 2023)
    assert (d.kind, d.start, d.due) == (DeadlineKind.QUARTER, None, date(2023, 3, 31))


def test_a_bare_date_is_due_on_that_day():
    d = parse_deadline("13/11/2023", 2023)
    assert (d.kind, d.due) == (DeadlineKind.DATE, date(2023, 11, 13))


def test_the_plan_year_fills_in_a_missing_year():
    assert parse_deadline("Tháng 3", 2024).due == date(2024, 3, 31)
    assert parse_deadline("Trước 10/11", 2024).due == date(2024, 11, 9)


# --- deadlines: windows and years -------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Thời gian thực hiện từ 01/7 – 19/8/2023",
        "01/7 – 19/8/2023",
        "từ 01/7 đến 19/8/2023",
        "01/7/2023 - 19/8/2023",
    ],
)
def test_a_window_runs_from_its_start_to_its_end_day(text):
    d = parse_deadline(text, 2023)
    assert (d.kind, d.start, d.due) == (DeadlineKind.WINDOW, date(2023, 7, 1), date(2023, 8, 19))


def test_a_window_ending_before_it_starts_is_refused_naming_the_input():
    with pytest.raises(TermError, match="19/8 – 01/7/2023"):
        parse_deadline("19/8 – 01/7/2023", 2023)


def test_a_window_from_the_api_ending_before_it_starts_is_refused():
    with pytest.raises(TermError, match="2023-08-19"):
        Deadline.window(date(2023, 8, 19), date(2023, 7, 1))
    one_day = Deadline.window(date(2023, 8, 19), date(2023, 8, 19))
    assert one_day.start == one_day.due


def test_a_window_across_new_year_must_give_both_years():
    d = parse_deadline("20/12/2023 – 10/01/2024", 2023)
    assert (d.start, d.due) == (date(2023, 12, 20), date(2024, 1, 10))


@pytest.mark.parametrize("text", ["Trong năm", "trong năm 2023", "Thực hiện cả năm"])
def test_during_the_year_is_due_on_the_thirty_first_of_december(text):
    d = parse_deadline(text, 2023)
    assert (d.kind, d.start, d.due) == (DeadlineKind.YEAR, date(2023, 1, 1), date(2023, 12, 31))


def test_the_focus_text_of_a_year_long_deadline_is_kept_as_its_note():
    d = parse_deadline(YEAR_WITH_FOCUS, 2023)
    assert d.kind is DeadlineKind.YEAR
    assert d.note is not None
    assert d.note.startswith("Trọng tâm: + Kế hoạch thực hiện phong trào")
    assert d.note.endswith("khu, cụm công nghiệp.")


def test_html_around_a_year_long_deadline_does_not_hide_it():
    d = parse_deadline(
        '<p style="text-align: center;">Thực hiện cả năm</p> <ul style="list-style-type: none"> '
        "- Trọng tâm: + Kế hoạch</ul>",
        2023,
    )
    assert d.kind is DeadlineKind.YEAR
    assert d.note == "Trọng tâm: + Kế hoạch"


# --- deadlines: composites --------------------------------------------------------------------


def test_per_unit_kind_deadlines_are_due_by_the_latest_kind():
    d = parse_deadline(PER_UNIT, 2023)
    assert d.kind is DeadlineKind.PER_UNIT_KIND
    assert d.due == date(2023, 11, 13)


def test_each_unit_kind_has_its_own_last_on_time_day():
    d = parse_deadline(PER_UNIT, 2023)
    assert d.due_for(UnitKind.RESIDENTIAL_AREA) == date(2023, 11, 4)
    assert d.due_for("commune") == date(2023, 11, 9)
    assert d.due_for(UnitKind.AGENCY) == date(2023, 11, 13)
    assert d.due_for(UnitKind.ENTERPRISE) == date(2023, 11, 13)
    assert d.due_for(UnitKind.SCHOOL) == date(2023, 11, 13)
    assert not d.is_on_time(date(2023, 11, 5), UnitKind.RESIDENTIAL_AREA)
    assert d.is_on_time(date(2023, 11, 5), UnitKind.SCHOOL)


def test_asking_for_an_unknown_unit_kind_is_refused():
    d = parse_deadline(PER_UNIT, 2023)
    with pytest.raises(TermError, match="hamlet"):
        d.due_for("hamlet")


def test_a_deadline_not_split_by_unit_kind_applies_to_every_kind():
    d = parse_deadline("Quý I/2023", 2023)
    assert d.due_for(UnitKind.RESIDENTIAL_AREA) == d.due


def test_a_staged_deadline_keeps_registration_and_implementation():
    d = parse_deadline(STAGED, 2023)
    assert d.kind is DeadlineKind.STAGED
    assert d.part(Stage.REGISTRATION).due == date(2023, 3, 31)
    assert d.part(Stage.IMPLEMENTATION).kind is DeadlineKind.YEAR
    assert d.due == date(2023, 12, 31)
    assert d.describe() == "registration: by the end of Q1 2023; implementation: during 2023"


def test_composite_deadlines_from_the_api_validate_their_keys():
    d = Deadline.per_unit_kind(
        {
            UnitKind.COMMUNE: Deadline.before(date(2023, 11, 10)),
            "school": Deadline.on(date(2023, 11, 13)),
        }
    )
    assert d.due_for(UnitKind.COMMUNE) == date(2023, 11, 9)
    with pytest.raises(TermError, match="hamlet"):
        Deadline.per_unit_kind({"hamlet": Deadline.on(date(2023, 11, 13))})
    with pytest.raises(TermError):
        Deadline.staged({})


# --- deadlines: refusals and rendering --------------------------------------------------------


@pytest.mark.parametrize("text", ["sớm nhất có thể", "Quý V/2023", "Tháng 13/2023", "31/2/2023"])
def test_unreadable_or_impossible_deadlines_are_refused_naming_the_input(text):
    with pytest.raises(TermError, match=re.escape(text)):
        parse_deadline(text, 2023)


def test_an_empty_deadline_is_refused():
    with pytest.raises(TermError):
        parse_deadline("", 2023)


def test_impossible_periods_from_the_api_are_refused():
    with pytest.raises(TermError):
        Deadline.quarter(2023, 5)
    with pytest.raises(TermError):
        Deadline.month(2023, 0)


def test_deadlines_describe_themselves_in_short_english():
    assert parse_deadline("Trước 10/11/2023", 2023).describe() == (
        "before 2023-11-10 (last on-time day 2023-11-09)"
    )
    assert parse_deadline("Tháng 3/2023", 2023).describe() == "in March 2023"
    assert parse_deadline("Cuối Quý I/2023", 2023).describe() == "by the end of Q1 2023"
    assert parse_deadline("01/7 – 19/8/2023", 2023).describe() == "from 2023-07-01 to 2023-08-19"
    assert parse_deadline("Trong năm", 2023).describe() == "during 2023"
