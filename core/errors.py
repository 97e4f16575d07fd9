"""Errors a client can act on. Each carries a stable `code`; graphql-core copies `extensions`
into the GraphQL error, and everything that is not an AppError is masked before it leaves."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


class AppError(Exception):
    code = "APP_ERROR"

    def __init__(self, message: str, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        self.details = details

    @property
    def extensions(self) -> dict[str, Any]:
        return {"code": self.code, **self.details}


class BadInput(AppError):
    code = "BAD_USER_INPUT"


class NotFound(AppError):
    """Also what a caller gets for objects outside their scope: existence is not disclosed."""

    code = "NOT_FOUND"


class Unauthenticated(AppError):
    code = "UNAUTHENTICATED"


class Forbidden(AppError):
    code = "FORBIDDEN"


class Conflict(AppError):
    code = "CONFLICT"


class TransitionRefused(AppError):
    """A step the rules do not allow now; `reasons` lists every unmet condition (for a passed
    deadline: the rule's wording and the plan that set it)."""

    code = "TRANSITION_REFUSED"

    def __init__(
        self, message: str, *, code: str = "TRANSITION_REFUSED", reasons: Sequence[str] = ()
    ) -> None:
        super().__init__(message, reasons=list(reasons))
        self.code = code
        self.reasons = list(reasons)
