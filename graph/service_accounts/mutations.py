"""Mutations of service accounts and API keys, through the one door (graph/door.py). Rules live
in services.service_accounts; the bodies only translate."""

from __future__ import annotations

from datetime import UTC, datetime

import strawberry

from graph import door
from graph.door import Call
from graph.service_accounts.inputs import CreateApiKeyInput, CreateServiceAccountInput
from graph.service_accounts.types import ApiKey, ApiKeyCreated, ServiceAccount
from services import service_accounts as service


@strawberry.type
class ServiceAccountMutations:
    @door.mutation(
        service=service.create_account,
        returns=ServiceAccount,
        description="Create an integration system's account at a unit where you "
        "may manage service accounts (province_admin: its province or below). "
        "It gets the integration role there, nothing else.",
    )
    async def create_service_account(
        call: Call, input: CreateServiceAccountInput
    ) -> ServiceAccount:
        created = await service.create_account(
            call.db,
            call.authorizer,
            call.principal,
            username=input.username,
            display_name=input.display_name,
            unit_code=input.unit_code,
            as_of=input.as_of,
        )
        return ServiceAccount.from_result(created)

    @door.mutation(
        service=service.create_key,
        returns=ApiKeyCreated,
        description="Issue a key for a service account. Several keys can be "
        "active at once: issue a new one, deploy it, then revoke the old one.",
    )
    async def create_api_key(call: Call, input: CreateApiKeyInput) -> ApiKeyCreated:
        issued = await service.create_key(
            call.db,
            call.authorizer,
            call.principal,
            account=input.account,
            name=input.name,
            expires_at=input.expires_at,
            now=datetime.now(UTC),
        )
        return ApiKeyCreated(
            secret=issued.secret,
            key=ApiKey.from_result(issued.key),
            account=ServiceAccount.from_result(issued.account),
        )

    @door.mutation(
        service=service.disable_account,
        returns=ServiceAccount,
        description="Disable an account: revoke all its keys and remove its "
        "role, on every API instance at once.",
    )
    async def disable_service_account(call: Call, username: str) -> ServiceAccount:
        disabled = await service.disable_account(
            call.db, call.authorizer, call.principal, username=username
        )
        return ServiceAccount.from_result(disabled)

    @door.mutation(
        service=service.revoke_key,
        returns=ApiKey,
        description="Revoke a key; it fails on every API instance from now on.",
    )
    async def revoke_api_key(call: Call, key_id: str) -> ApiKey:
        key, _ = await service.revoke_key(call.db, call.authorizer, call.principal, key_id=key_id)
        return ApiKey.from_result(key)
