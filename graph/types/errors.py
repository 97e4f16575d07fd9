"""Mutation results are unions of a success type and these errors, so clients handle expected
failures as data (and nothing is written when one is returned)."""

from __future__ import annotations

import strawberry

from services.errors import AppError, BadInput, Conflict, Forbidden, NotFound


@strawberry.interface(description="An expected failure of a mutation; nothing was written.")
class UserError:
    message: str
    code: str


@strawberry.type(description="The input is invalid; `field` names the offending input field.")
class InvalidInput(UserError):
    field: str | None


@strawberry.type(description="You are not allowed to do this here.")
class NotAllowed(UserError):
    pass


@strawberry.type(description="The object does not exist, or is outside your scope.")
class NotFoundError(UserError):
    pass


@strawberry.type(description="Someone changed the object since you read it; reload and retry.")
class VersionConflict(UserError):
    current_version: int | None


def as_user_error(error: AppError) -> UserError:
    """Map a service error to its GraphQL type; unknown kinds re-raise (they are bugs)."""
    if isinstance(error, BadInput):
        return InvalidInput(message=error.message, code=error.code,
                            field=error.details.get("field"))
    if isinstance(error, Forbidden):
        return NotAllowed(message=error.message, code=error.code)
    if isinstance(error, NotFound):
        return NotFoundError(message=error.message, code=error.code)
    if isinstance(error, Conflict):
        return VersionConflict(message=error.message, code=error.code,
                               current_version=error.details.get("current_version"))
    raise error


ERROR_TYPES = (InvalidInput, NotAllowed, NotFoundError, VersionConflict)
