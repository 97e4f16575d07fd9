"""`antq`: serve, migrate, seed, export-schema (and, with authorization, token)."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import typer

from api.settings import PROJECT_ROOT, default_workers, get_settings

app = typer.Typer(help="ANTQ movement platform", no_args_is_help=True, add_completion=False)


def _logging() -> None:
    from api.observability import configure_logging

    configure_logging(logging.INFO, json=get_settings().log_json)


@app.command()
def serve(
    host: str = typer.Option(None, help="Bind address (default from ANTQ_HOST, 127.0.0.1)."),
    port: int = typer.Option(None, help="Port (default from ANTQ_PORT, 8000)."),
    seed: bool = typer.Option(True, help="Seed demo data when the database is empty."),
    workers: int = typer.Option(None, min=1, help="Worker processes (default from ANTQ_WORKERS;"
                                " else 1, or the CPU count with ANTQ_ENVIRONMENT=production)."),
) -> None:
    """Migrate, seed demo data if the database is empty, and serve GraphQL at /graphql."""
    import uvicorn

    from api.app import create_app
    from db.bootstrap import prepare_database
    from db.urls import resolve_database_urls

    _logging()
    settings = get_settings()
    urls = resolve_database_urls(settings)
    prepare_database(urls, settings, seed="if-empty" if seed else "never")
    bind_host, bind_port = host or settings.host, port or settings.port
    typer.echo(f"GraphiQL: http://{bind_host}:{bind_port}/graphql")
    count = workers or default_workers(settings)
    if count == 1:
        uvicorn.run(create_app(settings, urls), host=bind_host, port=bind_port, log_config=None)
        return
    # Each worker process builds its own app (and LISTEN connections) from the URLs resolved here
    # once (an embedded PostgreSQL is started by this, the supervising, process).
    os.environ.update(DATABASE_URL=urls.owner, APP_DATABASE_URL=urls.app)
    uvicorn.run("api.app:create_worker_app", factory=True, workers=count, host=bind_host,
                port=bind_port, log_config=None)


@app.command()
def migrate(revision: str = typer.Argument("head")) -> None:
    """Apply Alembic migrations up to REVISION."""
    from db import migrate as migrations
    from db.urls import resolve_database_urls

    _logging()
    migrations.upgrade(resolve_database_urls(get_settings()).owner, revision)


@app.command()
def seed() -> None:
    """Migrate and (re)apply the demo seed; safe to repeat."""
    from db.bootstrap import prepare_database
    from db.urls import resolve_database_urls

    _logging()
    settings = get_settings()
    prepare_database(resolve_database_urls(settings), settings, seed="always")


@app.command("export-schema")
def export_schema(
    output: Path = typer.Option(PROJECT_ROOT / "schema.graphql", help="Where to write SDL."),
) -> None:
    """Write the GraphQL schema (SDL) to schema.graphql."""
    from graph.schema import schema

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

    from db.urls import resolve_database_urls
    from graph.persisted import check_document, read_documents, store_documents
    from graph.schema import schema

    documents = read_documents(directory)
    if not documents:
        raise typer.BadParameter(f"no *.graphql files under {directory}")
    problems = {name: errors for name, doc in documents.values()
                if (errors := check_document(schema._schema, doc))}
    if problems:
        for name, errors in problems.items():
            typer.echo(f"{name}: {'; '.join(errors)}", err=True)
        raise typer.Exit(1)

    asyncio.run(store_documents(resolve_database_urls(get_settings()).owner, documents))
    typer.echo(json.dumps({name: h for h, (name, _) in documents.items()}, indent=2))


@app.command()
def token(
    username: str = typer.Argument(..., help="e.g. thanhhoa_admin, hauloc_officer, bca_v05"),
    hours: float = typer.Option(12, help="Lifetime in hours."),
) -> None:
    """Print a development bearer token (HS256, ANTQ_JWT_SECRET) for USERNAME."""
    from authz.tokens import mint_dev_token

    settings = get_settings()
    if settings.jwks_url:
        raise typer.BadParameter("tokens come from the identity provider when ANTQ_JWKS_URL is set")
    typer.echo(mint_dev_token(settings, username, hours))


if __name__ == "__main__":
    app()
