"""The request's language: `Accept-Language` chooses between Vietnamese (the default) and English
for every message of the request (core.i18n), on HTTP and on a websocket (the upgrade request's
header; the `connection_init` payload may override it, api.graphql_router). Responses say which
language they speak (`Content-Language`) and that it depends on the header (`Vary`).

Also the localized wording of the refusals Strawberry and Starlette raise with fixed English
reasons: they are matched here (the libraries' texts are stable) rather than patched."""

from __future__ import annotations

import re
from collections.abc import Mapping
from http import HTTPStatus

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from core.i18n import Message as Text
from core.i18n import msg, negotiate, using_locale


class LanguageMiddleware:
    """Plain ASGI (no extra task): the locale is set in the request's own context, which every
    resolver, service and error handler of the request runs in."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        locale = negotiate(Headers(scope=scope).get("accept-language"))

        async def send_with_language(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("content-language", locale)
                headers.add_vary_header("Accept-Language")
            await send(message)

        with using_locale(locale):
            await self.app(scope, receive, send_with_language if scope["type"] == "http" else send)


def locale_from_params(params: Mapping[str, object]) -> str | None:
    """The language a websocket's `connection_init` payload asks for, if any:
    `{"Accept-Language": "en"}` (any case), or `{"language": "en"}`."""
    for key, value in params.items():
        if key.lower() in ("accept-language", "language", "locale") and isinstance(value, str):
            return negotiate(value)
    return None


# Strawberry's and Starlette's refusals, by their English reason.
REASONS: dict[str, Text] = {
    "Unable to parse request body as JSON": msg("The request body is not valid JSON."),
    "No GraphQL query found in the request": msg("The request has no GraphQL query."),
    "Unable to parse the multipart body": msg("The multipart request body cannot be read."),
    "File(s) missing in form data": msg("Files named in the multipart request are missing."),
    "GraphQL only supports GET and POST requests.": msg("GraphQL accepts only GET and POST."),
    "Unsupported content type": msg(
        "Unsupported content type: send application/json or multipart/form-data."
    ),
    "Batching is not enabled": msg("Batched requests are not accepted."),
    "Too many operations": msg("The request has too many operations."),
    "Can't get GraphQL operation type": msg("The request does not say which operation to run."),
    "The GraphQL operation's `query` must be a string or null, if provided.": msg(
        "The request's `query` must be a string or null."
    ),
    "The GraphQL operation's `variables` must be an object or null, if provided.": msg(
        "The request's `variables` must be an object or null."
    ),
    "The GraphQL operation's `extensions` must be an object or null, if provided.": msg(
        "The request's `extensions` must be an object or null."
    ),
}
NOT_ALLOWED = re.compile(r"^(queries|mutations|subscriptions) are not allowed when using (\w+)$")
UNKNOWN_OPERATION = re.compile(r'^Unknown operation named "(.*)"\.$', re.DOTALL)
STATUS_TEXT: dict[int, Text] = {
    400: msg("Bad request."),
    401: msg("Sign in first."),
    403: msg("Not allowed."),
    404: msg("Not found."),
    405: msg("Method not allowed."),
    406: msg("None of the accepted response types can be produced."),
    413: msg("The request is too large."),
    415: msg("Unsupported media type."),
    422: msg("Invalid request parameters."),
    429: msg("Too many requests."),
    500: msg("Internal error; it has been logged."),
}


def localized_reason(reason: str, status: int | None = None) -> str:
    """`reason` in the request's language when it is one the app knows; a library's wording it
    does not know stays as it is (like graphql-core's validation messages)."""
    known = REASONS.get(reason)
    if known is not None:
        return str(known)
    if match := NOT_ALLOWED.match(reason):
        kind = {"queries": "Queries", "mutations": "Mutations", "subscriptions": "Subscriptions"}
        return str(_not_allowed(kind[match.group(1)], match.group(2)))
    if match := UNKNOWN_OPERATION.match(reason):
        return str(msg("The document has no operation named {name}.", name=match.group(1)))
    if status is not None and status in STATUS_TEXT:
        try:
            if reason == HTTPStatus(status).phrase:  # Starlette's default detail
                return str(STATUS_TEXT[status])
        except ValueError:
            pass
    return reason


def _not_allowed(kind: str, method: str) -> Text:
    if kind == "Mutations":
        return msg("Mutations are not allowed over {method}; use POST.", method=method)
    if kind == "Subscriptions":
        return msg("Subscriptions are not allowed over {method}.", method=method)
    return msg("Queries are not allowed over {method}.", method=method)
