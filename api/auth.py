"""Who is calling: the one path from a credential to a Principal, shared by GraphQL over HTTP,
GraphQL over websockets and the plain downloads (exports, reports), so an API key, a revoked
key or a rate limit means the same thing everywhere.

A credential is a JWT (people, and client-credentials tokens of service accounts) or an API key
of a service account (`antq_…`), sent as `Authorization: Bearer …` or `X-API-Key`; websockets
send it in the `connection_init` payload because browsers cannot set headers on them.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse
from graphql import GraphQLError
from starlette.requests import HTTPConnection

from api.observability import Metrics
from authz import api_keys
from authz.authorizer import Authorizer, Principal
from authz.rate_limit import Buckets, RedisTokenBuckets, TokenBuckets, retry_after_header
from authz.tokens import TokenVerifier
from core.config import Settings
from core.errors import Unauthenticated
from core.i18n import msg
from services import people, service_accounts


class RateLimited(Exception):
    """The caller's token bucket is empty: HTTP 429 with Retry-After, and a GraphQL-shaped body
    with `extensions.code = RATE_LIMITED` so GraphQL clients can branch on it."""

    def __init__(self, retry_after: float, who: str) -> None:
        super().__init__(who)
        self.retry_after = retry_after
        self.who = who


async def rate_limited_response(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RateLimited)
    metrics: Metrics | None = getattr(request.app.state, "metrics", None)
    if metrics is not None:
        metrics.graphql_errors.labels("RATE_LIMITED").inc()
    seconds = retry_after_header(exc.retry_after)
    return JSONResponse(
        status_code=429,
        headers={"Retry-After": seconds},
        content={
            "data": None,
            "errors": [
                {
                    "message": str(
                        msg(
                            "Too many requests for {who}; retry after {seconds} s.",
                            who=exc.who,
                            seconds=seconds,
                        )
                    ),
                    "extensions": {"code": "RATE_LIMITED", "retryAfter": int(seconds)},
                }
            ],
        },
    )


def bearer(value: object) -> str:
    """The token of an `Authorization: Bearer <token>` value, or an Unauthenticated error."""
    scheme, _, token = str(value).partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthenticated(msg("Use `Authorization: Bearer <token>`."))
    return token.strip()


def credential_in_headers(headers: Mapping[str, str]) -> str | None:
    """The credential sent, from `X-API-Key` or `Authorization: Bearer`; Unauthenticated for a
    malformed Authorization header."""
    api_key = headers.get("x-api-key", "").strip()
    if api_key:
        return api_key
    header = headers.get("authorization", "")
    return bearer(header) if header else None


@dataclass(frozen=True)
class Caller:
    principal: Principal
    account: bool  # a service account (its own, stricter rate limit)
    expires_at: float | None  # a JWT's expiry; API keys are checked on every use instead


DISABLED = msg("This account has been disabled; ask your administrator.")


class VerifiedTokens:
    """Claims of bearer tokens already verified, keyed by the token text: verifying a JWT's
    signature is ~5% of a compiled read's CPU, and a client sends the same token for minutes.

    An entry is only the signature and claim checks, never a decision: who the token stands for
    (disabled, grants, a client-credentials key still valid) is asked again on every request.
    It is used strictly before the token's `exp` (PyJWT refuses at `exp`, so does this), and the
    whole cache is dropped when the authorizer loads a new policy (a role granted or revoked, an
    account disabled), so nothing a reload changes can be served from an older verification.
    Refused tokens are never cached: they are verified, and refused, every time."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._entries: OrderedDict[str, tuple[float, dict[str, Any]]] = OrderedDict()
        self._version: object = None
        self.hits = 0

    def get(self, token: str, version: object) -> dict[str, Any] | None:
        if version != self._version:
            self._entries.clear()
            self._version = version
            return None
        entry = self._entries.get(token)
        if entry is None:
            return None
        if time.time() >= entry[0]:
            del self._entries[token]
            return None
        self._entries.move_to_end(token)
        self.hits += 1
        return entry[1]

    def put(self, token: str, version: object, claims: dict[str, Any]) -> None:
        exp = claims.get("exp")
        if self.size <= 0 or not isinstance(exp, int | float) or version != self._version:
            return
        self._entries[token] = (float(exp), claims)
        while len(self._entries) > self.size:
            self._entries.popitem(last=False)


class Authenticator:
    def __init__(self, settings: Settings, verifier: TokenVerifier) -> None:
        self.settings = settings
        self.verifier = verifier
        # People already known to exist (this process created or checked them): a first
        # sign-in costs one INSERT … ON CONFLICT DO NOTHING, later ones nothing.
        self._known: set[str] = set()
        self.tokens = VerifiedTokens(settings.token_cache_size)
        self.redis: Any = None
        self.account_buckets: Buckets
        self.user_buckets: Buckets
        if settings.redis_url:
            # Shared by every API process on this Redis: the limits hold across instances.
            # The client connects lazily, on the serving event loop.
            import redis.asyncio

            self.redis = redis.asyncio.from_url(
                settings.redis_url, socket_timeout=1.0, socket_connect_timeout=1.0
            )
            self.account_buckets = RedisTokenBuckets(
                self.redis,
                "antq:rate:account",
                settings.service_account_rate_per_minute,
                settings.service_account_burst,
            )
            self.user_buckets = RedisTokenBuckets(
                self.redis, "antq:rate:user", settings.user_rate_per_minute, settings.user_burst
            )
        else:
            self.account_buckets = TokenBuckets(
                settings.service_account_rate_per_minute, settings.service_account_burst
            )
            self.user_buckets = TokenBuckets(settings.user_rate_per_minute, settings.user_burst)

    async def close(self) -> None:
        if self.redis is not None:
            await self.redis.aclose()

    async def caller(self, credential: str, authorizer: Authorizer, engine: Any) -> Caller:
        """The Principal a credential stands for; Unauthenticated when it stands for nobody."""
        if api_keys.looks_like_api_key(credential):
            username, _ = await service_accounts.authenticate(engine, credential)
            if authorizer.is_disabled(username):
                raise Unauthenticated(DISABLED)
            return Caller(authorizer.principal(username), True, None)
        version = authorizer.reloads
        claims = self.tokens.get(credential, version)
        if claims is None:
            claims = self.verifier.claims(credential)
            self.tokens.put(credential, version, claims)
        username = self.verifier.username_in(claims)
        # Disabling NOTIFYs every process, whose authorizer then knows: refused at once, also
        # on a websocket that re-authenticates.
        if authorizer.is_disabled(username):
            raise Unauthenticated(DISABLED)
        account = False
        if (key_id := claims.get(api_keys.ISSUING_KEY_CLAIM)) is not None:
            account = True  # a client-credentials token: valid while its key is
            await service_accounts.check_issuing_key(engine, str(key_id), username)
        elif self.settings.jwks_url and username not in self._known:
            await self._first_sign_in(engine, authorizer, username, claims)
        exp = claims.get("exp")
        return Caller(
            authorizer.principal(username),
            account,
            float(exp) if isinstance(exp, int | float) else None,
        )

    async def _first_sign_in(
        self, engine: Any, authorizer: Authorizer, username: str, claims: dict[str, Any]
    ) -> None:
        """A valid token of the identity provider for someone new: the person is created with
        no roles, waiting at the unit of the unit claim (or the default unit)."""
        unit = claims.get(self.settings.jwt_unit_claim)
        name = claims.get("name")
        await people.provision_on_sign_in(
            engine,
            username=username,
            display_name=name if isinstance(name, str) else None,
            unit_code=str(unit).strip()
            if isinstance(unit, str | int) and str(unit).strip()
            else None,
            default_unit_code=self.settings.sign_in_default_unit,
            day=authorizer.clock(),
        )
        self._known.add(username)

    async def for_request(
        self, conn: HTTPConnection
    ) -> tuple[Principal | None, Unauthenticated | None]:
        """The caller of an HTTP request (or a websocket upgrade): (None, None) without a
        credential, so introspection works anonymously; a bad credential is returned as the
        error to raise when data is asked for. HTTP requests spend from the caller's bucket
        (RateLimited when it is empty; a websocket handshake cannot answer 429)."""
        try:
            credential = credential_in_headers(conn.headers)
            if credential is None:
                return None, None
            caller = await self.caller(credential, conn.app.state.authorizer, conn.app.state.engine)
        except Unauthenticated as error:
            return None, error
        if conn.scope["type"] == "http":
            buckets = self.account_buckets if caller.account else self.user_buckets
            wait = await buckets.acquire(caller.principal.username)
            if wait > 0:
                raise RateLimited(wait, caller.principal.username)
            conn.state.antq_caller = caller
        return caller.principal, None

    async def charge_query(self, caller: Caller, cost: int) -> RateLimited | None:
        """Spend the rest of a person's GraphQL request: its query cost, less the one token the
        request already took on arrival. Service accounts are limited per request (their
        bucket counts requests; their queries are bounded by the cost limit)."""
        if caller.account or cost <= 1:
            return None
        wait = await self.user_buckets.acquire(caller.principal.username, cost - 1)
        return RateLimited(wait, caller.principal.username) if wait > 0 else None


def rate_limited_error(refused: RateLimited) -> GraphQLError:
    """The GraphQL error that stops a request refused for its cost; the router turns the
    stored RateLimited into HTTP 429 like one refused on arrival."""
    seconds = retry_after_header(refused.retry_after)
    return GraphQLError(
        str(
            msg(
                "Too many requests for {who}; retry after {seconds} s.",
                who=refused.who,
                seconds=seconds,
            )
        ),
        extensions={"code": "RATE_LIMITED", "retryAfter": int(seconds)},
    )
