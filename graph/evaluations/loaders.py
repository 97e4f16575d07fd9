"""Loaders of the evaluation domain: a campaign's set, criteria, results, documents and history
each load in one statement for every campaign of a response. Scope is decided by the services
(campaigns and assessments by id are filtered for the caller there)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING

from sqlalchemy import RowMapping
from strawberry.dataloader import DataLoader

from authz.authorizer import Authorizer, Principal
from services import assessments as assessment_service
from services import evaluations as campaign_service

if TYPE_CHECKING:
    from db.session import RequestDB

Fetch = Callable[[Sequence[int]], Awaitable[list[RowMapping]]]
One = Callable[[Sequence[int]], Awaitable[list[RowMapping | None]]]
Many = Callable[[Sequence[int]], Awaitable[list[list[RowMapping]]]]
Pages = Callable[[Sequence[tuple[int, ...]]], Awaitable[list[list[RowMapping | None]]]]


class EvaluationLoaders:
    def __init__(
        self,
        db: RequestDB,
        authorizer: Authorizer,
        principal: Callable[[], Principal | None],
    ) -> None:
        self.db = db

        def scoped(read: Callable[..., Awaitable[list[RowMapping]]]) -> Fetch:
            return lambda ids: read(db, authorizer, principal(), ids)

        def plain(read: Callable[[RequestDB, Sequence[int]], Awaitable[list[RowMapping]]]) -> Fetch:
            return lambda ids: read(db, ids)

        self.criteria_set = DataLoader[int, RowMapping | None](
            _one(plain(campaign_service.criteria_sets_by_ids), "id")
        )
        self.campaign = DataLoader[int, RowMapping | None](
            _one(scoped(campaign_service.readable_campaigns), "id")
        )
        self.assessment = DataLoader[int, RowMapping | None](
            _one(scoped(assessment_service.readable_assessments), "id")
        )
        self.latest_assessment = DataLoader[int, RowMapping | None](
            _one(plain(assessment_service.latest_assessments), "unit_id")
        )
        # A page of units asks for all its units at once: one key (and one future) per page,
        # so 50 pages of children cost 50 futures, not 500; still one statement for them all.
        self.latest_assessments = DataLoader[tuple[int, ...], list[RowMapping | None]](
            _pages(plain(assessment_service.latest_assessments), "unit_id"), cache=False
        )
        self.criteria = DataLoader[int, list[RowMapping]](
            _many(plain(campaign_service.criteria_of_sets), "set_id")
        )
        self.groups = DataLoader[int, list[RowMapping]](
            _many(plain(campaign_service.groups_of_sets), "set_id")
        )
        self.results = DataLoader[int, list[RowMapping]](
            _many(plain(campaign_service.results_of), "campaign_id")
        )
        self.documents = DataLoader[int, list[RowMapping]](
            _many(plain(campaign_service.documents_of), "campaign_id")
        )
        self.events = DataLoader[int, list[RowMapping]](
            _many(plain(campaign_service.events_of), "campaign_id")
        )
        self.extensions = DataLoader[int, list[RowMapping]](
            _many(plain(campaign_service.extensions_of), "campaign_id")
        )


def _one(fetch: Fetch, column: str) -> One:
    async def load(keys: Sequence[int]) -> list[RowMapping | None]:
        rows = {r[column]: r for r in await fetch(keys)}
        return [rows.get(k) for k in keys]

    return load


def _pages(fetch: Fetch, column: str) -> Pages:
    async def load(pages: Sequence[tuple[int, ...]]) -> list[list[RowMapping | None]]:
        ids = list(dict.fromkeys(k for page in pages for k in page))
        rows = {r[column]: r for r in await fetch(ids)}
        return [[rows.get(k) for k in page] for page in pages]

    return load


def _many(fetch: Fetch, column: str) -> Many:
    async def load(keys: Sequence[int]) -> list[list[RowMapping]]:
        grouped: dict[int, list[RowMapping]] = defaultdict(list)
        for row in await fetch(keys):
            grouped[row[column]].append(row)
        return [grouped[k] for k in keys]

    return load
