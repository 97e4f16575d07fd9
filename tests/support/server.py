"""A real uvicorn server on a loopback port, in a thread, for tests that speak HTTP to the app."""

from __future__ import annotations

import socket
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import httpx
import uvicorn
from fastapi import FastAPI

from core.config import Settings


@dataclass
class LiveServer:
    app: FastAPI
    base_url: str
    _server: uvicorn.Server
    _thread: threading.Thread
    settings: Settings
    client: httpx.Client = field(init=False)

    def __post_init__(self) -> None:
        self.client = httpx.Client(base_url=self.base_url, timeout=60)

    def graphql(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        token: str | None = None,
        language: str | None = None,
        **extra: Any,
    ) -> dict[str, Any]:
        """`language`: an Accept-Language header (none: the app's default, Vietnamese)."""
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        if language is not None:
            headers["Accept-Language"] = language
        response = self.client.post(
            "/graphql",
            json={"query": query, "variables": variables or {}, **extra},
            headers=headers,
        )
        assert response.headers["content-type"].startswith("application/json"), response.text
        return response.json()

    def as_user(self, username: str) -> UserClient:
        from authz.tokens import mint_dev_token

        return UserClient(self, username, mint_dev_token(self.settings, username))

    def stop(self) -> None:
        self.client.close()
        self._server.should_exit = True
        self._thread.join(timeout=10)


@dataclass
class UserClient:
    """The same server, as one signed-in user."""

    server: LiveServer
    username: str
    token: str

    @property
    def app(self) -> FastAPI:
        return self.server.app

    def graphql(
        self, query: str, variables: dict[str, Any] | None = None, language: str | None = None
    ) -> dict[str, Any]:
        return self.server.graphql(query, variables, token=self.token, language=language)


def start_server(
    app: FastAPI, settings: Settings, *, log_level: str = "warning", own_logging: bool = False
) -> LiveServer:
    """`own_logging`: leave logging as the app configured it (no uvicorn dictConfig), as
    `antq serve` does, so a test can capture the access log through the root logger."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(
        app, log_level=log_level, lifespan="on", **({"log_config": None} if own_logging else {})
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("test server did not start")
        time.sleep(0.02)
    return LiveServer(
        app=app,
        base_url=f"http://127.0.0.1:{port}",
        _server=server,
        _thread=thread,
        settings=settings,
    )
