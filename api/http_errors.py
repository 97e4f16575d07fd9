"""Every HTTP-level refusal, on any route, leaves in the GraphQL error shape
`{"errors": [{"message", "extensions": {"code"}}]}`, so a client has one error format to read
(FastAPI's default is `{"detail": …}`)."""

from __future__ import annotations

import logging

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse

from api.languages import localized_reason
from core.i18n import msg

log = logging.getLogger("antq.http")

STATUS_CODES = {
    400: "BAD_REQUEST",
    401: "UNAUTHENTICATED",
    403: "FORBIDDEN",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    406: "NOT_ACCEPTABLE",
    413: "REQUEST_TOO_LARGE",
    415: "UNSUPPORTED_MEDIA_TYPE",
    422: "BAD_USER_INPUT",
    429: "RATE_LIMITED",
}


def error_body(message: str, code: str, **extensions: object) -> dict[str, object]:
    return {"errors": [{"message": message, "extensions": {"code": code, **extensions}}]}


async def http_exception(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, HTTPException)
    code = STATUS_CODES.get(
        error.status_code, "INTERNAL_SERVER_ERROR" if error.status_code >= 500 else "BAD_REQUEST"
    )
    detail = error.detail if isinstance(error.detail, str) else str(error.detail)
    message = localized_reason(detail, error.status_code)
    log.info(
        "HTTP refusal %s (%d) %s %s", code, error.status_code, request.method, request.url.path
    )
    headers = dict(error.headers or {})
    if error.status_code == 405 and request.url.path.startswith("/graphql"):
        headers.setdefault("Allow", "GET, POST")
    return JSONResponse(
        status_code=error.status_code, headers=headers or None, content=error_body(message, code)
    )


async def request_validation(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    problems = [
        {"location": [str(p) for p in e.get("loc", ())], "message": e.get("msg", "")}
        for e in error.errors()
    ]
    message = "; ".join(f"{'.'.join(p['location'])}: {p['message']}" for p in problems)
    log.info("HTTP refusal BAD_USER_INPUT %s %s: %s", request.method, request.url.path, message)
    return JSONResponse(
        status_code=400,
        content=error_body(
            message or str(msg("Invalid request parameters.")), "BAD_USER_INPUT", problems=problems
        ),
    )


def install_http_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(HTTPException, http_exception)
    app.add_exception_handler(RequestValidationError, request_validation)
