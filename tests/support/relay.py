"""Reading Relay connections in tests."""

from __future__ import annotations

from typing import Any


def nodes(connection: dict[str, Any]) -> list[dict[str, Any]]:
    """The nodes of a connection's page, in order."""
    return [edge["node"] for edge in connection["edges"]]


def endpoints(result: dict[str, Any]) -> list[dict[str, Any]]:
    """`webhooks` of a response as a list, each endpoint's `deliveries` as a list too."""
    return [
        {**h, "deliveries": nodes(h["deliveries"])} if "deliveries" in h else h
        for h in nodes(result["data"]["webhooks"])
    ]
