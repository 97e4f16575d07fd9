"""Fixtures: a real PostgreSQL (DATABASE_URL, else embedded), a migrated + seeded template
database, clones of it for tests that write, and the real app served over loopback HTTP."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator

import pytest

from core.config import PROJECT_ROOT, Settings
from db.urls import DatabaseUrls
from seeds.paths import seed_dir
from tests.support.databases import clone_name, drop_database, recreate_database
from tests.support.server import LiveServer, UserClient, start_server
from tests.support.template import (
    Template,
    drop_orphan_clones,
    ensure_template,
    fingerprint,
    template_inputs,
)

TEMPLATE = "antq_test_template"
# The template is built before the first test, under this budget of its own: pytest-timeout's
# per-test limit is for tests, and a first test must not fail for the seed's time (or hide why).
TEMPLATE_BUDGET_SECONDS = 900

_state: dict[str, object] = {}


def pytest_report_header() -> str:
    return f"seed documents: {seed_dir()}"


def make_test_settings() -> Settings:
    # The per-person budget is on by default; the suite's shared servers serve thousands of
    # requests per demo user (fuzzing, load), so they get a large one. tests/api/test_query_cost.py
    # starts servers with the default budget to test it.
    return Settings(
        environment="test",
        embedded_pg_dir=PROJECT_ROOT / ".antq" / "test-pgdata",
        embedded_db_name="postgres",
        metrics_enabled=True,  # off by default; tests read the counters
        # The suite's demo people act in the pre-2025 units the history tests are about (Hậu
        # Lộc, Phú Lộc…, ended 30/06/2025). tests/api/test_people.py serves the default (roles
        # end with their units) and tests that rule.
        roles_end_with_units=False,
        user_rate_per_minute=100_000_000,
    )


def _server() -> DatabaseUrls:
    """The server: DATABASE_URL's, or a private embedded one (kept in .antq/test-pgdata, so the
    template database survives the run; stopped when the run ends)."""
    if "server" not in _state:
        from db.urls import resolve_database_urls

        settings = make_test_settings()
        _state["server"] = resolve_database_urls(settings)
        if not settings.database_url:
            drop_orphan_clones(_state["server"])  # type: ignore[arg-type]
    return _state["server"]  # type: ignore[return-value]


class TemplateTimeout(Exception):
    pass


def _template() -> Template:
    """Migrated + seeded once per run, and reused across runs while its fingerprint holds."""
    if "template" not in _state:
        from api.bootstrap import prepare_database

        settings = make_test_settings()

        def expired(signum: int, frame: object) -> None:
            raise TemplateTimeout(
                f"the template database was not ready after "
                f"{TEMPLATE_BUDGET_SECONDS} s (migrations + demo seed)"
            )

        alarm = hasattr(signal, "SIGALRM") and threading.current_thread() is threading.main_thread()
        if alarm:
            previous = signal.signal(signal.SIGALRM, expired)
            signal.alarm(TEMPLATE_BUDGET_SECONDS)
        try:
            _state["template"] = ensure_template(
                _server(),
                TEMPLATE,
                fingerprint(template_inputs()),
                lambda urls: prepare_database(urls, settings, seed="always"),
            )
        finally:
            if alarm:
                signal.alarm(0)
                signal.signal(signal.SIGALRM, previous)
    return _state["template"]  # type: ignore[return-value]


def pytest_configure(config: pytest.Config) -> None:
    # SIGTERM ends the run like Ctrl-C (session teardown, then atexit stops the embedded server);
    # its default action would kill the process and leave the server running.
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, signal.default_int_handler)
    if getattr(config.option, "numprocesses", None) and not hasattr(config, "workerinput"):
        # pytest-xdist's controller: start the embedded server and build (or reuse) the template
        # once, before the workers start, so they neither initialise one data directory at the
        # same time nor wait on each other's seed. The controller outlives the workers, so the
        # embedded server stops with it, after them.
        _template()


def pytest_collection_finish(session: pytest.Session) -> None:
    """Build (or reuse) the template now, before any test's timer starts, if a selected test
    needs it."""
    if session.config.option.collectonly:
        return
    if not any("template" in getattr(item, "fixturenames", ()) for item in session.items):
        return
    template = _template()
    how = "reused" if template.reused else "built"
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line(
            f"template database {TEMPLATE}: {how} in {template.seconds:.1f} s "
            f"(inputs {template.fingerprint})"
        )


@pytest.fixture(scope="session")
def settings() -> Settings:
    return make_test_settings()


@pytest.fixture(scope="session")
def server_urls() -> DatabaseUrls:
    return _server()


@pytest.fixture(scope="session")
def template(server_urls: DatabaseUrls) -> Template:
    return _template()


@pytest.fixture(scope="session")
def template_urls(template: Template) -> DatabaseUrls:
    return template.urls


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
