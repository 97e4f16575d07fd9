"""`AdminUnit`: one incarnation of an administrative unit, and its relations."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from core.domain import UnitKind as UnitKindValue
from core.ids import to_global_id
from graph.context import Context, Info
from graph.nodes.types import Node, register_node
from graph.pagination import Edge, PageInfo, build_edges, decode_path_cursor, page_size, path_cursor
from graph.units.loaders import ChildrenKey
from services import units as unit_service
from services.units import Unit, reading_date

if TYPE_CHECKING:
    from graph.types.evaluation import Assessment

strawberry.enum(
    UnitKindValue, name="UnitKind", description="Level or kind of an administrative unit."
)
UnitKind = UnitKindValue  # the class itself, now a GraphQL enum: usable as a type annotation


@strawberry.type(description="How one unit took over from another (merge, split, transfer).")
class UnitLink:
    unit: AdminUnit
    effective_on: date
    reason: str


@strawberry.type(name="AdminUnitConnection")
class AdminUnitConnection:
    edges: list[Edge[AdminUnit]]
    page_info: PageInfo
    count: strawberry.Private[Callable[[], Awaitable[int]]]

    @strawberry.field(
        description="Number of units matching, over all pages (one extra query, only when asked)."
    )
    async def total_count(self) -> int:
        return await self.count()


@strawberry.type(
    name="AdminUnit",
    description="One incarnation of an administrative unit (a unit that moved or merged has one "
    "per period). Relations are read as of `asOf`: the date it was asked for, else today, else "
    "its last day if it no longer exists.",
)
class AdminUnit(Node):
    code: str = strawberry.field(description="Official code (GSO) or a local code for agencies.")
    kind: UnitKind
    sub_kind: str | None = strawberry.field(description="Xã, Phường, Thị trấn, Huyện, Tỉnh, …")
    name: str
    short_name: str
    path: str = strawberry.field(description="Path (ltree) of official codes, root first.")
    valid_from: date | None
    valid_to: date | None = strawberry.field(description="Last day it existed; null if it does.")
    as_of: date
    pk: strawberry.Private[int]
    parent_id: strawberry.Private[int | None]
    # Filled by the connection that produced this unit when `latestAssessment` is selected, so
    # a page of 500 units costs one batched statement and no per-unit async resolution.
    prefetched: strawberry.Private[dict[str, Any] | None] = None
    # The page this unit was listed on (shared by its siblings): `children` is then loaded for
    # the whole page by the first sibling that asks, and the others take their part.
    page: strawberry.Private[UnitPage | None] = None

    # Node's `id` as a resolver, computed only when selected (a page of 500 units that lists codes
    # does not pay for it); Strawberry allows it, mypy's dataclass model does not.
    @strawberry.field(description="Global ID (Relay), for `node(id:)`.")  # type: ignore[misc]
    def id(self) -> strawberry.ID:
        return strawberry.ID(to_global_id("AdminUnit", self.pk))

    @classmethod
    def from_result(cls, unit: Unit, as_of: date) -> AdminUnit:
        return cls(  # type: ignore[call-arg]  # `id` is the resolver above, not an argument
            code=unit.code,
            kind=unit.kind,
            sub_kind=unit.sub_kind,
            name=unit.name,
            short_name=unit.short_name,
            path=unit.path,
            valid_from=unit.valid_from,
            valid_to=unit.valid_to,
            as_of=as_of,
            pk=unit.id,
            parent_id=unit.parent_id,
        )

    @classmethod
    def from_row(cls, row: Any, as_of: date) -> AdminUnit:
        """For services that still hand rows of units (plans, evaluations)."""
        return cls.from_result(row if isinstance(row, Unit) else Unit.from_row(row), as_of)

    @classmethod
    def read(cls, unit: Any, requested: date | None, ctx: Context) -> AdminUnit:
        """The unit read as of `requested`, else its reading date (services.units)."""
        result = unit if isinstance(unit, Unit) else Unit.from_row(unit)
        return cls.from_result(result, reading_date(result, requested, ctx.today))

    @strawberry.field(description="The parent unit, if it is inside your scope.")
    async def parent(self, info: Info) -> AdminUnit | None:
        if self.parent_id is None:
            return None
        unit = await info.context.units.by_id.load(self.parent_id)
        return AdminUnit.from_result(unit, self.as_of) if unit else None

    @strawberry.field(description="Ancestors inside your scope, the root first.")
    async def ancestors(self, info: Info) -> list[AdminUnit]:
        units = await info.context.units.ancestors.load(self.path)
        return [AdminUnit.from_result(u, self.as_of) for u in units]

    @strawberry.field(description="Units directly below, as of `asOf` (default: this unit's).")
    async def children(
        self,
        info: Info,
        kind: UnitKind | None = None,
        as_of: date | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> AdminUnitConnection:
        settings = info.context.settings
        limit = page_size(first, settings.default_page_size, settings.max_page_size)
        after_path = decode_path_cursor(after)
        day = as_of or self.as_of
        key = ChildrenKey(self.pk, day, kind, after_path, limit + 1)
        page = self.page or UnitPage([self])
        share = page.children(key, after, info.path.key)
        if share.done is None:
            share.done = asyncio.ensure_future(share.load(info, page.units, key, limit, after))
        await share.done
        return share.connections[self.pk]

    @strawberry.field(description="The unit's most recent yearly assessment in your scope.")
    def latest_assessment(
        self,
        info: Info,
    ) -> Annotated[Assessment, strawberry.lazy("graph.types.evaluation")] | None:
        if self.prefetched is not None and "latest_assessment" in self.prefetched:
            return self.prefetched["latest_assessment"]
        # An awaitable, which graphql-core awaits: the prefetched path above stays synchronous.
        return _load_latest_assessment(info, self.pk)  # type: ignore[return-value]

    @strawberry.field(description="Units that took over from this one.")
    async def successors(self, info: Info) -> list[UnitLink]:
        return _links(await info.context.units.successors.load(self.pk), info.context)

    @strawberry.field(description="Units this one took over from.")
    async def predecessors(self, info: Info) -> list[UnitLink]:
        return _links(await info.context.units.predecessors.load(self.pk), info.context)


class UnitPage:
    """The units of one page, and what their fields loaded for all of them at once."""

    def __init__(self, units: list[AdminUnit]) -> None:
        self.units = units
        self._children: dict[tuple[Any, ...], ChildrenShare] = {}
        for unit in units:
            unit.page = self

    def children(
        self, key: ChildrenKey, after: str | None, response_key: str | int
    ) -> ChildrenShare:
        """The shared `children` load of this page for these arguments and this response key
        (two aliases may select different fields of the children)."""
        args = (key.as_of, key.kind, key.after_path, key.limit, after, response_key)
        if args not in self._children:
            self._children[args] = ChildrenShare()
        return self._children[args]


class ChildrenShare:
    """One `children(...)` selection resolved for every unit of a page: one statement for the
    children, one for what their nodes select (latest assessments), one selection walk."""

    def __init__(self) -> None:
        self.done: asyncio.Future[None] | None = None
        self.connections: dict[int, AdminUnitConnection] = {}

    async def load(
        self, info: Info, parents: list[AdminUnit], key: ChildrenKey, limit: int, after: str | None
    ) -> None:
        keys = [ChildrenKey(p.pk, key.as_of, key.kind, key.after_path, key.limit) for p in parents]
        pages = await info.context.units.children.load_many(keys)
        shown: list[AdminUnit] = []
        built: list[tuple[int, list[AdminUnit]]] = []
        for parent, units in zip(parents, pages, strict=True):
            items = [AdminUnit.from_result(u, key.as_of) for u in units]
            shown.extend(items[:limit])
            built.append((parent.pk, items))
        await prefetch_for_nodes(info, shown)  # all the children of the page: one page
        for pk, items in built:
            edges, page_info = build_edges(items, limit, lambda u: path_cursor(u.path), after)
            self.connections[pk] = AdminUnitConnection(
                edges=edges,
                page_info=page_info,
                count=_children_count(info, pk, key.as_of, key.kind),
            )


def _children_count(
    info: Info, pk: int, day: date, kind: UnitKindValue | None
) -> Callable[[], Awaitable[int]]:
    """`totalCount` of one unit's children: one extra query, only when it is selected."""
    ctx = info.context
    return lambda: unit_service.count_children(
        ctx.db, ctx.authorizer, ctx.principal, pk, as_of=day, kind=kind
    )


@dataclass
class Related:
    """How to build types of domains that depend on this one (a unit's assessment), set by
    graph/schema.py, which imports every domain: this module then imports none of them, and no
    import cycle is dodged inside a function."""

    assessment_of: Callable[[Any], Any] = lambda _row: None


RELATED = Related()


async def _load_latest_assessment(info: Info, pk: int) -> Any:
    row = await info.context.evaluations.latest_assessment.load(pk)
    return RELATED.assessment_of(row) if row else None


def _node_selections(info: Info) -> set[str]:
    """Field names selected on `edges.node` of the connection being resolved."""
    names: set[str] = set()
    for field in info.selected_fields:
        for edges in _fields(field.selections):
            if edges.name == "edges":
                for node in _fields(edges.selections):
                    if node.name == "node":
                        names.update(f.name for f in _fields(node.selections))
    return names


def _fields(selections: list[Any]) -> list[Any]:
    found = []
    for selection in selections:
        if hasattr(selection, "name"):  # a field
            found.append(selection)
        else:  # a fragment spread or inline fragment
            found.extend(_fields(selection.selections))
    return found


async def prefetch_for_nodes(info: Info, items: list[AdminUnit]) -> None:
    """Batch what the page's nodes select that would otherwise resolve once per node."""
    if not items:
        return
    UnitPage(items)
    if "latestAssessment" not in _node_selections(info):
        return
    rows = await info.context.evaluations.latest_assessments.load(tuple(u.pk for u in items))
    for unit, row in zip(items, rows, strict=True):
        unit.prefetched = {"latest_assessment": RELATED.assessment_of(row) if row else None}


def _links(links: list[unit_service.UnitLink], ctx: Context) -> list[UnitLink]:
    return [
        UnitLink(
            unit=AdminUnit.read(link.unit, None, ctx),
            effective_on=link.effective_on,
            reason=link.reason,
        )
        for link in links
    ]


async def _fetch_unit(ctx: Context, pk: int) -> AdminUnit | None:
    unit = await ctx.units.by_id.load(pk)  # what the caller may read (services.units)
    return AdminUnit.read(unit, None, ctx) if unit else None


register_node("AdminUnit", _fetch_unit)
