"""Mutations of service accounts and API keys. Rules live in services.service_accounts;
resolvers only translate."""

from __future__ import annotations

from datetime import UTC, datetime

import strawberry

from core.errors import AppError
from graph.context import Info
from graph.service_accounts.inputs import CreateApiKeyInput, CreateServiceAccountInput
from graph.service_accounts.types import (
    ApiKey,
    ApiKeyCreated,
    CreateApiKeyResult,
    RevokeApiKeyResult,
    ServiceAccount,
    ServiceAccountResult,
)
from graph.types.errors import as_user_error
from services import service_accounts as service


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
            created = await service.create_account(
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
        return ServiceAccount.from_result(created)

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
            key=ApiKey.from_result(issued.key),
            account=ServiceAccount.from_result(issued.account),
        )

    @strawberry.mutation(
        description="Disable an account: revoke all its keys and remove its "
        "role, on every API instance at once."
    )
    async def disable_service_account(self, info: Info, username: str) -> ServiceAccountResult:
        ctx = info.context
        try:
            disabled = await service.disable_account(
                ctx.db, ctx.authorizer, ctx.caller(), username=username
            )
        except AppError as error:
            return as_user_error(error)
        return ServiceAccount.from_result(disabled)

    @strawberry.mutation(description="Revoke a key; it fails on every API instance from now on.")
    async def revoke_api_key(self, info: Info, key_id: str) -> RevokeApiKeyResult:
        ctx = info.context
        try:
            key, _ = await service.revoke_key(ctx.db, ctx.authorizer, ctx.caller(), key_id=key_id)
        except AppError as error:
            return as_user_error(error)
        return ApiKey.from_result(key)
