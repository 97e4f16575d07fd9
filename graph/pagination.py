"""Relay cursor connections over keyset pages: a page asks for one row more than it returns, so
`hasNextPage` costs nothing, and `after` is a position, not an offset."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Sequence
from typing import Generic, TypeVar

import strawberry

from core.errors import BadInput
from core.i18n import msg
from core.ids import decode_cursor, decode_int_cursor, encode_cursor

T = TypeVar("T")
LTREE = re.compile(r"^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$")


@strawberry.type
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type
class Edge(Generic[T]):
    cursor: str
    node: T


def page_size(first: int | None, default: int, maximum: int) -> int:
    if first is None:
        return default
    if first < 0:
        raise BadInput(
            msg("`first` must not be negative (got {first}).", first=first), argument="first"
        )
    if first > maximum:
        raise BadInput(
            msg("`first` may be at most {maximum} (got {first}).", maximum=maximum, first=first),
            argument="first",
            maximum=maximum,
        )
    return first


def decode_path_cursor(after: str | None) -> str | None:
    if after is None:
        return None
    return decode_ltree_cursor(after, "path")


def decode_ltree_cursor(after: str, kind: str) -> str:
    """A cursor holding a unit path: a well-formed ltree, or a BAD_USER_INPUT error."""
    value = decode_cursor(after, kind)
    if not LTREE.match(value):
        raise BadInput(
            msg(
                "Malformed cursor {after!r}: pass a cursor returned by this connection.",
                after=after,
            ),
            argument="after",
        )
    return value


def path_cursor(path: str) -> str:
    return encode_cursor("path", path)


def build_edges(
    items: Sequence[T], limit: int, cursor_of: Callable[[T], str], after: str | None
) -> tuple[list[Edge[T]], PageInfo]:
    shown = list(items[:limit])
    edges = [Edge(cursor=cursor_of(item), node=item) for item in shown]
    return edges, PageInfo(
        has_next_page=len(items) > limit,
        has_previous_page=after is not None,
        start_cursor=edges[0].cursor if edges else None,
        end_cursor=edges[-1].cursor if edges else None,
    )


@strawberry.type
class Counted:
    """`totalCount` of a connection: one extra statement, made only when it is selected."""

    count: strawberry.Private[Callable[[], Awaitable[int]]]

    @strawberry.field(description="Number of items over all pages (counted only when asked).")
    async def total_count(self) -> int:
        return await self.count()


def decode_id_cursor(after: str | None, kind: str) -> int | None:
    """A cursor holding a row id (None when there is none)."""
    return None if after is None else decode_int_cursor(after, kind)


def id_cursor(kind: str, pk: int) -> str:
    return encode_cursor(kind, str(pk))
