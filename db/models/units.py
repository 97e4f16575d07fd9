"""The administrative hierarchy, effective-dated.

A unit row is one incarnation of a unit: when a unit moves to another parent, merges or is
created by the 2025 reform, a new row starts and the old one ends (`valid_to`), linked by
`unit_successions`. History therefore stays queryable under the structure it had.
`path` is an ltree of labels built from official codes (kind letter + code, plus the start date
for incarnations that begin later), so subtree checks are one indexed `<@`.

DDL: migrations 0001 (tables), 0002 (row-level security), 0010 (province_key), 0016 (the
exclusion constraint's column order).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import BigInteger, Date, ForeignKey, Index, Integer, Text, text
from sqlalchemy.dialects.postgresql import ExcludeConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.domain import UnitKind
from db.base import Base, Ltree, Timestamps, check, one_of, province_key_column


class AdminUnit(Timestamps, Base):
    __tablename__ = "admin_units"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    code: Mapped[str] = mapped_column(Text, nullable=False)
    kind: Mapped[str] = mapped_column(Text, nullable=False)
    # Vietnamese administrative type as written: Tỉnh, Thành phố, Huyện, Thị xã, Quận, Xã, Phường,
    # Thị trấn, Đặc khu, Thôn, Tổ dân phố, …
    sub_kind: Mapped[str | None] = mapped_column(Text)
    name: Mapped[str] = mapped_column(Text, nullable=False)
    short_name: Mapped[str] = mapped_column(Text, nullable=False)
    # Lower-case, accent-free form of the names, so "hau loc" finds "Hậu Lộc".
    search_text: Mapped[str] = mapped_column(Text, nullable=False)
    parent_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("admin_units.id", ondelete="RESTRICT")
    )
    path: Mapped[str] = mapped_column(Ltree, nullable=False, unique=True)
    valid_from: Mapped[date | None] = mapped_column(Date)
    # Last day on which the unit existed (inclusive); NULL while it exists.
    valid_to: Mapped[date | None] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer, nullable=False, server_default=text("1"))
    province_key: Mapped[str] = province_key_column("path")

    __table_args__ = (
        check(one_of("kind", UnitKind), "ck_admin_units_ck_admin_units_kind"),
        check(
            "valid_to IS NULL OR valid_from IS NULL OR valid_to >= valid_from",
            "ck_admin_units_ck_admin_units_validity",
        ),
        check("name = normalize(name, NFC)", "ck_admin_units_ck_admin_units_name_nfc"),
        # One incarnation of a (kind, code) at any date, so asOf lookups by code are unambiguous;
        # `code` leads because GiST splits pages by the leading column (0016).
        ExcludeConstraint(
            ("code", "="),
            (text("daterange(valid_from, valid_to, '[]')"), "&&"),
            ("kind", "="),
            name="ex_admin_units_code_validity",
            using="gist",
        ),
        Index("ix_admin_units_path_gist", "path", postgresql_using="gist"),
        Index("ix_admin_units_parent", "parent_id"),
        Index("ix_admin_units_code", "code"),
        Index(
            "ix_admin_units_search_trgm",
            "search_text",
            postgresql_using="gin",
            postgresql_ops={"search_text": "gin_trgm_ops"},
        ),
    )


class UnitSuccession(Base):
    """Which unit(s) took over from which, and when (merge, split, move to another parent)."""

    __tablename__ = "unit_successions"

    predecessor_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("admin_units.id", ondelete="CASCADE"), primary_key=True
    )
    successor_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("admin_units.id", ondelete="CASCADE"), primary_key=True
    )
    effective_on: Mapped[date] = mapped_column(Date, nullable=False)
    reason: Mapped[str] = mapped_column(Text, nullable=False)

    __table_args__ = (
        check(
            one_of("reason", ("merge", "split", "transfer", "reform")),
            "ck_unit_successions_ck_unit_successions_reason",
        ),
        Index("ix_unit_successions_successor", "successor_id"),
    )
