"""Making change events through the API, and a graphql-transport-ws client for the tests."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

from websockets.sync.client import ClientConnection, connect

from tests.support.server import LiveServer, UserClient

TARGETS = """query($unit: String, $first: Int) {
  targets(filter: {unit: $unit, year: 2023}, asOf: "2023-03-20", first: $first) {
    edges { node { id version quantity { kind value } unit { code } } } } }"""
REPORT = """mutation($t: ID!, $v: Int!, $value: Float!) {
  reportProgress(input: {id: $t, version: $v, value: $value, note: "Đã triển khai",
                         evidence: [], reportedOn: "2023-03-15"}) {
    __typename ... on Target { id version } ... on UserError { code message } } }"""


def report_progress(client: UserClient, unit_code: str) -> dict[str, Any]:
    """Report progress on the first COUNT target of `unit_code` (2023); returns the target."""
    result = client.graphql(TARGETS, {"unit": unit_code, "first": 50})
    assert "errors" not in result, result
    target = next(
        e["node"]
        for e in result["data"]["targets"]["edges"]
        if e["node"]["quantity"]["kind"] == "COUNT"
    )
    reported = client.graphql(REPORT, {"t": target["id"], "v": target["version"], "value": 1})
    assert reported["data"]["reportProgress"]["__typename"] == "Target", reported
    return target


def wait_until(condition: Callable[[], bool], timeout: float = 20, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what or condition}")
        time.sleep(0.02)


class WsClient:
    """graphql-transport-ws over a real websocket, authenticated in connection_init."""

    def __init__(
        self,
        server: LiveServer,
        token: str | None,
        *,
        headers: dict[str, str] | None = None,
        init: dict[str, Any] | None = None,
    ) -> None:
        """`headers` go on the upgrade request, `init` into the connection_init payload."""
        url = server.base_url.replace("http://", "ws://") + "/graphql"
        self.conn: ClientConnection = connect(
            url,
            subprotocols=["graphql-transport-ws"],
            open_timeout=10,
            additional_headers=headers,
        )
        payload = {"Authorization": f"Bearer {token}"} if token else {}
        payload.update(init or {})
        self.send({"type": "connection_init", "payload": payload})

    def send(self, message: dict[str, Any]) -> None:
        self.conn.send(json.dumps(message))

    def receive(self, timeout: float = 20) -> dict[str, Any]:
        """The next message that is not a ping (answered) or pong."""
        while True:
            message = json.loads(self.conn.recv(timeout=timeout))
            if message["type"] == "ping":
                self.send({"type": "pong"})
                continue
            if message["type"] != "pong":
                return message

    def subscribe(self, op_id: str, query: str, variables: dict[str, Any] | None = None) -> None:
        self.send(
            {
                "id": op_id,
                "type": "subscribe",
                "payload": {"query": query, "variables": variables or {}},
            }
        )

    def close(self) -> None:
        self.conn.close()
