"""Optimistic concurrency: a client sends back the `version` it read; a stale write is refused
with the current version instead of silently overwriting someone else's change."""

from __future__ import annotations

from core.errors import Conflict
from core.i18n import msg


def check_version(expected: int, current: int, what: str) -> None:
    if expected != current:
        raise Conflict(
            msg(
                "{what} was changed by someone else (you have version {expected}, the current "
                "one is {current}); reload and apply your change again.",
                what=what,
                expected=expected,
                current=current,
            ),
            current_version=current,
        )
