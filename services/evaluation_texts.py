"""Wording of the explanations and refusals of Circular 124 / Decision 510 rules.

The readers are Vietnamese officials: the Vietnamese of each text (core/locales/vi) is the
reference wording, the English msgid beside it is what the code and English callers read. Every
text sits here under a key, with named placeholders, so the services keep calling `say(key, ...)`.
"""

from __future__ import annotations

from typing import Final

from core.i18n import Message, msg

CLASS_LABELS: Final[dict[str, str]] = {
    "xuat_sac": "Xuất sắc",
    "kha": "Khá",
    "trung_binh": "Trung bình",
    "yeu": "Yếu",
}

MESSAGES: Final[dict[str, Message]] = {
    # Circular 124 periods
    "period.none": msg(
        "No “An toàn về ANTT” assessment period is set for unit kind {kind} on {day}."
    ),
    # Decision 510 scoring tables
    "table.none": msg(
        "No Decision 510 scoring table for {kind} applies to {unit} in {year}; an administrator "
        "must enter the scoring table first."
    ),
    "table.rows_invalid": msg("The scoring table is not valid: {errors}"),
    "table.code_taken": msg("Scoring table code {code} is already in use."),
    "sheet.unreadable": msg("Cannot read the .xlsx file: {error}"),
    "sheet.no_header": msg("No header row STT | NỘI DUNG | ĐIỂM TỐI ĐA | MINH CHỨNG found."),
    "sheet.no_thresholds": msg(
        "The classification thresholds block (XẾP LOẠI | ĐIỂM TỪ) is missing after the list of "
        "scored items."
    ),
    "sheet.bad_points": msg("ĐIỂM TỐI ĐA must be a positive number, got {value!r}."),
    "sheet.duplicate_stt": msg("STT {stt} appears more than once."),
    "sheet.unknown_class": msg("Class {value!r} is not one of Xuất sắc, Khá, Trung bình, Yếu."),
    "sheet.bad_threshold": msg(
        "The threshold of class {label} must be a non-negative number, got {value!r}."
    ),
    "sheet.missing_classes": msg("Thresholds missing for the classes: {labels}."),
    "sheet.thresholds_order": msg(
        "Thresholds must decrease Xuất sắc > Khá > Trung bình > Yếu; they are {order}."
    ),
    "sheet.threshold_above_total": msg(
        "The Xuất sắc threshold ({points} points) exceeds the maximum total ({total} points)."
    ),
    "sheet.no_items": msg("The scoring table has no scored items."),
    # Self-assessment and proposal
    "score.unknown_item": msg("The scoring table has no item STT {stt}."),
    "score.missing_items": msg("Items not scored yet: {stts}."),
    "score.out_of_range": msg("Item STT {stt}: {points} points is outside 0–{max}."),
    "score.needs_evidence": msg("Item STT {stt} needs evidence ({evidence})."),
    "score.class_too_high": msg(
        "A total of {total}/{max_total} only earns class {earned} (class {proposed} needs "
        "{threshold} points or more); class {proposed} cannot be proposed."
    ),
    "score.already_decided": msg(
        "The {year} classification of {unit} has been confirmed by the level above; it cannot be "
        "filed again."
    ),
    "score.late": msg(
        "Too late for the {year} classification report of {unit}: {wording} (last day {last}, "
        "under {source}); filed on {on}."
    ),
    "score.correct_needs_reason": msg("Correcting the proposed class needs a reason."),
    "score.not_pending": msg("This classification proposal has already been handled ({state})."),
    # Circular 124: a commune's result
    "safety.cond.registered": msg(
        "100% of residential areas, agencies, enterprises and schools registered to build “An "
        "toàn về ANTT”: {registered}/{total} units ({pct}%){missing}."
    ),
    "safety.cond.recognised": msg(
        "At least 70% of residential areas, agencies, enterprises and schools recognised “An toàn "
        "về ANTT”: {recognised}/{total} units ({pct}%)."
    ),
    "safety.cond.models": msg(
        "At least 01 effective model of the all-people movement for national security (active, "
        "rated Tốt or Khá in {year}): {count} models{names}."
    ),
    "safety.cond.discipline": msg(
        "No officer of the commune police disciplined in the assessment period {start}–{end}: "
        "{count} cases{cases}."
    ),
    "safety.not_achieved": msg(
        "{unit} does not meet the “An toàn về ANTT” standard for {year} (period {start}–{end}). "
        "Conditions not met: {failed}"
    ),
    "safety.refused": msg(
        "{unit} cannot be recognised as “An toàn về ANTT” for {year}. Conditions not met: {failed}"
    ),
    "safety.not_commune": msg("{unit} is not a commune-level unit."),
    "safety.decided": msg("The {year} result of {unit} has already been decided ({state})."),
    "safety.reject_needs_reason": msg("Not recognising needs a reason."),
    "discipline.bad_text": msg("Field {field} must be 1 to 500 characters."),
    # Criteria judged from the stored classification
    "criterion.class.met": msg(
        "The {year} movement classification confirmed by the level above: class {label} "
        "(required: class {required})."
    ),
    "criterion.class.unmet": msg(
        "The {year} movement classification confirmed by the level above: class {label}; class "
        "{required} is required."
    ),
    "criterion.class.none": msg(
        "No movement classification confirmed by the level above for {year} or {previous} "
        "(class {required} required)."
    ),
}


def say(key: str, **values: object) -> str:
    """The text of `key` with its placeholders filled, in the current language (Vietnamese
    unless the request asked for English)."""
    return Message(MESSAGES[key].msgid, values).render()


def label(classification: str | None) -> str:
    return CLASS_LABELS.get(classification or "", "chưa xếp loại")
