"""Deliveries of every webhook endpoint of a response, in one statement per page shape
(services.webhooks decides whose deliveries the caller may read)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from strawberry.dataloader import DataLoader

from authz.authorizer import Authorizer, Principal
from services import webhooks as webhook_service
from services.database import Database
from services.webhooks import Delivery


@dataclass(frozen=True, slots=True)
class DeliveriesKey:
    endpoint_id: int
    before_id: int | None
    limit: int


class WebhookLoaders:
    def __init__(
        self, db: Database, authorizer: Authorizer, principal: Callable[[], Principal | None]
    ) -> None:
        self.db = db
        self._authorizer = authorizer
        self._principal = principal
        self.deliveries = DataLoader[DeliveriesKey, list[Delivery]](self._deliveries)
        self.delivery_count = DataLoader[int, int](self._counts)

    async def _deliveries(self, keys: Sequence[DeliveriesKey]) -> list[list[Delivery]]:
        groups: dict[tuple[int | None, int], list[int]] = defaultdict(list)
        for key in keys:
            groups[(key.before_id, key.limit)].append(key.endpoint_id)
        found: dict[DeliveriesKey, list[Delivery]] = {}
        for (before_id, limit), endpoint_ids in groups.items():
            pages = await webhook_service.deliveries_of(
                self.db,
                self._authorizer,
                self._principal(),
                endpoint_ids,
                before_id=before_id,
                limit=limit,
            )
            for endpoint_id in endpoint_ids:
                found[DeliveriesKey(endpoint_id, before_id, limit)] = pages.get(endpoint_id, [])
        return [found[key] for key in keys]

    async def _counts(self, endpoint_ids: Sequence[int]) -> list[int]:
        counts = await webhook_service.delivery_counts(
            self.db, self._authorizer, self._principal(), endpoint_ids
        )
        return [counts.get(i, 0) for i in endpoint_ids]
