"""Types of the evaluation domain: criteria sets, typical-unit campaigns, yearly assessments and
rollups. Leaf fields are plain attributes built from rows; relations go through loaders."""

from __future__ import annotations

import enum
from collections.abc import Awaitable, Callable
from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, TypeAlias

import strawberry
from strawberry.scalars import JSON

from core.domain import CampaignKind as CampaignKindValue
from core.domain import CampaignState as CampaignStateValue
from core.domain import Classification as ClassificationValue
from core.domain import DocumentKind as DocumentKindValue
from core.domain import UnitKind as UnitKindValue
from core.ids import to_global_id
from graph.context import Context, Info
from graph.nodes.types import NODE_FETCHERS, Node, register_node
from graph.pagination import Edge, PageInfo
from services import assessments as assessment_service
from services import evaluations as campaign_service
from services.evaluation_periods import period
from services.evaluations import TRANSITIONS

if TYPE_CHECKING:
    from graph.units.types import AdminUnit, UnitKind

# The evaluations domain names the unit's types lazily and builds units through the Node
# registry: it depends on no other domain's module at import time.
AdminUnitRef = Annotated["AdminUnit", strawberry.lazy("graph.units.types")]
UnitKindRef = Annotated["UnitKind", strawberry.lazy("graph.units.types")]


async def _unit(ctx: Context, unit_id: int) -> AdminUnit | None:
    """The unit of an evaluation object, read as the AdminUnit node of that id."""
    unit: AdminUnit | None = await NODE_FETCHERS["AdminUnit"](ctx, unit_id)
    return unit


strawberry.enum(
    CampaignStateValue, name="CampaignState"
)  # registers the GraphQL enum on the class itself
CampaignState: TypeAlias = CampaignStateValue
strawberry.enum(
    CampaignKindValue,
    name="CampaignKind",
    description="BUILD a typical unit this year, or MAINTAIN one recognised in an earlier year.",
)  # registers the GraphQL enum on the class itself
CampaignKind: TypeAlias = CampaignKindValue
strawberry.enum(
    ClassificationValue,
    name="Classification",
    description="Decision 510 classes: Xuất sắc, Khá, Trung bình, Yếu.",
)  # registers the GraphQL enum on the class itself
Classification: TypeAlias = ClassificationValue
strawberry.enum(
    DocumentKindValue,
    name="DocumentKind",
    description="PROPOSAL = tờ trình; RESULTS_REPORT = báo cáo kết quả with hồ sơ minh chứng; "
    "REVIEW_MINUTES = biên bản họp xét.",
)  # registers the GraphQL enum on the class itself
DocumentKind: TypeAlias = DocumentKindValue


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
strawberry.enum(
    CampaignActionValue,
    name="CampaignAction",
    description="Steps of a campaign: the unit's (SUBMIT_PLAN … SUBMIT) and the level above's "
    "(START_REVIEW, RECOGNISE, RETURN).",
)  # registers the GraphQL enum on the class itself
CampaignAction: TypeAlias = CampaignActionValue


# -- criteria ------------------------------------------------------------------------------------
@strawberry.type(description="One criterion, worded exactly as the decision states it.")
class Criterion(Node):
    id: strawberry.ID = strawberry.field(description="Global ID (Relay), for `node(id:)`.")
    code: str = strawberry.field(description='Its number in the set ("18" for Tiêu chí 18).')
    ordinal: int
    text: str
    group_code: str
    applies_to: list[UnitKindRef]
    kind: str = strawberry.field(description="Boolean (yes/no) or quantitative (judged by `rule`).")
    rule: JSON | None = strawberry.field(description="The threshold as data, judged from figures.")
    note: str | None

    @classmethod
    def from_result(cls, criterion: campaign_service.Criterion) -> Criterion:
        return cls(
            id=strawberry.ID(to_global_id("Criterion", criterion.id)),
            code=criterion.code,
            ordinal=criterion.ordinal,
            text=criterion.text,
            group_code=criterion.group_code,
            applies_to=[UnitKindValue(k) for k in criterion.applies_to],
            kind=criterion.kind,
            rule=JSON(criterion.rule) if criterion.rule is not None else None,
            note=criterion.note,
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
class CriteriaSet(Node):
    id: strawberry.ID = strawberry.field(description="Global ID (Relay), for `node(id:)`.")
    code: str
    title: str
    decision_ref: str
    issued_on: date
    effective_from: date
    effective_to: date | None
    temporary: bool
    applies_to: list[UnitKindRef]
    pk: strawberry.Private[int]

    @classmethod
    def from_result(cls, found: campaign_service.CriteriaSet) -> CriteriaSet:
        return cls(
            id=strawberry.ID(to_global_id("CriteriaSet", found.id)),
            code=found.code,
            title=found.title,
            decision_ref=found.decision_ref,
            issued_on=found.issued_on,
            effective_from=found.effective_from,
            effective_to=found.effective_to,
            temporary=found.temporary,
            applies_to=[UnitKindValue(k) for k in found.applies_to],
            pk=found.id,
        )

    @strawberry.field(description="All criteria, in the decision's order.")
    async def criteria(self, info: Info) -> list[Criterion]:
        found = await info.context.evaluations.criteria.load(self.pk)
        return [Criterion.from_result(c) for c in found]

    @strawberry.field(description='Groupings available: "default" and local ones.')
    async def groupings(self, info: Info) -> list[str]:
        found = await info.context.evaluations.groups.load(self.pk)
        return sorted({g.grouping for g in found})

    @strawberry.field(description="Groups of one grouping (default: the decision's own).")
    async def groups(self, info: Info, grouping: str = "default") -> list[CriteriaGroup]:
        found = await info.context.evaluations.groups.load(self.pk)
        return [
            CriteriaGroup(
                code=g.code,
                name=g.name,
                ordinal=g.ordinal,
                criterion_codes=list(g.criterion_codes),
            )
            for g in found
            if g.grouping == grouping
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


class CampaignEventActionValue(enum.StrEnum):
    """Everything a campaign's history records: its steps (CampaignAction) and the records
    that do not move it (registration, results, documents, carrying a MAINTAIN campaign over,
    an extension granted)."""

    REGISTER = "register"
    RECORD_RESULTS = "record_results"
    ADD_DOCUMENT = "add_document"
    CARRY_MAINTAIN = "carry_maintain"
    GRANT_EXTENSION = "grant_extension"
    SUBMIT_PLAN = "submit_plan"
    REPORT_SIX_MONTHS = "report_six_months"
    REPORT_ANNUAL = "report_annual"
    COMPLETE_DOSSIER = "complete_dossier"
    SUBMIT = "submit"
    START_REVIEW = "start_review"
    RECOGNISE = "recognise"
    RETURN = "return"


assert set(TRANSITIONS) <= {a.value for a in CampaignEventActionValue}
strawberry.enum(
    CampaignEventActionValue,
    name="CampaignEventAction",
    description="What one entry of a campaign's history records.",
)  # registers the GraphQL enum on the class itself
CampaignEventAction: TypeAlias = CampaignEventActionValue


@strawberry.type(description="One step of a campaign: who moved it, from which state, when.")
class CampaignEvent:
    action: CampaignEventAction
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
    def from_result(cls, c: campaign_service.Campaign) -> TypicalCampaign:
        return cls(
            id=strawberry.ID(to_global_id("TypicalCampaign", c.id)),
            year=c.year,
            kind=CampaignKindValue(c.kind),
            state=CampaignStateValue(c.state),
            register_deadline=c.register_deadline,
            submit_deadline=c.submit_deadline,
            registered_on=c.registered_on,
            registered_by=c.registered_by,
            plan_submitted_on=c.plan_submitted_on,
            six_month_reported_on=c.six_month_reported_on,
            annual_reported_on=c.annual_reported_on,
            dossier_completed_on=c.dossier_completed_on,
            submitted_on=c.submitted_on,
            submitted_by=c.submitted_by,
            review_started_on=c.review_started_on,
            decided_on=c.decided_on,
            decided_by=c.decided_by,
            return_reasons=list(c.return_reasons),
            figures=JSON(c.figures),
            previous_figures=JSON(c.previous_figures),
            version=c.version,
            handed_over_on=c.handed_over_on,
            carried_over=bool(c.carried_from),
            pk=c.id,
            unit_id=c.unit_id,
            unit_path=c.unit_path,
            set_id=c.criteria_set_id,
        )

    @strawberry.field
    async def unit(self, info: Info) -> AdminUnitRef | None:
        return await _unit(info.context, self.unit_id)

    @strawberry.field(description="The set the campaign was registered under.")
    async def criteria_set(self, info: Info) -> CriteriaSet:
        found = await info.context.evaluations.criteria_set.load(self.set_id)
        assert found is not None  # a foreign key to public reference data
        return CriteriaSet.from_result(found)

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
        return [
            CampaignDocument(
                kind=DocumentKindValue(d.kind),
                title=d.title,
                number=d.number,
                issued_on=d.issued_on,
                file_ref=d.file_ref,
                added_by=d.added_by,
                created_at=d.created_at,
            )
            for d in await info.context.evaluations.documents.load(self.pk)
        ]

    @strawberry.field(
        description="Later days the level above granted for single steps, "
        "oldest first (grantCampaignExtension)."
    )
    async def extensions(self, info: Info) -> list[CampaignExtension]:
        return [
            CampaignExtension(
                step=x.step,
                due_on=x.due_on,
                reason=x.reason,
                granted_by=x.granted_by,
                granted_on=x.granted_on,
            )
            for x in await info.context.evaluations.extensions.load(self.pk)
        ]

    @strawberry.field(description="The campaign's steps, oldest first.")
    async def history(self, info: Info) -> list[CampaignEvent]:
        return [
            CampaignEvent(
                action=CampaignEventActionValue(e.action),
                from_state=CampaignStateValue(e.from_state) if e.from_state else None,
                to_state=CampaignStateValue(e.to_state),
                on=e.on_date,
                actor=e.actor,
                reasons=list(e.reasons),
                late=bool(e.late),
            )
            for e in await info.context.evaluations.events.load(self.pk)
        ]


_KIND_OF_LETTER = {"c": "commune", "a": "agency", "e": "enterprise", "s": "school"}


async def _outcomes(ctx: Context, campaign: TypicalCampaign) -> list[CriterionOutcome]:
    kind = _KIND_OF_LETTER.get(campaign.unit_path.rpartition(".")[2][:1], "")
    criteria = await ctx.evaluations.criteria.load(campaign.set_id)
    results = {r.criterion_id: r for r in await ctx.evaluations.results.load(campaign.pk)}
    outcomes = []
    for c in criteria:
        if kind not in c.applies_to:
            continue
        r = results.get(c.id)
        outcomes.append(
            CriterionOutcome(
                criterion=Criterion.from_result(c),
                met=r.met if r else None,
                rule_met=r.rule_met if r else None,
                declared_met=r.declared_met if r else None,
                explanation=r.explanation if r else None,
                evidence=r.evidence if r else None,
            )
        )
    return outcomes


@strawberry.type
class TypicalCampaignConnection:
    edges: list[Edge[TypicalCampaign]]
    page_info: PageInfo
    count: strawberry.Private[Callable[[], Awaitable[int]]]

    @strawberry.field(
        description="How many there are over all pages (one extra statement, only when asked)."
    )
    async def total_count(self) -> int:
        return await self.count()


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

    # Node's `id` as a resolver, computed only when selected: unit lists embed one assessment
    # per unit. mypy sees a method replacing the interface's attribute; Strawberry a field.
    @strawberry.field(description="Global ID (Relay), for `node(id:)`.")  # type: ignore[misc]
    def id(self) -> strawberry.ID:
        return strawberry.ID(to_global_id("Assessment", self.pk))

    @classmethod
    def from_result(cls, a: assessment_service.Assessment) -> Assessment:
        return cls(  # type: ignore[call-arg]  # `id` is the resolver above, not an argument
            pk=a.id,
            year=a.year,
            safety_registered=a.safety_registered,
            safety_achieved=a.safety_achieved,
            classification=ClassificationValue(a.classification) if a.classification else None,
            entered_by=a.entered_by,
            entered_on=a.entered_on,
            confirmed_by=a.confirmed_by,
            confirmed_on=a.confirmed_on,
            version=a.version,
            unit_id=a.unit_id,
            unit_path=a.unit_path,
        )

    @strawberry.field
    async def unit(self, info: Info) -> AdminUnitRef | None:
        return await _unit(info.context, self.unit_id)

    async def _period(self, info: Info) -> tuple[date, date] | None:
        unit = await _unit(info.context, self.unit_id)
        if unit is None:
            return None
        p = await period(info.context.db, unit.kind.value, self.year)
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
    count: strawberry.Private[Callable[[], Awaitable[int]]]

    @strawberry.field(
        description="How many there are over all pages (one extra statement, only when asked)."
    )
    async def total_count(self) -> int:
        return await self.count()


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
    def from_result(cls, f: assessment_service.Figures) -> RollupFigures:
        units = f.units
        targets = assessment_service.TARGETS
        return cls(
            units=units,
            assessed=f.assessed,
            registered=_measure(f.registered, units, targets["registered"]),
            safe=_measure(f.safe, units, targets["safe"]),
            good_or_excellent=_measure(f.good_or_excellent, units, targets["good_or_excellent"]),
            typical_registered=f.typical_registered,
            typical_recognised=_measure(
                f.typical_recognised, f.typical_registered, targets["typical"]
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
    unit: AdminUnitRef
    figures: RollupFigures


@strawberry.type(description="Assessment and typical-unit figures of a subtree and its children.")
class Rollup:
    unit: AdminUnitRef
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
    unit_kind: UnitKindRef = strawberry.field(description="Kind of unit.")
    starts_on: date = strawberry.field(description="First day of the period.")
    ends_on: date = strawberry.field(description="Last day of the period.")


async def _fetch_campaign(ctx: Context, pk: int) -> TypicalCampaign | None:
    ctx.caller()
    found = await ctx.evaluations.campaign.load(pk)  # scoped by the service
    return TypicalCampaign.from_result(found) if found else None


async def _fetch_assessment(ctx: Context, pk: int) -> Assessment | None:
    ctx.caller()
    found = await ctx.evaluations.assessment.load(pk)  # scoped by the service
    return Assessment.from_result(found) if found else None


async def _fetch_criteria_set(ctx: Context, pk: int) -> CriteriaSet | None:
    """Criteria sets are public decisions: any signed-in caller reads them (as `criteriaSets`)."""
    ctx.caller()
    found = await ctx.evaluations.criteria_set.load(pk)
    return CriteriaSet.from_result(found) if found else None


async def _fetch_criterion(ctx: Context, pk: int) -> Criterion | None:
    ctx.caller()
    found = await ctx.evaluations.criterion.load(pk)
    return Criterion.from_result(found) if found else None


register_node("CriteriaSet", _fetch_criteria_set)
register_node("Criterion", _fetch_criterion)
register_node("TypicalCampaign", _fetch_campaign)
register_node("Assessment", _fetch_assessment)
