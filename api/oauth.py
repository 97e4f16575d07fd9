"""OAuth2 client-credentials grant (RFC 6749 §4.4) for service accounts: POST /oauth/token.

`client_id` is the account's username and `client_secret` one of its API keys (form fields or
HTTP Basic). The answer is a short-lived HS256 JWT (`ANTQ_OAUTH_TOKEN_SECONDS`, default 300)
carrying the key's id, so clients that only speak OAuth2 can integrate; every request with it
checks that the key is still active, so revoking the key ends its tokens at once as well.
With `ANTQ_JWKS_URL` set, tokens come from the identity provider and this grant is refused.
"""

from __future__ import annotations

import base64
import binascii
from urllib.parse import parse_qs, unquote

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from authz.api_keys import ISSUING_KEY_CLAIM
from authz.rate_limit import Buckets, retry_after_header
from authz.tokens import mint_dev_token
from core.config import Settings
from core.errors import Unauthenticated
from services import service_accounts

NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


def _error(
    status: int, error: str, description: str, headers: dict[str, str] | None = None
) -> JSONResponse:
    return JSONResponse(
        status_code=status,
        headers={**NO_STORE, **(headers or {})},
        content={"error": error, "error_description": description},
    )


def _client(request: Request, form: dict[str, str]) -> tuple[str, str] | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "basic" and value:
        try:
            client_id, _, secret = base64.b64decode(value).decode("utf-8").partition(":")
        except (binascii.Error, UnicodeDecodeError):
            return None
        return unquote(client_id), unquote(secret)
    if form.get("client_id") and form.get("client_secret"):
        return form["client_id"], form["client_secret"]
    return None


def mount_oauth(app: FastAPI, settings: Settings, buckets: Buckets) -> None:
    @app.post("/oauth/token", include_in_schema=False)
    async def token(request: Request) -> JSONResponse:
        if settings.jwks_url:
            return _error(
                400,
                "unsupported_grant_type",
                "Tokens are issued by the identity "
                "provider (ANTQ_JWKS_URL); use its client-credentials grant.",
            )
        if not request.headers.get("content-type", "").startswith(
            "application/x-www-form-urlencoded"
        ):
            return _error(400, "invalid_request", "Send application/x-www-form-urlencoded.")
        raw = parse_qs((await request.body()).decode("utf-8", "replace"))
        form = {k: v[0] for k, v in raw.items() if v}
        if form.get("grant_type") != "client_credentials":
            return _error(400, "unsupported_grant_type", "Only client_credentials is supported.")
        client = _client(request, form)
        if client is None:
            return _error(
                401,
                "invalid_client",
                "Send client_id and client_secret (an API key).",
                {"WWW-Authenticate": 'Basic realm="antq"'},
            )
        client_id, secret = client
        try:
            username, key_id = await service_accounts.authenticate(request.app.state.engine, secret)
        except Unauthenticated as error:
            return _error(
                401, "invalid_client", error.message, {"WWW-Authenticate": 'Basic realm="antq"'}
            )
        if username != client_id:
            return _error(
                401,
                "invalid_client",
                "The key does not belong to this client_id.",
                {"WWW-Authenticate": 'Basic realm="antq"'},
            )
        # Only after the secret matched: anyone can name a client_id, and spending the account's
        # tokens on failed attempts would let them lock the real client out.
        wait = await buckets.acquire(username)
        if wait > 0:
            return _error(
                429, "slow_down", "Too many requests.", {"Retry-After": retry_after_header(wait)}
            )
        seconds = settings.oauth_token_seconds
        access = mint_dev_token(
            settings, username, hours=seconds / 3600, **{ISSUING_KEY_CLAIM: key_id}
        )
        return JSONResponse(
            headers=NO_STORE,
            content={"access_token": access, "token_type": "Bearer", "expires_in": seconds},
        )
