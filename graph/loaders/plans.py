"""Loaders for plans, targets and models: every relation is one statement per batch.

Scope: each loader filters by the caller's roots for its object (plan/target/model read), asked
of the authorizer once per request."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from sqlalchemy import RowMapping
from strawberry.dataloader import DataLoader

from authz.authorizer import Authorizer, Principal
from db.queries import movement_models as mq
from db.queries import plans as pq
from db.queries import targets as tq
from db.session import RequestDB

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True, slots=True)
class TargetsKey:
    plan_id: int
    as_of: date


def _grouped(rows: Sequence[RowMapping], column: str, keys: Sequence[Any]) -> list[list[Any]]:
    grouped: dict[Any, list[RowMapping]] = defaultdict(list)
    for row in rows:
        grouped[row[column]].append(row)
    return [grouped[k] for k in keys]


def _by_id(rows: Sequence[RowMapping], keys: Sequence[int]) -> list[RowMapping | None]:
    found = {row["id"]: row for row in rows}
    return [found.get(k) for k in keys]


class PlanLoaders:
    def __init__(
        self, db: RequestDB, authorizer: Authorizer, principal: Callable[[], Principal | None]
    ) -> None:
        self.db = db
        self._authorizer = authorizer
        self._principal = principal
        self.plan = DataLoader[int, RowMapping | None](self._plans)
        self.children = DataLoader[int, list[RowMapping]](self._children)
        self.descendants = DataLoader[int, list[RowMapping]](self._descendants)
        self.tasks = DataLoader[int, list[RowMapping]](self._tasks)
        self.deadlines = DataLoader[int, list[RowMapping]](self._deadlines)
        self.targets = DataLoader[TargetsKey, list[RowMapping]](self._targets)
        self.progress = DataLoader[int, list[RowMapping]](self._progress)
        self.model = DataLoader[int, RowMapping | None](self._models)
        self.model_type = DataLoader[int, RowMapping | None](self._model_types)
        self.ratings = DataLoader[int, list[RowMapping]](self._ratings)

    def roots(self, obj: str) -> list[str]:
        return self._authorizer.paths_for(self._principal(), obj, "read")

    async def _plans(self, ids: Sequence[int]) -> list[RowMapping | None]:
        return _by_id(await pq.by_ids(self.db, ids, self.roots("plan")), ids)

    async def _children(self, ids: Sequence[int]) -> list[list[RowMapping]]:
        return _grouped(await pq.children_of(self.db, ids, self.roots("plan")), "parent_id", ids)

    async def _descendants(self, ids: Sequence[int]) -> list[list[RowMapping]]:
        return _grouped(await pq.descendants_of(self.db, ids, self.roots("plan")), "of_id", ids)

    async def _tasks(self, ids: Sequence[int]) -> list[list[RowMapping]]:
        return _grouped(await pq.tasks_of(self.db, ids, self.roots("plan")), "plan_id", ids)

    async def _deadlines(self, ids: Sequence[int]) -> list[list[RowMapping]]:
        return _grouped(await pq.deadlines_of(self.db, ids, self.roots("plan")), "plan_id", ids)

    async def _targets(self, keys: Sequence[TargetsKey]) -> list[list[RowMapping]]:
        by_day: dict[date, list[int]] = defaultdict(list)
        for key in keys:
            by_day[key.as_of].append(key.plan_id)
        found: dict[TargetsKey, list[RowMapping]] = defaultdict(list)
        for day, plan_ids in by_day.items():
            for row in await tq.by_plans(self.db, plan_ids, self.roots("target"), day):
                found[TargetsKey(row["plan_id"], day)].append(row)
        return [found[k] for k in keys]

    async def _progress(self, ids: Sequence[int]) -> list[list[RowMapping]]:
        return _grouped(await tq.progress_of(self.db, ids), "target_id", ids)

    async def _models(self, ids: Sequence[int]) -> list[RowMapping | None]:
        return _by_id(await mq.by_ids(self.db, ids, self.roots("model")), ids)

    async def _model_types(self, ids: Sequence[int]) -> list[RowMapping | None]:
        return _by_id(await mq.model_types_by_ids(self.db, ids), ids)

    async def _ratings(self, ids: Sequence[int]) -> list[list[RowMapping]]:
        return _grouped(await mq.ratings_of(self.db, ids), "model_id", ids)
