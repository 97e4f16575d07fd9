"""Loaders of the evaluation domain: a campaign's set, criteria, results, documents and history
each load in one statement for every campaign of a response. Scope is decided by the services
(campaigns and assessments by id are filtered for the caller there)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import TypeVar

from strawberry.dataloader import DataLoader

from authz.authorizer import Authorizer, Principal
from services import assessments as assessment_service
from services import commune_safety as safety_service
from services import evaluations as campaign_service
from services import scoring as scoring_service
from services.database import Database as RequestDB

V = TypeVar("V")


def _one(
    fetch: Callable[[Sequence[int]], Awaitable[Mapping[int, V]]],
) -> Callable[[Sequence[int]], Awaitable[list[V | None]]]:
    async def load(keys: Sequence[int]) -> list[V | None]:
        found = await fetch(keys)
        return [found.get(k) for k in keys]

    return load


def _many(
    fetch: Callable[[Sequence[int]], Awaitable[Mapping[int, list[V]]]],
) -> Callable[[Sequence[int]], Awaitable[list[list[V]]]]:
    async def load(keys: Sequence[int]) -> list[list[V]]:
        found = await fetch(keys)
        return [found.get(k, []) for k in keys]

    return load


class EvaluationLoaders:
    def __init__(
        self,
        db: RequestDB,
        authorizer: Authorizer,
        principal: Callable[[], Principal | None],
    ) -> None:
        self.db = db
        self._authorizer = authorizer
        self._principal = principal
        e = campaign_service
        self.criteria_set = DataLoader[int, e.CriteriaSet | None](
            _one(lambda ids: e.criteria_sets_by_ids(db, ids))
        )
        self.campaign = DataLoader[int, e.Campaign | None](
            _one(lambda ids: e.readable_campaigns(db, authorizer, principal(), ids))
        )
        self.assessment = DataLoader[int, assessment_service.Assessment | None](self._assessments)
        self.latest_assessment = DataLoader[int, assessment_service.Assessment | None](self._latest)
        # A page of units asks for all its units at once: one key (and one future) per page,
        # so 50 pages of children cost 50 futures, not 500; still one statement for them all.
        self.latest_assessments = DataLoader[
            tuple[int, ...], list[assessment_service.Assessment | None]
        ](self._latest_pages, cache=False)
        self.criterion = DataLoader[int, e.Criterion | None](
            _one(lambda ids: e.criteria_by_ids(db, ids))
        )
        self.criteria = DataLoader[int, list[e.Criterion]](
            _many(lambda ids: e.criteria_of_sets(db, ids))
        )
        self.groups = DataLoader[int, list[e.CriteriaGroup]](
            _many(lambda ids: e.groups_of_sets(db, ids))
        )
        self.results = DataLoader[int, list[e.CriterionResult]](
            _many(lambda ids: e.results_of(db, ids))
        )
        self.documents = DataLoader[int, list[e.CampaignDocument]](
            _many(lambda ids: e.documents_of(db, ids))
        )
        self.events = DataLoader[int, list[e.CampaignEvent]](
            _many(lambda ids: e.events_of(db, ids))
        )
        self.extensions = DataLoader[int, list[e.CampaignExtension]](
            _many(lambda ids: e.extensions_of(db, ids))
        )

        # The evaluation rules' objects by id, for `node(id:)`: scoped by their services.
        self.scoring_table = DataLoader[int, scoring_service.ScoringTable | None](
            _one(lambda ids: scoring_service.readable_tables(db, authorizer, principal(), ids))
        )
        self.proposal = DataLoader[int, scoring_service.Proposal | None](
            _one(lambda ids: scoring_service.readable_proposals(db, authorizer, principal(), ids))
        )
        self.safety_result = DataLoader[int, safety_service.SafetyResult | None](
            _one(lambda ids: safety_service.readable_results(db, authorizer, principal(), ids))
        )
        self.discipline = DataLoader[int, safety_service.DisciplineRecord | None](
            _one(lambda ids: safety_service.readable_discipline(db, authorizer, principal(), ids))
        )

    async def _assessments(self, ids: Sequence[int]) -> list[assessment_service.Assessment | None]:
        found = await assessment_service.readable_assessments(
            self.db, self._authorizer, self._principal(), ids
        )
        by_id = {a.id: a for a in found}
        return [by_id.get(k) for k in ids]

    async def _latest(self, unit_ids: Sequence[int]) -> list[assessment_service.Assessment | None]:
        by_unit = {
            a.unit_id: a for a in await assessment_service.latest_assessments(self.db, unit_ids)
        }
        return [by_unit.get(k) for k in unit_ids]

    async def _latest_pages(
        self, pages: Sequence[tuple[int, ...]]
    ) -> list[list[assessment_service.Assessment | None]]:
        ids = list(dict.fromkeys(k for page in pages for k in page))
        by_unit = {a.unit_id: a for a in await assessment_service.latest_assessments(self.db, ids)}
        return [[by_unit.get(k) for k in page] for page in pages]
