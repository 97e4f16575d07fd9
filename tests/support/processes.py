"""API servers as separate operating-system processes (uvicorn), for the several-instances
tests: each has its own connection pools, LISTEN connections, policy snapshot, change feed,
webhook dispatcher and rate-limit client, exactly as two deployed instances would."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from typing import Any

import httpx

from core.config import PROJECT_ROOT, Settings
from db.urls import DatabaseUrls


@dataclass
class ApiProcess:
    base_url: str
    process: subprocess.Popen[bytes]
    settings: Settings
    client: httpx.Client = field(init=False)

    def __post_init__(self) -> None:
        self.client = httpx.Client(base_url=self.base_url, timeout=60)

    def graphql(
        self, query: str, variables: dict[str, Any] | None = None, token: str | None = None
    ) -> dict[str, Any]:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        response = self.client.post(
            "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
        )
        return response.json()

    def as_user(self, username: str) -> ProcessUser:
        from authz.tokens import mint_dev_token

        return ProcessUser(self, username, mint_dev_token(self.settings, username))

    def stop(self) -> None:
        self.client.close()
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@dataclass
class ProcessUser:
    server: ApiProcess
    username: str
    token: str

    def graphql(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        return self.server.graphql(query, variables, token=self.token)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_api_processes(
    urls: DatabaseUrls, settings: Settings, env: dict[str, str], count: int = 2
) -> list[ApiProcess]:
    """`uvicorn --factory api.app:create_app` on free loopback ports, configured only through
    the environment (as a deployment is); started together (importing the app takes a while on
    a busy machine), returned once every /healthz answers."""
    environment = {
        **os.environ,
        "DATABASE_URL": urls.owner,
        "APP_DATABASE_URL": urls.app,
        "ANTQ_ENVIRONMENT": "test",
        "ANTQ_LOG_JSON": "false",
        **env,
    }
    started: list[ApiProcess] = []
    for _ in range(count):
        port = _free_port()
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "api.app:create_app",
                "--factory",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--log-level",
                "warning",
            ],
            cwd=PROJECT_ROOT,
            env=environment,
            stdin=subprocess.DEVNULL,
        )
        started.append(
            ApiProcess(base_url=f"http://127.0.0.1:{port}", process=process, settings=settings)
        )
    deadline = time.monotonic() + 180
    try:
        for api in started:
            while True:
                if api.process.poll() is not None:
                    raise RuntimeError(f"API process exited with {api.process.returncode}")
                try:
                    if httpx.get(f"{api.base_url}/healthz", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError("API process did not start")
                time.sleep(0.1)
    except BaseException:
        for api in started:
            api.stop()
        raise
    return started
