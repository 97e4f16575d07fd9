"""The group a target belongs to, read from its heading in a plan."""

from __future__ import annotations

import enum
import re

from core.i18n import msg
from core.targets import TermError
from services.target_terms.text import clean_text, fold_same_length

_SPACES = re.compile(r"\s+")


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
    return _SPACES.sub(" ", fold_same_length(clean_text(text)).upper()).strip()


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
