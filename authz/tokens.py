"""Bearer JWTs: HS256 with a shared secret for development, RS256 through a JWKS URL for an
OIDC identity provider (Keycloak and the like) in production."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from functools import cached_property
from typing import Any

import jwt

from core.config import Settings
from core.errors import Unauthenticated
from core.i18n import msg

LEEWAY_SECONDS = 60  # clock skew between the issuer and us


class TokenVerifier:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    @cached_property
    def _jwks(self) -> jwt.PyJWKClient | None:
        url = self.settings.jwks_url
        return jwt.PyJWKClient(url, cache_keys=True) if url else None

    def claims(self, token: str) -> dict[str, Any]:
        """The verified claims, or Unauthenticated with the reason."""
        s = self.settings
        try:
            if self._jwks is not None:
                key = self._jwks.get_signing_key_from_jwt(token).key
                claims = jwt.decode(
                    token,
                    key,
                    algorithms=["RS256"],
                    audience=s.jwt_audience,
                    issuer=s.jwt_issuer,
                    options={"require": ["exp", "iat", "sub"]},
                )
            else:
                claims = jwt.decode(
                    token,
                    s.jwt_secret,
                    algorithms=["HS256"],
                    audience=s.jwt_audience,
                    issuer=s.jwt_issuer,
                    options={"require": ["exp", "iat", "sub"]},
                )
        except jwt.ExpiredSignatureError as exc:
            raise Unauthenticated(msg("The access token has expired; get a new one.")) from exc
        except (jwt.PyJWTError, ValueError) as exc:
            raise Unauthenticated(msg("The access token is not valid.")) from exc
        self._check_lifetime(claims)
        return dict(claims)

    def _check_lifetime(self, claims: dict[str, Any]) -> None:
        """Refuse tokens that live longer than ANTQ_MAX_TOKEN_SECONDS, by what they say
        (exp - iat) and by what is left (exp - now, in case iat was set in the past): a leaked
        long-lived token must not stay usable for days, whoever issued it."""
        longest = self.settings.max_token_seconds
        exp, iat = claims.get("exp"), claims.get("iat")
        if not isinstance(exp, int | float) or not isinstance(iat, int | float):
            raise Unauthenticated(msg("The access token is not valid."))
        if exp - iat > longest or exp - time.time() > longest + LEEWAY_SECONDS:
            raise Unauthenticated(
                msg(
                    "The access token lives longer than the {longest} seconds allowed; get a "
                    "shorter-lived one.",
                    longest=longest,
                )
            )

    def username_in(self, claims: dict[str, Any]) -> str:
        claim = self.settings.jwt_username_claim
        username = claims.get(claim) or claims.get("sub")
        if not isinstance(username, str) or not username:
            raise Unauthenticated(msg("The access token has no `{claim}` claim.", claim=claim))
        return username


def mint_dev_token(
    settings: Settings, username: str, hours: float | None = None, **extra: Any
) -> str:
    """A token signed with the HS256 secret: what `antq token` prints (living the longest time
    allowed unless `hours` says less), and (with the `antq_kid` claim) what the
    client-credentials grant issues to a service account."""
    now = datetime.now(UTC)
    seconds = settings.max_token_seconds if hours is None else hours * 3600
    claims: dict[str, Any] = {
        "sub": username,
        "iat": now,
        "exp": now + timedelta(seconds=seconds),
        **extra,
    }
    if settings.jwt_audience:
        claims["aud"] = settings.jwt_audience
    if settings.jwt_issuer:
        claims["iss"] = settings.jwt_issuer
    return jwt.encode(claims, settings.jwt_secret, algorithm="HS256")
