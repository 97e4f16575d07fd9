"""The typical-unit criteria sets of Decision 9745/QĐ-BCA-V05, recovered from the seed plans.

Seed 001 (Hậu Lộc, 2024) carries both "temporary" criteria sets verbatim, but as a PDF table
extraction: the group column is cut into short fragments interleaved with the criteria, criteria
wrap over lines, and spacing is noisy. The parser rebuilds the table from that layout instead of
hard-coding the texts, so the stored wording stays traceable to a source document; everything it
cannot infer from the text (group codes, expected counts, which criteria carry figures) is explicit
data below, and every inference is checked against it so a changed extraction fails loudly.

Seed 004 (Tháp Mười, 2024) restates the commune set in three groups of 7/8/19; that regrouping is a
local presentation of the same 34 criteria, so it is returned as groups over the same codes.
"""

from __future__ import annotations

import copy
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Final, Literal

from seeds.named_rules import NAMED_RULES
from services.criteria_rules import Rule, validate_rule

DECISION_REF: Final = "9745/QĐ-BCA-V05"
DECISION_ISSUED_ON: Final = date(2022, 12, 28)

CriterionKind = Literal["boolean", "quantitative"]


class CriteriaParseError(ValueError):
    """The seed text no longer has the layout the parser was checked against."""


@dataclass(frozen=True, slots=True)
class GroupSpec:
    """A group is only a presentation of criteria; codes keep it joinable across regroupings."""

    code: str
    name: str
    criterion_codes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CriterionSpec:
    """One criterion as the decision words it; ``rule`` covers only its clauses with numbers.

    A quantitative criterion can still contain qualitative clauses (e.g. criterion 20 also
    requires "no serious fire"); those are judged from the evidence file, the rule judges the
    figures. ``note`` is the "GHI CHÚ" column, which is empty throughout Decision 9745.
    """

    code: str
    ordinal: int
    text: str
    group_code: str
    kind: CriterionKind
    rule: Rule | None
    note: str | None


@dataclass(frozen=True, slots=True)
class CriteriaSetSpec:
    """A versioned criteria set: a later decision may replace it, so it carries its source."""

    code: str
    title: str
    decision_ref: str
    issued_on: date
    applies_to: tuple[str, ...]
    groups: list[GroupSpec]
    criteria: list[CriterionSpec]

    def criterion(self, code: str) -> CriterionSpec:
        """Criteria are referred to by number in plans and reports ("Tiêu chí 18")."""
        for criterion in self.criteria:
            if criterion.code == code:
                return criterion
        raise KeyError(f"criteria set {self.code} has no criterion {code!r}")


@dataclass(frozen=True, slots=True)
class SeedCriteria:
    """Everything the seeds say about typical-unit criteria, loaded together for seeding."""

    commune: CriteriaSetSpec
    agency: CriteriaSetSpec
    commune_groups_thap_muoi: list[GroupSpec]
    commune_thap_muoi: CriteriaSetSpec | None = None


@dataclass(frozen=True, slots=True)
class RuleBinding:
    """Ties a criterion to a named rule, with the phrases that justify the rule's thresholds.

    The phrases must occur in the criterion text (whitespace-insensitively, since the extraction
    writes "5 %"), so a binding to the wrong criterion number is caught at parse time.
    """

    rule_name: str
    evidence: tuple[str, ...]


# --------------------------------------------------------------------------------------------
# Explicit data: what the layout cannot tell us
# --------------------------------------------------------------------------------------------

# Criteria stating an explicit numeric threshold ("ít nhất 01", "5%", "100%", "dưới 1,5%").
COMMUNE_RULE_BINDINGS: Final[dict[str, RuleBinding]] = {
    "3": RuleBinding("good_practice_at_least_1", ("có ít nhất 01 cách làm hay",)),
    "9": RuleBinding("law_propaganda_at_least_1", ("ít nhất 01 lần tổ chức tuyên truyền",)),
    "13": RuleBinding(
        "models_dan_van_kheo_and_movement",
        ("ít nhất 01 mô hình “Dân vận khéo” và 01 mô hình về phong trào",),
    ),
    "14": RuleBinding(
        "commune_awards",
        (
            "ít nhất 01 lượt tập thể hoặc 01 lượt cá nhân",
            "tặng bằng khen",
            "02 lượt tập thể, cá nhân được tặng giấy khen",
            "ít nhất 01 tập thể hoặc cá nhân trở lên điển hình tiên tiến",
        ),
    ),
    "15": RuleBinding("classification_xuat_sac", ("đoạt loại “Xuất sắc”", "510/QĐ-BCA-V05")),
    "18": RuleBinding(
        "social_order_crimes_down_5_pct",
        ("Kiềm chế hoặc giảm ít nhất 5% số vụ phạm tội về trật tự xã hội so với năm trước",),
    ),
    "19": RuleBinding(
        "drug_users_down",
        (
            "nếu có trên 10 người, mỗi năm kéo giảm ít nhất 20%",
            "từ 10 người trở xuống, mỗi năm kéo giảm ít nhất 02 người",
        ),
    ),
    "20": RuleBinding(
        "fire_safety_records_100_pct",
        ("100% cơ sở do UBND cấp xã quản lý về PCCC phải được lập hồ sơ quản lý",),
    ),
    "26": RuleBinding("hamlets_inspected_100_pct", ("kiểm tra 100% số thôn, ấp, bản, tổ dân phố",)),
    "27": RuleBinding("core_force_training_at_least_1", ("tập huấn được ít nhất 01 hoạt động",)),
    "29": RuleBinding(
        "subject_records_and_recidivism",
        (
            "100% số đối tượng thộc diện quản lý",
            "có hồ sơ, danh sách cụ thể",
            "đặc xá, tha tù tỷ lệ tái phạm tội hằng năm dưới 1,5%",
        ),
    ),
    "30": RuleBinding(
        "crime_reports_processed_100_pct",
        ("100% tin báo, tố giác tội phạm được tiếp nhận, kiểm tra, xác minh sơ bộ",),
    ),
    "34": RuleBinding(
        "police_officers_rated_good_100_pct",
        ("100% cán bộ, chiến sĩ được xếp loại cán bộ “Hoàn thành tốt nhiệm vụ” trở lên",),
    ),
}

AGENCY_RULE_BINDINGS: Final[dict[str, RuleBinding]] = {
    "8": RuleBinding("classification_xuat_sac", ("đoạt loại “Xuất sắc”", "510/QĐ-BCA-V05")),
    "3": RuleBinding(
        "agency_reviews_and_practices",
        (
            "triển khai ít nhất 01 chuyên đề hoặc 01 mô hình",
            "có ít nhất 01 cách làm hay",
        ),
    ),
    "4": RuleBinding("law_propaganda_at_least_1", ("ít nhất 01 lần tổ chức tuyên truyền",)),
    "6": RuleBinding(
        "guards_trained_100_pct",
        ("100% lực lượng bảo vệ được tập huấn, bồi dưỡng nghiệp vụ bảo vệ",),
    ),
    "7": RuleBinding(
        "agency_awards",
        (
            "ít nhất 01 lượt tập thể hoặc cá nhân được các cấp khen thưởng",
            "ít nhất 01 tập thể hoặc 01 cá nhân điển hình",
        ),
    ),
    "13": RuleBinding("social_welfare_at_least_2", ("ít nhất từ 02 hoạt động an sinh xã hội",)),
}


# Tháp Mười's restatement (seed 004) words several criteria differently: its own bindings,
# checked against its own wording. Criterion 19 has no "10 people or fewer" branch there.
THAP_MUOI_RULE_BINDINGS: Final[dict[str, RuleBinding]] = {
    "3": COMMUNE_RULE_BINDINGS["3"],
    "9": COMMUNE_RULE_BINDINGS["9"],
    "13": COMMUNE_RULE_BINDINGS["13"],
    "14": RuleBinding(
        "commune_awards",
        (
            "ít nhất 01 lượt tập thể hoặc 01 lượt cá nhân",
            "tặng Bằng khen",
            "02 lượt tập thể, cá nhân được tặng Giấy khen",
            "ít nhất 01 tập thể hoặc cá nhân trở lên điển hình tiên tiến",
        ),
    ),
    "15": RuleBinding("classification_xuat_sac", ("đạt loại xuất sắc", "510/QĐ-BCA")),
    "18": RuleBinding(
        "social_order_crimes_down_5_pct",
        ("Kiểm chế hoặc giảm ít nhất 05% số vụ phạm tội về trật tự xã hội so với năm trước",),
    ),
    "19": RuleBinding(
        "drug_users_down_20_pct_thap_muoi",
        ("Không có người nghiện ma túy; nếu có phải kéo giảm ít nhất 20%",),
    ),
    "20": RuleBinding(
        "fire_safety_records_100_pct",
        (
            "100% cơ sở do Ủy ban nhân dân cấp xã quản lý về phòng cháy, chữa cháy phải được lập "
            "hồ sơ quản lý",
        ),
    ),
    "26": RuleBinding("hamlets_inspected_100_pct", ("kiểm tra 100% số ấp trên địa bàn",)),
    "27": COMMUNE_RULE_BINDINGS["27"],
    "29": RuleBinding(
        "subject_records_and_recidivism",
        (
            "100% số đối tượng thuộc diện quản lý",
            "có hồ sơ, danh sách cụ thể",
            "đặc xá, tha tù tỷ lệ tái phạm dưới 1,5%",
        ),
    ),
    "30": COMMUNE_RULE_BINDINGS["30"],
    "34": COMMUNE_RULE_BINDINGS["34"],
}
THAP_MUOI_SET_CODE: Final = "thap_muoi_2024_commune"
THAP_MUOI_PLAN_REF: Final = (
    "Kế hoạch BCĐ 138 huyện Tháp Mười năm 2024 (theo Quyết định 9745/QĐ-BCA-V05)"
)
THAP_MUOI_ISSUED_ON: Final = date(2024, 1, 1)


@dataclass(frozen=True, slots=True)
class _SetLayout:
    code: str
    title_start: str
    applies_to: tuple[str, ...]
    group_codes: tuple[str, ...]
    criteria_count: int
    bindings: dict[str, RuleBinding]


COMMUNE_LAYOUT: Final = _SetLayout(
    code="qd9745_2022_commune",
    title_start="BỘ TIÊU CHÍ TẠM THỜI XÂY DỰNG XÃ, PHƯỜNG, THỊ TRẤN",
    applies_to=("commune",),
    group_codes=("leadership", "movement", "security_order", "commune_police"),
    criteria_count=34,
    bindings=COMMUNE_RULE_BINDINGS,
)
AGENCY_LAYOUT: Final = _SetLayout(
    code="qd9745_2022_agency",
    title_start="BỘ TIÊU CHÍ TẠM THỜI XÂY DỰNG CƠ QUAN, DOANH NGHIỆP, CƠ SỞ GIÁO DỤC",
    applies_to=("agency", "enterprise", "school"),
    group_codes=("leadership", "security_order", "unit_affairs"),
    criteria_count=14,
    bindings=AGENCY_RULE_BINDINGS,
)
THAP_MUOI_GROUP_CODES: Final = ("leadership", "movement", "security_order")

# The group column of the PDF table is narrow: its fragments are short and never end a sentence.
_GROUP_FRAGMENT_MAX_CHARS: Final = 20
_SENTENCE_ENDINGS: Final = (".", ";", ":", "…", "”", ")")
# A group name always wraps over several fragments; a single short line is a criterion's tail.
_GROUP_MIN_FRAGMENTS: Final = 2

_HEADER_RE: Final = re.compile(r"^\s*Tiêu chí\s+(\d+)\b\s*(.*)$")
_ANY_HEADER_RE: Final = re.compile(r"Tiêu chí\s+\d+")
_TABLE_HEADER_RE: Final = re.compile(r"^\s*NHÓM\s+TIÊU CHÍ\s+NỘI DUNG\b")
_NOTE_HEADER_WORDS: Final = frozenset({"GHI", "CHÚ", "GHI CHÚ"})
_SPACES_RE: Final = re.compile(r"\s+")
_HYPHEN_BREAK_RE: Final = re.compile(r"\w-$")

_TM_GROUP_RE: Final = re.compile(r"^\s*2\.(\d+)\.\s+(Nhóm\s+(\d+)\s+tiêu chí về\s+.+?)\s*$")
_TM_ITEM_RE: Final = re.compile(r"^\s*\((\d+)\)\s+(.*)$")
_TM_SECTION_END_RE: Final = re.compile(r"^\s*III\.\s")


# --------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------


def parse_commune_set_9745(text_001: str) -> CriteriaSetSpec:
    """The 34 criteria for communes, wards and towns (Phụ lục I of seed 001)."""
    return _parse_set(text_001, COMMUNE_LAYOUT)


def parse_agency_set_9745(text_001: str) -> CriteriaSetSpec:
    """The 14 criteria for agencies, enterprises and schools (Phụ lục II of seed 001)."""
    return _parse_set(text_001, AGENCY_LAYOUT)


def parse_commune_groups_thap_muoi(text_004: str) -> list[GroupSpec]:
    """Tháp Mười's 7/8/19 grouping of the 34 commune criteria, mapped by position.

    The restatement keeps the order of Decision 9745 and only moves group borders (criterion 15,
    the "Xuất sắc" classification, joins the movement group; the police group merges into security
    and order), so the k-th item overall is criterion k.
    """
    groups: list[GroupSpec] = []
    next_code = 1
    for index, (name, declared, items) in enumerate(_thap_muoi_sections(text_004)):
        if len(items) != declared:
            raise CriteriaParseError(
                f"Tháp Mười group {name!r} declares {declared} criteria but lists {len(items)}"
            )
        codes = tuple(str(number) for number in range(next_code, next_code + len(items)))
        next_code += len(items)
        if index >= len(THAP_MUOI_GROUP_CODES):
            raise CriteriaParseError(
                f"Tháp Mười has more than {len(THAP_MUOI_GROUP_CODES)} groups ({name!r})"
            )
        groups.append(GroupSpec(THAP_MUOI_GROUP_CODES[index], name, codes))
    if len(groups) != len(THAP_MUOI_GROUP_CODES):
        raise CriteriaParseError(
            f"expected {len(THAP_MUOI_GROUP_CODES)} Tháp Mười groups, found {len(groups)}"
        )
    if next_code - 1 != COMMUNE_LAYOUT.criteria_count:
        raise CriteriaParseError(
            f"Tháp Mười groups cover {next_code - 1} criteria, expected "
            f"{COMMUNE_LAYOUT.criteria_count}"
        )
    return groups


def parse_thap_muoi_restatements(text_004: str) -> dict[str, str]:
    """Tháp Mười's local wording of each commune criterion, keyed by the Decision 9745 code.

    Useful to show a commune the wording its own district plan used, and to verify the
    positional mapping against the decision's wording.
    """
    texts: dict[str, str] = {}
    for _name, _declared, items in _thap_muoi_sections(text_004):
        for item in items:
            texts[str(len(texts) + 1)] = item
    return texts


def load_seed_sets(seed_dir: Path) -> SeedCriteria:
    """Read seeds 001 and 004 by their number prefix (the suffix is a content hash)."""
    text_001 = _read_seed(seed_dir, "001")
    text_004 = _read_seed(seed_dir, "004")
    commune = parse_commune_set_9745(text_001)
    return SeedCriteria(
        commune=commune,
        agency=parse_agency_set_9745(text_001),
        commune_groups_thap_muoi=parse_commune_groups_thap_muoi(text_004),
        commune_thap_muoi=parse_commune_set_thap_muoi(text_004),
    )


def parse_commune_set_thap_muoi(text_004: str) -> CriteriaSetSpec:
    """Tháp Mười's own version of the commune set: its wording, its grouping and rules bound
    to that wording (criterion 19 is judged by "giảm ít nhất 20%" alone), so Decision 9745's
    rule is never applied to a text that does not say it."""
    texts = parse_thap_muoi_restatements(text_004)
    groups = parse_commune_groups_thap_muoi(text_004)
    group_of = {code: g.code for g in groups for code in g.criterion_codes}
    layout = _SetLayout(
        code=THAP_MUOI_SET_CODE,
        title_start="",
        applies_to=("commune",),
        group_codes=THAP_MUOI_GROUP_CODES,
        criteria_count=COMMUNE_LAYOUT.criteria_count,
        bindings=THAP_MUOI_RULE_BINDINGS,
    )
    criteria = [
        _criterion(layout, int(code), texts[code], group_of[code])
        for code in sorted(texts, key=int)
    ]
    return CriteriaSetSpec(
        code=THAP_MUOI_SET_CODE,
        title="Bộ tiêu chí xây dựng xã điển hình, kiểu mẫu về phong trào toàn dân bảo vệ ANTQ "
        "(huyện Tháp Mười, năm 2024)",
        decision_ref=THAP_MUOI_PLAN_REF,
        issued_on=THAP_MUOI_ISSUED_ON,
        applies_to=("commune",),
        groups=groups,
        criteria=criteria,
    )


def normalize_text(text: str) -> str:
    """NFC with single spaces: the stored form, so equality and search behave predictably."""
    return _SPACES_RE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def contains_phrase(text: str, phrase: str) -> bool:
    """Whitespace-insensitive containment, because the extraction splits "5%" into "5 %"."""
    return _SPACES_RE.sub("", normalize_text(phrase)) in _SPACES_RE.sub("", normalize_text(text))


# --------------------------------------------------------------------------------------------
# Decision 9745 tables
# --------------------------------------------------------------------------------------------


def _read_seed(seed_dir: Path, prefix: str) -> str:
    matches = sorted(seed_dir.glob(f"{prefix}_*.txt"))
    if not matches:
        raise FileNotFoundError(f"no seed file {prefix}_*.txt in {seed_dir}")
    if len(matches) > 1:
        names = ", ".join(path.name for path in matches)
        raise CriteriaParseError(f"several seed files match {prefix}_*.txt: {names}")
    return matches[0].read_text(encoding="utf-8")


def _parse_set(text: str, layout: _SetLayout) -> CriteriaSetSpec:
    lines = unicodedata.normalize("NFC", text).splitlines()
    title, body = _locate_table(lines, layout)
    blocks = _split_blocks(body, layout)

    preamble = blocks[0][1]
    if not preamble or not all(_is_group_fragment(line) for line in preamble):
        raise CriteriaParseError(
            f"{layout.code}: expected the first group name before 'Tiêu chí 1', got {preamble!r}"
        )
    group_names = [_join_lines(preamble)]
    group_members: list[list[str]] = [[]]
    criteria_texts: list[tuple[str, int]] = []  # (text, group index)
    last_number = blocks[-1][0]
    for number, block_lines in blocks[1:]:
        text_lines, next_group = (
            (block_lines, []) if number == last_number else _split_trailing_group(block_lines)
        )
        criterion_text = _strip_end_marker(_join_lines(text_lines))
        if not criterion_text:
            raise CriteriaParseError(f"{layout.code}: criterion {number} has no text")
        if _ANY_HEADER_RE.search(criterion_text):
            raise CriteriaParseError(
                f"{layout.code}: criterion {number} text contains another criterion header: "
                f"{criterion_text!r}"
            )
        code = str(number)
        criteria_texts.append((criterion_text, len(group_names) - 1))
        group_members[-1].append(code)
        if next_group:
            group_names.append(_join_lines(next_group))
            group_members.append([])

    if len(criteria_texts) != layout.criteria_count:
        raise CriteriaParseError(
            f"{layout.code}: expected {layout.criteria_count} criteria, found {len(criteria_texts)}"
        )
    if len(group_names) != len(layout.group_codes) or not all(group_members):
        raise CriteriaParseError(
            f"{layout.code}: expected {len(layout.group_codes)} non-empty groups, found "
            f"{group_names!r} with members {group_members!r}"
        )
    unknown_bindings = sorted(set(layout.bindings) - {str(n) for n in range(1, len(blocks))})
    if unknown_bindings:
        raise CriteriaParseError(
            f"{layout.code}: rules bound to unknown criteria {unknown_bindings}"
        )

    groups = [
        GroupSpec(code, name, tuple(members))
        for code, name, members in zip(layout.group_codes, group_names, group_members, strict=True)
    ]
    criteria = [
        _criterion(layout, ordinal, criterion_text, layout.group_codes[group_index])
        for ordinal, (criterion_text, group_index) in enumerate(criteria_texts, start=1)
    ]
    return CriteriaSetSpec(
        code=layout.code,
        title=title,
        decision_ref=DECISION_REF,
        issued_on=DECISION_ISSUED_ON,
        applies_to=layout.applies_to,
        groups=groups,
        criteria=criteria,
    )


def _criterion(layout: _SetLayout, ordinal: int, text: str, group_code: str) -> CriterionSpec:
    code = str(ordinal)
    binding = layout.bindings.get(code)
    if binding is None:
        return CriterionSpec(code, ordinal, text, group_code, "boolean", None, None)
    missing = [phrase for phrase in binding.evidence if not contains_phrase(text, phrase)]
    if missing:
        raise CriteriaParseError(
            f"{layout.code}: criterion {code} is bound to rule {binding.rule_name!r} but its text "
            f"lacks {missing!r}: {text!r}"
        )
    if binding.rule_name not in NAMED_RULES:
        raise CriteriaParseError(f"{layout.code}: unknown rule name {binding.rule_name!r}")
    # A deep copy: specs end up in the database layer and must not alias the module constants.
    rule = copy.deepcopy(NAMED_RULES[binding.rule_name])
    validate_rule(rule)
    return CriterionSpec(code, ordinal, text, group_code, "quantitative", rule, None)


def _locate_table(lines: list[str], layout: _SetLayout) -> tuple[str, list[str]]:
    """Find the appendix by its upper-case title, then return its title and the table body."""
    starts = [i for i, line in enumerate(lines) if line.strip().startswith(layout.title_start)]
    if len(starts) != 1:
        raise CriteriaParseError(
            f"{layout.code}: expected exactly one title line starting {layout.title_start!r}, "
            f"found {len(starts)}"
        )
    start = starts[0]
    end = next(
        (i for i in range(start + 1, len(lines)) if lines[i].strip().startswith("Phụ lục")),
        len(lines),
    )
    section = lines[start:end]

    title_lines: list[str] = []
    index = 0
    while index < len(section) and not section[index].strip().startswith("("):
        if section[index].strip():
            title_lines.append(section[index])
        index += 1
    if index == len(section):
        raise CriteriaParseError(f"{layout.code}: no citation line after the title")
    citation = normalize_text(section[index])
    # The seed cites "9475" here (a transposition of 9745); the date and issuer identify it.
    if "QĐ-BCA-V05" not in citation or "28 tháng 12 năm 2022" not in citation:
        raise CriteriaParseError(f"{layout.code}: unexpected citation {citation!r}")

    header = next(
        (i for i in range(index + 1, len(section)) if _TABLE_HEADER_RE.match(section[i])), None
    )
    if header is None:
        raise CriteriaParseError(f"{layout.code}: table header 'NHÓM TIÊU CHÍ NỘI DUNG' not found")
    body_start = header + 1
    while body_start < len(section) and (
        not section[body_start].strip() or normalize_text(section[body_start]) in _NOTE_HEADER_WORDS
    ):
        body_start += 1
    return _join_lines(title_lines), section[body_start:]


def _split_blocks(body: list[str], layout: _SetLayout) -> list[tuple[int | None, list[str]]]:
    """Cut the body at "Tiêu chí N" headers, which must run 1, 2, 3… without gaps."""
    blocks: list[tuple[int | None, list[str]]] = [(None, [])]
    expected = 1
    for line in body:
        match = _HEADER_RE.match(line)
        if match:
            number = int(match.group(1))
            if number != expected:
                raise CriteriaParseError(
                    f"{layout.code}: expected 'Tiêu chí {expected}', found 'Tiêu chí {number}'"
                )
            expected += 1
            rest = match.group(2).strip()
            blocks.append((number, [rest] if rest else []))
        elif line.strip():
            blocks[-1][1].append(line.strip())
    return blocks


def _is_group_fragment(line: str) -> bool:
    stripped = line.strip()
    return 0 < len(stripped) <= _GROUP_FRAGMENT_MAX_CHARS and not stripped.endswith(
        _SENTENCE_ENDINGS
    )


def _split_trailing_group(lines: list[str]) -> tuple[list[str], list[str]]:
    """Separate a criterion's text from the next group's name that the extraction appended.

    Criterion lines are full-width except the last, which ends the sentence; the group column's
    fragments come after it. A lone short trailing line is kept as text (see _GROUP_MIN_FRAGMENTS).
    """
    cut = len(lines)
    while cut > 0 and _is_group_fragment(lines[cut - 1]):
        cut -= 1
    if cut == 0 or len(lines) - cut < _GROUP_MIN_FRAGMENTS:
        return lines, []
    return lines[:cut], lines[cut:]


def _join_lines(lines: list[str]) -> str:
    """Undo wrapping: a word cut after a hyphen ("44-" / "KL") is glued back without a space."""
    joined = ""
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if joined and _HYPHEN_BREAK_RE.search(joined):
            joined += line
        elif joined:
            joined += " " + line
        else:
            joined = line
    return normalize_text(joined)


def _strip_end_marker(text: str) -> str:
    """Drop "/." — the end-of-document mark of an official text, not part of the criterion."""
    if text.endswith("./."):
        return text[:-2]
    if text.endswith("/."):
        return text[:-2].rstrip()
    return text


# --------------------------------------------------------------------------------------------
# Tháp Mười restatement
# --------------------------------------------------------------------------------------------


def _thap_muoi_sections(text_004: str) -> list[tuple[str, int, list[str]]]:
    """(group heading, declared count, item texts) for each "2.x. Nhóm NN tiêu chí về …"."""
    headings: list[tuple[str, int]] = []
    raw_items: list[list[list[str]]] = []
    for line in unicodedata.normalize("NFC", text_004).splitlines():
        heading = _TM_GROUP_RE.match(line)
        if heading:
            if int(heading.group(1)) != len(headings) + 1:
                raise CriteriaParseError(
                    f"Tháp Mười: expected group 2.{len(headings) + 1}, found 2.{heading.group(1)}"
                )
            headings.append((normalize_text(heading.group(2)), int(heading.group(3))))
            raw_items.append([])
            continue
        if not headings:
            continue
        if _TM_SECTION_END_RE.match(line):
            break
        item = _TM_ITEM_RE.match(line)
        if item:
            if int(item.group(1)) != len(raw_items[-1]) + 1:
                raise CriteriaParseError(
                    f"Tháp Mười group {headings[-1][0]!r}: expected item "
                    f"({len(raw_items[-1]) + 1}), found ({item.group(1)})"
                )
            raw_items[-1].append([item.group(2)])
        elif line.strip() and raw_items[-1]:
            # An item may run over several paragraphs (item 13 of the third group does).
            raw_items[-1][-1].append(line)
    if not headings:
        raise CriteriaParseError("Tháp Mười: no '2.x. Nhóm NN tiêu chí về …' headings found")
    return [
        (name, declared, [_strip_markup(_join_lines(item)) for item in items])
        for (name, declared), items in zip(headings, raw_items, strict=True)
    ]


def _strip_markup(text: str) -> str:
    """Seed 004 was converted with Markdown emphasis (*…*, **…**), which is not wording."""
    return normalize_text(text.replace("*", ""))
