"""Loaders for plans, targets and models: every relation is one statement per batch.

Scope is the services' business: each batch read takes the caller and the authorizer and reads
only what the caller's roots for its object (plan / target / model read) cover."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import RowMapping
from strawberry.dataloader import DataLoader

from authz.authorizer import Authorizer, Principal
from services import movement_models as model_service
from services import plans as plan_service
from services import targets as target_service
from services.measures import measure_targets

if TYPE_CHECKING:
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
        # Measured targets of a response, measured together per day (services.measures): the
        # rows are kept beside the loader because measuring needs the target, not only its id.
        self._measured_rows: dict[tuple[int, date], RowMapping] = {}
        self._measured = DataLoader[tuple[int, date], Any](self._measure)

    async def measured(self, row: RowMapping, day: date) -> Any:
        """A measured target's value and status on `day`; a page of targets costs a constant
        number of statements."""
        self._measured_rows[(row["id"], day)] = row
        return await self._measured.load((row["id"], day))

    async def _measure(self, keys: Sequence[tuple[int, date]]) -> list[Any]:
        by_day: dict[date, list[RowMapping]] = defaultdict(list)
        for key in keys:
            by_day[key[1]].append(self._measured_rows[key])
        done: dict[tuple[int, date], Any] = {}
        for when, group in by_day.items():
            for pk, measured in (await measure_targets(self.db, group, when)).items():
                done[(pk, when)] = measured
        return [done[key] for key in keys]

    def _who(self) -> tuple[RequestDB, Authorizer, Principal | None]:
        return self.db, self._authorizer, self._principal()

    async def _plans(self, ids: Sequence[int]) -> list[RowMapping | None]:
        return _by_id(await plan_service.plans_by_ids(*self._who(), ids), ids)

    async def _children(self, ids: Sequence[int]) -> list[list[RowMapping]]:
        return _grouped(await plan_service.children_of(*self._who(), ids), "parent_id", ids)

    async def _descendants(self, ids: Sequence[int]) -> list[list[RowMapping]]:
        return _grouped(await plan_service.descendants_of(*self._who(), ids), "of_id", ids)

    async def _tasks(self, ids: Sequence[int]) -> list[list[RowMapping]]:
        return _grouped(await plan_service.tasks_of(*self._who(), ids), "plan_id", ids)

    async def _deadlines(self, ids: Sequence[int]) -> list[list[RowMapping]]:
        return _grouped(await plan_service.deadlines_of(*self._who(), ids), "plan_id", ids)

    async def _targets(self, keys: Sequence[TargetsKey]) -> list[list[RowMapping]]:
        by_day: dict[date, list[int]] = defaultdict(list)
        for key in keys:
            by_day[key.as_of].append(key.plan_id)
        found: dict[TargetsKey, list[RowMapping]] = defaultdict(list)
        for day, plan_ids in by_day.items():
            for row in await target_service.targets_of_plans(*self._who(), plan_ids, day):
                found[TargetsKey(row["plan_id"], day)].append(row)
        return [found[k] for k in keys]

    async def _progress(self, ids: Sequence[int]) -> list[list[RowMapping]]:
        return _grouped(await target_service.progress_of(self.db, ids), "target_id", ids)

    async def _models(self, ids: Sequence[int]) -> list[RowMapping | None]:
        return _by_id(await model_service.models_by_ids(*self._who(), ids), ids)

    async def _model_types(self, ids: Sequence[int]) -> list[RowMapping | None]:
        return _by_id(await model_service.model_types_by_ids(self.db, ids), ids)

    async def _ratings(self, ids: Sequence[int]) -> list[list[RowMapping]]:
        return _grouped(await model_service.ratings_of(self.db, ids), "model_id", ids)
