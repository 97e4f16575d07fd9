"""The Relay `Node` interface and the registry `node(id)` dispatches through."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import strawberry


@strawberry.interface(description="An object with a global ID, fetchable with `node(id:)`.")
class Node:
    id: strawberry.ID


NodeFetcher = Callable[[Any, int], Awaitable[Any | None]]
NODE_FETCHERS: dict[str, NodeFetcher] = {}


def register_node(type_name: str, fetch: NodeFetcher) -> None:
    NODE_FETCHERS[type_name] = fetch
