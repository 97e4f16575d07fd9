"""Authentication for plain HTTP routes (downloads), the same as GraphQL's (api.auth): the
credential names a user or service account, the authorizer turns it into a principal, and the
request's database scope is the principal's read scope (so row-level security applies exactly as
in a GraphQL request)."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import JSONResponse

from authz.authorizer import Authorizer, Principal
from core.errors import AppError, Unauthenticated
from core.i18n import msg
from db.session import RequestDB

STATUS_BY_CODE = {
    "UNAUTHENTICATED": 401,
    "FORBIDDEN": 403,
    "NOT_FOUND": 404,
    "BAD_USER_INPUT": 400,
    "CONFLICT": 409,
}


async def principal_from(request: Request) -> Principal:
    """The caller of an HTTP request (api.auth, as for GraphQL); Unauthenticated without a
    valid credential."""
    principal, error = await request.app.state.authenticator.for_request(request)
    if error is not None:
        raise error
    if principal is None:
        raise Unauthenticated(msg("Sign in: send `Authorization: Bearer <token>`."))
    return principal


def request_db(request: Request, principal: Principal) -> RequestDB:
    """A transaction scoped to what the principal may read; the caller closes it."""
    authorizer: Authorizer = request.app.state.authorizer
    return RequestDB(request.app.state.engine, authorizer.read_scope(principal))


def error_response(error: AppError) -> JSONResponse:
    """The error in GraphQL's shape (`errors[].extensions.code`) with the matching status."""
    status = STATUS_BY_CODE.get(error.code, 400)
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(
        status_code=status,
        headers=headers,
        content={"errors": [{"message": error.message, "extensions": error.extensions}]},
    )
