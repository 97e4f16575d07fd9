"""Types of the evaluation domain: criteria sets, typical-unit campaigns, yearly assessments and
rollups. Leaf fields are plain attributes built from rows; relations go through loaders."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Annotated

import strawberry
from sqlalchemy import RowMapping
from strawberry.scalars import JSON

from core.domain import CampaignKind as CampaignKindValue
from core.domain import CampaignState as CampaignStateValue
from core.domain import Classification as ClassificationValue
from core.domain import DocumentKind as DocumentKindValue
from core.domain import UnitKind as UnitKindValue
from core.ids import to_global_id
from graph.context import Context, Info
from graph.nodes.types import Node, register_node
from graph.pagination import Edge, PageInfo
from graph.types.errors import (
    InvalidInput,
    NotAllowed,
    NotFoundError,
    TransitionRefusedError,
    VersionConflict,
    to_user_error,
)
from graph.units.types import AdminUnit, UnitKind
from services import assessments as assessment_service
from services.evaluations import TRANSITIONS

CampaignState = strawberry.enum(CampaignStateValue, name="CampaignState")
CampaignKind = strawberry.enum(
    CampaignKindValue,
    name="CampaignKind",
    description="BUILD a typical unit this year, or MAINTAIN one recognised in an earlier year.",
)
Classification = strawberry.enum(
    ClassificationValue,
    name="Classification",
    description="Decision 510 classes: Xuất sắc, Khá, Trung bình, Yếu.",
)
DocumentKind = strawberry.enum(
    DocumentKindValue,
    name="DocumentKind",
    description="PROPOSAL = tờ trình; RESULTS_REPORT = báo cáo kết quả with hồ sơ minh chứng; "
    "REVIEW_MINUTES = biên bản họp xét.",
)


class CampaignActionValue(enum.StrEnum):
    """Mirrors services.evaluations.TRANSITIONS (checked at import)."""

    SUBMIT_PLAN = "submit_plan"
    REPORT_SIX_MONTHS = "report_six_months"
    REPORT_ANNUAL = "report_annual"
    COMPLETE_DOSSIER = "complete_dossier"
    SUBMIT = "submit"
    START_REVIEW = "start_review"
    RECOGNISE = "recognise"
    RETURN = "return"


assert {a.value for a in CampaignActionValue} == set(TRANSITIONS)
CampaignAction = strawberry.enum(
    CampaignActionValue,
    name="CampaignAction",
    description="Steps of a campaign: the unit's (SUBMIT_PLAN … SUBMIT) and the level above's "
    "(START_REVIEW, RECOGNISE, RETURN).",
)


# The one mapper lives in graph/types/errors.py; these names stay for the modules that use them.
as_evaluation_error = to_user_error


# -- criteria ------------------------------------------------------------------------------------
@strawberry.type(description="One criterion, worded exactly as the decision states it.")
class Criterion:
    id: strawberry.ID
    code: str = strawberry.field(description='Its number in the set ("18" for Tiêu chí 18).')
    ordinal: int
    text: str
    group_code: str
    applies_to: list[UnitKind]
    kind: str = strawberry.field(description="Boolean (yes/no) or quantitative (judged by `rule`).")
    rule: JSON | None = strawberry.field(description="The threshold as data, judged from figures.")
    note: str | None

    @classmethod
    def from_row(cls, row: RowMapping) -> Criterion:
        return cls(
            id=strawberry.ID(to_global_id("Criterion", row["id"])),
            code=row["code"],
            ordinal=row["ordinal"],
            text=row["text"],
            group_code=row["group_code"],
            applies_to=[UnitKindValue(k) for k in row["applies_to"]],
            kind=row["kind"],
            rule=row["rule"],
            note=row["note"],
        )


@strawberry.type(
    description="A group of criteria in one grouping (the decision's own, or a "
    "local restatement such as Tháp Mười's 7/8/19)."
)
class CriteriaGroup:
    code: str
    name: str
    ordinal: int
    criterion_codes: list[str]


@strawberry.type(
    description="A versioned, effective-dated criteria set (Decision 9745's "
    "temporary sets; a later decision replaces them with its own)."
)
class CriteriaSet:
    id: strawberry.ID
    code: str
    title: str
    decision_ref: str
    issued_on: date
    effective_from: date
    effective_to: date | None
    temporary: bool
    applies_to: list[UnitKind]
    pk: strawberry.Private[int]

    @classmethod
    def from_row(cls, row: RowMapping) -> CriteriaSet:
        return cls(
            id=strawberry.ID(to_global_id("CriteriaSet", row["id"])),
            code=row["code"],
            title=row["title"],
            decision_ref=row["decision_ref"],
            issued_on=row["issued_on"],
            effective_from=row["effective_from"],
            effective_to=row["effective_to"],
            temporary=row["temporary"],
            applies_to=[UnitKindValue(k) for k in row["applies_to"]],
            pk=row["id"],
        )

    @strawberry.field(description="All criteria, in the decision's order.")
    async def criteria(self, info: Info) -> list[Criterion]:
        rows = await info.context.evaluations.criteria.load(self.pk)
        return [Criterion.from_row(r) for r in rows]

    @strawberry.field(description='Groupings available: "default" and local ones.')
    async def groupings(self, info: Info) -> list[str]:
        rows = await info.context.evaluations.groups.load(self.pk)
        return sorted({r["grouping"] for r in rows})

    @strawberry.field(description="Groups of one grouping (default: the decision's own).")
    async def groups(self, info: Info, grouping: str = "default") -> list[CriteriaGroup]:
        rows = await info.context.evaluations.groups.load(self.pk)
        return [
            CriteriaGroup(
                code=r["code"],
                name=r["name"],
                ordinal=r["ordinal"],
                criterion_codes=list(r["criterion_codes"]),
            )
            for r in rows
            if r["grouping"] == grouping
        ]


# -- campaigns -----------------------------------------------------------------------------------
@strawberry.type(description="A criterion and the unit's result for it (null until entered).")
class CriterionOutcome:
    criterion: Criterion
    met: bool | None
    rule_met: bool | None = strawberry.field(description="What the rule says from the figures.")
    declared_met: bool | None
    explanation: str | None
    evidence: str | None


@strawberry.type(description="A document record of the dossier; the file is at `fileRef`.")
class CampaignDocument:
    kind: DocumentKind
    title: str
    number: str | None
    issued_on: date | None
    file_ref: str
    added_by: str
    created_at: datetime


@strawberry.type(description="One step of a campaign: who moved it, from which state, when.")
class CampaignEvent:
    action: str
    from_state: CampaignState | None
    to_state: CampaignState
    on: date
    actor: str
    reasons: list[str]
    late: bool = strawberry.field(
        default=False,
        description="Taken after the governing "
        "plan's deadline, which that plan allows (recorded late); "
        "`reasons` then names the rule.",
    )


@strawberry.type(
    description="A later due day for one step of one unit's campaign, granted "
    "by the level above with a reason (gia hạn)."
)
class CampaignExtension:
    step: str = strawberry.field(description="The ScheduleStep, e.g. dossier_submission.")
    due_on: date
    reason: str
    granted_by: str
    granted_on: date


@strawberry.type(
    name="TypicalCampaign",
    description="A unit's typical-unit campaign for one year (xây dựng điển hình).",
)
class TypicalCampaign(Node):
    id: strawberry.ID
    year: int
    kind: CampaignKind
    state: CampaignState
    register_deadline: date
    submit_deadline: date
    registered_on: date
    registered_by: str
    plan_submitted_on: date | None
    six_month_reported_on: date | None
    annual_reported_on: date | None
    dossier_completed_on: date | None
    submitted_on: date | None
    submitted_by: str | None
    review_started_on: date | None
    decided_on: date | None
    decided_by: str | None
    return_reasons: list[str]
    figures: JSON
    previous_figures: JSON
    version: int
    handed_over_on: date | None = strawberry.field(
        description=(
            "The day this campaign passed to the successors of its unit (the unit ended; see the "
            'README, "The present"); it cannot advance any more. Null while it is the unit\'s.'
        )
    )
    carried_over: bool = strawberry.field(
        description=(
            "True when this campaign was taken over from a predecessor unit's (restarted as "
            "REGISTERED with the same kind, criteria set and deadlines)."
        )
    )
    pk: strawberry.Private[int]
    unit_id: strawberry.Private[int]
    unit_path: strawberry.Private[str]
    set_id: strawberry.Private[int]

    @classmethod
    def from_row(cls, row: RowMapping) -> TypicalCampaign:
        return cls(
            id=strawberry.ID(to_global_id("TypicalCampaign", row["id"])),
            year=row["year"],
            kind=CampaignKindValue(row["kind"]),
            state=CampaignStateValue(row["state"]),
            register_deadline=row["register_deadline"],
            submit_deadline=row["submit_deadline"],
            registered_on=row["registered_on"],
            registered_by=row["registered_by"],
            plan_submitted_on=row["plan_submitted_on"],
            six_month_reported_on=row["six_month_reported_on"],
            annual_reported_on=row["annual_reported_on"],
            dossier_completed_on=row["dossier_completed_on"],
            submitted_on=row["submitted_on"],
            submitted_by=row["submitted_by"],
            review_started_on=row["review_started_on"],
            decided_on=row["decided_on"],
            decided_by=row["decided_by"],
            return_reasons=list(row["return_reasons"]),
            figures=row["figures"],
            previous_figures=row["previous_figures"],
            version=row["version"],
            handed_over_on=row.get("handed_over_on"),
            carried_over=bool(row.get("carried_from")),
            pk=row["id"],
            unit_id=row["unit_id"],
            unit_path=row["unit_path"],
            set_id=row["criteria_set_id"],
        )

    @strawberry.field
    async def unit(self, info: Info) -> AdminUnit | None:
        row = await info.context.units.by_id.load(self.unit_id)
        return AdminUnit.read(row, None, info.context) if row else None

    @strawberry.field(description="The set the campaign was registered under.")
    async def criteria_set(self, info: Info) -> CriteriaSet:
        return CriteriaSet.from_row(await info.context.evaluations.criteria_set.load(self.set_id))

    @strawberry.field(description="Every criterion applicable to the unit, with its result.")
    async def results(self, info: Info) -> list[CriterionOutcome]:
        return await _outcomes(info.context, self)

    @strawberry.field(description="Applicable criteria not (yet) met.")
    async def unmet_criteria(self, info: Info) -> list[Criterion]:
        return [o.criterion for o in await _outcomes(info.context, self) if not o.met]

    @strawberry.field(description="True when 100% of the applicable criteria are met.")
    async def all_criteria_met(self, info: Info) -> bool:
        return all(o.met for o in await _outcomes(info.context, self))

    @strawberry.field
    async def documents(self, info: Info) -> list[CampaignDocument]:
        rows = await info.context.evaluations.documents.load(self.pk)
        return [
            CampaignDocument(
                kind=DocumentKindValue(r["kind"]),
                title=r["title"],
                number=r["number"],
                issued_on=r["issued_on"],
                file_ref=r["file_ref"],
                added_by=r["added_by"],
                created_at=r["created_at"],
            )
            for r in rows
        ]

    @strawberry.field(
        description="Later days the level above granted for single steps, "
        "oldest first (grantCampaignExtension)."
    )
    async def extensions(self, info: Info) -> list[CampaignExtension]:
        from db.queries import schedules as schedule_q

        rows = await schedule_q.extensions_of(info.context.db, [self.pk])
        return [
            CampaignExtension(
                step=r["step"],
                due_on=r["due_on"],
                reason=r["reason"],
                granted_by=r["granted_by"],
                granted_on=r["granted_on"],
            )
            for r in rows
        ]

    @strawberry.field(description="The campaign's steps, oldest first.")
    async def history(self, info: Info) -> list[CampaignEvent]:
        rows = await info.context.evaluations.events.load(self.pk)
        return [
            CampaignEvent(
                action=r["action"],
                from_state=CampaignStateValue(r["from_state"]) if r["from_state"] else None,
                to_state=CampaignStateValue(r["to_state"]),
                on=r["on_date"],
                actor=r["actor"],
                reasons=list(r["reasons"]),
                late=bool(r.get("late")),
            )
            for r in rows
        ]


_KIND_OF_LETTER = {"c": "commune", "a": "agency", "e": "enterprise", "s": "school"}


async def _outcomes(ctx: Context, campaign: TypicalCampaign) -> list[CriterionOutcome]:
    kind = _KIND_OF_LETTER.get(campaign.unit_path.rpartition(".")[2][:1], "")
    criteria = await ctx.evaluations.criteria.load(campaign.set_id)
    results = {r["criterion_id"]: r for r in await ctx.evaluations.results.load(campaign.pk)}
    outcomes = []
    for c in criteria:
        if kind not in c["applies_to"]:
            continue
        r = results.get(c["id"])
        outcomes.append(
            CriterionOutcome(
                criterion=Criterion.from_row(c),
                met=r["met"] if r else None,
                rule_met=r["rule_met"] if r else None,
                declared_met=r["declared_met"] if r else None,
                explanation=r["explanation"] if r else None,
                evidence=r["evidence"] if r else None,
            )
        )
    return outcomes


@strawberry.type
class TypicalCampaignConnection:
    edges: list[Edge[TypicalCampaign]]
    page_info: PageInfo


# -- assessments ---------------------------------------------------------------------------------
@strawberry.type(
    name="Assessment",
    description="A unit's yearly assessment: Circular 124 "
    "“An toàn về ANTT” (registered, achieved) and the Decision 510 class.",
)
class Assessment(Node):
    year: int
    safety_registered: bool
    safety_achieved: bool | None
    classification: Classification | None
    entered_by: str
    entered_on: date
    confirmed_by: str | None
    confirmed_on: date | None
    version: int
    unit_id: strawberry.Private[int]
    unit_path: strawberry.Private[str]
    pk: strawberry.Private[int]

    @strawberry.field(description="Global ID (Relay), for `node(id:)`.")
    def id(self) -> strawberry.ID:
        # computed only when selected: unit lists embed one assessment per unit
        return strawberry.ID(to_global_id("Assessment", self.pk))

    @classmethod
    def from_row(cls, row: RowMapping) -> Assessment:
        return cls(
            pk=row["id"],
            year=row["year"],
            safety_registered=row["safety_registered"],
            safety_achieved=row["safety_achieved"],
            classification=ClassificationValue(row["classification"])
            if row["classification"]
            else None,
            entered_by=row["entered_by"],
            entered_on=row["entered_on"],
            confirmed_by=row["confirmed_by"],
            confirmed_on=row["confirmed_on"],
            version=row["version"],
            unit_id=row["unit_id"],
            unit_path=row["unit_path"],
        )

    @strawberry.field
    async def unit(self, info: Info) -> AdminUnit | None:
        row = await info.context.units.by_id.load(self.unit_id)
        return AdminUnit.read(row, None, info.context) if row else None

    async def _period(self, info: Info) -> tuple[date, date] | None:
        from services.evaluation_periods import period

        row = await info.context.units.by_id.load(self.unit_id)
        if row is None:
            return None
        p = await period(info.context.db, row["kind"], self.year)
        return p.starts_on, p.ends_on

    @strawberry.field(
        description="First day of the Circular 124 period assessed (kỳ đánh "
        "giá); `year` is the year the period ends in."
    )
    async def period_starts_on(self, info: Info) -> date | None:
        bounds = await self._period(info)
        return bounds[0] if bounds else None

    @strawberry.field(description="Last day of the Circular 124 period assessed.")
    async def period_ends_on(self, info: Info) -> date | None:
        bounds = await self._period(info)
        return bounds[1] if bounds else None


@strawberry.type
class AssessmentConnection:
    edges: list[Edge[Assessment]]
    page_info: PageInfo


@strawberry.type
class AssessmentList:
    assessments: list[Assessment]


# -- rollups -------------------------------------------------------------------------------------
@strawberry.type(description="Count of total, as a percentage, against its target.")
class RollupMeasure:
    count: int
    total: int
    percent: float | None = strawberry.field(description="Share in percent; null when total is 0.")
    target: float = strawberry.field(description="Target percentage (≥).")
    met: bool


@strawberry.type
class RollupFigures:
    units: int = strawberry.field(
        description="Assessable units (residential areas, communes, "
        "agencies, enterprises, schools) that existed in the year."
    )
    assessed: int
    registered: RollupMeasure = strawberry.field(description="Registered for An toàn về ANTT.")
    safe: RollupMeasure = strawberry.field(description="Achieved An toàn về ANTT.")
    good_or_excellent: RollupMeasure = strawberry.field(description="Xuất sắc or Khá.")
    typical_registered: int = strawberry.field(description="Typical-unit campaigns this year.")
    typical_recognised: RollupMeasure = strawberry.field(
        description="Recognised, of the campaigns registered."
    )

    @classmethod
    def from_row(cls, row: RowMapping) -> RollupFigures:
        units = row["units"]
        targets = assessment_service.TARGETS
        return cls(
            units=units,
            assessed=row["assessed"],
            registered=_measure(row["registered"], units, targets["registered"]),
            safe=_measure(row["safe"], units, targets["safe"]),
            good_or_excellent=_measure(
                row["good_or_excellent"], units, targets["good_or_excellent"]
            ),
            typical_registered=row["typical_registered"],
            typical_recognised=_measure(
                row["typical_recognised"], row["typical_registered"], targets["typical"]
            ),
        )


def _measure(count: int, total: int, target: float) -> RollupMeasure:
    percent = round(100.0 * count / total, 2) if total else None
    return RollupMeasure(
        count=count,
        total=total,
        percent=percent,
        target=target,
        met=percent is not None and percent >= target,
    )


@strawberry.type
class RollupRow:
    unit: AdminUnit
    figures: RollupFigures


@strawberry.type(description="Assessment and typical-unit figures of a subtree and its children.")
class Rollup:
    unit: AdminUnit
    year: int
    as_of: date
    include_predecessors: bool
    total: RollupFigures
    children: list[RollupRow]

    @strawberry.field(
        description="The Circular 124 periods (kỳ đánh giá) the rollup's `year` "
        "covers, per kind of unit: residential areas end on 31/10, communes, "
        "agencies, enterprises and schools on 15/11."
    )
    async def periods(self, info: Info) -> list[RollupPeriod]:
        from services.evaluation_periods import period

        kinds = ("residential_area", "commune", "agency", "enterprise", "school")
        out = []
        for kind in kinds:
            p = await period(info.context.db, kind, self.year)
            out.append(
                RollupPeriod(
                    unit_kind=UnitKindValue(kind), starts_on=p.starts_on, ends_on=p.ends_on
                )
            )
        return out


@strawberry.type(description="One kind of unit's evaluation period in a rollup.")
class RollupPeriod:
    unit_kind: UnitKind = strawberry.field(description="Kind of unit.")
    starts_on: date = strawberry.field(description="First day of the period.")
    ends_on: date = strawberry.field(description="Last day of the period.")


# -- unions --------------------------------------------------------------------------------------
CampaignResult = Annotated[
    TypicalCampaign
    | TransitionRefusedError
    | InvalidInput
    | NotAllowed
    | NotFoundError
    | VersionConflict,
    strawberry.union("CampaignResult"),
]
AssessmentsResult = Annotated[
    AssessmentList
    | TransitionRefusedError
    | InvalidInput
    | NotAllowed
    | NotFoundError
    | VersionConflict,
    strawberry.union("AssessmentsResult"),
]
AssessmentResult = Annotated[
    Assessment | InvalidInput | NotAllowed | NotFoundError | VersionConflict,
    strawberry.union("AssessmentResult"),
]


async def _fetch_campaign(ctx: Context, pk: int) -> TypicalCampaign | None:
    principal = ctx.caller()
    row = await ctx.evaluations.campaign.load(pk)
    if row is None or not ctx.authorizer.allowed(principal, "evaluation", "read", row["unit_path"]):
        return None
    return TypicalCampaign.from_row(row)


async def _fetch_assessment(ctx: Context, pk: int) -> Assessment | None:
    principal = ctx.caller()
    row = await ctx.evaluations.assessment.load(pk)
    if row is None or not ctx.authorizer.allowed(principal, "assessment", "read", row["unit_path"]):
        return None
    return Assessment.from_row(row)


register_node("TypicalCampaign", _fetch_campaign)
register_node("Assessment", _fetch_assessment)
