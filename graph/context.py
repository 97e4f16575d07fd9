"""What every resolver gets: the caller, the request's transaction, loaders, settings, the date."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date, datetime
from functools import cached_property
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from graphql import GraphQLError
from strawberry.fastapi import BaseContext
from strawberry.types import Info as StrawberryInfo

from authz.authorizer import Authorizer, Principal, require_authenticated
from core.config import Settings
from core.errors import Unauthenticated
from graph.changes.loaders import WebhookLoaders
from graph.evaluations.loaders import EvaluationLoaders
from graph.plans.loaders import PlanLoaders
from graph.service_accounts.loaders import ServiceAccountLoaders
from graph.units.loaders import UnitLoaders
from services.database import Database

if TYPE_CHECKING:
    from services.changes import ChangeFeed


class Context(BaseContext):
    def __init__(
        self,
        *,
        db: Database,
        settings: Settings,
        authorizer: Authorizer,
        principal: Principal | None,
        auth_error: Unauthenticated | None = None,
        feed: ChangeFeed | None = None,
    ) -> None:
        super().__init__()
        self.feed = feed  # the process's change feed, for subscriptions
        self.expires_at: float | None = None  # websocket: when the token expires (unix time)
        # The request's query cost (graph/cost.py), and how to spend it from the caller's rate
        # budget (HTTP requests of a signed-in caller; api/app.py sets it).
        self.query_cost = 0
        self.charge_cost: Callable[[int], Awaitable[GraphQLError | None]] | None = None
        self.rate_limited: Exception | None = None
        # The compiled read path already declined this request (api/fast_reads.py): the
        # executor answers without the router asking the compiled path a second time.
        self.compiled_declined = False
        # Websocket: the credential it authenticated with and the authenticator that re-checks
        # it every few seconds (api/live.py), and the refusal once a re-check failed.
        self.credential: str | None = None
        self.authenticator: Any = None
        self.credential_error: Unauthenticated | None = None
        self.db = db
        self.settings = settings
        self.authorizer = authorizer
        self.principal = principal
        self.auth_error = auth_error
        # "Today" is Vietnam's date, whatever the server's clock zone.
        self.today: date = datetime.now(ZoneInfo(settings.timezone)).date()

    # Loaders are made when a resolver first asks (about 30 DataLoaders in all): a request
    # answered by the compiled read path never does. They read `self.db` as it is then (a
    # websocket replaces it once authenticated).
    @cached_property
    def units(self) -> UnitLoaders:
        return UnitLoaders(self.db, self.authorizer, lambda: self.principal)

    @cached_property
    def service_accounts(self) -> ServiceAccountLoaders:
        return ServiceAccountLoaders(self.db, self.authorizer, lambda: self.principal)

    @cached_property
    def webhooks(self) -> WebhookLoaders:
        return WebhookLoaders(self.db, self.authorizer, lambda: self.principal)

    @cached_property
    def evaluations(self) -> EvaluationLoaders:
        return EvaluationLoaders(self.db, self.authorizer, lambda: self.principal)

    @cached_property
    def plans(self) -> PlanLoaders:
        return PlanLoaders(self.db, self.authorizer, lambda: self.principal)

    def caller(self) -> Principal:
        """The signed-in principal; every root field asks for it before touching data."""
        if self.auth_error is not None:
            raise self.auth_error
        return require_authenticated(self.principal)


Info = StrawberryInfo[Context, None]
