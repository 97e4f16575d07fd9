"""Service accounts and API keys: types, the `serviceAccounts` query and the mutations. Rules
live in services.service_accounts; resolvers only translate."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated

import strawberry
from sqlalchemy import RowMapping

from authz.roles import Role
from core.errors import AppError
from db.queries import service_accounts as q
from graph.context import Info
from graph.types.access import RoleEnum
from graph.types.errors import InvalidInput, NotAllowed, NotFoundError, as_user_error
from graph.types.unit import AdminUnit
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


@strawberry.input
class CreateServiceAccountInput:
    username: str = strawberry.field(
        description="Login, e.g. thanhhoa_dwh: lower-case letters, digits, `_`, `.`, `-`."
    )
    unit_code: str = strawberry.field(
        name="unit",
        description="Home unit (a province, district or commune "
        "where you may manage service accounts).",
    )
    display_name: str | None = None
    as_of: date | None = None


@strawberry.input
class CreateApiKeyInput:
    account: str = strawberry.field(description="The service account's username.")
    name: str = strawberry.field(default="", description="What the key is for, e.g. 'prod 2026'.")
    expires_at: datetime | None = strawberry.field(
        default=None,
        description="Optional; with a time zone. Without it the key lives until revoked.",
    )


@strawberry.type
class ServiceAccountQueries:
    @strawberry.field(
        description="Service accounts you may manage (admins), optionally under a unit."
    )
    async def service_accounts(
        self, info: Info, under: str | None = None
    ) -> list[ServiceAccount] | None:
        ctx = info.context
        rows = await service.accounts(ctx.db, ctx.authorizer, ctx.caller(), under_code=under)
        return [ServiceAccount.from_row(r) for r in rows]


@strawberry.type
class ServiceAccountMutations:
    @strawberry.mutation(
        description="Create an integration system's account at a unit where you "
        "may manage service accounts (province_admin: its province or below). "
        "It gets the integration role there, nothing else."
    )
    async def create_service_account(
        self, info: Info, input: CreateServiceAccountInput
    ) -> ServiceAccountResult:
        ctx = info.context
        try:
            row = await service.create_account(
                ctx.db,
                ctx.authorizer,
                ctx.caller(),
                username=input.username,
                display_name=input.display_name,
                unit_code=input.unit_code,
                as_of=input.as_of,
            )
        except AppError as error:
            return as_user_error(error)
        return ServiceAccount.from_row(row)

    @strawberry.mutation(
        description="Issue a key for a service account. Several keys can be "
        "active at once: issue a new one, deploy it, then revoke the old one."
    )
    async def create_api_key(self, info: Info, input: CreateApiKeyInput) -> CreateApiKeyResult:
        ctx = info.context
        try:
            issued = await service.create_key(
                ctx.db,
                ctx.authorizer,
                ctx.caller(),
                account=input.account,
                name=input.name,
                expires_at=input.expires_at,
                now=datetime.now(UTC),
            )
        except AppError as error:
            return as_user_error(error)
        return ApiKeyCreated(
            secret=issued.secret,
            key=ApiKey.from_row(issued.key),
            account=ServiceAccount.from_row(issued.account),
        )

    @strawberry.mutation(
        description="Disable an account: revoke all its keys and remove its "
        "role, on every API instance at once."
    )
    async def disable_service_account(self, info: Info, username: str) -> ServiceAccountResult:
        ctx = info.context
        try:
            row = await service.disable_account(
                ctx.db, ctx.authorizer, ctx.caller(), username=username
            )
        except AppError as error:
            return as_user_error(error)
        return ServiceAccount.from_row(row)

    @strawberry.mutation(description="Revoke a key; it fails on every API instance from now on.")
    async def revoke_api_key(self, info: Info, key_id: str) -> RevokeApiKeyResult:
        ctx = info.context
        try:
            key, _ = await service.revoke_key(ctx.db, ctx.authorizer, ctx.caller(), key_id=key_id)
        except AppError as error:
            return as_user_error(error)
        return ApiKey.from_row(key)
