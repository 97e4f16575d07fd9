"""Loaders for the hierarchy's relations."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import RowMapping
from strawberry.dataloader import DataLoader

from db.queries import units as q
from db.session import RequestDB


@dataclass(frozen=True, slots=True)
class ChildrenKey:
    parent_id: int
    as_of: date
    kind: str | None
    after_path: str | None
    limit: int  # one more than the page size, to learn whether a next page exists


class UnitLoaders:
    def __init__(self, db: RequestDB) -> None:
        self.db = db
        self.by_id = DataLoader[int, RowMapping | None](self._by_id)
        self.by_path = DataLoader[str, RowMapping | None](self._by_path)
        self.ancestors = DataLoader[str, list[RowMapping]](self._ancestors)
        self.successors = DataLoader[int, list[RowMapping]](self._successors)
        self.predecessors = DataLoader[int, list[RowMapping]](self._predecessors)
        self.children = DataLoader[ChildrenKey, list[RowMapping]](self._children)

    async def _by_id(self, ids: Sequence[int]) -> list[RowMapping | None]:
        rows = {row["id"]: row for row in await q.by_ids(self.db, ids)}
        return [rows.get(i) for i in ids]

    async def _by_path(self, paths: Sequence[str]) -> list[RowMapping | None]:
        rows = {row["path"]: row for row in await q.by_paths(self.db, paths)}
        return [rows.get(p) for p in paths]

    async def _ancestors(self, paths: Sequence[str]) -> list[list[RowMapping]]:
        grouped: dict[str, list[RowMapping]] = defaultdict(list)
        for row in await q.ancestors(self.db, paths):
            grouped[row["of_path"]].append(row)
        return [grouped[p] for p in paths]

    async def _successors(self, ids: Sequence[int]) -> list[list[RowMapping]]:
        return _group_by(await q.linked(self.db, ids, forward=True), "of_id", ids)

    async def _predecessors(self, ids: Sequence[int]) -> list[list[RowMapping]]:
        return _group_by(await q.linked(self.db, ids, forward=False), "of_id", ids)

    async def _children(self, keys: Sequence[ChildrenKey]) -> list[list[RowMapping]]:
        # Keys differ only by parent within one selection; group the rest and batch each group.
        groups: dict[tuple[date, str | None, str | None, int], list[int]] = defaultdict(list)
        for key in keys:
            groups[(key.as_of, key.kind, key.after_path, key.limit)].append(key.parent_id)
        found: dict[ChildrenKey, list[RowMapping]] = defaultdict(list)
        for (as_of, kind, after_path, limit), parent_ids in groups.items():
            rows = await q.children_pages(
                self.db, parent_ids, as_of=as_of, kind=kind, after_path=after_path, limit=limit
            )
            for row in rows:
                found[ChildrenKey(row["parent_id"], as_of, kind, after_path, limit)].append(row)
        return [found[key] for key in keys]


def _group_by(rows: list[RowMapping], column: str, keys: Sequence[int]) -> list[list[RowMapping]]:
    grouped: dict[int, list[RowMapping]] = defaultdict(list)
    for row in rows:
        grouped[row[column]].append(row)
    return [grouped[k] for k in keys]
