"""Mutation results are unions of a success type and these errors, so clients handle expected
failures as data (and nothing is written when one is returned)."""

from __future__ import annotations

import enum
import logging

import strawberry

from core.errors import AppError, BadInput, Conflict, Forbidden, NotFound, TransitionRefused


@strawberry.enum(name="UserErrorCode", description="Every code a mutation's error type carries.")
class UserErrorCode(enum.StrEnum):
    """A str enum, so a service error's plain code string serializes as its value."""

    BAD_USER_INPUT = "BAD_USER_INPUT"
    FORBIDDEN = "FORBIDDEN"
    NOT_FOUND = "NOT_FOUND"
    CONFLICT = "CONFLICT"
    TRANSITION_REFUSED = "TRANSITION_REFUSED"
    DEADLINE_PASSED = "DEADLINE_PASSED"
    NOT_ELIGIBLE = "NOT_ELIGIBLE"
    ALREADY_REGISTERED = "ALREADY_REGISTERED"
    NO_CRITERIA_SET = "NO_CRITERIA_SET"
    ILLEGAL_TRANSITION = "ILLEGAL_TRANSITION"
    NOT_EDITABLE = "NOT_EDITABLE"
    RESULTS_INCOMPLETE = "RESULTS_INCOMPLETE"
    DOSSIER_INCOMPLETE = "DOSSIER_INCOMPLETE"
    CRITERIA_NOT_MET = "CRITERIA_NOT_MET"
    HANDED_OVER = "HANDED_OVER"
    NO_SCORING_TABLE = "NO_SCORING_TABLE"
    ALREADY_DECIDED = "ALREADY_DECIDED"
    CONDITIONS_NOT_MET = "CONDITIONS_NOT_MET"
    NOT_OPEN_YET = "NOT_OPEN_YET"
    SELF_GRANT = "SELF_GRANT"
    SELF_MANAGEMENT = "SELF_MANAGEMENT"
    ABOVE_OWN_LEVEL = "ABOVE_OWN_LEVEL"
    NOT_BELOW_YOU = "NOT_BELOW_YOU"


def user_error_code(raw: str, default: UserErrorCode) -> UserErrorCode:
    """The enum member of a service error's code; a code not listed here (a new service error
    nobody added to UserErrorCode) falls back to its type's code instead of failing."""
    try:
        return UserErrorCode(raw)
    except ValueError:
        logging.getLogger(__name__).warning(
            "unlisted user error code %r: add it to UserErrorCode", raw
        )
        return default


@strawberry.interface(description="An expected failure of a mutation; nothing was written.")
class UserError:
    message: str
    code: UserErrorCode


@strawberry.type(
    name="InvalidInputError",
    description="The input is invalid; `field` names the offending input field.",
)
class InvalidInput(UserError):
    field: str | None


@strawberry.type(name="NotAllowedError", description="You are not allowed to do this here.")
class NotAllowed(UserError):
    pass


@strawberry.type(description="The object does not exist, or is outside your scope.")
class NotFoundError(UserError):
    pass


@strawberry.type(
    name="VersionConflictError",
    description="Someone changed the object since you read it; reload and retry.",
)
class VersionConflict(UserError):
    current_version: int | None


@strawberry.type(
    description="A step refused by the rules (deadline, state, eligibility, unmet "
    "criteria); `reasons` lists each unmet condition, e.g. the failed criteria."
)
class TransitionRefusedError(UserError):
    reasons: list[str]


# Service error class -> its GraphQL type. A subclass (a more specific service error) maps
# through its nearest listed base, so declaring it in @raises names the same union member.
_ERROR_TYPES: dict[type[AppError], type[UserError]] = {
    BadInput: InvalidInput,
    Forbidden: NotAllowed,
    NotFound: NotFoundError,
    Conflict: VersionConflict,
    TransitionRefused: TransitionRefusedError,
}


def error_type_for(error: type[AppError]) -> type[UserError]:
    """The union member that stands for a declared service error."""
    for base in error.__mro__:
        if base in _ERROR_TYPES:
            return _ERROR_TYPES[base]
    raise TypeError(f"{error.__name__} has no GraphQL error type (graph/types/errors.py)")


def to_user_error(error: AppError) -> UserError:
    """The one mapper from a service error to its union member; unknown kinds re-raise (bugs)."""
    if isinstance(error, TransitionRefused):
        return TransitionRefusedError(
            message=error.message,
            reasons=error.reasons,
            code=user_error_code(error.code, UserErrorCode.TRANSITION_REFUSED),
        )
    return as_user_error(error)


def as_user_error(error: AppError) -> UserError:
    """Map a service error to its GraphQL type; unknown kinds re-raise (they are bugs)."""
    if isinstance(error, BadInput):
        return InvalidInput(
            message=error.message,
            code=user_error_code(error.code, UserErrorCode.BAD_USER_INPUT),
            field=error.details.get("field"),
        )
    if isinstance(error, Forbidden):
        return NotAllowed(
            message=error.message, code=user_error_code(error.code, UserErrorCode.FORBIDDEN)
        )
    if isinstance(error, NotFound):
        return NotFoundError(
            message=error.message, code=user_error_code(error.code, UserErrorCode.NOT_FOUND)
        )
    if isinstance(error, Conflict):
        return VersionConflict(
            message=error.message,
            code=user_error_code(error.code, UserErrorCode.CONFLICT),
            current_version=error.details.get("current_version"),
        )
    raise error


ERROR_TYPES = (InvalidInput, NotAllowed, NotFoundError, VersionConflict, TransitionRefusedError)
