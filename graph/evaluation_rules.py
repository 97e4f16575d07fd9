"""GraphQL of the regulations' own logic: Circular 124 evaluation periods, Decision 510 scoring
tables (imported from .xlsx), self-assessment proposals and their confirmation by the level
above, commune police discipline facts, and a commune's computed Circular 124 result.
Resolvers only translate; the rules live in services.scoring, services.commune_safety and
services.evaluation_periods."""

from __future__ import annotations

import enum
from datetime import date
from typing import Annotated, Any

import strawberry
from sqlalchemy import RowMapping
from strawberry.file_uploads import Upload
from strawberry.scalars import JSON

from core.domain import Classification as ClassificationValue
from core.domain import UnitKind as UnitKindValue
from core.errors import AppError, BadInput, NotFound
from core.i18n import msg
from core.ids import from_global_id, to_global_id
from db.queries import evaluation_rules as rules_q
from graph.context import Info
from graph.excel import _read
from graph.scalars import Year
from graph.types.errors import InvalidInput, NotAllowed, NotFoundError, VersionConflict
from graph.types.evaluation import Classification, TransitionRefusedError, as_evaluation_error
from graph.types.unit import AdminUnit, UnitKind
from services import commune_safety as safety_service
from services import scoring as scoring_service
from services.evaluation_periods import Period, period, period_of
from services.units import unit_by_code


def _pk(global_id: str, type_name: str) -> int:
    decoded = from_global_id(global_id)
    if decoded is None or decoded[0] != type_name:
        raise NotFound(msg("No {type_name} with this id.", type_name=type_name))
    return decoded[1]


def _plain(*values: Any) -> None:
    """Refuse NUL characters anywhere in the arguments (PostgreSQL text cannot hold them), as
    a coded input error instead of a database failure."""
    for value in values:
        if isinstance(value, str):
            if "\x00" in value:
                raise BadInput(msg("Text must not contain NUL characters."))
        elif isinstance(value, list | tuple):
            _plain(*value)
        elif hasattr(value, "__dataclass_fields__"):
            _plain(*(getattr(value, name) for name in value.__dataclass_fields__))


def _class(value: str | None) -> Any:
    return ClassificationValue(value) if value else None


def _dec(value: Any) -> str:
    text = format(value.normalize(), "f") if hasattr(value, "normalize") else str(value)
    return text


@strawberry.type(
    description="An evaluation period of Circular 124 (kỳ đánh giá): named by the year it ends in."
)
class EvaluationPeriod:
    unit_kind: UnitKind = strawberry.field(description="Kind of unit the period applies to.")
    year: int = strawberry.field(description="The period's year (the year it ends in).")
    starts_on: date = strawberry.field(description="First day of the period.")
    ends_on: date = strawberry.field(description="Last day of the period.")
    wording: str = strawberry.field(description="The rule as the regulation words it.")
    source: str = strawberry.field(description="The document that sets it.")

    @classmethod
    def of(cls, p: Period) -> EvaluationPeriod:
        return cls(
            unit_kind=UnitKindValue(p.unit_kind),
            year=p.year,
            starts_on=p.starts_on,
            ends_on=p.ends_on,
            wording=p.wording,
            source=p.source,
        )


@strawberry.type(
    description="One row of a points list (nội dung chấm điểm); a heading row has no points."
)
class ScoringItem:
    stt: str = strawberry.field(description="Its number in the list (STT).")
    text: str = strawberry.field(description="NỘI DUNG, as imported.")
    max_points: str | None = strawberry.field(
        description="ĐIỂM TỐI ĐA (decimal text); null for a heading."
    )
    evidence: str | None = strawberry.field(description="MINH CHỨNG the item needs.")


@strawberry.type(description="The lowest total that earns a class (ngưỡng xếp loại).")
class ScoringThreshold:
    classification: Classification = strawberry.field(description="The class.")
    min_points: str = strawberry.field(description="Lowest total that earns it (decimal text).")


@strawberry.type(
    description="A Decision 510 points table (bảng điểm) of one unit kind, as an "
    "administrator imported it; applies to the issuing unit's subtree."
)
class ScoringTable:
    id: strawberry.ID = strawberry.field(description="Global ID.")
    code: str = strawberry.field(description="The version's code.")
    unit_kind: UnitKind = strawberry.field(description="Kind of unit it scores.")
    title: str = strawberry.field(description="Title of the table.")
    source: str = strawberry.field(description="Where the table comes from (document).")
    demo: bool = strawberry.field(description="True for a demonstration table: not official.")
    issuer_path: str = strawberry.field(description="Path of the unit that issued it.")
    effective_from: date = strawberry.field(description="In force from.")
    effective_to: date | None = strawberry.field(description="In force until (last day).")
    max_total: str = strawberry.field(description="Sum of the maximum points.")
    pk: strawberry.Private[int]

    @classmethod
    def from_row(cls, row: RowMapping) -> ScoringTable:
        return cls(
            id=strawberry.ID(to_global_id("ScoringTable", row["id"])),
            code=row["code"],
            unit_kind=UnitKindValue(row["unit_kind"]),
            title=row["title"],
            source=row["source"],
            demo=row["demo"],
            issuer_path=row["issuer"],
            effective_from=row["effective_from"],
            effective_to=row["effective_to"],
            max_total=_dec(row["max_total"]),
            pk=row["id"],
        )

    @strawberry.field(description="Items in order.")
    async def items(self, info: Info) -> list[ScoringItem]:
        return [
            ScoringItem(
                stt=r["stt"],
                text=r["text"],
                max_points=_dec(r["max_points"]) if r["max_points"] is not None else None,
                evidence=r["evidence"],
            )
            for r in await rules_q.items_of(info.context.db, self.pk)
        ]

    @strawberry.field(description="Class thresholds of this version, best class first.")
    async def thresholds(self, info: Info) -> list[ScoringThreshold]:
        return [
            ScoringThreshold(
                classification=ClassificationValue(r["classification"]),
                min_points=_dec(r["min_points"]),
            )
            for r in await rules_q.thresholds_of(info.context.db, self.pk)
        ]


@strawberry.type(description="A row error of an imported sheet (row 0 = the whole sheet).")
class SheetError:
    row: int = strawberry.field(description="Row number as the sheet shows it.")
    column: str = strawberry.field(description="Column heading.")
    message: str = strawberry.field(description="What is wrong (Vietnamese).")


@strawberry.type(
    description="Result of an import: the table, or the row errors (then nothing was stored)."
)
class ScoringTableImport:
    table: ScoringTable | None = strawberry.field(description="The stored table.")
    errors: list[SheetError] = strawberry.field(description="Every problem found.")


@strawberry.type(description="Points a unit gave itself for one item, with evidence.")
class ItemScore:
    stt: str = strawberry.field(description="Item number (STT).")
    points: str = strawberry.field(description="Points (decimal text).")
    evidence: str | None = strawberry.field(description="Minh chứng.")


@strawberry.enum(description="State of a classification proposal.")
class ProposalState(enum.Enum):
    PROPOSED = strawberry.enum_value("proposed", description="Filed, awaiting the level above.")
    CONFIRMED = strawberry.enum_value("confirmed", description="Confirmed as proposed.")
    CORRECTED = strawberry.enum_value(
        "corrected", description="The level above set another class, with a reason."
    )


@strawberry.type(
    description="A unit's Decision 510 self-assessment and proposed class (đề "
    "xuất xếp loại); the confirmed class is what rollups count."
)
class ClassificationProposal:
    id: strawberry.ID = strawberry.field(description="Global ID.")
    year: int = strawberry.field(description="The evaluation period's year.")
    state: ProposalState = strawberry.field(description="Where it stands.")
    scores: list[ItemScore] = strawberry.field(description="Points per item.")
    total_points: str = strawberry.field(description="Total (decimal text).")
    earned_class: Classification = strawberry.field(
        description="Class the total earns under the table's thresholds."
    )
    proposed_class: Classification = strawberry.field(description="Class the unit proposes.")
    confirmed_class: Classification | None = strawberry.field(
        description="Class decided by the level above."
    )
    filed_by: str = strawberry.field(description="Who filed it.")
    filed_on: date = strawberry.field(description="When.")
    decided_by: str | None = strawberry.field(description="Who decided.")
    decided_on: date | None = strawberry.field(description="When.")
    correction_reason: str | None = strawberry.field(description="Why the class was corrected.")
    version: int = strawberry.field(description="For optimistic concurrency.")
    unit_id: strawberry.Private[int]
    table_id: strawberry.Private[int]

    @classmethod
    def from_row(cls, row: RowMapping) -> ClassificationProposal:
        return cls(
            id=strawberry.ID(to_global_id("ClassificationProposal", row["id"])),
            year=row["year"],
            state=ProposalState(row["state"]),
            scores=[
                ItemScore(stt=s["stt"], points=s["points"], evidence=s["evidence"])
                for s in row["scores"]
            ],
            total_points=_dec(row["total_points"]),
            earned_class=_class(row["earned_class"]),
            proposed_class=_class(row["proposed_class"]),
            confirmed_class=_class(row["confirmed_class"]),
            filed_by=row["filed_by"],
            filed_on=row["filed_on"],
            decided_by=row["decided_by"],
            decided_on=row["decided_on"],
            correction_reason=row["correction_reason"],
            version=row["version"],
            unit_id=row["unit_id"],
            table_id=row["scoring_table_id"],
        )

    @strawberry.field(description="The unit.")
    async def unit(self, info: Info) -> AdminUnit | None:
        row = await info.context.units.by_id.load(self.unit_id)
        return AdminUnit.read(row, None, info.context) if row else None

    @strawberry.field(description="The table version it was scored under.")
    async def scoring_table(self, info: Info) -> ScoringTable:
        return ScoringTable.from_row(await scoring_service.table(info.context.db, self.table_id))


@strawberry.type(
    description="A commune police officer disciplined (a recorded fact with its source)."
)
class PoliceDisciplineRecord:
    id: strawberry.ID = strawberry.field(description="Global ID.")
    officer_name: str = strawberry.field(description="The officer.")
    penalty: str = strawberry.field(description="The discipline (hình thức kỷ luật).")
    decided_on: date = strawberry.field(description="Date of the decision.")
    source: str = strawberry.field(description="The decision (số, ngày, cơ quan).")
    recorded_by: str = strawberry.field(description="Who recorded it.")


@strawberry.type(description="One condition of a commune's Circular 124 result, with figures.")
class SafetyCondition:
    code: str = strawberry.field(
        description="ALL_REGISTERED, RECOGNISED_70_PCT, EFFECTIVE_MODEL or NO_POLICE_DISCIPLINE."
    )
    met: bool = strawberry.field(description="Whether it holds.")
    message: str = strawberry.field(description="The condition and its figures (Vietnamese).")
    figures: JSON = strawberry.field(description="The numbers it was judged on.")


@strawberry.enum(description="State of a commune's Circular 124 result.")
class SafetyState(enum.Enum):
    PROPOSED = strawberry.enum_value("proposed", description="Computed and proposed.")
    RECOGNISED = strawberry.enum_value(
        "recognised", description="Recognised by the level above (đạt An toàn về ANTT)."
    )
    NOT_RECOGNISED = strawberry.enum_value("not_recognised", description="Not recognised.")


@strawberry.type(
    description="A commune's Circular 124 “An toàn về ANTT” result: computed from "
    "its units and facts, proposed, then decided by the level above."
)
class CommuneSafety:
    id: strawberry.ID = strawberry.field(description="Global ID.")
    year: int = strawberry.field(description="The period's year.")
    period_starts_on: date = strawberry.field(description="First day of the period.")
    period_ends_on: date = strawberry.field(description="Last day of the period.")
    state: SafetyState = strawberry.field(description="Where it stands.")
    achieved: bool = strawberry.field(
        description="Every condition met (as computed, or as decided)."
    )
    conditions: list[SafetyCondition] = strawberry.field(description="Each condition.")
    proposed_by: str = strawberry.field(description="Who proposed.")
    proposed_on: date = strawberry.field(description="When.")
    decided_by: str | None = strawberry.field(description="Who decided.")
    decided_on: date | None = strawberry.field(description="When.")
    decision_reason: str | None = strawberry.field(description="Why (Vietnamese).")
    version: int = strawberry.field(description="For optimistic concurrency.")

    @classmethod
    def from_row(cls, row: RowMapping) -> CommuneSafety:
        return cls(
            id=strawberry.ID(to_global_id("CommuneSafety", row["id"])),
            year=row["year"],
            period_starts_on=row["period_start"],
            period_ends_on=row["period_end"],
            state=SafetyState(row["state"]),
            achieved=row["achieved"],
            conditions=[
                SafetyCondition(
                    code=c["code"], met=c["met"], message=c["message"], figures=c["figures"]
                )
                for c in row["conditions"]
            ],
            proposed_by=row["proposed_by"],
            proposed_on=row["proposed_on"],
            decided_by=row["decided_by"],
            decided_on=row["decided_on"],
            decision_reason=row["decision_reason"],
            version=row["version"],
        )


_ERRORS = TransitionRefusedError | InvalidInput | NotAllowed | NotFoundError | VersionConflict
ImportScoringTableResult = Annotated[
    ScoringTableImport | _ERRORS, strawberry.union("ImportScoringTableResult")
]
ProposeClassificationResult = Annotated[
    ClassificationProposal | _ERRORS, strawberry.union("ProposeClassificationResult")
]
DecideClassificationResult = Annotated[
    ClassificationProposal | _ERRORS, strawberry.union("DecideClassificationResult")
]
RecordPoliceDisciplineResult = Annotated[
    PoliceDisciplineRecord | _ERRORS, strawberry.union("RecordPoliceDisciplineResult")
]
ProposeCommuneSafetyResult = Annotated[
    CommuneSafety | _ERRORS, strawberry.union("ProposeCommuneSafetyResult")
]
DecideCommuneSafetyResult = Annotated[
    CommuneSafety | _ERRORS, strawberry.union("DecideCommuneSafetyResult")
]


@strawberry.type
class EvaluationRuleQueries:
    @strawberry.field(
        description="The Circular 124 period a day belongs to for a unit (a "
        "hamlet on 05/11 is in the next period; a commune on 05/11 in this one)."
    )
    async def evaluation_period(
        self,
        info: Info,
        unit: Annotated[str, strawberry.argument(description="Unit code.")],
        on: Annotated[date, strawberry.argument(description="The day.")],
    ) -> EvaluationPeriod | None:
        ctx = info.context
        ctx.caller()
        _plain(unit)
        row = await unit_by_code(ctx.db, unit, on)
        return EvaluationPeriod.of(await period_of(ctx.db, row["kind"], on))

    @strawberry.field(
        description="The periods of a year for every assessed kind of unit (what "
        "rollups and assessments of that year cover)."
    )
    async def evaluation_periods(
        self,
        info: Info,
        year: Annotated[Year, strawberry.argument(description="Period year.")],
    ) -> list[EvaluationPeriod] | None:
        ctx = info.context
        ctx.caller()
        return [
            EvaluationPeriod.of(await period(ctx.db, kind, year))
            for kind in ("residential_area", "commune", "agency", "enterprise", "school")
        ]

    @strawberry.field(description="Decision 510 scoring tables that apply in your scope.")
    async def scoring_tables(
        self,
        info: Info,
        unit_kind: Annotated[
            UnitKind | None, strawberry.argument(description="Only tables of this kind.")
        ] = None,
        as_of: Annotated[
            date | None, strawberry.argument(description="Only tables in force on this day.")
        ] = None,
    ) -> list[ScoringTable] | None:
        ctx = info.context
        rows = await scoring_service.tables(
            ctx.db,
            ctx.authorizer,
            ctx.caller(),
            unit_kind=unit_kind.value if unit_kind else None,
            on=as_of,
        )
        return [ScoringTable.from_row(r) for r in rows]

    @strawberry.field(description="A unit's Decision 510 proposal of a period (null if none).")
    async def classification_proposal(
        self,
        info: Info,
        unit: Annotated[str, strawberry.argument(description="Unit code.")],
        year: Annotated[Year, strawberry.argument(description="Period year.")],
        as_of: Annotated[
            date | None,
            strawberry.argument(description="Structure date (default 30/06 of the year)."),
        ] = None,
    ) -> ClassificationProposal | None:
        ctx = info.context
        _plain(unit)
        row = await scoring_service.proposal_of_unit(
            ctx.db, ctx.authorizer, ctx.caller(), unit_code=unit, year=year, as_of=as_of
        )
        return ClassificationProposal.from_row(row) if row else None

    @strawberry.field(description="A commune's Circular 124 result of a period (null if none).")
    async def commune_safety(
        self,
        info: Info,
        unit: Annotated[str, strawberry.argument(description="Commune code.")],
        year: Annotated[Year, strawberry.argument(description="Period year.")],
        as_of: Annotated[
            date | None,
            strawberry.argument(description="Structure date (default 30/06 of the year)."),
        ] = None,
    ) -> CommuneSafety | None:
        ctx = info.context
        _plain(unit)
        row = await safety_service.result_of_unit(
            ctx.db, ctx.authorizer, ctx.caller(), unit_code=unit, year=year, as_of=as_of
        )
        return CommuneSafety.from_row(row) if row else None


@strawberry.input(description="A Decision 510 points table to import from .xlsx.")
class ImportScoringTableInput:
    unit: str = strawberry.field(
        description="Code of the issuing unit (the table applies to its subtree)."
    )
    unit_kind: UnitKind = strawberry.field(description="Kind of unit the table scores.")
    code: str = strawberry.field(description="Code of this version (unique).")
    title: str = strawberry.field(description="Title of the table.")
    source: str = strawberry.field(description="The document it comes from.")
    effective_from: date = strawberry.field(description="In force from.")
    effective_to: date | None = strawberry.field(default=None, description="In force until.")
    demo: bool = strawberry.field(
        default=False, description="Mark as a demonstration table (not official)."
    )


@strawberry.input(description="Points for one item.")
class ItemScoreInput:
    stt: str = strawberry.field(description="Item number (STT).")
    points: str = strawberry.field(description='Points, decimal text ("2.5" or "2,5").')
    evidence: str | None = strawberry.field(default=None, description="Minh chứng.")


@strawberry.input(description="A unit's self-assessment and proposed class.")
class ProposeClassificationInput:
    unit: str = strawberry.field(description="Code of the unit assessed.")
    year: Year = strawberry.field(description="The period's year.")
    scores: list[ItemScoreInput] = strawberry.field(description="Points for every item.")
    proposed_class: Classification | None = strawberry.field(
        default=None, description="Default: the class the total earns; never above it."
    )
    as_of: date | None = strawberry.field(default=None, description="Structure date.")
    on: date | None = strawberry.field(
        default=None,
        description="Filing date (default today); checked against the reporting deadline.",
    )
    version: int | None = strawberry.field(default=None, description="Required to file again.")


@strawberry.input(description="The level above's decision on a proposal.")
class DecideClassificationInput:
    id: strawberry.ID = strawberry.field(description="The proposal.")
    version: int = strawberry.field(description="The version read.")
    classification: Classification | None = strawberry.field(
        default=None, description="Another class than proposed (a correction; needs `reason`)."
    )
    reason: str | None = strawberry.field(default=None, description="Why it was corrected.")
    on: date | None = strawberry.field(default=None, description="Decision date.")


@strawberry.input(description="A commune police officer disciplined.")
class RecordPoliceDisciplineInput:
    unit: str = strawberry.field(description="Code of the commune.")
    officer_name: str = strawberry.field(description="The officer.")
    penalty: str = strawberry.field(description="The discipline (hình thức kỷ luật).")
    decided_on: date = strawberry.field(description="Date of the decision.")
    source: str = strawberry.field(description="The decision (số, ngày, cơ quan).")


@strawberry.input(description="Compute and propose a commune's Circular 124 result.")
class ProposeCommuneSafetyInput:
    unit: str = strawberry.field(description="Code of the commune.")
    year: Year = strawberry.field(description="The period's year.")
    as_of: date | None = strawberry.field(default=None, description="Structure date.")
    on: date | None = strawberry.field(default=None, description="Date (default today).")


@strawberry.input(description="The level above recognises a commune's result, or not.")
class DecideCommuneSafetyInput:
    id: strawberry.ID = strawberry.field(description="The result.")
    version: int = strawberry.field(description="The version read.")
    recognise: bool = strawberry.field(
        description="True to recognise (refused unless every condition holds)."
    )
    reason: str | None = strawberry.field(
        default=None, description="Why not (optional when conditions failed: they are the reason)."
    )
    on: date | None = strawberry.field(default=None, description="Decision date.")


@strawberry.type
class EvaluationRuleMutations:
    @strawberry.mutation(
        description="Import a Decision 510 points table (.xlsx: STT | NỘI DUNG "
        "| ĐIỂM TỐI ĐA | MINH CHỨNG, then XẾP LOẠI | ĐIỂM TỪ). Any row error "
        "stores nothing."
    )
    async def import_scoring_table(
        self,
        info: Info,
        file: Annotated[
            Upload, strawberry.argument(description="The .xlsx file (multipart upload).")
        ],
        input: ImportScoringTableInput,
    ) -> ImportScoringTableResult:
        ctx = info.context
        try:
            _plain(input)
            result = await scoring_service.import_table(
                ctx.db,
                ctx.authorizer,
                ctx.caller(),
                issuer_code=input.unit,
                unit_kind=input.unit_kind.value,
                code=input.code,
                title=input.title,
                source=input.source,
                effective_from=input.effective_from,
                effective_to=input.effective_to,
                demo=input.demo,
                data=await _read(file),
            )
            table = (
                ScoringTable.from_row(await scoring_service.table(ctx.db, result.table_id))
                if result.table_id
                else None
            )
        except AppError as error:
            return as_evaluation_error(error)
        return ScoringTableImport(
            table=table,
            errors=[SheetError(row=r, column=c, message=m) for r, c, m in result.errors],
        )

    @strawberry.mutation(
        description="File a unit's self-assessment (points per item with "
        "evidence) and its proposed class."
    )
    async def propose_classification(
        self,
        info: Info,
        input: ProposeClassificationInput,
    ) -> ProposeClassificationResult:
        ctx = info.context
        try:
            _plain(input)
            row = await scoring_service.propose(
                ctx.db,
                ctx.authorizer,
                ctx.caller(),
                unit_code=input.unit,
                year=input.year,
                as_of=input.as_of,
                on=input.on or ctx.today,
                scores=[
                    scoring_service.ItemScore(s.stt, s.points, s.evidence) for s in input.scores
                ],
                proposed_class=input.proposed_class.value if input.proposed_class else None,
                version=input.version,
            )
        except AppError as error:
            return as_evaluation_error(error)
        return ClassificationProposal.from_row(row)

    @strawberry.mutation(
        description="The level above confirms a proposal, or corrects its "
        "class with a reason; the result becomes the assessment's class."
    )
    async def decide_classification(
        self,
        info: Info,
        input: DecideClassificationInput,
    ) -> DecideClassificationResult:
        ctx = info.context
        try:
            _plain(input)
            row = await scoring_service.decide(
                ctx.db,
                ctx.authorizer,
                ctx.caller(),
                proposal_id=_pk(input.id, "ClassificationProposal"),
                version=input.version,
                classification=input.classification.value if input.classification else None,
                reason=input.reason,
                on=input.on or ctx.today,
            )
        except AppError as error:
            return as_evaluation_error(error)
        return ClassificationProposal.from_row(row)

    @strawberry.mutation(
        description="Record that a commune police officer was disciplined "
        "(by the level above the commune)."
    )
    async def record_police_discipline(
        self,
        info: Info,
        input: RecordPoliceDisciplineInput,
    ) -> RecordPoliceDisciplineResult:
        ctx = info.context
        try:
            _plain(input)
            row = await safety_service.record_discipline(
                ctx.db,
                ctx.authorizer,
                ctx.caller(),
                unit_code=input.unit,
                officer_name=input.officer_name,
                penalty=input.penalty,
                decided_on=input.decided_on,
                source=input.source,
            )
        except AppError as error:
            return as_evaluation_error(error)
        return PoliceDisciplineRecord(
            id=strawberry.ID(to_global_id("PoliceDisciplineRecord", row["id"])),
            officer_name=row["officer_name"],
            penalty=row["penalty"],
            decided_on=row["decided_on"],
            source=row["source"],
            recorded_by=row["recorded_by"],
        )

    @strawberry.mutation(
        description="Compute a commune's Circular 124 result from its units, "
        "models and discipline facts, and propose it."
    )
    async def propose_commune_safety(
        self,
        info: Info,
        input: ProposeCommuneSafetyInput,
    ) -> ProposeCommuneSafetyResult:
        ctx = info.context
        try:
            _plain(input)
            row = await safety_service.propose(
                ctx.db,
                ctx.authorizer,
                ctx.caller(),
                unit_code=input.unit,
                year=input.year,
                as_of=input.as_of,
                on=input.on or ctx.today,
            )
        except AppError as error:
            return as_evaluation_error(error)
        return CommuneSafety.from_row(row)

    @strawberry.mutation(
        description="The level above recognises a commune's result (refused, "
        "naming each failed condition, unless all hold) or does not."
    )
    async def decide_commune_safety(
        self,
        info: Info,
        input: DecideCommuneSafetyInput,
    ) -> DecideCommuneSafetyResult:
        ctx = info.context
        try:
            _plain(input)
            row = await safety_service.decide(
                ctx.db,
                ctx.authorizer,
                ctx.caller(),
                result_id=_pk(input.id, "CommuneSafety"),
                version=input.version,
                recognise=input.recognise,
                reason=input.reason,
                on=input.on or ctx.today,
            )
        except AppError as error:
            return as_evaluation_error(error)
        return CommuneSafety.from_row(row)
