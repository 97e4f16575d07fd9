"""Outbound webhooks of integration accounts: registration rules, URL safety, signatures.

A provincial system registers an endpoint for a subtree and some change kinds; every matching
change event then gets a delivery row (queued by the database trigger in the writer's
transaction, migration 0006) that the dispatcher (api/webhooks.py) POSTs, signs and retries.

Signature: `X-ANTQ-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`, the
Stripe-style scheme: the timestamp inside the MAC lets a receiver refuse replays of old bodies.

URL safety (SSRF): only http(s), no credentials in the URL, an optional host allowlist, and in
production no private, loopback, link-local or otherwise non-public address (checked when the
endpoint is registered and again before every delivery, since DNS answers change).
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import ipaddress
import secrets
import socket
from collections.abc import Sequence
from urllib.parse import urlsplit

from sqlalchemy import RowMapping

from api.settings import Settings
from authz.authorizer import Authorizer, Principal
from db.queries import authz as audit_q
from db.queries import changes as q
from db.session import RequestDB
from services.changes import ChangeKind
from services.errors import BadInput, Conflict, Forbidden, NotFound
from services.units import unit_by_code

SIGNATURE_HEADER = "X-ANTQ-Signature"
MIN_SECRET = 24
MAX_URL = 2000
MAX_ENDPOINTS_PER_OWNER = 20


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """The header value for `body` sent at `timestamp` (see the module docstring)."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


def verify(secret: str, header: str, body: bytes, *, now: int, tolerance: int = 300) -> bool:
    """What a receiver does; kept here so the README's recipe is tested code."""
    parts = dict(p.split("=", 1) for p in header.split(",") if "=" in p)
    try:
        timestamp = int(parts["t"])
    except (KeyError, ValueError):
        return False
    if abs(now - timestamp) > tolerance:
        return False
    expected = sign(secret, timestamp, body).partition(",v1=")[2]
    return hmac.compare_digest(expected, parts.get("v1", ""))


# -- URL safety ---------------------------------------------------------------------------------
def private_allowed(settings: Settings) -> bool:
    if settings.webhook_allow_private_hosts is not None:
        return settings.webhook_allow_private_hosts
    return settings.environment != "production"


def check_url_shape(url: str, settings: Settings) -> str:
    url = url.strip()
    if not url or len(url) > MAX_URL:
        raise BadInput(f"`url` must be 1 to {MAX_URL} characters.", field="url")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise BadInput("Webhook URLs must be http:// or https://.", field="url")
    if not parts.hostname:
        raise BadInput("The webhook URL has no host.", field="url")
    if parts.username or parts.password:
        raise BadInput("Put no credentials in the URL; the signature authenticates us.",
                       field="url")
    if settings.environment == "production" and parts.scheme != "https":
        raise BadInput("Production webhooks must use https://.", field="url")
    allowed = {h.lower() for h in settings.webhook_allowed_hosts}
    if allowed and parts.hostname.lower() not in allowed:
        raise BadInput(f"Host {parts.hostname} is not in the webhook allowlist.", field="url")
    return url


def _is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    return ip.is_global and not ip.is_multicast


async def check_destination(url: str, settings: Settings) -> None:
    """Refuse URLs whose host resolves to a non-public address, unless settings allow it."""
    check_url_shape(url, settings)
    if private_allowed(settings):
        return
    parts = urlsplit(url)
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(
            parts.hostname, parts.port or (443 if parts.scheme == "https" else 80),
            type=socket.SOCK_STREAM)
    except OSError:
        raise BadInput(f"Host {parts.hostname} does not resolve.", field="url") from None
    if not infos or not all(_is_public(str(info[4][0])) for info in infos):
        raise BadInput(f"Host {parts.hostname} resolves to a private or reserved address.",
                       field="url")


# -- registration -------------------------------------------------------------------------------
def _kinds(kinds: Sequence[str]) -> list[str]:
    try:
        chosen = sorted({ChangeKind(k).value for k in kinds})
    except ValueError:
        raise BadInput("Unknown change kind.", field="kinds") from None
    if not chosen:
        raise BadInput("Choose at least one change kind.", field="kinds")
    return chosen


async def register(db: RequestDB, authorizer: Authorizer, principal: Principal,
                   settings: Settings, *, url: str, under_code: str, kinds: Sequence[str],
                   secret: str | None) -> tuple[RowMapping, str]:
    """Register an endpoint owned by the caller; returns it with its secret (shown once)."""
    unit = await unit_by_code(db, under_code, None)  # current, else latest incarnation
    authorizer.require(principal, "webhook", "write", unit["path"])
    chosen = _kinds(kinds)
    url = check_url_shape(url, settings)
    await check_destination(url, settings)
    if secret is None:
        secret = secrets.token_urlsafe(32)
    elif len(secret) < MIN_SECRET or len(secret) > 200:
        raise BadInput(f"A secret needs {MIN_SECRET} to 200 characters (or leave it out and "
                       "one is generated).", field="secret")
    if len(await q.endpoints_of(db, principal.username)) >= MAX_ENDPOINTS_PER_OWNER:
        raise BadInput(f"At most {MAX_ENDPOINTS_PER_OWNER} endpoints per account.", field="url")
    endpoint = await q.insert_endpoint(db, owner=principal.username, unit_id=unit["id"],
                                       unit_path=unit["path"], url=url, secret=secret,
                                       kinds=chosen)
    await audit_q.record_audit(db, actor=principal.username, action="register_webhook",
                               object_type="webhook_endpoint", object_id=str(endpoint["id"]),
                               unit_path=unit["path"], before=None,
                               after={"url": url, "kinds": chosen, "under": unit["code"]})
    await db.commit()
    return endpoint, secret


async def set_active(db: RequestDB, authorizer: Authorizer, principal: Principal, *,
                     endpoint_id: int, version: int, active: bool) -> RowMapping:
    """Only the owner switches its endpoint, and only while it still holds the right there."""
    endpoint = await q.endpoint_by_id(db, endpoint_id)
    if endpoint is None or endpoint["owner"] != principal.username:
        raise NotFound("No webhook endpoint with this id.")
    if not authorizer.allowed(principal, "webhook", "write", endpoint["unit_path"]):
        raise Forbidden("You may no longer manage webhooks of this unit.", object="webhook",
                        action="write")
    if endpoint["version"] != version:
        raise Conflict("The endpoint was changed since you read it; reload.",
                       current_version=endpoint["version"])
    if not await q.set_endpoint_active(db, endpoint_id, version, active):
        raise Conflict("The endpoint was changed concurrently; reload.")
    await audit_q.record_audit(db, actor=principal.username,
                               action="activate_webhook" if active else "deactivate_webhook",
                               object_type="webhook_endpoint", object_id=str(endpoint_id),
                               unit_path=endpoint["unit_path"], before={"active": not active},
                               after={"active": active})
    updated = await q.endpoint_by_id(db, endpoint_id)
    await db.commit()
    assert updated is not None
    return updated


async def list_own(db: RequestDB, principal: Principal) -> list[RowMapping]:
    return await q.endpoints_of(db, principal.username)
