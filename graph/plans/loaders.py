"""Loaders for plans, targets and models: every relation is one statement per batch.

Scope is the services' business: each batch read takes the caller and the authorizer and reads
only what the caller's roots for its object (plan / target / model read) cover."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from strawberry.dataloader import DataLoader

from authz.authorizer import Authorizer, Principal
from services import movement_models as model_service
from services import plans as plan_service
from services import quotas as quota_service
from services import schedules as schedule_service
from services import targets as target_service
from services.database import Database as RequestDB
from services.measures import Measured, measure_targets

V = TypeVar("V")


@dataclass(frozen=True, slots=True)
class TargetsKey:
    plan_id: int
    as_of: date


@dataclass(frozen=True, slots=True)
class TargetPageKey:
    """One page of a plan's targets: up to `take` rows with an id above `after_id` (0: from
    the start)."""

    plan_id: int
    as_of: date
    after_id: int
    take: int


@dataclass(frozen=True, slots=True)
class ChildPageKey:
    """One page of a plan's children: up to `take` after (`after_path`, `after_id`) (path None:
    from the start)."""

    plan_id: int
    after_path: str | None
    after_id: int
    take: int


@dataclass(frozen=True, slots=True)
class DescendantPageKey:
    """One page of a plan's descendants: up to `take` after (`after_depth`, `after_path`,
    `after_id`) (path None: from the start)."""

    plan_id: int
    after_depth: int
    after_path: str | None
    after_id: int
    take: int


K = TypeVar("K")


def _rounds(
    keys: Sequence[K], group: Callable[[K], Any], parent: Callable[[K], int]
) -> list[tuple[Any, list[K]]]:
    """Distinct keys split into statements: one per `group` value, and a further one for a parent
    asked for again with another cursor (aliases), so no statement holds a parent twice."""
    rounds: dict[tuple[Any, int], list[K]] = defaultdict(list)
    seen: dict[tuple[Any, int], int] = defaultdict(int)
    for key in dict.fromkeys(keys):
        n = seen[(group(key), parent(key))]
        seen[(group(key), parent(key))] += 1
        rounds[(group(key), n)].append(key)
    return [(g, batch) for (g, _n), batch in rounds.items()]


def _each(found: Mapping[int, V], keys: Sequence[int]) -> list[V | None]:
    return [found.get(k) for k in keys]


def _lists(found: Mapping[int, list[V]], keys: Sequence[int]) -> list[list[V]]:
    return [found.get(k, []) for k in keys]


class PlanLoaders:
    def __init__(
        self, db: RequestDB, authorizer: Authorizer, principal: Callable[[], Principal | None]
    ) -> None:
        self.db = db
        self._authorizer = authorizer
        self._principal = principal
        self.plan = DataLoader[int, plan_service.Plan | None](self._plans)
        self.child_page = DataLoader[ChildPageKey, list[plan_service.Plan]](self._child_pages)
        self.child_count = DataLoader[int, int](self._child_counts)
        self.descendant_page = DataLoader[DescendantPageKey, list[tuple[int, plan_service.Plan]]](
            self._descendant_pages
        )
        self.descendant_count = DataLoader[int, int](self._descendant_counts)
        self.tasks = DataLoader[int, list[plan_service.Task]](self._tasks)
        self.deadlines = DataLoader[int, list[plan_service.ReportDeadline]](self._deadlines)
        self.task = DataLoader[int, plan_service.Task | None](self._tasks_by_id)
        self.schedule_rule = DataLoader[int, schedule_service.RuleHistory | None](self._rules_by_id)
        self.quota = DataLoader[int, quota_service.Quota | None](self._quotas_by_id)
        self.deadline = DataLoader[int, plan_service.ReportDeadline | None](self._deadlines_by_id)
        self.targets = DataLoader[TargetsKey, list[target_service.Target]](self._targets)
        self.target_page = DataLoader[TargetPageKey, list[target_service.Target]](
            self._target_pages
        )
        self.target_count = DataLoader[int, int](self._target_counts)
        self.progress = DataLoader[int, list[target_service.Progress]](self._progress)
        self.model = DataLoader[int, model_service.Model | None](self._models)
        self.model_type = DataLoader[int, model_service.ModelType | None](self._model_types)
        self.ratings = DataLoader[int, list[model_service.ModelRating]](self._ratings)
        # Measured targets of a response, measured together per day (services.measures): the
        # targets are kept beside the loader because measuring needs the target, not its id.
        self._measured_targets: dict[tuple[int, date], target_service.Target] = {}
        self._measured = DataLoader[tuple[int, date], Measured](self._measure)

    def _who(self) -> tuple[RequestDB, Authorizer, Principal | None]:
        return self.db, self._authorizer, self._principal()

    async def measured(self, target: target_service.Target, day: date) -> Measured:
        """A measured target's value and status on `day`; a page of targets costs a constant
        number of statements."""
        self._measured_targets[(target.id, day)] = target
        return await self._measured.load((target.id, day))

    async def _measure(self, keys: Sequence[tuple[int, date]]) -> list[Measured]:
        by_day: dict[date, list[target_service.Target]] = defaultdict(list)
        for key in keys:
            by_day[key[1]].append(self._measured_targets[key])
        done: dict[tuple[int, date], Measured] = {}
        for when, group in by_day.items():
            rows = [t.as_row() for t in group]
            for pk, measured in (await measure_targets(self.db, rows, when)).items():
                done[(pk, when)] = measured
        return [done[key] for key in keys]

    async def _plans(self, ids: Sequence[int]) -> list[plan_service.Plan | None]:
        return _each(await plan_service.plans_by_ids(*self._who(), ids), ids)

    async def _child_pages(self, keys: Sequence[ChildPageKey]) -> list[list[plan_service.Plan]]:
        """One statement per page size for every plan of a response."""
        found: dict[ChildPageKey, list[plan_service.Plan]] = {}
        for take, batch in _rounds(keys, lambda k: k.take, lambda k: k.plan_id):
            afters = [(k.plan_id, k.after_path, k.after_id) for k in batch]
            pages = await plan_service.child_pages_of(*self._who(), afters, take)
            for k in batch:
                found[k] = pages.get((k.plan_id, k.after_path, k.after_id), [])
        return [found[k] for k in keys]

    async def _child_counts(self, ids: Sequence[int]) -> list[int]:
        counted = await plan_service.count_children_of(*self._who(), ids)
        return [counted.get(pk, 0) for pk in ids]

    async def _descendant_pages(
        self, keys: Sequence[DescendantPageKey]
    ) -> list[list[tuple[int, plan_service.Plan]]]:
        """One statement per page size for every plan of a response."""
        found: dict[DescendantPageKey, list[tuple[int, plan_service.Plan]]] = {}
        for take, batch in _rounds(keys, lambda k: k.take, lambda k: k.plan_id):
            afters = [(k.plan_id, k.after_depth, k.after_path, k.after_id) for k in batch]
            pages = await plan_service.descendant_pages_of(*self._who(), afters, take)
            for k in batch:
                found[k] = pages.get((k.plan_id, k.after_depth, k.after_path, k.after_id), [])
        return [found[k] for k in keys]

    async def _descendant_counts(self, ids: Sequence[int]) -> list[int]:
        counted = await plan_service.count_descendants_of(*self._who(), ids)
        return [counted.get(pk, 0) for pk in ids]

    async def _tasks(self, ids: Sequence[int]) -> list[list[plan_service.Task]]:
        return _lists(await plan_service.tasks_of(*self._who(), ids), ids)

    async def _deadlines(self, ids: Sequence[int]) -> list[list[plan_service.ReportDeadline]]:
        return _lists(await plan_service.deadlines_of(*self._who(), ids), ids)

    async def _tasks_by_id(self, ids: Sequence[int]) -> list[plan_service.Task | None]:
        return _each(await plan_service.tasks_by_ids(*self._who(), ids), ids)

    async def _rules_by_id(self, ids: Sequence[int]) -> list[schedule_service.RuleHistory | None]:
        return _each(await schedule_service.readable_rules(*self._who(), ids), ids)

    async def _quotas_by_id(self, ids: Sequence[int]) -> list[quota_service.Quota | None]:
        return _each(await quota_service.readable_quotas(*self._who(), ids), ids)

    async def _deadlines_by_id(
        self, ids: Sequence[int]
    ) -> list[plan_service.ReportDeadline | None]:
        return _each(await plan_service.deadlines_by_ids(*self._who(), ids), ids)

    async def _targets(self, keys: Sequence[TargetsKey]) -> list[list[target_service.Target]]:
        by_day: dict[date, list[int]] = defaultdict(list)
        for key in keys:
            by_day[key.as_of].append(key.plan_id)
        found: dict[TargetsKey, list[target_service.Target]] = {}
        for day, plan_ids in by_day.items():
            of_plans = await target_service.targets_of_plans(*self._who(), plan_ids, day)
            for plan_id in plan_ids:
                found[TargetsKey(plan_id, day)] = of_plans.get(plan_id, [])
        return [found[k] for k in keys]

    async def _target_pages(
        self, keys: Sequence[TargetPageKey]
    ) -> list[list[target_service.Target]]:
        """One statement per (day, page size) for every plan of a response."""
        found: dict[TargetPageKey, list[target_service.Target]] = {}
        for (day, take), batch in _rounds(keys, lambda k: (k.as_of, k.take), lambda k: k.plan_id):
            afters = [(k.plan_id, k.after_id) for k in batch]
            pages = await target_service.target_pages_of_plans(*self._who(), afters, day, take)
            for k in batch:
                found[k] = pages.get((k.plan_id, k.after_id), [])
        return [found[k] for k in keys]

    async def _target_counts(self, ids: Sequence[int]) -> list[int]:
        counted = await target_service.count_targets_of_plans(*self._who(), ids)
        return [counted.get(pk, 0) for pk in ids]

    async def _progress(self, ids: Sequence[int]) -> list[list[target_service.Progress]]:
        return _lists(await target_service.progress_of(self.db, ids), ids)

    async def _models(self, ids: Sequence[int]) -> list[model_service.Model | None]:
        return _each(await model_service.models_by_ids(*self._who(), ids), ids)

    async def _model_types(self, ids: Sequence[int]) -> list[model_service.ModelType | None]:
        return _each(await model_service.model_types_by_ids(self.db, ids), ids)

    async def _ratings(self, ids: Sequence[int]) -> list[list[model_service.ModelRating]]:
        return _lists(await model_service.ratings_of(self.db, ids), ids)
