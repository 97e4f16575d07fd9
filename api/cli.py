"""`antq`: serve, migrate, seed, export-schema (and, with authorization, token)."""

from __future__ import annotations

import logging
import os
import socket
from pathlib import Path

import typer

from core.config import PROJECT_ROOT, default_workers, get_settings

app = typer.Typer(help="ANTQ movement platform", no_args_is_help=True, add_completion=False)


def _logging() -> None:
    from api.console import configure_cli_logging

    configure_cli_logging(get_settings())


def _banner(host: str, port: int, demo: bool) -> list[str]:
    """The last lines before serving: where to go, and how to get a token for it."""
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    who = "./dev antq token thanhhoa_admin" if demo else "antq token <username>"
    return [
        f"GraphiQL: http://{shown}:{port}/graphql",
        f'A bearer token for it: {who}  (header {{"Authorization": "Bearer <token>"}})',
        "Stop with Ctrl-C.",
    ]


@app.command()
def serve(
    host: str = typer.Option(None, help="Bind address (default from ANTQ_HOST, 127.0.0.1)."),
    port: int = typer.Option(None, help="Port (default from ANTQ_PORT, 8000)."),
    seed: bool = typer.Option(
        None, help="Seed demo data when the database is empty (default from ANTQ_SEED_DEMO, on)."
    ),
    workers: int = typer.Option(
        None,
        min=1,
        help="Worker processes (default from ANTQ_WORKERS;"
        " else 1, or the CPU count with ANTQ_ENVIRONMENT=production).",
    ),
) -> None:
    """Migrate, seed demo data if the database is empty, and serve GraphQL at /graphql."""
    import time

    import uvicorn

    started = time.perf_counter()
    _logging()
    log = logging.getLogger("antq.serve")
    from api.app import create_app
    from api.bootstrap import prepare_database
    from db.urls import resolve_database_urls

    settings = get_settings()
    demo = settings.seed_demo if seed is None else seed
    urls = resolve_database_urls(settings)
    prepare_database(urls, settings, seed="if-empty" if demo else "never")
    bind_host, bind_port = host or settings.host, port or settings.port
    banner = _banner(bind_host, bind_port, demo)
    count = workers or default_workers(settings)
    if count > 1:
        # Each worker process builds its own app (and LISTEN connections) from the URLs resolved
        # here once (an embedded PostgreSQL is started by this, the supervising, process).
        os.environ.update(DATABASE_URL=urls.owner, APP_DATABASE_URL=urls.app)
        log.info("starting %d worker processes after %.1f s", count, time.perf_counter() - started)
        for line in banner:
            log.info(line)
        uvicorn.run(
            "api.app:create_worker_app",
            factory=True,
            workers=count,
            host=bind_host,
            port=bind_port,
            log_config=None,
        )
        return

    class Server(uvicorn.Server):
        """Prints the banner once the socket is bound and the app has started: the last lines
        a person sees before requests, not buried among start-up messages."""

        async def startup(self, sockets: list[socket.socket] | None = None) -> None:
            await super().startup(sockets)
            if self.started:
                log.info("serving after %.1f s", time.perf_counter() - started)
                for line in banner:
                    log.info(line)

    config = uvicorn.Config(
        create_app(settings, urls), host=bind_host, port=bind_port, log_config=None
    )
    Server(config).run()


@app.command()
def migrate(revision: str = typer.Argument("head")) -> None:
    """Apply Alembic migrations up to REVISION (head: the one-shot service before the API)."""
    from db import migrate as migrations
    from db.bootstrap import upgrade_with_progress
    from db.urls import resolve_database_urls

    _logging()
    owner = resolve_database_urls(get_settings()).owner
    if revision == "head":
        upgrade_with_progress(owner)
    else:
        migrations.upgrade(owner, revision)


@app.command()
def seed() -> None:
    """Migrate and (re)apply the demo seed; safe to repeat."""
    from api.bootstrap import prepare_database
    from db.urls import resolve_database_urls

    _logging()
    settings = get_settings()
    prepare_database(resolve_database_urls(settings), settings, seed="always")


@app.command()
def handover(
    last_day: str = typer.Argument(..., help="The ended units' last day, YYYY-MM-DD."),
) -> None:
    """Pass the open work of every unit whose last day is LAST_DAY to its successors (the rule
    is in the README, "The present"); idempotent. The demo seed runs it for 30/06/2025."""
    import asyncio
    from datetime import date

    from sqlalchemy.ext.asyncio import create_async_engine

    from db.urls import resolve_database_urls
    from services.handover import hand_over_ended_units

    try:
        day = date.fromisoformat(last_day)
    except ValueError:
        raise typer.BadParameter("LAST_DAY must be a date, YYYY-MM-DD.") from None

    async def run() -> dict[str, object]:
        engine = create_async_engine(resolve_database_urls(get_settings()).owner)
        try:
            async with engine.begin() as conn:
                return await hand_over_ended_units(conn, day)
        finally:
            await engine.dispose()

    _logging()
    typer.echo(asyncio.run(run()))


@app.command("export-schema")
def export_schema(
    output: Path = typer.Option(PROJECT_ROOT / "schema.graphql", help="Where to write SDL."),
    accept_breaking: str = typer.Option(
        "", help="Why: record this change's breaking changes as accepted and write anyway."
    ),
) -> None:
    """Write the GraphQL schema (SDL) to schema.graphql; refuses a change that can break
    clients unless it is acknowledged (graph/contract.py)."""
    from graph.contract import acknowledge, unacknowledged
    from graph.schema import schema

    if output.is_file():
        changes = unacknowledged(output.read_text(encoding="utf-8"), schema._schema)
        if changes and not accept_breaking:
            typer.echo(
                "Breaking changes not acknowledged (schema-accepted-breaking-changes.txt"
                "):\n  " + "\n  ".join(changes) + "\nRun again with "
                '--accept-breaking "<why>" if they are intended.',
                err=True,
            )
            raise typer.Exit(1)
        acknowledge(changes, accept_breaking)
    output.write_text(schema.as_str() + "\n", encoding="utf-8")
    typer.echo(f"wrote {output}")


@app.command("persist-queries")
def persist_queries(
    directory: Path = typer.Argument(..., help="Folder of *.graphql files (searched recursively)."),
) -> None:
    """Validate each document against the schema and add it to the persisted-query allow-list
    (table persisted_queries); prints a JSON manifest {file: sha256} for the front end."""
    import asyncio
    import json

    from db.session import create_engine
    from db.urls import resolve_database_urls
    from graph.schema import schema
    from services.persisted import check_document, read_documents, store_documents

    documents = read_documents(directory)
    if not documents:
        raise typer.BadParameter(f"no *.graphql files under {directory}")
    problems = {
        name: errors
        for name, doc in documents.values()
        if (errors := check_document(schema._schema, doc))
    }
    if problems:
        for name, errors in problems.items():
            typer.echo(f"{name}: {'; '.join(errors)}", err=True)
        raise typer.Exit(1)

    async def store() -> None:
        settings = get_settings()
        engine = create_engine(resolve_database_urls(settings).owner, settings)
        try:
            await store_documents(engine, documents)
        finally:
            await engine.dispose()

    asyncio.run(store())
    typer.echo(json.dumps({name: h for h, (name, _) in documents.items()}, indent=2))


@app.command()
def token(
    username: str = typer.Argument(..., help="e.g. thanhhoa_admin, hauloc_officer, bca_v05"),
    hours: float | None = typer.Option(
        None, help="Lifetime in hours (default and maximum: ANTQ_MAX_TOKEN_SECONDS)."
    ),
) -> None:
    """Print a development bearer token (HS256, ANTQ_JWT_SECRET) for USERNAME."""
    from authz.tokens import mint_dev_token

    settings = get_settings()
    if settings.jwks_url:
        raise typer.BadParameter("tokens come from the identity provider when ANTQ_JWKS_URL is set")
    typer.echo(mint_dev_token(settings, username, hours))


users_app = typer.Typer(
    help="People: the first administrator of a fresh deployment.", no_args_is_help=True
)
app.add_typer(users_app, name="users")


@users_app.command("create-admin")
def create_admin(
    username: str = typer.Option(..., help="Sign-in name (the identity provider's username)."),
    unit: str = typer.Option(..., help="Code of the province, e.g. 38 (Thanh Hóa)."),
    display_name: str = typer.Option(None, help='Shown name, e.g. "Công an tỉnh Thanh Hóa".'),
) -> None:
    """Make USERNAME province_admin of the province UNIT (created when new; safe to repeat).
    Everyone else is then invited or granted by administrators through the API."""
    import asyncio
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from core.errors import BadInput
    from db.urls import resolve_database_urls
    from services.people import create_admin as create

    settings = get_settings()
    day = datetime.now(ZoneInfo(settings.timezone)).date()
    try:
        path = asyncio.run(
            create(
                resolve_database_urls(settings).owner,
                username=username,
                unit_code=unit,
                display_name=display_name,
                day=day,
            )
        )
    except BadInput as error:
        raise typer.BadParameter(error.message) from None
    typer.echo(f"{username} is province_admin at {unit} ({path}).")
    if settings.jwks_url:
        typer.echo(f"Sign in at your identity provider as {username!r}; its token is accepted.")
    else:
        typer.echo(
            f"Get a token: antq token {username}   (docker compose: docker compose run "
            f"--rm api antq token {username}; development: ./dev antq token {username})"
        )


if __name__ == "__main__":
    app()
