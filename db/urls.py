"""Which database URLs the process uses: the owner's (migrations, seeding) and the app role's."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import URL, make_url

from core.config import Settings
from db.embedded import start_embedded_postgres
from db.roles import APP_ROLE


@dataclass(frozen=True, slots=True)
class DatabaseUrls:
    owner: str
    app: str

    def for_database(self, name: str) -> DatabaseUrls:
        """The same server and roles, another database (tests clone one per test)."""
        return DatabaseUrls(
            owner=make_url(self.owner).set(database=name).render_as_string(hide_password=False),
            app=make_url(self.app).set(database=name).render_as_string(hide_password=False),
        )


def asyncpg_url(url: str) -> URL:
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres", "postgresql+psycopg", "postgresql+psycopg2"):
        parsed = parsed.set(drivername="postgresql+asyncpg")
    return parsed


def resolve_database_urls(settings: Settings) -> DatabaseUrls:
    """`DATABASE_URL` when set, otherwise a private embedded PostgreSQL (started here)."""
    owner = settings.database_url
    if not owner:
        owner = start_embedded_postgres(settings.embedded_pg_dir, settings.embedded_db_name)
    owner_url = asyncpg_url(owner)
    if settings.app_database_url:
        app_url = asyncpg_url(settings.app_database_url)
    else:
        app_url = owner_url.set(username=APP_ROLE, password=settings.app_db_password)
    return DatabaseUrls(
        owner=owner_url.render_as_string(hide_password=False),
        app=app_url.render_as_string(hide_password=False),
    )
