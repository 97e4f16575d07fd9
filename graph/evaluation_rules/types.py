"""GraphQL of the regulations' own logic: Circular 124 evaluation periods, Decision 510 scoring
tables (imported from .xlsx), self-assessment proposals and their confirmation by the level
above, commune police discipline facts, and a commune's computed Circular 124 result.
Resolvers only translate; the rules live in services.scoring, services.commune_safety and
services.evaluation_periods."""

from __future__ import annotations

import enum
from datetime import date
from typing import Any

import strawberry
from strawberry.scalars import JSON

from core.domain import Classification as ClassificationValue
from core.domain import UnitKind as UnitKindValue
from core.ids import to_global_id
from graph.context import Context, Info
from graph.evaluations.types import Classification
from graph.nodes.types import NODE_FETCHERS, Node, register_node
from graph.units.types import AdminUnit, UnitKind
from services import commune_safety as safety_service
from services import scoring as scoring_service
from services.evaluation_periods import Period


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
class ScoringTable(Node):
    id: strawberry.ID = strawberry.field(description="Global ID (Relay), for `node(id:)`.")
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
    def from_result(cls, table: scoring_service.ScoringTable) -> ScoringTable:
        return cls(
            id=strawberry.ID(to_global_id("ScoringTable", table.id)),
            code=table.code,
            unit_kind=UnitKindValue(table.unit_kind),
            title=table.title,
            source=table.source,
            demo=table.demo,
            issuer_path=table.issuer,
            effective_from=table.effective_from,
            effective_to=table.effective_to,
            max_total=_dec(table.max_total),
            pk=table.id,
        )

    @strawberry.field(description="Items in order.")
    async def items(self, info: Info) -> list[ScoringItem]:
        return [
            ScoringItem(
                stt=i.stt,
                text=i.text,
                max_points=_dec(i.max_points) if i.max_points is not None else None,
                evidence=i.evidence,
            )
            for i in await scoring_service.items_of(info.context.db, self.pk)
        ]

    @strawberry.field(description="Class thresholds of this version, best class first.")
    async def thresholds(self, info: Info) -> list[ScoringThreshold]:
        return [
            ScoringThreshold(
                classification=ClassificationValue(t.classification),
                min_points=_dec(t.min_points),
            )
            for t in await scoring_service.thresholds_of(info.context.db, self.pk)
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
class ClassificationProposal(Node):
    id: strawberry.ID = strawberry.field(description="Global ID (Relay), for `node(id:)`.")
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
    def from_result(cls, p: scoring_service.Proposal) -> ClassificationProposal:
        return cls(
            id=strawberry.ID(to_global_id("ClassificationProposal", p.id)),
            year=p.year,
            state=ProposalState(p.state),
            scores=[
                ItemScore(stt=s["stt"], points=s["points"], evidence=s["evidence"])
                for s in p.scores
            ],
            total_points=_dec(p.total_points),
            earned_class=_class(p.earned_class),
            proposed_class=_class(p.proposed_class),
            confirmed_class=_class(p.confirmed_class),
            filed_by=p.filed_by,
            filed_on=p.filed_on,
            decided_by=p.decided_by,
            decided_on=p.decided_on,
            correction_reason=p.correction_reason,
            version=p.version,
            unit_id=p.unit_id,
            table_id=p.scoring_table_id,
        )

    @strawberry.field(description="The unit.")
    async def unit(self, info: Info) -> AdminUnit | None:
        unit: AdminUnit | None = await NODE_FETCHERS["AdminUnit"](info.context, self.unit_id)
        return unit

    @strawberry.field(description="The table version it was scored under.")
    async def scoring_table(self, info: Info) -> ScoringTable:
        return ScoringTable.from_result(await scoring_service.table(info.context.db, self.table_id))


@strawberry.type(
    description="A commune police officer disciplined (a recorded fact with its source)."
)
class PoliceDisciplineRecord(Node):
    id: strawberry.ID = strawberry.field(description="Global ID (Relay), for `node(id:)`.")
    officer_name: str = strawberry.field(description="The officer.")
    penalty: str = strawberry.field(description="The discipline (hình thức kỷ luật).")
    decided_on: date = strawberry.field(description="Date of the decision.")
    source: str = strawberry.field(description="The decision (số, ngày, cơ quan).")
    recorded_by: str = strawberry.field(description="Who recorded it.")

    @classmethod
    def from_result(cls, r: safety_service.DisciplineRecord) -> PoliceDisciplineRecord:
        return cls(
            id=strawberry.ID(to_global_id("PoliceDisciplineRecord", r.id)),
            officer_name=r.officer_name,
            penalty=r.penalty,
            decided_on=r.decided_on,
            source=r.source,
            recorded_by=r.recorded_by,
        )


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
class CommuneSafety(Node):
    id: strawberry.ID = strawberry.field(description="Global ID (Relay), for `node(id:)`.")
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
    def from_result(cls, r: safety_service.SafetyResult) -> CommuneSafety:
        return cls(
            id=strawberry.ID(to_global_id("CommuneSafety", r.id)),
            year=r.year,
            period_starts_on=r.period_start,
            period_ends_on=r.period_end,
            state=SafetyState(r.state),
            achieved=r.achieved,
            conditions=[
                SafetyCondition(
                    code=c["code"], met=c["met"], message=c["message"], figures=c["figures"]
                )
                for c in r.conditions
            ],
            proposed_by=r.proposed_by,
            proposed_on=r.proposed_on,
            decided_by=r.decided_by,
            decided_on=r.decided_on,
            decision_reason=r.decision_reason,
            version=r.version,
        )


# `node(id:)` answers what the list and lookup fields would: tables as `scoringTables` lists
# them, proposals, results and discipline facts where the caller reads the unit's assessments.
async def _fetch_table(ctx: Context, pk: int) -> ScoringTable | None:
    ctx.caller()
    found = await ctx.evaluations.scoring_table.load(pk)
    return ScoringTable.from_result(found) if found else None


async def _fetch_proposal(ctx: Context, pk: int) -> ClassificationProposal | None:
    ctx.caller()
    found = await ctx.evaluations.proposal.load(pk)
    return ClassificationProposal.from_result(found) if found else None


async def _fetch_safety(ctx: Context, pk: int) -> CommuneSafety | None:
    ctx.caller()
    found = await ctx.evaluations.safety_result.load(pk)
    return CommuneSafety.from_result(found) if found else None


async def _fetch_discipline(ctx: Context, pk: int) -> PoliceDisciplineRecord | None:
    ctx.caller()
    found = await ctx.evaluations.discipline.load(pk)
    return PoliceDisciplineRecord.from_result(found) if found else None


register_node("ScoringTable", _fetch_table)
register_node("ClassificationProposal", _fetch_proposal)
register_node("CommuneSafety", _fetch_safety)
register_node("PoliceDisciplineRecord", _fetch_discipline)
