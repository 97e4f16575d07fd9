"""Loaders for the hierarchy's relations: batching only; what the caller may see is decided by
services.units (asking the authorizer) for every batch."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from strawberry.dataloader import DataLoader

from authz.authorizer import Authorizer, Principal
from core.domain import UnitKind
from services import units as unit_service
from services.database import Database
from services.units import Unit, UnitLink


@dataclass(frozen=True, slots=True)
class ChildrenKey:
    parent_id: int
    as_of: date
    kind: UnitKind | None
    after_path: str | None
    limit: int  # one more than the page size, to learn whether a next page exists


class UnitLoaders:
    def __init__(
        self,
        db: Database,
        authorizer: Authorizer,
        principal: Callable[[], Principal | None],
    ) -> None:
        self.db = db
        self._authorizer = authorizer
        self._principal = principal
        self.by_id = DataLoader[int, Unit | None](self._by_id)
        self.by_path = DataLoader[str, Unit | None](self._by_path)
        self.ancestors = DataLoader[str, list[Unit]](self._ancestors)
        self.successors = DataLoader[int, list[UnitLink]](self._successors)
        self.predecessors = DataLoader[int, list[UnitLink]](self._predecessors)
        self.children = DataLoader[ChildrenKey, list[Unit]](self._children)

    async def _by_id(self, ids: Sequence[int]) -> list[Unit | None]:
        found = await unit_service.by_ids(self.db, self._authorizer, self._principal(), ids)
        return [found.get(i) for i in ids]

    async def _by_path(self, paths: Sequence[str]) -> list[Unit | None]:
        found = await unit_service.by_paths(self.db, self._authorizer, self._principal(), paths)
        return [found.get(p) for p in paths]

    async def _ancestors(self, paths: Sequence[str]) -> list[list[Unit]]:
        found = await unit_service.ancestors(self.db, self._authorizer, self._principal(), paths)
        return [found.get(p, []) for p in paths]

    async def _successors(self, ids: Sequence[int]) -> list[list[UnitLink]]:
        found = await unit_service.links(
            self.db, self._authorizer, self._principal(), ids, forward=True
        )
        return [found.get(i, []) for i in ids]

    async def _predecessors(self, ids: Sequence[int]) -> list[list[UnitLink]]:
        found = await unit_service.links(
            self.db, self._authorizer, self._principal(), ids, forward=False
        )
        return [found.get(i, []) for i in ids]

    async def _children(self, keys: Sequence[ChildrenKey]) -> list[list[Unit]]:
        # Keys differ only by parent within one selection; group the rest and batch each group.
        groups: dict[tuple[date, UnitKind | None, str | None, int], list[int]] = defaultdict(list)
        for key in keys:
            groups[(key.as_of, key.kind, key.after_path, key.limit)].append(key.parent_id)
        found: dict[ChildrenKey, list[Unit]] = {}
        for (as_of, kind, after_path, limit), parent_ids in groups.items():
            pages = await unit_service.children_pages(
                self.db,
                self._authorizer,
                self._principal(),
                parent_ids,
                as_of=as_of,
                kind=kind,
                after_path=after_path,
                limit=limit,
            )
            for parent_id in parent_ids:
                key = ChildrenKey(parent_id, as_of, kind, after_path, limit)
                found[key] = pages.get(parent_id, [])
        return [found[key] for key in keys]
