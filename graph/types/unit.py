"""`AdminUnit`: one incarnation of an administrative unit, and its relations."""

from __future__ import annotations

from datetime import date

import strawberry
from sqlalchemy import RowMapping

from db.models.units import UnitKind as UnitKindValue
from graph.context import Context, Info
from graph.ids import to_global_id
from graph.loaders.units import ChildrenKey
from graph.pagination import Edge, PageInfo, build_edges, decode_path_cursor, page_size, path_cursor
from graph.types.node import Node, register_node
from services.units import reading_date

UnitKind = strawberry.enum(UnitKindValue, name="UnitKind",
                           description="Level or kind of an administrative unit.")


@strawberry.type(description="How one unit took over from another (merge, split, transfer).")
class UnitLink:
    unit: AdminUnit
    effective_on: date
    reason: str


@strawberry.type(name="AdminUnitConnection")
class AdminUnitConnection:
    edges: list[Edge[AdminUnit]]
    page_info: PageInfo


@strawberry.type(
    name="AdminUnit",
    description="One incarnation of an administrative unit (a unit that moved or merged has one "
    "per period). Relations are read as of `asOf`: the date it was asked for, else today, else "
    "its last day if it no longer exists.",
)
class AdminUnit(Node):
    id: strawberry.ID
    code: str = strawberry.field(description="Official code (GSO) or a local code for agencies.")
    kind: UnitKind
    sub_kind: str | None = strawberry.field(description="Xã, Phường, Thị trấn, Huyện, Tỉnh, …")
    name: str
    short_name: str
    path: str = strawberry.field(description="ltree path of official codes, root first.")
    valid_from: date | None
    valid_to: date | None = strawberry.field(description="Last day it existed; null if it does.")
    as_of: date
    pk: strawberry.Private[int]
    parent_id: strawberry.Private[int | None]

    @classmethod
    def from_row(cls, row: RowMapping, as_of: date) -> AdminUnit:
        return cls(
            id=strawberry.ID(to_global_id("AdminUnit", row["id"])), code=row["code"],
            kind=UnitKindValue(row["kind"]), sub_kind=row["sub_kind"], name=row["name"],
            short_name=row["short_name"], path=row["path"], valid_from=row["valid_from"],
            valid_to=row["valid_to"], as_of=as_of, pk=row["id"], parent_id=row["parent_id"],
        )

    @classmethod
    def read(cls, row: RowMapping, requested: date | None, ctx: Context) -> AdminUnit:
        return cls.from_row(row, reading_date(row, requested, ctx.today))

    @strawberry.field(description="The parent unit, if it is inside your scope.")
    async def parent(self, info: Info) -> AdminUnit | None:
        if self.parent_id is None:
            return None
        row = await info.context.units.by_id.load(self.parent_id)
        return AdminUnit.from_row(row, self.as_of) if row else None

    @strawberry.field(description="Ancestors inside your scope, the root first.")
    async def ancestors(self, info: Info) -> list[AdminUnit]:
        rows = await info.context.units.ancestors.load(self.path)
        return [AdminUnit.from_row(r, self.as_of) for r in rows]

    @strawberry.field(description="Units directly below, as of `asOf` (default: this unit's).")
    async def children(
        self, info: Info, kind: UnitKind | None = None, as_of: date | None = None,
        first: int | None = None, after: str | None = None,
    ) -> AdminUnitConnection:
        settings = info.context.settings
        limit = page_size(first, settings.default_page_size, settings.max_page_size)
        after_path = decode_path_cursor(after)
        day = as_of or self.as_of
        rows = await info.context.units.children.load(
            ChildrenKey(self.pk, day, kind.value if kind else None, after_path, limit + 1))
        items = [AdminUnit.from_row(r, day) for r in rows]
        edges, page_info = build_edges(items, limit, lambda u: path_cursor(u.path), after)
        return AdminUnitConnection(edges=edges, page_info=page_info)

    @strawberry.field(description="Units that took over from this one.")
    async def successors(self, info: Info) -> list[UnitLink]:
        return _links(await info.context.units.successors.load(self.pk), info.context)

    @strawberry.field(description="Units this one took over from.")
    async def predecessors(self, info: Info) -> list[UnitLink]:
        return _links(await info.context.units.predecessors.load(self.pk), info.context)


def _links(rows: list[RowMapping], ctx: Context) -> list[UnitLink]:
    return [UnitLink(unit=AdminUnit.read(r, None, ctx), effective_on=r["effective_on"],
                     reason=r["reason"]) for r in rows]


async def _fetch_unit(ctx: Context, pk: int) -> AdminUnit | None:
    row = await ctx.units.by_id.load(pk)
    return AdminUnit.read(row, None, ctx) if row else None


register_node("AdminUnit", _fetch_unit)
