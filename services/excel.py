"""Excel import and export of target tables and of a commune's residential-area assessments.

Imports are dry runs unless `commit` is asked for, and all or nothing either way: a sheet with
any row in error writes nothing. Every write goes through the same service functions as the
GraphQL mutations (`targets.add_targets`, `assessments.record`), so authorization, validation
and audit entries are the ones a hand-entered target or assessment gets. A dry run without row
errors performs those writes too and then rolls back, so what it reports is what a commit does.

Exports authorize like the GraphQL reads (a unit outside the caller's scope does not exist for
them) and return the workbook bytes; api/exports.py only serves them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import RowMapping

from authz.authorizer import Authorizer, Principal
from core.errors import AppError, BadInput, Conflict, Forbidden, NotFound, TransitionRefused, raises
from core.i18n import msg, tr
from db.queries import targets as target_q
from db.session import RequestDB
from services import assessments as assessment_service
from services import targets as target_service
from services import units as unit_service
from services.spreadsheets import (
    AssessmentLine,
    ExportAssessment,
    ExportTarget,
    RowError,
    SheetError,
    read_assessment_sheet,
    read_target_sheet,
    write_assessment_sheet,
    write_target_sheet,
)
from services.target_table import TargetRow

# A target table or a commune's hamlets fit in a few tens of kilobytes; 512 KB leaves room for
# styling while staying under the request body limit (ANTQ_MAX_BODY_BYTES, 1 MB by default).
MAX_UPLOAD_BYTES = 512_000
_PAGE = 500


@dataclass(frozen=True, slots=True)
class TargetImport:
    """What an import understood, its row errors, and the targets written (commit only)."""

    committed: bool
    rows: tuple[TargetRow, ...]
    errors: tuple[RowError, ...]
    targets: tuple[target_service.Target, ...] = ()


@dataclass(frozen=True, slots=True)
class AssessmentImport:
    committed: bool
    lines: tuple[AssessmentLine, ...]
    errors: tuple[RowError, ...]
    assessments: tuple[assessment_service.Assessment, ...] = ()
    unchanged: frozenset[str] = frozenset()  # codes whose row repeats what is stored


def check_upload(data: bytes) -> None:
    if len(data) > MAX_UPLOAD_BYTES:
        raise BadInput(
            msg(
                "The file is larger than {max_upload_bytes:,} bytes.",
                max_upload_bytes=MAX_UPLOAD_BYTES,
            ),
            field="file",
        )
    if not data:
        raise BadInput(msg("The file is empty."), field="file")


def _year(year: int) -> None:
    if not 2000 <= year <= 2100:
        raise BadInput(msg("`year` must be between 2000 and 2100."), field="year")


def unit_label(unit: RowMapping) -> str:
    """The unit as a title names it ("Huyện Hậu Lộc": the stored name carries its kind)."""
    return str(unit["name"])


# -- targets ------------------------------------------------------------------------------------


@raises(BadInput, Forbidden, NotFound)
async def import_targets(
    db: RequestDB,
    authorizer: Authorizer,
    principal: Principal,
    *,
    unit_code: str,
    year: int,
    plan_id: int | None,
    data: bytes,
    commit: bool,
    today: date,
) -> TargetImport:
    """Targets of one unit for one year (and plan, if given) from a sheet in the plans' layout.

    New targets only: a row whose STT the unit already uses in that plan (in that year, without
    a plan) is an error, so a re-upload never duplicates or silently overwrites targets.
    """
    check_upload(data)
    _year(year)
    unit = await unit_service.unit_by_code(db, unit_code, date(year, 6, 1))
    authorizer.require(principal, "target", "write", unit["path"])
    if plan_id is not None and not await target_q.plan_visible(db, plan_id):
        raise NotFound(msg("No such plan."), field="planId")
    try:
        sheet = read_target_sheet(data, year)
    except SheetError as error:
        raise BadInput(str(error), field="file") from None
    errors = list(sheet.errors)
    taken = await target_q.stts_taken(db, unit_id=unit["id"], plan_id=plan_id, year=year)
    seen: dict[str, int] = {}
    for row in sheet.rows:
        if row.stt in seen:
            errors.append(
                RowError(
                    row.source_line,
                    tr(
                        "STT {row_stt} repeats row {seen_row_stt}.",
                        row_stt=row.stt,
                        seen_row_stt=seen[row.stt],
                    ),
                    "STT",
                )
            )
        elif row.stt in taken:
            errors.append(
                RowError(
                    row.source_line,
                    tr(
                        "STT {row_stt}: this unit already has a target with this number.",
                        row_stt=row.stt,
                    ),
                    "STT",
                )
            )
        seen.setdefault(row.stt, row.source_line)
        if len(row.text) > target_service.MAX_TEXT or not row.text:
            errors.append(
                RowError(
                    row.source_line,
                    tr(
                        "STT {row_stt}: the description must be 1 to {target_service_max_text} characters.",
                        row_stt=row.stt,
                        target_service_max_text=target_service.MAX_TEXT,
                    ),
                    "DANH MỤC CHỈ TIÊU",
                )
            )
    if not sheet.rows and not errors:
        errors.append(RowError(0, tr("The sheet has no target rows.")))
    errors.sort(key=lambda e: e.row)
    if errors:
        return TargetImport(False, sheet.rows, tuple(errors))
    try:
        written = await target_service.add_targets(
            db,
            authorizer,
            principal,
            unit_code=unit_code,
            plan_id=plan_id,
            year=year,
            today=today,
            targets=[
                target_service.NewTarget(
                    row.category.value,
                    row.stt,
                    row.text,
                    row.quantity,
                    row.deadline,
                    target_service.row_deadline_json(row),
                )
                for row in sheet.rows
            ],
        )
    except AppError:
        await db.rollback()
        raise
    if not commit:
        await db.rollback()
        return TargetImport(False, sheet.rows, ())
    await db.commit()
    return TargetImport(True, sheet.rows, (), tuple(written))


async def export_targets(
    db: RequestDB,
    authorizer: Authorizer,
    principal: Principal,
    *,
    unit_code: str,
    year: int,
    plan_id: int | None,
    today: date,
) -> tuple[RowMapping, bytes]:
    """The unit's own targets of the year as a workbook (and the unit, to name the file)."""
    _year(year)
    unit = await unit_service.unit_by_code(db, unit_code, date(year, 6, 1))
    authorizer.require(principal, "target", "read", unit["path"])
    rows: list[target_service.Target] = []
    after: int | None = None
    while True:
        page = await target_service.list_targets(
            db,
            authorizer,
            principal,
            unit_code=unit_code,
            under_code=None,
            year=year,
            plan_id=plan_id,
            category=None,
            status=None,
            today=today,
            after_id=after,
            limit=_PAGE,
        )
        rows.extend(page)
        if len(page) < _PAGE:
            break
        after = page[-1].id
    return unit, write_target_sheet(unit_label(unit), year, [_export_target(r) for r in rows])


def _export_target(target: target_service.Target) -> ExportTarget:
    deadline = target.deadline
    sub_rows = deadline.get("sub_rows") or []
    parts: tuple[tuple[str, str], ...] = ()
    # Sub-rows are written back only when each kept its own wording (row_deadline_json).
    if len(sub_rows) > 1 and all(s.get("text") for s in sub_rows):
        parts = tuple((s["text"], s.get("raw") or _deadline_words(s)) for s in sub_rows)
    return ExportTarget(
        stt=target.stt,
        category=target.category,
        text=target.text,
        quantity_raw=target.quantity.get("raw") or _quantity_words(target),
        deadline_raw=deadline.get("raw") or _deadline_words(deadline),
        sub_rows=parts,
    )


def _quantity_words(target: target_service.Target) -> str:
    """Wording for a quantity entered as structured data (no `raw`), which parses back to it."""
    data = target.quantity
    symbol = {"eq": "", "gte": "≥ ", "gt": "> ", "lte": "≤ ", "lt": "< "}.get(
        target.comparator or "", ""
    )
    value = target.target_value
    if target.quantity_kind == "percent" and value is not None:
        return f"{symbol}{float(value):g}%"
    if target.quantity_kind == "count" and value is not None:
        return f"{symbol}{int(value):02d} {data.get('unit') or ''}".strip()
    if target.quantity_kind == "named_list":
        items = [i.get("label") or i["name"] for i in data.get("items") or []]
        return f"{int(value or len(items)):02d} {data.get('unit') or ''} gồm: {', '.join(items)}"
    return data.get("raw") or ""


def _deadline_words(data: dict[str, object]) -> str:
    """Wording for a deadline entered as structured data: "Trước dd/mm/yyyy" or a window."""
    due = date.fromisoformat(str(data["due"]))
    start = data.get("start")
    if data.get("kind") == "window" and start:
        return f"{date.fromisoformat(str(start)):%d/%m/%Y} – {due:%d/%m/%Y}"
    if data.get("kind") == "year":
        return f"Trong năm {due.year}"
    if data.get("kind") == "before":  # `due` is the last on-time day, the day before "Trước"
        return f"Trước {due + timedelta(days=1):%d/%m/%Y}"
    return f"{due:%d/%m/%Y}"


# -- assessments --------------------------------------------------------------------------------


async def _hamlets(db: RequestDB, commune: RowMapping, day: date) -> list[RowMapping]:
    hamlets: list[RowMapping] = []
    after: str | None = None
    while True:
        page = await unit_service.list_units(
            db,
            as_of=day,
            kind="residential_area",
            under_code=commune["code"],
            name_contains=None,
            after_path=after,
            limit=_PAGE,
        )
        hamlets.extend(page)
        if len(page) < _PAGE:
            return hamlets
        after = str(page[-1]["path"])


async def _commune(
    db: RequestDB,
    authorizer: Authorizer,
    principal: Principal,
    *,
    unit_code: str,
    year: int,
    as_of: date | None,
    act: str,
) -> RowMapping:
    _year(year)
    commune = await unit_service.unit_by_code(db, unit_code, as_of or date(year, 6, 30))
    if commune["kind"] != "commune":
        raise BadInput(
            msg(
                "{unit_label} is not a commune: the sheet lists a commune's residential areas.",
                unit_label=unit_label(commune),
            ),
            field="unit",
        )
    authorizer.require(principal, "assessment", act, commune["path"])
    return commune


async def _assessments_under(
    db: RequestDB,
    authorizer: Authorizer,
    principal: Principal,
    *,
    unit_code: str,
    year: int,
    as_of: date | None,
) -> dict[int, assessment_service.Assessment]:
    """The year's assessments under the commune, by unit id."""
    by_unit: dict[int, assessment_service.Assessment] = {}
    after: str | None = None
    while True:
        page = await assessment_service.list_assessments(
            db,
            authorizer,
            principal,
            under_code=unit_code,
            year=year,
            as_of=as_of,
            after_path=after,
            limit=_PAGE,
        )
        by_unit.update((a.unit_id, a) for a in page)
        if len(page) < _PAGE:
            return by_unit
        after = page[-1].unit_path


def _unchanged(line: AssessmentLine, stored: assessment_service.Assessment | None) -> bool:
    """A row that says what is stored, at the stored version: re-uploading a whole sheet after
    correcting one hamlet must not rewrite (and re-version) every other hamlet."""
    return (
        stored is not None
        and line.version == stored.version
        and (line.safety_registered, line.safety_achieved, line.classification)
        == (stored.safety_registered, stored.safety_achieved, stored.classification)
    )


async def export_assessments(
    db: RequestDB,
    authorizer: Authorizer,
    principal: Principal,
    *,
    unit_code: str,
    year: int,
    as_of: date | None,
) -> tuple[RowMapping, bytes]:
    """One row per residential area of the commune, with its assessment of the year if any."""
    commune = await _commune(
        db, authorizer, principal, unit_code=unit_code, year=year, as_of=as_of, act="read"
    )
    day = as_of or date(year, 6, 30)
    hamlets = await _hamlets(db, commune, day)
    by_unit = await _assessments_under(
        db, authorizer, principal, unit_code=unit_code, year=year, as_of=as_of
    )
    rows = []
    for hamlet in hamlets:
        a = by_unit.get(hamlet["id"])
        rows.append(
            ExportAssessment(
                code=hamlet["code"],
                name=unit_label(hamlet),
                safety_registered=a.safety_registered if a else None,
                safety_achieved=a.safety_achieved if a else None,
                classification=a.classification if a else None,
                version=a.version if a else None,
            )
        )
    return commune, write_assessment_sheet(unit_label(commune), commune["code"], year, rows)


@raises(BadInput, Conflict, Forbidden, NotFound, TransitionRefused)
async def import_assessments(
    db: RequestDB,
    authorizer: Authorizer,
    principal: Principal,
    *,
    unit_code: str,
    year: int,
    as_of: date | None,
    on: date,
    data: bytes,
    commit: bool,
) -> AssessmentImport:
    """The filled-in rows of a commune's assessment sheet, through `assessments.record`.

    Row errors (unreadable answers, a code that is not one of the commune's residential areas,
    "achieved" without "registered") are listed by row and nothing is written. Without them, the
    whole batch goes through `record` (authorization, per-kind deadline, versions, audit); what
    it refuses is raised as the same typed error `recordAssessments` returns.
    """
    check_upload(data)
    commune = await _commune(
        db, authorizer, principal, unit_code=unit_code, year=year, as_of=as_of, act="write"
    )
    try:
        sheet = read_assessment_sheet(data)
    except SheetError as error:
        raise BadInput(str(error), field="file") from None
    errors = list(sheet.errors)
    hamlet_ids = {
        h["code"]: h["id"] for h in await _hamlets(db, commune, as_of or date(year, 6, 30))
    }
    stored = await _assessments_under(
        db, authorizer, principal, unit_code=unit_code, year=year, as_of=as_of
    )
    entries: list[assessment_service.AssessmentInput] = []
    unchanged: set[str] = set()
    seen: dict[str, int] = {}
    for line in sheet.lines:
        entry = assessment_service.AssessmentInput(
            line.unit_code,
            line.version,
            line.safety_registered,
            line.safety_achieved,
            line.classification,
        )
        if line.unit_code not in hamlet_ids:
            errors.append(
                RowError(
                    line.row,
                    tr(
                        "{line_unit_code} is not a residential area of {unit_label}.",
                        line_unit_code=line.unit_code,
                        unit_label=unit_label(commune),
                    ),
                    "MÃ ĐƠN VỊ",
                )
            )
            continue
        if line.unit_code in seen:
            errors.append(
                RowError(
                    line.row,
                    tr(
                        "{line_unit_code} repeats row {seen_line_unit_code}.",
                        line_unit_code=line.unit_code,
                        seen_line_unit_code=seen[line.unit_code],
                    ),
                    "MÃ ĐƠN VỊ",
                )
            )
            continue
        seen[line.unit_code] = line.row
        try:
            assessment_service.validate_entry(entry)
        except BadInput as error:
            errors.append(
                RowError(
                    line.row,
                    tr(
                        "{line_unit_code}: {error_message}",
                        line_unit_code=line.unit_code,
                        error_message=error.message,
                    ),
                )
            )
            continue
        if _unchanged(line, stored.get(hamlet_ids[line.unit_code])):
            unchanged.add(line.unit_code)
            continue
        entries.append(entry)
    if not sheet.lines and not errors:
        errors.append(RowError(0, tr("No residential area has anything entered.")))
    errors.sort(key=lambda e: e.row)
    if errors:
        return AssessmentImport(False, sheet.lines, tuple(errors), unchanged=frozenset(unchanged))
    if not entries:  # everything already says what the sheet says
        return AssessmentImport(commit, sheet.lines, (), unchanged=frozenset(unchanged))
    try:
        written = await assessment_service.record(
            db, authorizer, principal, year=year, as_of=as_of, on=on, entries=entries, commit=commit
        )
    except AppError:
        await db.rollback()
        raise
    if not commit:
        await db.rollback()
        return AssessmentImport(False, sheet.lines, (), unchanged=frozenset(unchanged))
    return AssessmentImport(True, sheet.lines, (), tuple(written), frozenset(unchanged))
