"""Errors a client can act on. Each carries a stable `code`; graphql-core copies `extensions`
into the GraphQL error, and everything that is not an AppError is masked before it leaves.

The message is a `core.i18n.Message` (or a plain str, shown as it is): it renders in the locale
current where it is read, so the edge (api/) shows it in the request's language. `code` and the
machine details never change with the language."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from core.i18n import Message, render

F = TypeVar("F", bound=Callable[..., Any])


class AppError(Exception):
    code = "APP_ERROR"

    def __init__(self, message: Message | str, **details: Any) -> None:
        super().__init__(message)
        self.raw_message = message
        self.details = details

    @property
    def message(self) -> str:
        """The text in the current locale."""
        return self.message_in(None)

    def message_in(self, locale: str | None) -> str:
        return (
            self.raw_message.render(locale)
            if isinstance(self.raw_message, Message)
            else self.raw_message
        )

    def __str__(self) -> str:
        return self.message

    @property
    def extensions(self) -> dict[str, Any]:
        return self.extensions_in(None)

    def extensions_in(self, locale: str | None) -> dict[str, Any]:
        return {"code": self.code, **render(self.details, locale)}


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
    deadline: the rule's wording and the plan that set it). Reasons may be Messages too."""

    code = "TRANSITION_REFUSED"

    def __init__(
        self,
        message: Message | str,
        *,
        code: str = "TRANSITION_REFUSED",
        reasons: Sequence[Message | str] = (),
    ) -> None:
        super().__init__(message, reasons=list(reasons))
        self.code = code
        self._reasons = list(reasons)

    @property
    def reasons(self) -> list[str]:
        return [str(r) for r in self._reasons]


ERRORS_ATTRIBUTE = "__raises__"


def raises(*errors: type[AppError]) -> Callable[[F], F]:
    """Declare the client errors a service function raises. The GraphQL door builds each
    mutation's result union from this declaration, so the schema lists exactly what the service
    can answer and the two cannot drift; an undeclared AppError reaches the client as a
    top-level error with its code instead of a union member."""

    def mark(fn: F) -> F:
        setattr(fn, ERRORS_ATTRIBUTE, tuple(dict.fromkeys(errors)))
        return fn

    return mark


def declared_errors(fn: Callable[..., Any]) -> tuple[type[AppError], ...]:
    """What `raises` recorded on a service function (empty when it declares nothing)."""
    return tuple(getattr(fn, ERRORS_ATTRIBUTE, ()))
