"""API keys of service accounts: `antq_<key_id>_<secret>`.

The key id (16 hex digits) is public: it finds the row and appears in listings and logs. The
secret is 256 random bits (64 hex digits); only its SHA-256 is stored. A fast hash is right here,
unlike for passwords: bcrypt/argon2 slow down guessing of low-entropy secrets, but 2^256
possibilities cannot be searched at any speed, and every API request verifies a key, so it must
cost microseconds. The stored and presented hashes are compared with `hmac.compare_digest`
(constant time), after a lookup by the key id, so timing reveals nothing about the secret.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

PREFIX = "antq"
_FORMAT = re.compile(r"^antq_([0-9a-f]{16})_([0-9a-f]{64})$")


@dataclass(frozen=True, slots=True)
class NewKey:
    key_id: str
    secret: str  # the whole `antq_…` string, shown to the caller once
    secret_sha256: bytes


def generate() -> NewKey:
    key_id = secrets.token_hex(8)
    raw = secrets.token_hex(32)
    return NewKey(key_id, f"{PREFIX}_{key_id}_{raw}", digest(raw))


def looks_like_api_key(token: str) -> bool:
    """JWTs are three base64url parts joined by dots and never start with `antq_`."""
    return token.startswith(f"{PREFIX}_")


def parse(token: str) -> tuple[str, str] | None:
    """(key id, secret) of a well-formed key, else None."""
    match = _FORMAT.match(token)
    return (match.group(1), match.group(2)) if match else None


def digest(secret: str) -> bytes:
    return hashlib.sha256(secret.encode("ascii")).digest()


def matches(secret: str, stored_sha256: bytes) -> bool:
    return hmac.compare_digest(digest(secret), stored_sha256)


# Claim naming the API key a client-credentials token was issued for (checked per request).
ISSUING_KEY_CLAIM = "antq_kid"
