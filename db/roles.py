"""Database roles. The app connects as APP_ROLE: it owns nothing and cannot bypass row-level
security, so a query that forgets its tenant filter still sees nothing outside the caller's scope.
Migrations and seeding run as the owner (the DATABASE_URL user)."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

APP_ROLE = "antq_app"


async def enable_app_login(owner_conn: AsyncConnection, password: str) -> None:
    """Let APP_ROLE log in with `password` (created NOLOGIN by the first migration)."""
    quoted = password.replace("'", "''")
    await owner_conn.execute(text(f"ALTER ROLE {APP_ROLE} LOGIN PASSWORD '{quoted}'"))
