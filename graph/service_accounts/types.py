"""Types of service accounts and their API keys."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

import strawberry
from sqlalchemy import RowMapping

from authz.roles import Role
from db.queries import service_accounts as q
from graph.access.types import RoleEnum
from graph.context import Info
from graph.types.errors import InvalidInput, NotAllowed, NotFoundError
from graph.units.types import AdminUnit


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
    def from_row(cls, row: RowMapping) -> ApiKey:
        return cls(
            key_id=row["key_id"],
            name=row["name"],
            created_at=row["created_at"],
            created_by=row["created_by"],
            expires_at=row["expires_at"],
            last_used_at=row["last_used_at"],
            revoked_at=row["revoked_at"],
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
        rows = await info.context.units.by_path.load(self.home_path)
        return AdminUnit.read(rows, None, info.context) if rows else None

    @strawberry.field(description="Its API keys, the oldest first (revoked ones included).")
    async def keys(self, info: Info) -> list[ApiKey]:
        return [ApiKey.from_row(r) for r in await q.keys_of(info.context.db, [self.id_])]

    @classmethod
    def from_row(cls, row: RowMapping) -> ServiceAccount:
        return cls(
            username=row["username"],
            display_name=row["display_name"],
            created_by=row["created_by"],
            created_at=row["created_at"],
            disabled_at=row["disabled_at"],
            role=Role.INTEGRATION.value,
            id_=row["id"],
            home_path=row["home_unit_path"],
        )


@strawberry.type(description="A new key. `secret` is shown this once: store it now.")
class ApiKeyCreated:
    secret: str = strawberry.field(
        description="`antq_<keyId>_<secret>`: send it as "
        "`Authorization: Bearer …` or `X-API-Key: …`."
    )
    key: ApiKey
    account: ServiceAccount


ServiceAccountResult = Annotated[
    ServiceAccount | InvalidInput | NotAllowed | NotFoundError,
    strawberry.union("ServiceAccountResult"),
]
CreateApiKeyResult = Annotated[
    ApiKeyCreated | InvalidInput | NotAllowed | NotFoundError,
    strawberry.union("CreateApiKeyResult"),
]
RevokeApiKeyResult = Annotated[
    ApiKey | InvalidInput | NotAllowed | NotFoundError, strawberry.union("RevokeApiKeyResult")
]
