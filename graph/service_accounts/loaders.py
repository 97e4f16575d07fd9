"""The keys of every service account of a response, in one statement (services decide whose)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from strawberry.dataloader import DataLoader

from authz.authorizer import Authorizer, Principal
from services import service_accounts as service
from services.database import Database
from services.service_accounts import Key


class ServiceAccountLoaders:
    def __init__(
        self, db: Database, authorizer: Authorizer, principal: Callable[[], Principal | None]
    ) -> None:
        self.db = db
        self._authorizer = authorizer
        self._principal = principal
        self.keys = DataLoader[int, list[Key]](self._keys)

    async def _keys(self, account_ids: Sequence[int]) -> list[list[Key]]:
        found = await service.keys_of(self.db, self._authorizer, self._principal(), account_ids)
        return [found.get(i, []) for i in account_ids]
