"""Outbound webhooks of integration accounts: registration rules, URL safety, signatures.

A provincial system registers an endpoint for a subtree and some change kinds; every matching
change event then gets a delivery row (queued by the database trigger in the writer's
transaction, migration 0006) that the dispatcher (api/webhooks.py) POSTs, signs and retries.

Signature: `X-ANTQ-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`, the
Stripe-style scheme: the timestamp inside the MAC lets a receiver refuse replays of old bodies.

URL safety (SSRF): only http(s), no credentials in the URL, an optional host allowlist, and a
destination policy on the resolved address: loopback only outside production, public unicast
only in production, and private, link-local (metadata), CGNAT, reserved, multicast addresses
only when listed. Checked at registration and again before every delivery (DNS answers change),
and the delivery connects to the address that was checked (resolve once, pin it).
"""

from __future__ import annotations

import asyncio
import enum
import hashlib
import hmac
import ipaddress
import secrets
import socket
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit, urlunsplit

from sqlalchemy import RowMapping

from authz.authorizer import Authorizer, Principal
from core.config import Settings
from core.errors import BadInput, Conflict, Forbidden, NotFound, raises
from core.i18n import msg
from db.queries import authz as audit_q
from db.queries import changes as q
from db.session import RequestDB
from services.changes import ChangeKind, may_see
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
# Cloud metadata services (AWS/GCP/Azure/OpenStack 169.254.169.254, AWS ECS 169.254.170.2, AWS
# IPv6 fd00:ec2::254, Alibaba 100.100.100.200, Azure's wire server 168.63.129.16, Oracle
# 192.0.0.192). Most are link-local or private anyway; Azure's is a public address, so the list
# is checked on its own: reachable only when listed in webhook_allowed_networks.
METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(a)
    for a in (
        "169.254.169.254",
        "169.254.170.2",
        "169.254.169.253",
        "fd00:ec2::254",
        "100.100.100.200",
        "168.63.129.16",
        "192.0.0.192",
    )
)
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# The one answer for any destination the policy refuses or cannot resolve: telling "does not
# resolve" from "resolves to a private address" (or showing a connection error) would let a
# caller map the internal network through us.
REFUSED_DESTINATION = msg("This destination is not allowed for webhooks.")


def destinations_mode(settings: Settings) -> str:
    """ "loopback" outside production, "public" in production, unless set."""
    if settings.webhook_destinations is not None:
        return settings.webhook_destinations
    return "public" if settings.environment == "production" else "loopback"


def effective_address(ip: IPAddress) -> IPAddress:
    """The IPv4 address an IPv6 address carries (IPv4-mapped ::ffff:a.b.c.d, NAT64, 6to4,
    Teredo, the old IPv4-compatible ::a.b.c.d), which is where a connection ends up; else ip."""
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return ip.ipv4_mapped
        if ip in _NAT64:
            return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if ip.sixtofour is not None:
            return ip.sixtofour
        if ip.teredo is not None:
            return ip.teredo[1]
        if int(ip) >> 32 == 0 and int(ip) > 1:
            return ipaddress.IPv4Address(int(ip))
    return ip


def address_allowed(address: str, settings: Settings) -> bool:
    """May a webhook connect to this address? Listed networks first (the only way to private,
    link-local, CGNAT or metadata addresses), then the mode: loopback only, or public only."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    real = effective_address(ip)
    for entry in settings.webhook_allowed_networks:
        network = ipaddress.ip_network(entry, strict=False)
        if any(a.version == network.version and a in network for a in (ip, real)):
            return True
    if real in METADATA_ADDRESSES or ip in METADATA_ADDRESSES:
        return False
    if destinations_mode(settings) == "loopback":
        return real.is_loopback
    return (
        real.is_global
        and not real.is_multicast
        and not real.is_reserved
        and not real.is_unspecified
    )


def check_url_shape(url: str, settings: Settings) -> str:
    url = url.strip()
    if not url or len(url) > MAX_URL:
        raise BadInput(
            msg("`url` must be 1 to {max_url} characters.", max_url=MAX_URL), field="url"
        )
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise BadInput(msg("Webhook URLs must be http:// or https://."), field="url")
    try:
        parts.port  # noqa: B018 (raises ValueError for a port out of range)
    except ValueError:
        raise BadInput(msg("The webhook URL has an invalid port."), field="url") from None
    if not parts.hostname:
        raise BadInput(msg("The webhook URL has no host."), field="url")
    if parts.username or parts.password:
        raise BadInput(
            msg("Put no credentials in the URL; the signature authenticates us."), field="url"
        )
    if settings.environment == "production" and parts.scheme != "https":
        raise BadInput(msg("Production webhooks must use https://."), field="url")
    allowed = {h.lower() for h in settings.webhook_allowed_hosts}
    if allowed and parts.hostname.lower() not in allowed:
        raise BadInput(
            msg(
                "Host {parts_hostname} is not in the webhook allowlist.",
                parts_hostname=parts.hostname,
            ),
            field="url",
        )
    return url


@dataclass(frozen=True, slots=True)
class Destination:
    """A webhook URL resolved once and checked: the request goes to `address` (no second DNS
    lookup that a rebinding name could answer differently), with the original host in the
    Host header and, for https, in SNI and certificate verification."""

    url: str
    scheme: str
    host: str
    port: int
    address: str

    @property
    def pinned_url(self) -> str:
        parts = urlsplit(self.url)
        ip = ipaddress.ip_address(self.address)
        literal = f"[{ip}]" if ip.version == 6 else str(ip)
        return urlunsplit(
            (self.scheme, f"{literal}:{self.port}", parts.path or "/", parts.query, "")
        )

    @property
    def host_header(self) -> str:
        default = 443 if self.scheme == "https" else 80
        name = f"[{self.host}]" if ":" in self.host else self.host
        return name if self.port == default else f"{name}:{self.port}"

    @property
    def extensions(self) -> dict[str, str]:
        """httpx/httpcore request extensions: SNI (and the name the certificate must carry)."""
        if self.scheme != "https":
            return {}
        try:
            ipaddress.ip_address(self.host)
            return {}
        except ValueError:
            return {"sni_hostname": self.host}


async def resolve_host(host: str, port: int) -> list[str]:
    """Every address the host resolves to (a literal resolves to itself)."""
    try:
        return [str(ipaddress.ip_address(host))]
    except ValueError:
        pass
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


async def resolve_destination(url: str, settings: Settings) -> Destination:
    """Check the URL, resolve its host once, and refuse it unless every address is allowed
    (a name answering one allowed and one private address is refused: which one a later
    connection would pick is not ours to choose). BadInput(REFUSED_DESTINATION) otherwise."""
    url = check_url_shape(url, settings)
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        addresses = await resolve_host(host, port)
    except (OSError, UnicodeError):
        addresses = []
    if not addresses or not all(address_allowed(a, settings) for a in addresses):
        raise BadInput(REFUSED_DESTINATION, field="url")
    return Destination(url=url, scheme=parts.scheme, host=host, port=port, address=addresses[0])


async def check_destination(url: str, settings: Settings) -> None:
    """Refuse URLs the destination policy does not allow (see resolve_destination)."""
    await resolve_destination(url, settings)


# -- what managers read -------------------------------------------------------------------------
class DeliveryStatus(enum.StrEnum):
    PENDING = "pending"
    DELIVERED = "delivered"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class Endpoint:
    """A registered webhook endpoint (never its secret)."""

    id: int
    owner: str
    unit_id: int
    unit_path: str
    unit_code: str
    url: str
    kinds: tuple[ChangeKind, ...]
    active: bool
    version: int
    created_at: datetime
    disabled_reason: str | None
    disabled_at: datetime | None
    disabled_by: str | None

    @classmethod
    def from_row(cls, row: RowMapping) -> Endpoint:
        return cls(
            id=int(row["id"]),
            owner=str(row["owner"]),
            unit_id=int(row["unit_id"]),
            unit_path=str(row["unit_path"]),
            unit_code=str(row["unit_code"]),
            url=str(row["url"]),
            kinds=tuple(ChangeKind(k) for k in row["kinds"]),
            active=bool(row["active"]),
            version=int(row["version"]),
            created_at=row["created_at"],
            disabled_reason=row["disabled_reason"],
            disabled_at=row["disabled_at"],
            disabled_by=row["disabled_by"],
        )


@dataclass(frozen=True, slots=True)
class Delivery:
    """One event's attempts at one endpoint."""

    id: int
    endpoint_id: int
    event_id: int
    kind: ChangeKind
    status: DeliveryStatus
    attempts: int
    last_status: int | None
    last_error: str | None
    next_attempt_at: datetime | None
    delivered_at: datetime | None

    @classmethod
    def from_row(cls, row: RowMapping) -> Delivery:
        status = DeliveryStatus(row["status"])
        return cls(
            id=int(row["id"]),
            endpoint_id=int(row["endpoint_id"]),
            event_id=int(row["event_id"]),
            kind=ChangeKind(row["kind"]),
            status=status,
            attempts=int(row["attempts"]),
            last_status=row["last_status"],
            last_error=row["last_error"],
            # a time only while another attempt is coming
            next_attempt_at=row["next_attempt_at"] if status is DeliveryStatus.PENDING else None,
            delivered_at=row["delivered_at"],
        )


# -- registration -------------------------------------------------------------------------------
def _kinds(kinds: Sequence[str]) -> list[str]:
    try:
        chosen = sorted({ChangeKind(k).value for k in kinds})
    except ValueError:
        raise BadInput(msg("Unknown change kind."), field="kinds") from None
    if not chosen:
        raise BadInput(msg("Choose at least one change kind."), field="kinds")
    return chosen


@raises(BadInput, Forbidden, NotFound)
async def register(
    db: RequestDB,
    authorizer: Authorizer,
    principal: Principal,
    settings: Settings,
    *,
    url: str,
    under_code: str,
    kinds: Sequence[str],
    secret: str | None,
) -> tuple[Endpoint, str]:
    """Register an endpoint owned by the caller; returns it with its secret (shown once)."""
    unit = await unit_by_code(db, under_code, None)  # current, else latest incarnation
    authorizer.require(principal, "webhook", "write", unit["path"])
    chosen = _kinds(kinds)
    url = check_url_shape(url, settings)
    await check_destination(url, settings)
    if secret is None:
        secret = secrets.token_urlsafe(32)
    elif len(secret) < MIN_SECRET or len(secret) > 200:
        raise BadInput(
            msg(
                "A secret needs {min_secret} to 200 characters (or leave it out and one is "
                "generated).",
                min_secret=MIN_SECRET,
            ),
            field="secret",
        )
    if len(await q.endpoints_of(db, principal.username)) >= MAX_ENDPOINTS_PER_OWNER:
        raise BadInput(
            msg(
                "At most {max_endpoints_per_owner} endpoints per account.",
                max_endpoints_per_owner=MAX_ENDPOINTS_PER_OWNER,
            ),
            field="url",
        )
    endpoint = await q.insert_endpoint(
        db,
        owner=principal.username,
        unit_id=unit["id"],
        unit_path=unit["path"],
        url=url,
        secret=secret,
        kinds=chosen,
    )
    await audit_q.record_audit(
        db,
        actor=principal.username,
        action="register_webhook",
        object_type="webhook_endpoint",
        object_id=str(endpoint["id"]),
        unit_path=unit["path"],
        before=None,
        after={"url": url, "kinds": chosen, "under": unit["code"]},
    )
    await db.commit()
    return Endpoint.from_row(endpoint), secret


OWNER_LOST_ACCESS = (
    "The owner can no longer read this subtree (its role was removed or "
    "changed); deliveries stopped."
)
SWITCHED_OFF_BY_ADMIN = "Switched off by an administrator of the unit."


@raises(BadInput, Conflict, Forbidden, NotFound)
async def set_active(
    db: RequestDB,
    authorizer: Authorizer,
    principal: Principal,
    *,
    endpoint_id: int,
    version: int,
    active: bool,
    reason: str | None = None,
) -> Endpoint:
    """The owner switches its endpoint on or off while it still holds the right there; an
    administrator of the endpoint's unit (`webhook manage`) may switch anyone's off, never on.
    Anyone else: NotFound, as if the endpoint did not exist."""
    endpoint = await q.endpoint_by_id(db, endpoint_id)
    if endpoint is None:
        raise NotFound(msg("No webhook endpoint with this id."))
    own = endpoint["owner"] == principal.username
    admin = authorizer.allowed(principal, "webhook", "manage", endpoint["unit_path"])
    if not own and not admin:
        raise NotFound(msg("No webhook endpoint with this id."))
    if active and not own:
        raise Forbidden(
            msg("Only the owner switches an endpoint on again."), object="webhook", action="write"
        )
    if active and not authorizer.allowed(principal, "webhook", "write", endpoint["unit_path"]):
        raise Forbidden(
            msg("You may no longer manage webhooks of this unit."), object="webhook", action="write"
        )
    if reason is not None and len(reason.strip()) > 500:
        raise BadInput(msg("`reason`: at most 500 characters."), field="reason")
    if endpoint["version"] != version:
        raise Conflict(
            msg("The endpoint was changed since you read it; reload."),
            current_version=endpoint["version"],
        )
    why = (
        None
        if active
        else (
            (reason or "").strip()
            or ("Switched off by its owner." if own else SWITCHED_OFF_BY_ADMIN)
        )
    )
    if not await q.set_endpoint_active(
        db, endpoint_id, version, active, reason=why, by=principal.username
    ):
        raise Conflict(msg("The endpoint was changed concurrently; reload."))
    await audit_q.record_audit(
        db,
        actor=principal.username,
        action="activate_webhook" if active else "deactivate_webhook",
        object_type="webhook_endpoint",
        object_id=str(endpoint_id),
        unit_path=endpoint["unit_path"],
        before={"active": not active},
        after={"active": active, "owner": endpoint["owner"], "reason": why},
    )
    updated = await q.endpoint_by_id(db, endpoint_id)
    await db.commit()
    assert updated is not None
    return Endpoint.from_row(updated)


async def list_own(
    db: RequestDB, principal: Principal, *, after_id: int | None = None, limit: int | None = None
) -> list[Endpoint]:
    """The caller's own endpoints, a keyset page by id."""
    rows = await q.endpoints_of(db, principal.username, after_id=after_id, limit=limit)
    return [Endpoint.from_row(r) for r in rows]


async def count_own(db: RequestDB, principal: Principal) -> int:
    return await q.count_endpoints_of(db, principal.username)


async def list_under(
    db: RequestDB,
    authorizer: Authorizer,
    principal: Principal,
    under_code: str,
    *,
    after: tuple[str, int] | None = None,
    limit: int | None = None,
) -> list[Endpoint]:
    """Every endpoint registered at or below a unit, whoever owns it: for its administrators
    (`webhook manage`), who see why one was switched off. NotFound outside the caller's read
    scope (as everywhere), Forbidden for a reader who does not administer it."""
    unit = await unit_by_code(db, under_code, None)
    authorizer.require(principal, "webhook", "manage", unit["path"])
    roots = authorizer.paths_for(principal, "webhook", "manage")
    rows = await q.endpoints_under(db, roots, unit["path"], after=after, limit=limit)
    return [Endpoint.from_row(r) for r in rows]


async def count_under(
    db: RequestDB, authorizer: Authorizer, principal: Principal, under_code: str
) -> int:
    unit = await unit_by_code(db, under_code, None)
    authorizer.require(principal, "webhook", "manage", unit["path"])
    roots = authorizer.paths_for(principal, "webhook", "manage")
    return await q.count_endpoints_under(db, roots, unit["path"])


def _may_read(authorizer: Authorizer, principal: Principal, endpoint: Endpoint) -> bool:
    """The owner, or an administrator of the endpoint's unit (`webhook manage`)."""
    return endpoint.owner == principal.username or authorizer.allowed(
        principal, "webhook", "manage", endpoint.unit_path
    )


async def endpoint(
    db: RequestDB, authorizer: Authorizer, principal: Principal | None, endpoint_id: int
) -> Endpoint:
    """One endpoint by id (`node(id)`), for its owner and the unit's administrators; NotFound
    for anyone else, as if it did not exist."""
    row = await q.endpoint_by_id(db, endpoint_id) if principal is not None else None
    found = Endpoint.from_row(row) if row is not None else None
    if found is None or principal is None or not _may_read(authorizer, principal, found):
        raise NotFound(msg("No webhook endpoint with this id."))
    return found


async def delivery(
    db: RequestDB, authorizer: Authorizer, principal: Principal | None, delivery_id: int
) -> Delivery:
    """One delivery by id (`node(id)`), under the same rule as its endpoint."""
    row = None
    if principal is not None:
        roots = authorizer.paths_for(principal, "webhook", "manage")
        row = await q.delivery(db, delivery_id, owner=principal.username, roots=roots)
    if row is None:
        raise NotFound(msg("No webhook delivery with this id."))
    return Delivery.from_row(row)


async def deliveries_of(
    db: RequestDB,
    authorizer: Authorizer,
    principal: Principal | None,
    endpoint_ids: Sequence[int],
    *,
    before_id: int | None,
    limit: int,
) -> dict[int, list[Delivery]]:
    """The latest `limit` deliveries of each endpoint (older than `before_id`, a keyset), in
    one statement: only of endpoints the caller owns or administers (`webhook manage`)."""
    grouped: dict[int, list[Delivery]] = defaultdict(list)
    if principal is None or not endpoint_ids:
        return grouped
    rows = await q.deliveries_of(
        db,
        list(endpoint_ids),
        owner=principal.username,
        roots=authorizer.paths_for(principal, "webhook", "manage"),
        before_id=before_id,
        limit=limit,
    )
    for row in rows:
        grouped[int(row["endpoint_id"])].append(Delivery.from_row(row))
    return grouped


async def delivery_counts(
    db: RequestDB, authorizer: Authorizer, principal: Principal | None, endpoint_ids: Sequence[int]
) -> dict[int, int]:
    """How many deliveries each endpoint has (of those the caller may see), in one statement."""
    if principal is None or not endpoint_ids:
        return {}
    return await q.delivery_counts(
        db,
        list(endpoint_ids),
        owner=principal.username,
        roots=authorizer.paths_for(principal, "webhook", "manage"),
    )


def owner_lost_access(authorizer: Authorizer, endpoint: Endpoint) -> bool:
    """The owner can read none of the endpoint's kinds at the endpoint's unit any more."""
    return not any(
        may_see(authorizer, endpoint.owner, kind, endpoint.unit_path) for kind in endpoint.kinds
    )


async def switch_off_orphans(db: RequestDB, authorizer: Authorizer) -> list[int]:
    """Switch off every active endpoint whose owner lost the right to read its subtree, with
    the reason (shown to the unit's admins) and an audit entry; returns their ids. The platform
    does it (`disabled_by` NULL, audit actor "antq"). Runs in the dispatcher's loop."""
    switched = []
    for endpoint in [Endpoint.from_row(r) for r in await q.active_endpoints(db)]:
        if not owner_lost_access(authorizer, endpoint):
            continue
        if await q.set_endpoint_active(
            db, endpoint.id, endpoint.version, False, reason=OWNER_LOST_ACCESS, by=None
        ):
            await audit_q.record_audit(
                db,
                actor="antq",
                action="deactivate_webhook",
                object_type="webhook_endpoint",
                object_id=str(endpoint.id),
                unit_path=endpoint.unit_path,
                before={"active": True},
                after={"active": False, "owner": endpoint.owner, "reason": OWNER_LOST_ACCESS},
            )
            switched.append(endpoint.id)
    await db.commit()
    return switched
