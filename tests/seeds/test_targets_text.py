"""Seed 000's per-district target tables (Phụ lục 1–27), read from the real document."""

from __future__ import annotations

import functools
import re
from datetime import date

import pytest

from core.domain import UnitKind
from core.targets import DeadlineKind, PlaceKind, QuantityKind, Stage, TermError
from seeds.paths import seed_file
from seeds.targets_text import (
    AppendixIndexEntry,
    TargetTable,
    load_seed_000,
    parse_appendix_index,
    parse_target_appendices,
    same_unit,
    unit_name,
)
from services.target_terms import TargetCategory, category_from_heading

SEED = seed_file("000")


@functools.cache
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@functools.cache
def tables() -> tuple[TargetTable, ...]:
    return tuple(load_seed_000(SEED))


def table(appendix_no: int) -> TargetTable:
    return next(t for t in tables() if t.appendix_no == appendix_no)


def appendix_lines() -> list[str]:
    lines = seed_text().splitlines()
    first = next(i for i, line in enumerate(lines) if line.strip() == "Phụ lục 1")
    return lines[first:]


# --- the index and the tables -----------------------------------------------------------------


def test_the_seed_has_exactly_27_target_tables():
    assert len(tables()) == 27


def test_the_appendix_index_lists_27_units_with_their_appendix_numbers():
    index = parse_appendix_index(seed_text())
    assert len(index) == 27
    assert index[0] == AppendixIndexEntry("1", "TP Thanh Hóa", 1)
    assert index[1] == ("2", "TX Nghi Sơn", 2)
    assert index[-1] == AppendixIndexEntry("27", "Mường Lát", 27)


def test_every_appendix_number_from_1_to_27_is_matched_to_its_index_entry():
    index = {e.appendix_no: e for e in parse_appendix_index(seed_text())}
    assert sorted(t.appendix_no for t in tables()) == list(range(1, 28))
    assert sorted(index) == list(range(1, 28))
    for t in tables():
        assert same_unit(index[t.appendix_no].unit_label, t.unit_label), t.unit_label


def test_unit_labels_are_kept_as_written_in_the_appendix_headings():
    assert table(1).unit_label == "Thành phố Thanh Hóa"
    assert table(2).unit_label == "Thị xã Nghi Sơn"
    assert table(5).unit_label == "huyện Thọ Xuân"
    assert table(22).unit_label == "huyện Hậu Lộc"
    # The heading misspells Bỉm Sơn; the index spells it right; they still match.
    assert table(4).unit_label == "Thị xã Bim Sơn"


def test_unit_names_drop_the_kind_but_not_a_name_that_looks_like_one():
    assert unit_name("TP Thanh Hóa") == unit_name("Thành phố Thanh Hóa") == "Thanh Hóa"
    assert unit_name("TX Nghi Sơn") == "Nghi Sơn"
    assert unit_name("Quan Sơn") == "Quan Sơn"
    assert same_unit("Hoàng Hóa", "huyện Hoằng Hóa")


def test_every_table_is_for_2023_and_has_rows_numbered_from_one():
    for t in tables():
        assert t.year == 2023
        assert t.rows, t.unit_label
        assert [r.stt for r in t.rows] == [str(n) for n in range(1, len(t.rows) + 1)]


def test_every_numbered_line_of_the_appendices_becomes_exactly_one_row():
    numbered = [line for line in appendix_lines() if re.match(r"^\d+\t", line)]
    assert sum(len(t.rows) for t in tables()) == len(numbered) == 396


# --- categories -------------------------------------------------------------------------------


def test_every_category_heading_in_the_seed_maps_to_a_category():
    headings = [
        line.split("\t")[0]
        for line in appendix_lines()
        if "\t" in line and line.split("\t")[0].isupper() and not line.startswith(("STT", "\t"))
    ]
    assert len(headings) > 27 * 5
    assert {category_from_heading(h) for h in headings} == set(TargetCategory)


def test_every_table_has_directing_typical_model_festival_and_circular_targets():
    always = {
        TargetCategory.DIRECTING_DOCUMENTS,
        TargetCategory.TYPICAL_UNITS,
        TargetCategory.MODELS,
        TargetCategory.FESTIVAL_DAY,
        TargetCategory.CIRCULAR_124_DECISION_510,
    }
    for t in tables():
        assert always <= {r.category for r in t.rows}, t.unit_label


# --- rows, quantities and deadlines -----------------------------------------------------------


def test_every_row_has_a_typed_deadline_within_the_plan_year():
    for t in tables():
        for r in t.rows:
            assert date(2023, 1, 1) <= r.deadline.due <= date(2023, 12, 31), (t.unit_label, r.stt)
            assert r.deadline.raw


def test_row_one_keeps_both_resolutions_with_their_own_deadlines():
    row = table(1).rows[0]
    assert row.has_sub_rows
    first, second = row.parts
    assert first.text.startswith("Nghị quyết công tác bảo đảm an ninh trật tự năm 2023")
    assert second.text.startswith("Nghị quyết thực hiện Đề án")
    assert (first.deadline.kind, first.deadline.raw) == (DeadlineKind.MONTH, "Tháng 3/2023")
    assert (second.deadline.kind, second.deadline.raw) == (DeadlineKind.QUARTER, "Cuối Quý I/2023")
    assert first.quantity is not None and second.quantity is None
    assert (row.quantity.kind, row.quantity.value, row.quantity.unit) == (
        QuantityKind.COUNT,
        2,
        "văn bản",
    )
    assert row.deadline.due == date(2023, 3, 31)


def test_every_table_opens_with_the_two_resolutions_row():
    for t in tables():
        assert len(t.rows[0].parts) == 2, t.unit_label


def test_a_parenthesised_note_on_a_wrapped_line_stays_in_its_row_and_completes_the_stages():
    row = table(1).rows[8]
    assert row.stt == "9" and row.category is TargetCategory.TYPICAL_UNITS
    assert not row.has_sub_rows
    assert "Kế hoạch 121/KH-BCĐ ngày 24/5/2021" in row.text
    assert row.deadline.kind is DeadlineKind.STAGED
    assert row.deadline.part(Stage.REGISTRATION).due == date(2023, 3, 31)
    assert row.deadline.part(Stage.IMPLEMENTATION).due == date(2023, 12, 31)
    assert row.quantity.parts[0].unit == "phường"


def test_nghi_son_must_transform_hai_ha_and_tan_truong_before_october_2023():
    (row,) = table(2).rows_in(TargetCategory.TRANSFORMING_AREAS)
    assert row.quantity.kind is QuantityKind.NAMED_LIST
    assert row.quantity.value == 2
    assert [i.name for i in row.quantity.items] == ["Hải Hà", "Tân Trường"]
    assert row.quantity.items[0].place_kind is PlaceKind.COMMUNE
    assert row.deadline.kind is DeadlineKind.BEFORE
    assert row.deadline.due == date(2023, 9, 30)


def test_thanh_hoa_city_has_pilot_ward_police_targets_for_an_hung():
    pilot = table(1).rows_in(TargetCategory.PILOT_WARD_POLICE)
    assert [r.stt for r in pilot] == ["4", "5", "6", "7"]
    assert sum("An Hưng" in r.text for r in pilot) == 2
    assert pilot[0].deadline.due == date(2023, 3, 31)
    assert pilot[1].deadline.raw == "Cuối T3/2023"


def test_only_thanh_hoa_city_pilots_a_model_ward_police():
    assert [t.appendix_no for t in tables() if t.rows_in(TargetCategory.PILOT_WARD_POLICE)] == [1]


def test_place_lists_wrapped_onto_the_next_line_are_merged_before_parsing():
    (tho_xuan,) = table(5).rows_in(TargetCategory.TRANSFORMING_AREAS)
    assert tho_xuan.text.endswith("trên địa bàn huyện Thọ Xuân")
    assert [i.name for i in tho_xuan.quantity.items] == ["Thọ Xuân", "Sao Vàng", "Lam Sơn"]
    (muong_lat,) = table(27).rows_in(TargetCategory.TRANSFORMING_AREAS)
    assert muong_lat.quantity.value == len(muong_lat.quantity.items) == 8
    assert muong_lat.quantity.items[-1].place_kind is PlaceKind.TOWNSHIP


def test_every_named_list_in_the_seed_adds_up_to_its_stated_total():
    lists = [
        r.quantity for t in tables() for r in t.rows if r.quantity.kind is QuantityKind.NAMED_LIST
    ]
    assert len(lists) >= 27
    assert all(q.items_agree for q in lists), [q.raw for q in lists if not q.items_agree]


def test_a_word_wrapped_into_the_quantity_column_completes_the_condition():
    (rating,) = [r for r in table(6).rows if r.stt == "8"]
    assert rating.quantity.condition == "Không có mô hình xếp loại Yếu"


def test_no_html_or_latex_survives_in_rows():
    for t in tables():
        for r in t.rows:
            for text in (r.text, r.quantity.raw, r.deadline.raw, r.deadline.note or ""):
                assert "<" not in text and "$" not in text, (t.unit_label, r.stt, text)


def test_latex_percentages_read_as_at_least_eighty_percent():
    q = table(1).rows[16].quantity
    assert q.raw == "≥ 80%"
    assert (q.kind, q.value) == (QuantityKind.PERCENT, 80.0)


def test_circular_124_targets_are_due_per_unit_kind():
    (achieved,) = [r for r in table(1).rows if r.stt == "17"]
    d = achieved.deadline
    assert d.kind is DeadlineKind.PER_UNIT_KIND
    assert d.due_for(UnitKind.RESIDENTIAL_AREA) == date(2023, 11, 4)
    assert d.due_for(UnitKind.COMMUNE) == date(2023, 11, 9)
    assert d.due_for(UnitKind.SCHOOL) == date(2023, 11, 13)


def test_the_year_long_directing_plan_keeps_its_focus_note_including_the_wrapped_tail():
    row = table(1).rows[2]
    assert row.deadline.kind is DeadlineKind.YEAR
    assert row.deadline.note is not None
    assert row.deadline.note.startswith("Trọng tâm:")
    assert "Ngoài ra, tùy đặc điểm" in row.deadline.note


def test_the_festival_selection_rule_is_the_only_quantity_kept_as_text():
    for t in tables():
        texts = [r for r in t.rows if r.quantity.kind is QuantityKind.TEXT]
        assert len(texts) == 1, t.unit_label
        assert texts[0].category is TargetCategory.FESTIVAL_DAY
        assert texts[0].quantity.raw.startswith("Chọn 01 xã")
        assert texts[0].deadline.kind is DeadlineKind.WINDOW


# --- refusals ---------------------------------------------------------------------------------

TINY = (
    "Phụ lục 1\n"
    "Chỉ tiêu cụ thể công tác xây dựng phong trào toàn dân bảo vệ an ninh Tổ quốc\n"
    "(huyện Thử)\n"
    "\n"
    "STT\tDANH MỤC CHỈ TIÊU\tCHỈ TIÊU\tTHỜI GIAN HOÀN THÀNH\n"
    "{heading}\t\t\t\n"
    "1\tKế hoạch\t01 văn bản\t{deadline}\n"
)


def test_the_plan_year_is_a_fallback_for_a_title_without_one():
    (t,) = parse_target_appendices(
        TINY.format(heading="CÔNG TÁC CHỈ ĐẠO THỰC HIỆN", deadline="Trong năm"), year=2024
    )
    assert (t.year, t.rows[0].deadline.due) == (2024, date(2024, 12, 31))


def test_a_table_without_a_year_anywhere_is_refused():
    with pytest.raises(TermError, match="no year"):
        parse_target_appendices(TINY.format(heading="CÔNG TÁC CHỈ ĐẠO", deadline="Trong năm"))


def test_an_unknown_heading_is_refused_naming_the_appendix():
    with pytest.raises(TermError, match=r"Phụ lục 1 .*CÔNG TÁC KHÁC"):
        parse_target_appendices(TINY.format(heading="CÔNG TÁC KHÁC", deadline="Trong năm"), 2024)


def test_an_unreadable_deadline_is_refused_naming_the_row():
    with pytest.raises(TermError, match=r"Phụ lục 1, row 1 .*sớm nhất"):
        parse_target_appendices(TINY.format(heading="CÔNG TÁC CHỈ ĐẠO", deadline="sớm nhất"), 2024)


def test_loading_refuses_a_table_the_index_names_differently(tmp_path):
    broken = tmp_path / "000.txt"
    broken.write_text(seed_text().replace("(huyện Mường Lát)", "(huyện Khác)"), encoding="utf-8")
    with pytest.raises(TermError, match="Mường Lát"):
        load_seed_000(broken)
