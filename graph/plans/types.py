"""Types of plans, targets and models. Leaf fields are plain attributes built from rows;
relations go through the request's loaders (graph/loaders/plans.py)."""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

import strawberry
from sqlalchemy import RowMapping
from strawberry.scalars import JSON

from core.domain import ModelOrigin as ModelOriginValue
from core.domain import ModelStatus as ModelStatusValue
from core.domain import PlanKind as PlanKindValue
from core.domain import PlanStatus as PlanStatusValue
from core.domain import Rating as RatingValue
from core.domain import ReportKind as ReportKindValue
from core.domain import TargetStatus as TargetStatusValue
from core.ids import to_global_id
from graph.arguments import OptionalUnitArg
from graph.context import Context, Info
from graph.labels.catalog import label_of
from graph.loaders.plans import TargetsKey
from graph.pagination import Edge, PageInfo
from graph.types.errors import InvalidInput, NotAllowed, NotFoundError, VersionConflict
from graph.types.node import Node, register_node
from graph.types.unit import AdminUnit
from services.measures import TargetMeasure as TargetMeasureValue
from services.target_terms import QuantityKind as QuantityKindValue
from services.target_terms import TargetCategory as TargetCategoryValue
from services.work import WorkStatus as WorkStatusValue
from services.work import work_status

PlanKind = strawberry.enum(PlanKindValue, name="PlanKind")
PlanStatus = strawberry.enum(
    PlanStatusValue, name="PlanStatus", description="Draft, issued, or superseded by a later plan."
)
ReportKind = strawberry.enum(ReportKindValue, name="ReportKind")
TargetStatus = strawberry.enum(
    TargetStatusValue,
    name="TargetStatus",
    description="MET: the latest progress satisfies the quantity. Not met: OVERDUE when the due "
    "day has passed within the target's year, MISSED once the year is over, DUE_SOON within 14 "
    "days of the due day, else ON_TRACK. Evaluated at the query's `asOf` (default today).",
)
TargetCategory = strawberry.enum(TargetCategoryValue, name="TargetCategory")
TargetMeasure = strawberry.enum(
    TargetMeasureValue,
    name="TargetMeasure",
    description="The platform figure a target is measured by: typical units registered / "
    "recognised, the Circular 124 registered / achieved rates, the Decision 510 Xuất sắc + Khá "
    "rate, the share of models rated Tốt or Khá.",
)
QuantityKind = strawberry.enum(QuantityKindValue, name="QuantityKind")
ModelStatus = strawberry.enum(ModelStatusValue, name="ModelStatus")
ModelOrigin = strawberry.enum(ModelOriginValue, name="ModelOrigin")
ModelRatingClass = strawberry.enum(
    RatingValue, name="ModelRatingClass", description="Tốt, Khá, Trung bình, Yếu (Guidance 22)."
)


def _num(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


async def _unit(info: Info, unit_id: int) -> AdminUnit | None:
    row = await info.context.units.by_id.load(unit_id)
    return AdminUnit.read(row, None, info.context) if row else None


# -- plans ------------------------------------------------------------------------------------

WorkStatus = strawberry.enum(
    WorkStatusValue,
    name="WorkStatus",
    description="Whether a dated obligation was fulfilled: DONE (on or before its last on-time "
    "day), DONE_LATE (after it; visible to the level above), OVERDUE (open and past it), OPEN "
    "(hoàn thành / hoàn thành muộn / quá hạn / chưa đến hạn).",
)


@strawberry.type(description="A task a plan assigns to a department or a unit below.")
class PlanTask:
    id: strawberry.ID = strawberry.field(description="Global ID (PlanTask), for markWorkDone.")
    assignee: str = strawberry.field(description="Department or body named by the plan.")
    description: str
    due_on: date | None
    completed_on: date | None
    handed_over_on: date | None = strawberry.field(
        description=(
            "The day this task passed to the successors of its unit (the unit ended; "
            "services/handover.py); null while it is the unit's own."
        )
    )
    carried_over: bool = strawberry.field(
        description=("True when this task was taken over from a predecessor unit.")
    )
    completed_by: str | None = strawberry.field(description="Who marked it done.")
    completion_note: str | None = strawberry.field(description="What was done (ghi chú).")
    completion_link: str | None = strawberry.field(
        description="The report or document delivered (a link or file reference)."
    )
    version: int
    unit_id: strawberry.Private[int]

    @strawberry.field(description="DONE / DONE_LATE / OVERDUE / OPEN at `asOf` (default today).")
    def work_status(self, info: Info, as_of: date | None = None) -> WorkStatus:
        return work_status(self.due_on, self.completed_on, as_of or info.context.today)

    @strawberry.field(description="The unit that carries the task out.")
    async def unit(self, info: Info) -> AdminUnit | None:
        return await _unit(info, self.unit_id)

    @classmethod
    def from_row(cls, row: RowMapping) -> PlanTask:
        return cls(
            id=strawberry.ID(to_global_id("PlanTask", row["id"])),
            assignee=row["assignee"],
            description=row["description"],
            due_on=row["due_on"],
            completed_on=row["completed_on"],
            handed_over_on=row["handed_over_on"],
            carried_over=bool(row["carried_from"]),
            completed_by=row.get("completed_by"),
            completion_note=row.get("completion_note"),
            completion_link=row.get("completion_link"),
            version=row["version"],
            unit_id=row["unit_id"],
        )


@strawberry.type(description="A report a plan requires from one addressed unit.")
class ReportingDeadline:
    id: strawberry.ID = strawberry.field(
        description="Global ID (ReportingDeadline), for markWorkDone."
    )
    kind: ReportKind
    due_on: date = strawberry.field(description="Last on-time day ('trước 30/3' -> 29/3).")
    note: str | None
    completed_on: date | None
    handed_over_on: date | None = strawberry.field(
        description=(
            "The day this report passed to the successors of its unit (the unit ended; "
            "services/handover.py); null while it is the unit's own."
        )
    )
    carried_over: bool = strawberry.field(
        description=("True when this report was taken over from a predecessor unit.")
    )
    completed_by: str | None = strawberry.field(description="Who marked it done.")
    completion_note: str | None = strawberry.field(description="What was done (ghi chú).")
    completion_link: str | None = strawberry.field(
        description="The report delivered (a link or file reference)."
    )
    version: int
    unit_id: strawberry.Private[int]

    @strawberry.field(description="DONE / DONE_LATE / OVERDUE / OPEN at `asOf` (default today).")
    def work_status(self, info: Info, as_of: date | None = None) -> WorkStatus:
        return work_status(self.due_on, self.completed_on, as_of or info.context.today)

    @strawberry.field
    async def unit(self, info: Info) -> AdminUnit | None:
        return await _unit(info, self.unit_id)

    @classmethod
    def from_row(cls, row: RowMapping) -> ReportingDeadline:
        return cls(
            id=strawberry.ID(to_global_id("ReportingDeadline", row["id"])),
            kind=ReportKindValue(row["kind"]),
            due_on=row["due_on"],
            note=row["note"],
            completed_on=row["completed_on"],
            handed_over_on=row["handed_over_on"],
            carried_over=bool(row["carried_from"]),
            completed_by=row.get("completed_by"),
            completion_note=row.get("completion_note"),
            completion_link=row.get("completion_link"),
            version=row["version"],
            unit_id=row["unit_id"],
        )


@strawberry.type(description="A unit directly below a plan's issuer, and its implementing plans.")
class PlanImplementation:
    plans: list[Plan]
    has_plan: bool
    due_on: date | None = strawberry.field(description="When implementing plans were due.")
    past_deadline: bool = strawberry.field(description="No plan and the due day has passed.")
    work_status: WorkStatus = strawberry.field(
        description="DONE: an implementing plan issued by the due day; DONE_LATE: issued after "
        "it; OVERDUE: none and the day has passed; OPEN otherwise."
    )
    unit_id: strawberry.Private[int]

    @strawberry.field
    async def unit(self, info: Info) -> AdminUnit | None:
        return await _unit(info, self.unit_id)


@strawberry.type(description="A plan, programme or guidance document (kế hoạch, chương trình…).")
class Plan(Node):
    id: strawberry.ID
    number: str | None = strawberry.field(
        description="Document number, e.g. 86/KH-BCĐ; null for an unnumbered draft."
    )
    kind: PlanKind
    title: str
    issuing_body: str = strawberry.field(description="UBND tỉnh…, Ban Chỉ đạo 138…, Công an…")
    issued_on: date | None
    year: int
    status: PlanStatus
    objectives: str | None
    cited_documents: list[str]
    subordinate_plans_due: date | None = strawberry.field(
        description="By when the units below must issue their implementing plans."
    )
    version: int
    pk: strawberry.Private[int]
    unit_id: strawberry.Private[int]
    parent_id: strawberry.Private[int | None]
    supersedes_id: strawberry.Private[int | None]
    row: strawberry.Private[Any]

    @classmethod
    def from_row(cls, row: RowMapping) -> Plan:
        return cls(
            id=strawberry.ID(to_global_id("Plan", row["id"])),
            number=row["number"],
            kind=PlanKindValue(row["kind"]),
            title=row["title"],
            issuing_body=row["issuing_body"],
            issued_on=row["issued_on"],
            year=row["year"],
            status=PlanStatusValue(row["status"]),
            objectives=row["objectives"],
            cited_documents=list(row["cited_documents"] or []),
            subordinate_plans_due=row["subordinate_plans_due"],
            version=row["version"],
            pk=row["id"],
            unit_id=row["unit_id"],
            parent_id=row["parent_id"],
            supersedes_id=row["supersedes_id"],
            row=row,
        )

    @strawberry.field(description="The issuing unit.")
    async def unit(self, info: Info) -> AdminUnit | None:
        return await _unit(info, self.unit_id)

    @strawberry.field(description="The plan this one implements (null if outside your scope).")
    async def parent(self, info: Info) -> Plan | None:
        if self.parent_id is None:
            return None
        row = await info.context.plans.plan.load(self.parent_id)
        return Plan.from_row(row) if row else None

    @strawberry.field(description="The earlier plan this one replaces.")
    async def supersedes(self, info: Info) -> Plan | None:
        if self.supersedes_id is None:
            return None
        row = await info.context.plans.plan.load(self.supersedes_id)
        return Plan.from_row(row) if row else None

    @strawberry.field(description="Plans directly implementing this one (inside your scope).")
    async def children(self, info: Info) -> list[Plan]:
        return [Plan.from_row(r) for r in await info.context.plans.children.load(self.pk)]

    @strawberry.field(description="Plans implementing this one at any depth down the hierarchy.")
    async def descendants(self, info: Info) -> list[Plan]:
        return [Plan.from_row(r) for r in await info.context.plans.descendants.load(self.pk)]

    @strawberry.field
    async def tasks(self, info: Info) -> list[PlanTask]:
        return [PlanTask.from_row(r) for r in await info.context.plans.tasks.load(self.pk)]

    @strawberry.field(description="Reports the plan requires, per addressed unit in your scope.")
    async def reporting_deadlines(self, info: Info) -> list[ReportingDeadline]:
        rows = await info.context.plans.deadlines.load(self.pk)
        return [ReportingDeadline.from_row(r) for r in rows]

    @strawberry.field(description="Targets the plan sets (inside your scope), status at `asOf`.")
    async def targets(
        self, info: Info, as_of: date | None = None, unit_code: OptionalUnitArg = None
    ) -> list[Target]:
        rows = await info.context.plans.targets.load(
            TargetsKey(self.pk, as_of or info.context.today)
        )
        items = [Target.from_row(r) for r in rows]
        if unit_code is None:
            return items
        units = await info.context.units.by_id.load_many(sorted({t.unit_id for t in items}))
        wanted = {u["id"] for u in units if u is not None and u["code"] == unit_code}
        return [t for t in items if t.unit_id in wanted]

    @strawberry.field(
        description="The cascade: every unit directly below the issuer (in your "
        "scope), whether it has issued a plan implementing this one, and whether "
        "it is past the deadline for doing so."
    )
    async def implementation(
        self, info: Info, as_of: date | None = None
    ) -> list[PlanImplementation]:
        from services import plans as plan_service

        ctx = info.context
        lines = await plan_service.cascade(
            ctx.db, ctx.authorizer, ctx.caller(), self.row, as_of or ctx.today
        )
        plan_rows = await ctx.plans.plan.load_many(
            sorted({pid for line in lines for pid in line.plan_ids})
        )
        by_id = {r["id"]: r for r in plan_rows if r is not None}
        day = as_of or ctx.today

        def status(line: Any) -> WorkStatusValue:
            issued = [by_id[p]["issued_on"] for p in line.plan_ids if p in by_id]
            if line.plan_ids:
                first = min((d for d in issued if d is not None), default=None)
                return work_status(line.due, first or line.due or day, day)
            return work_status(line.due, None, day)

        return [
            PlanImplementation(
                plans=[Plan.from_row(by_id[p]) for p in line.plan_ids if p in by_id],
                has_plan=bool(line.plan_ids),
                due_on=line.due,
                past_deadline=line.past_deadline,
                work_status=status(line),
                unit_id=line.unit_id,
            )
            for line in lines
        ]


@strawberry.type
class PlanConnection:
    edges: list[Edge[Plan]]
    page_info: PageInfo


# -- targets ----------------------------------------------------------------------------------


@strawberry.type(description="One named entry of a list target (a place, a model).")
class NamedItem:
    name: str
    count: int | None
    label: str


@strawberry.type(description="What a target asks for, typed. `raw` keeps the plan's wording.")
class TargetQuantity:
    kind: QuantityKind
    value: float | None
    comparator: str | None = strawberry.field(description="Comparator: eq, gte, gt, lte, lt.")
    unit: str | None
    qualifier: str | None
    condition: str | None
    items: list[NamedItem]
    raw: str
    data: JSON = strawberry.field(description="The full typed term (services.target_terms).")


@strawberry.type(
    description="When a target is due. `dueOn` is the last on-time day; `startsOn` "
    "opens a period or window. `data` keeps parts per unit kind / stage."
)
class TargetDeadline:
    kind: str
    due_on: date
    starts_on: date | None
    raw: str
    data: JSON


@strawberry.type(description="A progress report against a target.")
class ProgressReport:
    value: float
    note: str | None
    evidence: list[str]
    reported_by: str
    reported_on: date
    reported_at: datetime


@strawberry.type(description="A target (chỉ tiêu) of one unit for one year.")
class Target(Node):
    id: strawberry.ID
    year: int
    category: TargetCategory
    stt: str = strawberry.field(description="Row number in the plan's table.")
    text: str
    quantity: TargetQuantity
    deadline: TargetDeadline
    achieved: float | None = strawberry.field(description="Value of the latest progress report.")
    achieved_on: date | None
    version: int
    handed_over_on: date | None = strawberry.field(
        description=(
            "The day this target passed to the successors of its unit (the unit ended; see the "
            'README, "The present"); null while it is the unit\'s own.'
        )
    )
    carried_over: bool = strawberry.field(
        description=(
            "True when this target was taken over from a predecessor unit (a count apportioned "
            "over a split or added up over a merge)."
        )
    )
    measure: TargetMeasure | None = strawberry.field(
        description="What the platform measures the target by (its own assessments, campaigns "
        "and ratings); null: progress is reported by hand."
    )
    pk: strawberry.Private[int]
    unit_id: strawberry.Private[int]
    plan_id: strawberry.Private[int | None]
    stored_status: strawberry.Private[str]
    status_day: strawberry.Private[date | None]
    row: strawberry.Private[Any]

    @strawberry.field(
        description="Status on the query's `asOf`; for a measured target, from "
        "the platform's data (see `measured`), else from the latest progress."
    )
    async def status(self, info: Info) -> TargetStatus:
        if self.measure is None:
            return TargetStatusValue(self.stored_status)
        measured = await self._measured(info, self.status_day or info.context.today)
        return TargetStatusValue(measured.status)

    @strawberry.field(
        description="The value computed from the platform's data at `asOf` "
        '(default: the query\'s day), with the "none Yếu" condition and one '
        "status per unit-kind part of the deadline; null for manual targets."
    )
    async def measured(self, info: Info, as_of: date | None = None) -> MeasuredProgress | None:
        if self.measure is None:
            return None
        m = await self._measured(info, as_of or self.status_day or info.context.today)
        return MeasuredProgress(
            value=m.value,
            condition_met=m.condition_met,
            explanation=m.explanation,
            status=TargetStatusValue(m.status),
            as_of=m.as_of,
            parts=[
                MeasuredPart(
                    unit_kind=p.unit_kind,
                    due_on=p.due_on,
                    value=p.value,
                    status=TargetStatusValue(p.status),
                )
                for p in m.parts
            ],
        )

    async def _measured(self, info: Info, day: date) -> Any:
        """Through one request-wide loader: a page of targets is measured in a constant
        number of statements (services.measures.measure_targets)."""
        from strawberry.dataloader import DataLoader

        from services.measures import measure_targets

        ctx = info.context
        state = ctx.__dict__.setdefault("_measure_loader", {})
        if "loader" not in state:
            rows: dict[tuple[int, date], Any] = {}

            async def load(keys: list[tuple[int, date]]) -> list[Any]:
                by_day: dict[date, list[Any]] = {}
                for key in keys:
                    by_day.setdefault(key[1], []).append(rows[key])
                done: dict[tuple[int, date], Any] = {}
                for when, group in by_day.items():
                    for pk, measured in (await measure_targets(ctx.db, group, when)).items():
                        done[(pk, when)] = measured
                return [done[key] for key in keys]

            state["rows"], state["loader"] = rows, DataLoader(load_fn=load)
        state["rows"][(self.pk, day)] = self.row
        return await state["loader"].load((self.pk, day))

    @classmethod
    def from_row(cls, row: RowMapping) -> Target:
        q: dict[str, Any] = row["quantity"]
        d: dict[str, Any] = row["deadline"]
        quantity = TargetQuantity(
            kind=QuantityKindValue(row["quantity_kind"]),
            value=_num(row["target_value"]),
            comparator=row["comparator"],
            unit=q.get("unit"),
            qualifier=q.get("qualifier"),
            condition=q.get("condition"),
            items=[
                NamedItem(name=i["name"], count=i.get("count"), label=i.get("label") or "")
                for i in q.get("items") or []
            ],
            raw=q.get("raw") or "",
            data=q,
        )
        deadline = TargetDeadline(
            kind=row["deadline_kind"],
            due_on=row["due_on"],
            starts_on=row["starts_on"],
            raw=d.get("raw") or "",
            data=d,
        )
        return cls(
            id=strawberry.ID(to_global_id("Target", row["id"])),
            year=row["year"],
            category=TargetCategoryValue(row["category"]),
            stt=row["stt"],
            text=row["text"],
            quantity=quantity,
            deadline=deadline,
            achieved=_num(row["achieved"]),
            achieved_on=row["achieved_on"],
            version=row["version"],
            handed_over_on=row.get("handed_over_on"),
            carried_over=bool(row.get("carried_from")),
            measure=TargetMeasureValue(row["measure"]) if row.get("measure") else None,
            pk=row["id"],
            unit_id=row["unit_id"],
            plan_id=row["plan_id"],
            stored_status=row["status"],
            status_day=row.get("status_day"),
            row=row,
        )

    @strawberry.field
    async def unit(self, info: Info) -> AdminUnit | None:
        return await _unit(info, self.unit_id)

    @strawberry.field(description="The plan that set it (null if outside your scope).")
    async def plan(self, info: Info) -> Plan | None:
        if self.plan_id is None:
            return None
        row = await info.context.plans.plan.load(self.plan_id)
        return Plan.from_row(row) if row else None

    @strawberry.field(description="Progress reports, newest first.")
    async def progress(self, info: Info) -> list[ProgressReport]:
        rows = await info.context.plans.progress.load(self.pk)
        return [
            ProgressReport(
                value=float(r["value"]),
                note=r["note"],
                evidence=list(r["evidence"]),
                reported_by=r["reported_by"],
                reported_on=r["reported_on"],
                reported_at=r["reported_at"],
            )
            for r in rows
        ]


@strawberry.type(description="One unit-kind part of a measured target's deadline.")
class MeasuredPart:
    unit_kind: str = strawberry.field(
        description="Unit kind of this part: residential_area, commune, agency, …."
    )
    due_on: date
    value: float | None
    status: TargetStatus


@strawberry.type(description="A target's value computed from the platform's own data.")
class MeasuredProgress:
    value: float | None = strawberry.field(description="The count, or the share in percent.")
    condition_met: bool | None = strawberry.field(
        description='The target\'s extra condition ("không có mô hình xếp loại Yếu"); null '
        "when it has none. False makes the target not met whatever the share."
    )
    explanation: str
    status: TargetStatus
    as_of: date
    parts: list[MeasuredPart]


@strawberry.type
class TargetConnection:
    edges: list[Edge[Target]]
    page_info: PageInfo


@strawberry.type(description="Number of targets per status.")
class TargetStatusCounts:
    total: int
    met: int
    on_track: int
    due_soon: int
    overdue: int
    missed: int
    unit_id: strawberry.Private[int | None]

    @strawberry.field(description="The child unit (null on the total line).")
    async def unit(self, info: Info) -> AdminUnit | None:
        return await _unit(info, self.unit_id) if self.unit_id else None

    @classmethod
    def from_row(cls, row: RowMapping) -> TargetStatusCounts:
        return cls(
            total=row["total"],
            met=row["met"],
            on_track=row["on_track"],
            due_soon=row["due_soon"],
            overdue=row["overdue"],
            missed=row["missed"],
            unit_id=row["unit_id"],
        )


@strawberry.type(description="Targets of a year across a unit's subtree, by status.")
class TargetRollup:
    year: int
    as_of: date
    unit: AdminUnit
    total: TargetStatusCounts
    children: list[TargetStatusCounts]


# -- models -----------------------------------------------------------------------------------


@strawberry.type(description="A kind of model in the catalogue (Camera với ANTT, …).")
class ModelType:
    code: str
    name: str


@strawberry.type(description="A yearly rating of a model by a reviewer of the level above.")
class ModelRating:
    year: int
    rating: ModelRatingClass
    label: str
    reviewer: str
    note: str | None
    version: int


@strawberry.type(name="MovementModel", description="A model (mô hình) run by a unit.")
class MovementModel(Node):
    id: strawberry.ID
    name: str
    origin: ModelOrigin = strawberry.field(description="Newly built or maintained.")
    founded_on: date | None
    status: ModelStatus
    ended_on: date | None
    version: int
    pk: strawberry.Private[int]
    unit_id: strawberry.Private[int]
    type_id: strawberry.Private[int]

    @classmethod
    def from_row(cls, row: RowMapping) -> MovementModel:
        return cls(
            id=strawberry.ID(to_global_id("MovementModel", row["id"])),
            name=row["name"],
            origin=ModelOriginValue(row["origin"]),
            founded_on=row["founded_on"],
            status=ModelStatusValue(row["status"]),
            ended_on=row["ended_on"],
            version=row["version"],
            pk=row["id"],
            unit_id=row["unit_id"],
            type_id=row["model_type_id"],
        )

    @strawberry.field
    async def unit(self, info: Info) -> AdminUnit | None:
        return await _unit(info, self.unit_id)

    @strawberry.field
    async def type(self, info: Info) -> ModelType:
        row = await info.context.plans.model_type.load(self.type_id)
        assert row is not None  # a foreign key
        return ModelType(code=row["code"], name=row["name"])

    @strawberry.field(description="Ratings, newest year first.")
    async def ratings(self, info: Info) -> list[ModelRating]:
        return [rating_from_row(r) for r in await info.context.plans.ratings.load(self.pk)]


def rating_from_row(row: RowMapping) -> ModelRating:
    value = RatingValue(row["rating"])
    return ModelRating(
        year=row["year"],
        rating=value,
        label=label_of("ModelRatingClass", value.name),
        reviewer=row["reviewer"],
        note=row["note"],
        version=row["version"],
    )


@strawberry.type
class MovementModelConnection:
    edges: list[Edge[MovementModel]]
    page_info: PageInfo


@strawberry.type(
    description="Ratings of a year over a subtree; `meetsRule`: at least 80% Tốt "
    "or Khá among rated models and none Yếu."
)
class RatingCounts:
    models: int = strawberry.field(description="Models active in the year.")
    rated: int
    tot: int
    kha: int
    trung_binh: int
    yeu: int
    good_share: float | None = strawberry.field(description="% Tốt+Khá of rated (null: none).")
    meets_rule: bool
    unit_id: strawberry.Private[int | None]

    @strawberry.field(description="The child unit (null on the total line).")
    async def unit(self, info: Info) -> AdminUnit | None:
        return await _unit(info, self.unit_id) if self.unit_id else None

    @classmethod
    def from_row(cls, row: RowMapping) -> RatingCounts:
        return cls(
            models=row["models"],
            rated=row["rated"],
            tot=row["tot"],
            kha=row["kha"],
            trung_binh=row["trung_binh"],
            yeu=row["yeu"],
            good_share=_num(row["good_share"]),
            meets_rule=row["meets_rule"],
            unit_id=row["unit_id"],
        )


@strawberry.type
class ModelRollup:
    year: int
    unit: AdminUnit
    total: RatingCounts
    children: list[RatingCounts]


# -- calendar ---------------------------------------------------------------------------------


@strawberry.enum
class CalendarEntryKind(enum.Enum):
    TASK = "task"
    REPORT = "report"
    TARGET = "target"


@strawberry.type(description="One dated obligation: a plan task, a report due, or a target.")
class CalendarEntry:
    kind: CalendarEntryKind
    due_on: date
    title: str
    status: str | None = strawberry.field(description="Report kind, or a target's status.")
    overdue: bool
    work_status: WorkStatus = strawberry.field(
        description="DONE / DONE_LATE / OVERDUE / OPEN on the calendar's `today`; a target is "
        "DONE once MET (its achievement date against its due day)."
    )
    item_id: strawberry.ID | None = strawberry.field(
        description="Global ID of the task or reporting deadline (for markWorkDone)."
    )
    version: int = strawberry.field(description="The item's version (for markWorkDone).")
    unit_id: strawberry.Private[int]
    plan_id: strawberry.Private[int | None]
    target_id: strawberry.Private[int | None]

    @strawberry.field
    async def unit(self, info: Info) -> AdminUnit | None:
        return await _unit(info, self.unit_id)

    @strawberry.field(description="The plan that set it (null if outside your scope).")
    async def plan(self, info: Info) -> Plan | None:
        if self.plan_id is None:
            return None
        row = await info.context.plans.plan.load(self.plan_id)
        return Plan.from_row(row) if row else None


# -- mutation results -------------------------------------------------------------------------

PlanResult = Annotated[
    Plan | InvalidInput | NotAllowed | NotFoundError | VersionConflict,
    strawberry.union("PlanResult"),
]
TargetResult = Annotated[
    Target | InvalidInput | NotAllowed | NotFoundError | VersionConflict,
    strawberry.union("TargetResult"),
]
ModelResult = Annotated[
    MovementModel | InvalidInput | NotAllowed | NotFoundError | VersionConflict,
    strawberry.union("MovementModelResult"),
]
RatingResult = Annotated[
    ModelRating | InvalidInput | NotAllowed | NotFoundError | VersionConflict,
    strawberry.union("ModelRatingResult"),
]


# -- node(id) ---------------------------------------------------------------------------------


async def _fetch_plan(ctx: Context, pk: int) -> Plan | None:
    row = await ctx.plans.plan.load(pk)
    return Plan.from_row(row) if row else None


async def _fetch_target(ctx: Context, pk: int) -> Target | None:
    from db.queries import targets as tq

    rows = await tq.by_ids(ctx.db, [pk], ctx.plans.roots("target"), ctx.today)
    return Target.from_row(rows[0]) if rows else None


async def _fetch_model(ctx: Context, pk: int) -> MovementModel | None:
    row = await ctx.plans.model.load(pk)
    return MovementModel.from_row(row) if row else None


register_node("Plan", _fetch_plan)
register_node("Target", _fetch_target)
register_node("MovementModel", _fetch_model)
