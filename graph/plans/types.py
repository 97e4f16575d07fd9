"""Types of plans, targets and models. Leaf fields are plain attributes built from the services'
records;
relations go through the request's loaders (graph/loaders/plans.py)."""

from __future__ import annotations

import asyncio
import enum
import json
from collections.abc import Awaitable, Callable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TypeAlias, TypeVar

import strawberry
from strawberry.scalars import JSON

from core.config import Settings
from core.domain import ModelOrigin as ModelOriginValue
from core.domain import ModelStatus as ModelStatusValue
from core.domain import PlanKind as PlanKindValue
from core.domain import PlanStatus as PlanStatusValue
from core.domain import Rating as RatingValue
from core.domain import ReportKind as ReportKindValue
from core.domain import TargetStatus as TargetStatusValue
from core.errors import BadInput
from core.i18n import msg
from core.ids import decode_cursor, encode_cursor, to_global_id
from core.targets import Comparator as ComparatorValue
from core.targets import DeadlineKind as DeadlineKindValue
from core.targets import QuantityKind as QuantityKindValue
from graph.arguments import OptionalUnitArg
from graph.context import Context, Info
from graph.labels.catalog import label_of
from graph.nodes.types import NODE_FETCHERS, Node, register_node
from graph.pagination import LTREE, Edge, PageInfo, build_edges, page_size
from graph.plans.loaders import ChildPageKey, DescendantPageKey, TargetPageKey, TargetsKey
from graph.units.types import AdminUnit
from services import movement_models as model_service
from services import plans as plan_service
from services import targets as target_service
from services.measures import TargetMeasure as TargetMeasureValue
from services.target_terms import TargetCategory as TargetCategoryValue
from services.work import WorkStatus as WorkStatusValue
from services.work import work_status

strawberry.enum(PlanKindValue, name="PlanKind")  # registers the GraphQL enum on the class itself
PlanKind: TypeAlias = PlanKindValue
strawberry.enum(
    PlanStatusValue, name="PlanStatus", description="Draft, issued, or superseded by a later plan."
)  # registers the GraphQL enum on the class itself
PlanStatus: TypeAlias = PlanStatusValue
strawberry.enum(
    ReportKindValue, name="ReportKind"
)  # registers the GraphQL enum on the class itself
ReportKind: TypeAlias = ReportKindValue
strawberry.enum(
    TargetStatusValue,
    name="TargetStatus",
    description="MET: the latest progress satisfies the quantity. Not met: OVERDUE when the due "
    "day has passed within the target's year, MISSED once the year is over, DUE_SOON within 14 "
    "days of the due day, else ON_TRACK. Evaluated at the query's `asOf` (default today).",
)  # registers the GraphQL enum on the class itself
TargetStatus: TypeAlias = TargetStatusValue
strawberry.enum(
    TargetCategoryValue, name="TargetCategory"
)  # registers the GraphQL enum on the class itself
TargetCategory: TypeAlias = TargetCategoryValue
strawberry.enum(
    TargetMeasureValue,
    name="TargetMeasure",
    description="The platform figure a target is measured by: typical units registered / "
    "recognised, the Circular 124 registered / achieved rates, the Decision 510 Xuất sắc + Khá "
    "rate, the share of models rated Tốt or Khá.",
)  # registers the GraphQL enum on the class itself
TargetMeasure: TypeAlias = TargetMeasureValue
strawberry.enum(
    QuantityKindValue, name="QuantityKind"
)  # registers the GraphQL enum on the class itself
QuantityKind: TypeAlias = QuantityKindValue
strawberry.enum(
    ComparatorValue,
    name="Comparator",
    description="How the achieved value is compared with the target value (=, ≥, >, ≤, <).",
)  # registers the GraphQL enum on the class itself
Comparator: TypeAlias = ComparatorValue
strawberry.enum(
    DeadlineKindValue,
    name="DeadlineKind",
    description="How a target's deadline is worded: a DATE, a MONTH or QUARTER, BEFORE a day "
    "(the day itself is late), a WINDOW, the YEAR, PER_UNIT_KIND days, or STAGED phases.",
)  # registers the GraphQL enum on the class itself
DeadlineKind: TypeAlias = DeadlineKindValue


@strawberry.enum(
    name="CalendarStatus",
    description="A calendar entry's status: a reporting deadline's kind, or a target's status.",
)
class CalendarStatus(enum.Enum):
    IMPLEMENTATION = "implementation"
    SIX_MONTH = "six_month"
    ANNUAL = "annual"
    AD_HOC = "ad_hoc"
    RECOGNITION = "recognition"
    MET = "met"
    ON_TRACK = "on_track"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    MISSED = "missed"


assert {s.value for s in CalendarStatus} == {k.value for k in ReportKindValue} | {
    s.value for s in TargetStatusValue
}
strawberry.enum(
    ModelStatusValue, name="ModelStatus"
)  # registers the GraphQL enum on the class itself
ModelStatus: TypeAlias = ModelStatusValue
strawberry.enum(
    ModelOriginValue, name="ModelOrigin"
)  # registers the GraphQL enum on the class itself
ModelOrigin: TypeAlias = ModelOriginValue
strawberry.enum(
    RatingValue, name="ModelRatingClass", description="Tốt, Khá, Trung bình, Yếu (Guidance 22)."
)  # registers the GraphQL enum on the class itself
ModelRatingClass: TypeAlias = RatingValue


def _num(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


Key = tuple[Any, ...]
N = TypeVar("N")


def keyset_page(
    items: Sequence[N],
    key: Callable[[N], Key],
    *,
    kind: str,
    first: int | None,
    after: str | None,
    settings: Settings,
) -> tuple[list[Edge[N]], PageInfo]:
    """One page of an in-order list read whole (left only for `Plan.targets(unitCode:)`, whose
    filter is the unit as `node(id:)` reads it; every other nested list pages in SQL): the
    cursor holds the last item's sort key (not an offset), so a page stays right when items are
    added or withdrawn before it; `first` follows the same rules as every connection."""
    limit = page_size(first, settings.default_page_size, settings.max_page_size)
    rest = list(items)
    if after is not None:
        last = _decode_key(after, kind)
        rest = [i for i in rest if _comparable(key(i)) > _comparable(last)]
    return build_edges(rest[: limit + 1], limit, lambda i: _key_cursor(kind, key(i)), after)


def _decode_key(after: str, kind: str) -> Key:
    """The sort key a keyset cursor holds, or a BAD_USER_INPUT error."""
    try:
        return tuple(json.loads(decode_cursor(after, kind)))
    except (ValueError, TypeError):
        raise _malformed(after) from None


def _malformed(after: str) -> BadInput:
    return BadInput(
        msg("Malformed cursor {after!r}: pass a cursor returned by this connection.", after=after),
        argument="after",
    )


def _key_cursor(kind: str, key: Key) -> str:
    return encode_cursor(kind, json.dumps(list(key)))


def _decode_id_key(after: str | None, kind: str) -> int:
    """The last id of a cursor whose key is `(id,)`; 0 (before every row) without a cursor."""
    if after is None:
        return 0
    last = _decode_key(after, kind)
    if len(last) != 1 or type(last[0]) is not int:
        raise _malformed(after)
    return last[0]


def _comparable(key: Key) -> Key:
    """A key as JSON gives it back (tuples as lists), so both sides compare alike."""
    return tuple(tuple(k) if isinstance(k, list) else k for k in key)


async def _now(value: int) -> int:
    return value


def _decode_path_key(after: str | None, kind: str) -> tuple[str | None, int]:
    """The (unit path, id) of a cursor whose key is `(path labels, id)`; (None, 0) without one."""
    if after is None:
        return None, 0
    return _path_and_id(_decode_key(after, kind), after)


def _path_and_id(key: Key, after: str) -> tuple[str, int]:
    if (
        len(key) != 2
        or not isinstance(key[0], list | tuple)
        or not all(isinstance(label, str) for label in key[0])
        or type(key[1]) is not int
        or not LTREE.match(".".join(key[0]))
    ):
        raise _malformed(after)
    return ".".join(key[0]), key[1]


def _decode_depth_path_key(after: str | None, kind: str) -> tuple[int, str | None, int]:
    """The (depth, unit path, id) of a cursor whose key is `(depth, path labels, id)`;
    (0, None, 0) without one."""
    if after is None:
        return 0, None, 0
    last = _decode_key(after, kind)
    if len(last) != 3 or type(last[0]) is not int:
        raise _malformed(after)
    path, pk = _path_and_id(last[1:], after)
    return last[0], path, pk


def _path_key(path: str) -> list[str]:
    """An ltree as PostgreSQL orders it: label by label."""
    return path.split(".")


async def _unit(info: Info, unit_id: int) -> AdminUnit | None:
    """The unit of a plan object, as the units domain reads it for `node(id:)`."""
    unit: AdminUnit | None = await NODE_FETCHERS["AdminUnit"](info.context, unit_id)
    return unit


# -- plans ------------------------------------------------------------------------------------

strawberry.enum(
    WorkStatusValue,
    name="WorkStatus",
    description="Whether a dated obligation was fulfilled: DONE (on or before its last on-time "
    "day), DONE_LATE (after it; visible to the level above), OVERDUE (open and past it), OPEN "
    "(hoàn thành / hoàn thành muộn / quá hạn / chưa đến hạn).",
)  # registers the GraphQL enum on the class itself
WorkStatus: TypeAlias = WorkStatusValue


@strawberry.type(description="A task a plan assigns to a department or a unit below.")
class PlanTask(Node):
    id: strawberry.ID = strawberry.field(
        description="Global ID (Relay), for `node(id:)` and markWorkDone."
    )
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
    def from_result(cls, task: plan_service.Task) -> PlanTask:
        return cls(
            id=strawberry.ID(to_global_id("PlanTask", task.id)),
            assignee=task.assignee,
            description=task.description,
            due_on=task.due_on,
            completed_on=task.completed_on,
            handed_over_on=task.handed_over_on,
            carried_over=bool(task.carried_from),
            completed_by=task.completed_by,
            completion_note=task.completion_note,
            completion_link=task.completion_link,
            version=task.version,
            unit_id=task.unit_id,
        )


@strawberry.type(description="A report a plan requires from one addressed unit.")
class ReportingDeadline(Node):
    id: strawberry.ID = strawberry.field(
        description="Global ID (Relay), for `node(id:)` and markWorkDone."
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
    def from_result(cls, deadline: plan_service.ReportDeadline) -> ReportingDeadline:
        assert deadline.due_on is not None  # a reporting deadline always has its day
        return cls(
            id=strawberry.ID(to_global_id("ReportingDeadline", deadline.id)),
            kind=ReportKindValue(deadline.kind),
            due_on=deadline.due_on,
            note=deadline.note,
            completed_on=deadline.completed_on,
            handed_over_on=deadline.handed_over_on,
            carried_over=bool(deadline.carried_from),
            completed_by=deadline.completed_by,
            completion_note=deadline.completion_note,
            completion_link=deadline.completion_link,
            version=deadline.version,
            unit_id=deadline.unit_id,
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
    result: strawberry.Private[plan_service.Plan]

    @classmethod
    def from_result(cls, plan: plan_service.Plan) -> Plan:
        return cls(
            id=strawberry.ID(to_global_id("Plan", plan.id)),
            number=plan.number,
            kind=PlanKindValue(plan.kind),
            title=plan.title,
            issuing_body=plan.issuing_body,
            issued_on=plan.issued_on,
            year=plan.year,
            status=PlanStatusValue(plan.status),
            objectives=plan.objectives,
            cited_documents=list(plan.cited_documents or []),
            subordinate_plans_due=plan.subordinate_plans_due,
            version=plan.version,
            pk=plan.id,
            unit_id=plan.unit_id,
            parent_id=plan.parent_id,
            supersedes_id=plan.supersedes_id,
            result=plan,
        )

    @strawberry.field(description="The issuing unit.")
    async def unit(self, info: Info) -> AdminUnit | None:
        return await _unit(info, self.unit_id)

    @strawberry.field(description="The plan this one implements (null if outside your scope).")
    async def parent(self, info: Info) -> Plan | None:
        if self.parent_id is None:
            return None
        found = await info.context.plans.plan.load(self.parent_id)
        return Plan.from_result(found) if found else None

    @strawberry.field(description="The earlier plan this one replaces.")
    async def supersedes(self, info: Info) -> Plan | None:
        if self.supersedes_id is None:
            return None
        found = await info.context.plans.plan.load(self.supersedes_id)
        return Plan.from_result(found) if found else None

    @strawberry.field(
        description="Plans directly implementing this one (inside your scope), by issuing unit."
    )
    async def children(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> PlanListConnection:
        ctx = info.context
        limit = page_size(first, ctx.settings.default_page_size, ctx.settings.max_page_size)
        after_path, after_id = _decode_path_key(after, "pchild")
        key = ChildPageKey(self.pk, after_path, after_id, limit + 1)
        page = [Plan.from_result(p) for p in await ctx.plans.child_page.load(key)]
        edges, page_info = build_edges(
            page,
            limit,
            lambda p: _key_cursor("pchild", (_path_key(p.result.unit_path), p.pk)),
            after,
        )
        pk = self.pk
        return PlanListConnection(
            edges=edges, page_info=page_info, count=lambda: ctx.plans.child_count.load(pk)
        )

    @strawberry.field(
        description="Plans implementing this one at any depth down the hierarchy (inside your "
        "scope), nearest first."
    )
    async def descendants(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> PlanListConnection:
        ctx = info.context
        limit = page_size(first, ctx.settings.default_page_size, ctx.settings.max_page_size)
        after_depth, after_path, after_id = _decode_depth_path_key(after, "pdesc")
        key = DescendantPageKey(self.pk, after_depth, after_path, after_id, limit + 1)
        found = await ctx.plans.descendant_page.load(key)
        depth = {p.id: d for d, p in found}
        plans = [Plan.from_result(p) for _d, p in found]
        edges, page_info = build_edges(
            plans,
            limit,
            lambda p: _key_cursor("pdesc", (depth[p.pk], _path_key(p.result.unit_path), p.pk)),
            after,
        )
        pk = self.pk
        return PlanListConnection(
            edges=edges, page_info=page_info, count=lambda: ctx.plans.descendant_count.load(pk)
        )

    @strawberry.field
    async def tasks(self, info: Info) -> list[PlanTask]:
        return [PlanTask.from_result(t) for t in await info.context.plans.tasks.load(self.pk)]

    @strawberry.field(description="Reports the plan requires, per addressed unit in your scope.")
    async def reporting_deadlines(self, info: Info) -> list[ReportingDeadline]:
        found = await info.context.plans.deadlines.load(self.pk)
        return [ReportingDeadline.from_result(d) for d in found]

    @strawberry.field(description="Targets the plan sets (inside your scope), status at `asOf`.")
    async def targets(
        self,
        info: Info,
        as_of: date | None = None,
        unit_code: OptionalUnitArg = None,
        first: int | None = None,
        after: str | None = None,
    ) -> PlanTargetConnection:
        ctx = info.context
        day = as_of or ctx.today
        if unit_code is None:
            # Paged in SQL: `first + 1` rows after the cursor's id, one statement for every
            # plan of the response; the count is its own statement, made only when selected.
            limit = page_size(first, ctx.settings.default_page_size, ctx.settings.max_page_size)
            key = TargetPageKey(self.pk, day, _decode_id_key(after, "ptarget"), limit + 1)
            page = [Target.from_result(t) for t in await ctx.plans.target_page.load(key)]
            edges, page_info = build_edges(
                page, limit, lambda t: _key_cursor("ptarget", (t.pk,)), after
            )
            pk = self.pk
            return PlanTargetConnection(
                edges=edges, page_info=page_info, count=lambda: ctx.plans.target_count.load(pk)
            )
        # Filtered by the unit as `node(id:)` reads it: read whole and paged here.
        found = await ctx.plans.targets.load(TargetsKey(self.pk, day))
        items = [Target.from_result(t) for t in found]
        ids = sorted({t.unit_id for t in items})
        units = await asyncio.gather(*(_unit(info, pk) for pk in ids))
        wanted = {pk for pk, u in zip(ids, units, strict=True) if u and u.code == unit_code}
        items = [t for t in items if t.unit_id in wanted]
        edges, page_info = keyset_page(
            items,
            lambda t: (t.pk,),
            kind="ptarget",
            first=first,
            after=after,
            settings=info.context.settings,
        )
        total = len(items)
        return PlanTargetConnection(edges=edges, page_info=page_info, count=lambda: _now(total))

    @strawberry.field(
        description="The cascade: every unit directly below the issuer (in your "
        "scope), whether it has issued a plan implementing this one, and whether "
        "it is past the deadline for doing so."
    )
    async def implementation(
        self, info: Info, as_of: date | None = None
    ) -> list[PlanImplementation]:
        ctx = info.context
        lines = await plan_service.cascade(
            ctx.db, ctx.authorizer, ctx.caller(), self.result, as_of or ctx.today
        )
        plans = await ctx.plans.plan.load_many(
            sorted({pid for line in lines for pid in line.plan_ids})
        )
        by_id = {p.id: p for p in plans if p is not None}
        day = as_of or ctx.today

        def status(line: Any) -> WorkStatusValue:
            issued = [by_id[p].issued_on for p in line.plan_ids if p in by_id]
            if line.plan_ids:
                first = min((d for d in issued if d is not None), default=None)
                return work_status(line.due, first or line.due or day, day)
            return work_status(line.due, None, day)

        return [
            PlanImplementation(
                plans=[Plan.from_result(by_id[p]) for p in line.plan_ids if p in by_id],
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
    count: strawberry.Private[Callable[[], Awaitable[int]]]

    @strawberry.field(
        description="How many there are over all pages (one extra statement, only when asked)."
    )
    async def total_count(self) -> int:
        return await self.count()


@strawberry.type(description="Plans related to one plan (its children or descendants).")
class PlanListConnection:
    edges: list[Edge[Plan]]
    page_info: PageInfo
    count: strawberry.Private[Callable[[], Awaitable[int]]]

    @strawberry.field(description="How many there are over all pages.")
    async def total_count(self) -> int:
        return await self.count()


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
    comparator: Comparator | None
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
    kind: DeadlineKind
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
    result: strawberry.Private[target_service.Target]

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
        """Through the request's loader: a page of targets is measured together."""
        return await info.context.plans.measured(self.result, day)

    @classmethod
    def from_result(cls, target: target_service.Target) -> Target:
        q: dict[str, Any] = target.quantity
        d: dict[str, Any] = target.deadline
        quantity = TargetQuantity(
            kind=QuantityKindValue(target.quantity_kind),
            value=_num(target.target_value),
            comparator=ComparatorValue(target.comparator) if target.comparator else None,
            unit=q.get("unit"),
            qualifier=q.get("qualifier"),
            condition=q.get("condition"),
            items=[
                NamedItem(name=i["name"], count=i.get("count"), label=i.get("label") or "")
                for i in q.get("items") or []
            ],
            raw=q.get("raw") or "",
            data=JSON(q),
        )
        deadline = TargetDeadline(
            kind=DeadlineKindValue(target.deadline_kind),
            due_on=target.due_on,
            starts_on=target.starts_on,
            raw=d.get("raw") or "",
            data=JSON(d),
        )
        return cls(
            id=strawberry.ID(to_global_id("Target", target.id)),
            year=target.year,
            category=TargetCategoryValue(target.category),
            stt=target.stt,
            text=target.text,
            quantity=quantity,
            deadline=deadline,
            achieved=_num(target.achieved),
            achieved_on=target.achieved_on,
            version=target.version,
            handed_over_on=target.handed_over_on,
            carried_over=bool(target.carried_from),
            measure=TargetMeasureValue(target.measure) if target.measure else None,
            pk=target.id,
            unit_id=target.unit_id,
            plan_id=target.plan_id,
            stored_status=target.status,
            status_day=target.status_day,
            result=target,
        )

    @strawberry.field
    async def unit(self, info: Info) -> AdminUnit | None:
        return await _unit(info, self.unit_id)

    @strawberry.field(description="The plan that set it (null if outside your scope).")
    async def plan(self, info: Info) -> Plan | None:
        if self.plan_id is None:
            return None
        found = await info.context.plans.plan.load(self.plan_id)
        return Plan.from_result(found) if found else None

    @strawberry.field(description="Progress reports, newest first.")
    async def progress(self, info: Info) -> list[ProgressReport]:
        return [
            ProgressReport(
                value=float(p.value),
                note=p.note,
                evidence=list(p.evidence),
                reported_by=p.reported_by,
                reported_on=p.reported_on,
                reported_at=p.reported_at,
            )
            for p in await info.context.plans.progress.load(self.pk)
        ]


@strawberry.type(description="The targets one plan sets.")
class PlanTargetConnection:
    edges: list[Edge[Target]]
    page_info: PageInfo
    count: strawberry.Private[Callable[[], Awaitable[int]]]

    @strawberry.field(description="How many there are over all pages.")
    async def total_count(self) -> int:
        return await self.count()


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
    count: strawberry.Private[Callable[[], Awaitable[int]]]

    @strawberry.field(
        description="How many there are over all pages (one extra statement, only when asked)."
    )
    async def total_count(self) -> int:
        return await self.count()


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
    def from_result(cls, counts: target_service.StatusCounts) -> TargetStatusCounts:
        return cls(
            total=counts.total,
            met=counts.met,
            on_track=counts.on_track,
            due_soon=counts.due_soon,
            overdue=counts.overdue,
            missed=counts.missed,
            unit_id=counts.unit_id,
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

    @classmethod
    def from_result(cls, rating: model_service.ModelRating) -> ModelRating:
        value = RatingValue(rating.rating)
        return cls(
            year=rating.year,
            rating=value,
            label=label_of("ModelRatingClass", value.name),
            reviewer=rating.reviewer,
            note=rating.note,
            version=rating.version,
        )


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
    def from_result(cls, model: model_service.Model) -> MovementModel:
        return cls(
            id=strawberry.ID(to_global_id("MovementModel", model.id)),
            name=model.name,
            origin=ModelOriginValue(model.origin),
            founded_on=model.founded_on,
            status=ModelStatusValue(model.status),
            ended_on=model.ended_on,
            version=model.version,
            pk=model.id,
            unit_id=model.unit_id,
            type_id=model.model_type_id,
        )

    @strawberry.field
    async def unit(self, info: Info) -> AdminUnit | None:
        return await _unit(info, self.unit_id)

    @strawberry.field
    async def type(self, info: Info) -> ModelType:
        found = await info.context.plans.model_type.load(self.type_id)
        assert found is not None  # a foreign key
        return ModelType(code=found.code, name=found.name)

    @strawberry.field(description="Ratings, newest year first.")
    async def ratings(self, info: Info) -> list[ModelRating]:
        return [ModelRating.from_result(r) for r in await info.context.plans.ratings.load(self.pk)]


@strawberry.type
class MovementModelConnection:
    edges: list[Edge[MovementModel]]
    page_info: PageInfo
    count: strawberry.Private[Callable[[], Awaitable[int]]]

    @strawberry.field(
        description="How many there are over all pages (one extra statement, only when asked)."
    )
    async def total_count(self) -> int:
        return await self.count()


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
    def from_result(cls, counts: model_service.RatingCounts) -> RatingCounts:
        return cls(
            models=counts.models,
            rated=counts.rated,
            tot=counts.tot,
            kha=counts.kha,
            trung_binh=counts.trung_binh,
            yeu=counts.yeu,
            good_share=_num(counts.good_share),
            meets_rule=counts.meets_rule,
            unit_id=counts.unit_id,
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
    status: CalendarStatus | None = strawberry.field(
        description="A reporting deadline's kind, or a target's status; null for a task."
    )
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
    item_pk: strawberry.Private[int]

    @strawberry.field
    async def unit(self, info: Info) -> AdminUnit | None:
        return await _unit(info, self.unit_id)

    @strawberry.field(description="The plan that set it (null if outside your scope).")
    async def plan(self, info: Info) -> Plan | None:
        if self.plan_id is None:
            return None
        found = await info.context.plans.plan.load(self.plan_id)
        return Plan.from_result(found) if found else None


@strawberry.type(description="A unit's dated obligations between two days, oldest first.")
class CalendarConnection:
    edges: list[Edge[CalendarEntry]]
    page_info: PageInfo
    count: strawberry.Private[Callable[[], Awaitable[int]]]

    @strawberry.field(description="How many there are over all pages.")
    async def total_count(self) -> int:
        return await self.count()


# -- node(id) ---------------------------------------------------------------------------------


async def _fetch_plan(ctx: Context, pk: int) -> Plan | None:
    found = await ctx.plans.plan.load(pk)
    return Plan.from_result(found) if found else None


async def _fetch_target(ctx: Context, pk: int) -> Target | None:
    found = await target_service.targets_by_ids(
        ctx.db, ctx.authorizer, ctx.principal, [pk], ctx.today
    )
    return Target.from_result(found[0]) if found else None


async def _fetch_model(ctx: Context, pk: int) -> MovementModel | None:
    found = await ctx.plans.model.load(pk)
    return MovementModel.from_result(found) if found else None


async def _fetch_task(ctx: Context, pk: int) -> PlanTask | None:
    ctx.caller()
    found = await ctx.plans.task.load(pk)
    return PlanTask.from_result(found) if found else None


async def _fetch_deadline(ctx: Context, pk: int) -> ReportingDeadline | None:
    ctx.caller()
    found = await ctx.plans.deadline.load(pk)
    return ReportingDeadline.from_result(found) if found else None


register_node("Plan", _fetch_plan)
register_node("PlanTask", _fetch_task)
register_node("ReportingDeadline", _fetch_deadline)
register_node("Target", _fetch_target)
register_node("MovementModel", _fetch_model)
