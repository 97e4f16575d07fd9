"""Fixtures: a real PostgreSQL (DATABASE_URL, else embedded), a migrated + seeded template
database, clones of it for tests that write, and the real app served over loopback HTTP."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from api.settings import PROJECT_ROOT, Settings
from db.urls import DatabaseUrls
from seeds.paths import seed_dir
from tests.support.databases import clone_name, drop_database, recreate_database
from tests.support.server import LiveServer, UserClient, start_server

TEMPLATE = "antq_test_template"


def pytest_report_header() -> str:
    return f"seed documents: {seed_dir()}"


@pytest.fixture(scope="session")
def settings() -> Settings:
    # The per-person budget is on by default; the suite's shared servers serve thousands of
    # requests per demo user (fuzzing, load), so they get a large one. tests/api/test_query_cost.py
    # starts servers with the default budget to test it.
    return Settings(
        environment="test",
        embedded_pg_dir=PROJECT_ROOT / ".antq" / "test-pgdata",
        embedded_db_name="postgres",
        user_rate_per_minute=100_000_000,
    )


@pytest.fixture(scope="session")
def server_urls(settings: Settings) -> DatabaseUrls:
    """The server: DATABASE_URL's, or a private embedded one that lives for this test run."""
    from db.urls import resolve_database_urls

    return resolve_database_urls(settings)


@pytest.fixture(scope="session")
def template_urls(server_urls: DatabaseUrls, settings: Settings) -> DatabaseUrls:
    from db.bootstrap import prepare_database

    urls = recreate_database(server_urls, TEMPLATE)
    prepare_database(urls, settings, seed="always")
    return urls


@pytest.fixture
def fresh_db(template_urls: DatabaseUrls, server_urls: DatabaseUrls) -> Iterator[DatabaseUrls]:
    """A private copy of the seeded template; changes die with the test."""
    name = clone_name()
    yield recreate_database(server_urls, name, TEMPLATE)
    drop_database(server_urls, name)


def _serve(urls: DatabaseUrls, settings: Settings) -> LiveServer:
    from api.app import create_app

    return start_server(create_app(settings, urls), settings)


@pytest.fixture(scope="session")
def shared_db(template_urls: DatabaseUrls, server_urls: DatabaseUrls) -> Iterator[DatabaseUrls]:
    """One clone for read-only tests, so they need not pay for a clone each."""
    name = clone_name("antq_shared")
    yield recreate_database(server_urls, name, TEMPLATE)
    drop_database(server_urls, name)


@pytest.fixture(scope="session")
def api(shared_db: DatabaseUrls, settings: Settings) -> Iterator[LiveServer]:
    """The app over HTTP on the shared read-only database."""
    server = _serve(shared_db, settings)
    yield server
    server.stop()


@pytest.fixture
def fresh_api(fresh_db: DatabaseUrls, settings: Settings) -> Iterator[LiveServer]:
    """The app over HTTP on a private database, for tests that write."""
    server = _serve(fresh_db, settings)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    """A private redis-server on a free loopback port, for the shared rate limits."""
    from tests.support.redis_server import redis_server

    with redis_server() as url:
        yield url


@pytest.fixture(scope="session")
def ministry(api: LiveServer) -> UserClient:
    """A national read-only viewer: sees the whole hierarchy."""
    return api.as_user("bca_v05")


