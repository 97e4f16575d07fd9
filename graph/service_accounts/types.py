"""Types of service accounts and their API keys."""

from __future__ import annotations

from datetime import UTC, datetime

import strawberry

from authz.roles import Role
from graph.access.enums import RoleEnum
from graph.context import Info
from graph.pagination import Counted, Edge, PageInfo
from graph.units.types import AdminUnit
from services import service_accounts as service


@strawberry.type(
    description="A long-lived credential of a service account. The secret is shown "
    "once, by createApiKey; only its SHA-256 is stored."
)
class ApiKey:
    key_id: str = strawberry.field(description="Public id: the part after `antq_` in the key.")
    name: str
    created_at: datetime
    created_by: str
    expires_at: datetime | None
    last_used_at: datetime | None = strawberry.field(
        description="When the key last authenticated a request (to the minute)."
    )
    revoked_at: datetime | None

    @strawberry.field(description="Not revoked and not expired: it authenticates requests.")
    def active(self) -> bool:
        return self.revoked_at is None and (
            self.expires_at is None or self.expires_at > datetime.now(UTC)
        )

    @classmethod
    def from_result(cls, key: service.Key) -> ApiKey:
        return cls(
            key_id=key.key_id,
            name=key.name,
            created_at=key.created_at,
            created_by=key.created_by,
            expires_at=key.expires_at,
            last_used_at=key.last_used_at,
            revoked_at=key.revoked_at,
        )


@strawberry.type(
    description="An integration system's account: the `integration` role (read its "
    "subtree, import) at its home unit; it signs in with API keys."
)
class ServiceAccount:
    username: str
    display_name: str | None
    created_by: str | None
    created_at: datetime
    disabled_at: datetime | None = strawberry.field(
        description="Set by disableServiceAccount: its keys no longer work."
    )
    role: RoleEnum = strawberry.field(description="Always INTEGRATION.")
    id_: strawberry.Private[int]
    home_path: strawberry.Private[str]

    @strawberry.field(description="The home unit: the account reads this unit's subtree.")
    async def unit(self, info: Info) -> AdminUnit | None:
        unit = await info.context.units.by_path.load(self.home_path)
        return AdminUnit.read(unit, None, info.context) if unit else None

    @strawberry.field(description="Its API keys, the oldest first (revoked ones included).")
    async def keys(self, info: Info) -> list[ApiKey]:
        # batched: the keys of every account of the response in one statement
        return [
            ApiKey.from_result(k) for k in await info.context.service_accounts.keys.load(self.id_)
        ]

    @classmethod
    def from_result(cls, account: service.Account) -> ServiceAccount:
        return cls(
            username=account.username,
            display_name=account.display_name,
            created_by=account.created_by,
            created_at=account.created_at,
            disabled_at=account.disabled_at,
            role=Role.INTEGRATION,
            id_=account.id,
            home_path=account.home_path,
        )


@strawberry.type(description="Service accounts (keyset-paginated by username).")
class ServiceAccountConnection(Counted):
    edges: list[Edge[ServiceAccount]]
    page_info: PageInfo


@strawberry.type(description="A new key. `secret` is shown this once: store it now.")
class ApiKeyCreated:
    secret: str = strawberry.field(
        description="`antq_<keyId>_<secret>`: send it as "
        "`Authorization: Bearer …` or `X-API-Key: …`."
    )
    key: ApiKey
    account: ServiceAccount
