"""`./dev bench startup`: the first ten minutes of a new user, measured.

From a fresh clone of this repository's HEAD in a temporary folder (no `.venv`, no `.tools`, no
database; packages come from the machine's warm uv cache, as on a developer's machine after any
earlier install): `./dev serve` until the first GraphQL answer (dependency install, database
init, migrations, demo seed, start), the demo seed's own time, then warm starts (the same clone
again: to the first answer). The machine's load (`uptime`) is recorded before and after, because
on a shared 2-core machine it decides most of the spread. Writes bench/out/startup.json.

Goals (issue 11): demo seed <= 30 s, first answer of a fresh clone <= 3 min, warm start <= 5 s.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from core.config import PROJECT_ROOT, Settings

QUERY = "{ units(filter: {kind: PROVINCE}) { totalCount } }"
GOALS = {"demo_seed_s": 30.0, "fresh_first_answer_s": 180.0, "warm_start_s": 5.0}


def _uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _env(port: int) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("ANTQ_")
        and k not in ("DATABASE_URL", "APP_DATABASE_URL", "VIRTUAL_ENV")
    }
    env.update(ANTQ_PORT=str(port), ANTQ_LOG_JSON="true")
    return env


def _first_answer(
    clone: Path, port: int, token: str, timeout: float
) -> tuple[float, list[str], subprocess.Popen]:
    """Start ./dev serve in `clone`; seconds until a GraphQL query is answered with data."""
    with tempfile.TemporaryFile("w+") as log:
        started = time.perf_counter()
        proc = subprocess.Popen(
            ["./dev", "serve"],
            cwd=clone,
            env=_env(port),
            text=True,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        deadline = started + timeout
        while True:
            if proc.poll() is not None:
                log.seek(0)
                raise SystemExit(f"serve exited with {proc.returncode}:\n{log.read()}")
            try:
                response = httpx.post(
                    f"http://127.0.0.1:{port}/graphql",
                    json={"query": QUERY},
                    headers={"Authorization": f"Bearer {token}"},
                    timeout=5,
                )
                if response.status_code == 200 and response.json().get("data"):
                    elapsed = time.perf_counter() - started
                    break
            except (httpx.TransportError, ValueError):
                pass
            if time.perf_counter() > deadline:
                proc.kill()
                raise SystemExit(f"no answer after {timeout:.0f} s")
            time.sleep(0.1)
        log.seek(0)
        return elapsed, log.read().splitlines(), proc


def _stop(proc: subprocess.Popen) -> float:
    """SIGTERM, wait; returns the CPU seconds the serve process used (user + system, with the
    children it waited for, like uv): unlike wall time, this hardly depends on the machine's
    load. The embedded server's own CPU is not in it (pg_ctl detaches it)."""
    proc.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + 60
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            proc.returncode = os.waitstatus_to_exitcode(status)
            return round(usage.ru_utime + usage.ru_stime, 1)
        if time.monotonic() > deadline:
            proc.kill()
        time.sleep(0.1)


def _logged_seconds(lines: list[str], prefix: str) -> float | None:
    """Seconds from a progress line such as `seed: done in 12.2 s`."""
    for line in lines:
        try:
            message = json.loads(line)["message"]
        except (ValueError, KeyError, TypeError):
            message = line
        if isinstance(message, str) and message.startswith(prefix):
            return float(message[len(prefix) :].split()[0])
    return None


def measure(*, warm_runs: int, keep: bool) -> dict[str, Any]:
    from authz.tokens import mint_dev_token

    token = mint_dev_token(Settings(), "bca_v05")
    work = Path(tempfile.mkdtemp(prefix="antq-startup-"))
    clone = work / "antq"
    result: dict[str, Any] = {
        "uptime_before": _uptime(),
        "commit": subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
        ).stdout.strip(),
    }
    try:
        subprocess.run(
            ["git", "clone", "--quiet", "--no-hardlinks", str(PROJECT_ROOT), str(clone)], check=True
        )
        port = _free_port()
        print(f"fresh clone in {clone}: ./dev serve until the first answer ...", flush=True)
        seconds, lines, proc = _first_answer(clone, port, token, timeout=900)
        result["fresh_cpu_s"] = _stop(proc)
        result["fresh_first_answer_s"] = round(seconds, 1)
        result["dependency_install_s"] = _logged_seconds(
            [line.removeprefix("dev: ") for line in lines], "dependencies installed in"
        )
        result["demo_seed_s"] = _logged_seconds(lines, "seed: done in")
        result["migrations_s"] = _logged_seconds(lines, "migrations: done in")
        print(
            f"  first answer after {seconds:.1f} s, {result['fresh_cpu_s']} s CPU (dependencies "
            f"{result['dependency_install_s']} s, seed {result['demo_seed_s']} s)",
            flush=True,
        )
        warm, cpu = [], []
        for i in range(warm_runs):
            seconds, lines, proc = _first_answer(clone, port, token, timeout=300)
            cpu.append(_stop(proc))
            warm.append(round(seconds, 1))
            print(f"  warm start {i + 1}: {seconds:.1f} s ({cpu[-1]} s CPU)", flush=True)
        result["warm_starts_s"] = warm
        result["warm_cpu_s"] = cpu
        result["warm_start_s"] = statistics.median(warm) if warm else None
    finally:
        result["uptime_after"] = _uptime()
        if keep:
            print(f"kept {clone}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    result["goals"] = {
        name: {
            "goal": goal,
            "value": result.get(name),
            "met": result.get(name) is not None and result[name] <= goal,
        }
        for name, goal in GOALS.items()
    }
    return result


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(
        prog="./dev bench startup",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--warm", type=int, default=3, help="warm starts to measure (median)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary clone")
    args = parser.parse_args(argv)
    result = measure(warm_runs=args.warm, keep=args.keep)
    out = PROJECT_ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / "startup.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
