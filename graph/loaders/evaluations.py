"""Loaders of the evaluation domain: a campaign's set, criteria, results, documents and history
each load in one statement for every campaign of a response."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence

from sqlalchemy import RowMapping
from strawberry.dataloader import DataLoader

from db.queries import evaluations as q
from db.session import RequestDB

Fetch = Callable[[RequestDB, Sequence[int]], Awaitable[list[RowMapping]]]


class EvaluationLoaders:
    def __init__(self, db: RequestDB) -> None:
        self.db = db
        self.criteria_set = DataLoader[int, RowMapping | None](self._one(q.sets_by_ids, "id"))
        self.campaign = DataLoader[int, RowMapping | None](self._one(q.campaigns_by_ids, "id"))
        self.assessment = DataLoader[int, RowMapping | None](self._one(q.assessments_by_ids, "id"))
        self.latest_assessment = DataLoader[int, RowMapping | None](
            self._one(q.latest_assessments, "unit_id")
        )
        # A page of units asks for all its units at once: one key (and one future) per page,
        # so 50 pages of children cost 50 futures, not 500; still one statement for them all.
        self.latest_assessments = DataLoader[tuple[int, ...], list[RowMapping | None]](
            self._pages(q.latest_assessments, "unit_id"), cache=False
        )
        self.criteria = DataLoader[int, list[RowMapping]](self._many(q.criteria_of_sets, "set_id"))
        self.groups = DataLoader[int, list[RowMapping]](self._many(q.groups_of_sets, "set_id"))
        self.results = DataLoader[int, list[RowMapping]](self._many(q.results_of, "campaign_id"))
        self.documents = DataLoader[int, list[RowMapping]](
            self._many(q.documents_of, "campaign_id")
        )
        self.events = DataLoader[int, list[RowMapping]](self._many(q.events_of, "campaign_id"))

    def _one(self, fetch: Fetch, column: str):  # type: ignore[no-untyped-def]
        async def load(keys: Sequence[int]) -> list[RowMapping | None]:
            rows = {r[column]: r for r in await fetch(self.db, keys)}
            return [rows.get(k) for k in keys]

        return load

    def _pages(self, fetch: Fetch, column: str):  # type: ignore[no-untyped-def]
        async def load(pages: Sequence[tuple[int, ...]]) -> list[list[RowMapping | None]]:
            ids = list(dict.fromkeys(k for page in pages for k in page))
            rows = {r[column]: r for r in await fetch(self.db, ids)}
            return [[rows.get(k) for k in page] for page in pages]

        return load

    def _many(self, fetch: Fetch, column: str):  # type: ignore[no-untyped-def]
        async def load(keys: Sequence[int]) -> list[list[RowMapping]]:
            grouped: dict[int, list[RowMapping]] = defaultdict(list)
            for row in await fetch(self.db, keys):
                grouped[row[column]].append(row)
            return [grouped[k] for k in keys]

        return load
