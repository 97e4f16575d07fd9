"""Opaque identifiers: Relay global IDs ("Type:pk") and keyset cursors, both base64url."""

from __future__ import annotations

import base64
import binascii

from core.errors import BadInput, NotFound
from core.i18n import msg

# Primary keys are bigint: a larger number names no object (and would fail in PostgreSQL).
INT64_MAX = 2**63 - 1


def _encode(raw: str) -> str:
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _decode(token: str) -> str:
    padded = token + "=" * (-len(token) % 4)
    return base64.urlsafe_b64decode(padded.encode("ascii")).decode("utf-8")


def to_global_id(type_name: str, pk: int) -> str:
    return _encode(f"{type_name}:{pk}")


def from_global_id(global_id: str) -> tuple[str, int] | None:
    """None for anything malformed: an unknown id and a garbled id answer alike."""
    try:
        type_name, _, pk = _decode(global_id).partition(":")
        if not type_name or not pk.isascii() or not pk.isdigit() or len(pk) > 19:
            return None
        number = int(pk)
        return (type_name, number) if number <= INT64_MAX else None
    except (binascii.Error, UnicodeError, ValueError):
        return None


def decode_id(global_id: str, *type_names: str, field: str) -> tuple[str, int]:
    """The one way a resolver reads a global id. A string that is no global id at all (not
    base64, no type, a key past bigint) is the client's mistake: BAD_USER_INPUT naming the field.
    A well-formed id of another type names nothing this field accepts: NOT_FOUND, the answer an
    object outside the caller's scope gets too."""
    decoded = from_global_id(global_id)
    if decoded is None:
        raise BadInput(
            msg("`{field}` is not a global id: pass an `id` returned by this API.", field=field),
            field=field,
        )
    if type_names and decoded[0] not in type_names:
        raise NotFound(
            msg("No {type_names} with this id.", type_names=" or ".join(type_names)), field=field
        )
    return decoded


def decode_pk(global_id: str, type_name: str, *, field: str) -> int:
    """The primary key behind a global id of one type (see decode_id)."""
    return decode_id(global_id, type_name, field=field)[1]


def encode_cursor(kind: str, value: str) -> str:
    return _encode(f"{kind}|{value}")


def decode_cursor(cursor: str, kind: str) -> str:
    try:
        found, _, value = _decode(cursor).partition("|")
    except (binascii.Error, UnicodeError, ValueError):
        found, value = "", ""
    if found != kind or not value:
        raise BadInput(
            msg(
                "Malformed cursor {cursor!r}: pass a cursor returned by this connection.",
                cursor=cursor,
            ),
            argument="after",
        )
    return value


def decode_int_cursor(cursor: str, kind: str) -> int:
    """A cursor holding a row id: digits that fit a bigint, or a BAD_USER_INPUT error."""
    value = decode_cursor(cursor, kind)
    if not (value.isascii() and value.isdigit() and len(value) <= 19 and int(value) <= INT64_MAX):
        raise BadInput(
            msg(
                "Malformed cursor {cursor!r}: pass a cursor returned by this connection.",
                cursor=cursor,
            ),
            argument="after",
        )
    return int(value)
