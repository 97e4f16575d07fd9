"""Optimistic concurrency: a client sends back the `version` it read; a stale write is refused
with the current version instead of silently overwriting someone else's change."""

from __future__ import annotations

from core.errors import Conflict


def check_version(expected: int, current: int, what: str) -> None:
    if expected != current:
        raise Conflict(
            f"{what} was changed by someone else (you have version {expected}, "
            f"the current one is {current}); reload and apply your change again.",
            current_version=current,
        )
