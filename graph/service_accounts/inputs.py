"""Inputs of the service-account mutations."""

from __future__ import annotations

from datetime import date, datetime

import strawberry


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
